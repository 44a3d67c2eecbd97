"""The risks screen's "Heat map" tab (热力图): the open risks counted by probability
(rows, 5 at the top) and impact (columns), before the response and after it.

Side by side on a wide terminal; on a narrow one the other map is a key away. Each
cell shows its level's symbol and its count as well as its colour (theme variables,
so every theme and 16 colours read it). The arrow keys move a cell cursor and
``enter`` lists that cell's risks in the register (its filter ``p:4 i:5 open``).

The same ``HeatMapView`` sits in the register's side column on a wide terminal, where
``enter`` filters the register in place. Both count the register's own rows
(``store.register.count_cells``): the register hands its counts to the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from store import symbols as sym
from store.models import level_from
from tui.i18n import N_, _
from tui.screens.risks.tab import RisksTab

if TYPE_CHECKING:
    from store.register import Cell, HeatMap

SIDES = ("before", "after")
SIDE_LABELS = {"before": N_("Before the response"), "after": N_("After the response")}


# A cell's width, and a map's: the probability column and five cells with a gap each.
CELL_WIDTH = 7
SIDE_WIDTH = 4 + 5 * (CELL_WIDTH + 1)


class HeatMapView(Widget, can_focus=True):
    """The maps drawn as one widget, with its cell cursor and keys: a widget per cell
    would be seventy to style again each time focus comes or goes. ``legend`` adds
    the lines that explain it (the Heat map tab; the register's map goes without)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(1, 0)", N_("Higher probability"), show=False, id="risks.heat_up"),
        Binding("down", "move(-1, 0)", N_("Lower probability"), show=False, id="risks.heat_down"),
        Binding("left", "move(0, -1)", N_("Lower impact"), show=False, id="risks.heat_left"),
        Binding("right", "move(0, 1)", N_("Higher impact"), show=False, id="risks.heat_right"),
        Binding("enter", "choose", N_("List the cell's risks"), id="risks.heat_choose"),
        Binding("t", "other_side", N_("Before/after the response"), id="risks.heat_toggle"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heat-map--high",
        "heat-map--medium",
        "heat-map--low",
        "heat-map--cursor",
        "heat-map--axis",
        "heat-map--caption",
        "heat-map--active",
    }

    class CellChosen(Message):
        """List the register's risks of one cell (its filter text)."""

        def __init__(self, view: HeatMapView, text: str) -> None:
            super().__init__()
            self.view = view
            self.text = text

        @property
        def control(self) -> HeatMapView:
            return self.view

    def __init__(self, legend: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.legend = legend
        self.cursor: Cell = (5, 5)
        self.side = "before"
        self.map: HeatMap | None = None
        self._styles: dict[tuple[str, ...], Any] = {}
        self._lines: list[Content] | None = None
        # y → (the line, its strip): a cursor move draws the two lines it changed again.
        self._strips: dict[int, tuple[Content, Strip]] = {}

    def show_map(self, counts: HeatMap) -> None:
        self.map = counts
        self.refresh_lines()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()
        self._lines = None

    def refresh_lines(self, *probabilities: int) -> None:
        """The counts, the side or the cursor changed: lines that read the same keep
        their strip; with ``probabilities``, only their rows are drawn again."""
        self._lines = None
        if not probabilities:
            self.refresh()
            return
        width = self.size.width
        for p in set(probabilities):
            # Under the caption, two lines per probability, 5 at the top.
            self.refresh(Region(0, 1 + (5 - p) * 2, width, 2))

    def on_resize(self) -> None:
        self._lines = None

    def render_line(self, y: int) -> Strip:
        if self._lines is None:
            self._lines = self._content()
        width = self.content_size.width
        if y >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[y]
        cached = self._strips.get(y)
        # Content compares by its text alone; a cursor moved changes only the spans.
        same = cached is not None and (cached[0].plain, cached[0].spans) == (line.plain, line.spans)
        if cached is None or not same or cached[1].cell_length != width:
            strip = Strip(line.render_segments(self.visual_style)).adjust_cell_length(
                width, self.rich_style
            )
            cached = self._strips[y] = (line, strip)
        return cached[1]

    def _style(self, *names: str) -> Any:
        """A component's style, worked out once per theme (fifty cells share eight)."""
        found = self._styles.get(names)
        if found is None:
            found = self._styles[names] = self.get_visual_style(*names)
        return found

    def _content(self) -> list[Content]:
        if self.map is None:
            return [Content(_("Loading the heat map…"))]
        both = self.content_size.width >= 2 * SIDE_WIDTH + 2
        sides = SIDES if both else (self.side,)
        blocks = [self._side(side) for side in sides]
        lines = [Content("  ").join(parts) for parts in zip(*blocks, strict=True)]
        if not self.legend:
            return lines
        return [*lines, Content(""), *(Content(line) for line in self.legend_text().splitlines())]

    def _side(self, side: str) -> list[Content]:
        """One map's lines: its caption, two lines per probability, the impacts."""
        style = self._style
        active = side == self.side
        caption = _(SIDE_LABELS[side]).ljust(SIDE_WIDTH)[:SIDE_WIDTH]
        head = "heat-map--active" if active else "heat-map--caption"
        lines = [Content.assemble((caption, style(head)))]
        for p in range(5, 0, -1):
            top: list[str | tuple[str, Any]] = [(f"{p:^4}", style("heat-map--axis"))]
            under: list[str | tuple[str, Any]] = ["    "]
            for i in range(1, 6):
                text = self.cell_text(side, p, i)
                names = [f"heat-map--{level_from(p, i).value}"]
                if active and (p, i) == self.cursor:
                    names.append("heat-map--cursor")
                cell = style(*names)
                top += [(f"{text:^{CELL_WIDTH}}", cell), " "]
                under += [(" " * CELL_WIDTH, cell), " "]
            lines += [Content.assemble(*top), Content.assemble(*under)]
        axis = "    " + "".join(f"{i:^{CELL_WIDTH}} " for i in range(1, 6))
        lines.append(Content.assemble((axis, style("heat-map--axis"))))
        return lines

    def cell_text(self, side: str, p: int, i: int) -> str:
        """A cell as drawn: its level's symbol and the count of open risks in it."""
        found = self.map
        counts = {} if found is None else found.before if side == "before" else found.after
        count = counts.get((p, i), 0)
        symbol = sym.LEVEL[level_from(p, i).value]
        return f"{symbol} {count}" if count else symbol

    def legend_text(self) -> str:
        """The lines under the maps: the axes, the level bands, what is not scored, the keys."""
        found = self.map
        levels = "  ".join(
            f"{sym.LEVEL[level]} {_(word)} {band}"
            for level, word, band in (
                ("high", N_("high"), "15–25"),
                ("medium", N_("medium"), "5–12"),
                ("low", N_("low"), "1–4"),
            )
        )
        unscored = _("not scored: {before} before, {after} after").format(
            before=found.unscored if found else 0, after=found.unscored_after if found else 0
        )
        axes = _("rows: probability 1–5, columns: impact 1–5")
        hint = _("arrows move, enter lists the cell's risks, t before/after")
        return "\n".join((axes, levels, unscored, hint))

    def action_move(self, dp: int, di: int) -> None:
        p, i = self.cursor
        self.cursor = (min(5, max(1, p + dp)), min(5, max(1, i + di)))
        self.refresh_lines(p, self.cursor[0])

    def action_other_side(self) -> None:
        self.side = "after" if self.side == "before" else "before"
        self.refresh_lines()

    def action_choose(self) -> None:
        from store.register import cell_filter

        self.post_message(self.CellChosen(self, cell_filter(self.cursor, self.side == "after")))


class HeatMapTab(RisksTab):
    """The maps on a tab of their own, with the legend; the counts come from the
    register (``RisksScreen``)."""

    SHOWS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        super().__init__(_("Heat map"), id="heatmap")
        self.view = HeatMapView(id="heat-view")

    def compose(self) -> ComposeResult:
        yield self.view

    def main(self) -> Widget:
        return self.view

    def help_notes(self) -> list[Content]:
        return heat_map_notes()


def heat_map_notes() -> list[Content]:
    """What the help screen says about the heat map."""
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
