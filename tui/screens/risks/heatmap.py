"""The risks screen's "Heat map" tab (热力图): the open risks counted by probability
(rows, 5 at the top) and impact (columns), before the response and after it.

Side by side on a wide terminal; on a narrow one the other map is a key away. Each
cell shows its level's symbol and its count as well as its colour (theme variables,
so every theme and 16 colours read it). The arrow keys move a cell cursor and
``enter`` lists that cell's risks in the register (its filter ``p:4 i:5 open``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from store import symbols as sym
from store.models import level_from
from tui.i18n import N_, _
from tui.messages import DataChanged
from tui.screens.risks.tab import RisksTab
from tui.tell import work

if TYPE_CHECKING:
    from store.register import Cell, HeatMap

SIDES = ("before", "after")
SIDE_LABELS = {"before": N_("Before the response"), "after": N_("After the response")}


class HeatMapView(Widget, can_focus=True):
    """The two maps; focused, the tab's keys move its cursor."""


class HeatMapTab(RisksTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset()
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(1, 0)", N_("Higher probability"), show=False, id="risks.heat_up"),
        Binding("down", "move(-1, 0)", N_("Lower probability"), show=False, id="risks.heat_down"),
        Binding("left", "move(0, -1)", N_("Lower impact"), show=False, id="risks.heat_left"),
        Binding("right", "move(0, 1)", N_("Higher impact"), show=False, id="risks.heat_right"),
        Binding("enter", "choose", N_("List the cell's risks"), id="risks.heat_choose"),
        Binding("t", "other_side", N_("Before/after the response"), id="risks.heat_toggle"),
    ]

    class CellChosen(Message):
        """List the register's risks of one cell (its filter text)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__(_("Heat map"), id="heatmap")
        self.cursor: Cell = (5, 5)
        self.side = "before"
        self.map: HeatMap | None = None
        self._cells: dict[tuple[str, int, int], Static] = {}

    def compose(self) -> ComposeResult:
        with HeatMapView(id="heat-view"):
            with Horizontal(id="heat-maps"):
                for side in SIDES:
                    with Vertical(id=f"heat-{side}", classes="heat-side"):
                        yield Static(Content(_(SIDE_LABELS[side])), classes="heat-caption")
                        with Grid(classes="heat-grid"):
                            yield from self._grid(side)
            yield Static("", id="heat-legend")

    def _grid(self, side: str) -> ComposeResult:
        """Rows probability 5 → 1, each led by its number; the impacts under them."""
        for p in range(5, 0, -1):
            yield Static(Content(str(p)), classes="heat-axis")
            for i in range(1, 6):
                box = Static("", classes=f"heat-cell -{level_from(p, i).value}")
                self._cells[(side, p, i)] = box
                yield box
        yield Static("", classes="heat-axis")
        for i in range(1, 6):
            yield Static(Content(str(i)), classes="heat-axis -impact")

    def main(self) -> Widget:
        return self.query_one(HeatMapView)

    def on_mount(self) -> None:
        self._place()
        self.reload()

    @work(group="heatmap-load", exclusive=True)
    async def reload(self) -> None:
        from store.register import heat_map

        self.map = await self.app.run_db(heat_map, self.app.store)
        self._draw()

    def apply_changes(self, message: DataChanged) -> None:
        if message.touched("risks"):
            self.reload()

    def _draw(self) -> None:
        found = self.map
        if found is None:
            return
        for (side, p, i), box in self._cells.items():
            count = (found.before if side == "before" else found.after).get((p, i), 0)
            symbol = sym.LEVEL[level_from(p, i).value]
            box.update(Content(f"{symbol} {count}" if count else symbol))
        legend = "  ".join(
            f"{sym.LEVEL[level]} {_(word)} {band}"
            for level, word, band in (
                ("high", N_("high"), "15–25"),
                ("medium", N_("medium"), "5–12"),
                ("low", N_("low"), "1–4"),
            )
        )
        unscored = _("not scored: {before} before, {after} after").format(
            before=found.unscored, after=found.unscored_after
        )
        axes = _("rows: probability 1–5, columns: impact 1–5")
        hint = _("arrows move, enter lists the cell's risks, t before/after")
        lines = "\n".join((axes, legend, unscored, hint))
        self.query_one("#heat-legend", Static).update(Content(lines))

    def _place(self) -> None:
        """The cursor on its cell, and the side it is on marked (shown when narrow)."""
        for (side, p, i), box in self._cells.items():
            box.set_class((side, p, i) == (self.side, *self.cursor), "-cursor")
        for side in SIDES:
            self.query_one(f"#heat-{side}").set_class(side == self.side, "-active")

    def help_notes(self) -> list[Content]:
        return [
            Content.styled(_("Heat map"), "bold"),
            Content(
                _(
                    "Open risks counted by probability (rows, 5 at the top) and impact "
                    "(columns), before and after the response. enter lists a cell's "
                    "risks in the register (p:4 i:5 open)."
                )
            ),
        ]

    def action_move(self, dp: int, di: int) -> None:
        p, i = self.cursor
        self.cursor = (min(5, max(1, p + dp)), min(5, max(1, i + di)))
        self._place()

    def action_other_side(self) -> None:
        self.side = "after" if self.side == "before" else "before"
        self._place()

    def action_choose(self) -> None:
        from store.register import cell_filter

        self.post_message(self.CellChosen(cell_filter(self.cursor, self.side == "after")))
