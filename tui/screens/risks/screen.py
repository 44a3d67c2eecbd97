"""The risks screen: the register, the heat map and the issues, each a tab with its
own keys; the data they are told about reaches each tab (``ScreenTab.apply_changes``)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import TabbedContent

from tui.i18n import N_
from tui.screens.risks.heatmap import HeatMapTab, HeatMapView
from tui.screens.risks.issues import IssuesTab
from tui.screens.risks.register import RegisterTab
from tui.screens.tabs import TabbedScreen
from tui.tcss import css_beside

# Terminal width from which the register's detail sits beside the table with the heat
# map above it, and the Heat map tab's two maps side by side.
WIDE = 120


class RisksScreen(TabbedScreen):
    TABS = "risks-tabs"
    # Textual annotates it ClassVar[...] | None, which a checker reads as per instance.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]  # type: ignore[misc]
    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket", "tab(-1)", N_("Previous tab"), show=False,
            id="risks.previous_tab",
        ),
        Binding("right_square_bracket", "tab(1)", N_("Next tab"), id="risks.next_tab"),
        Binding("question_mark", "risks_help", N_("Help"), id="risks.help"),
    ]  # fmt: skip

    def compose_tabs(self) -> ComposeResult:
        yield RegisterTab()
        yield HeatMapTab()
        yield IssuesTab()

    @on(RegisterTab.Counted)
    def _counted(self, event: RegisterTab.Counted) -> None:
        self.query_one(HeatMapTab).view.show_map(event.counts)

    @on(HeatMapView.CellChosen)
    def _cell_chosen(self, event: HeatMapView.CellChosen) -> None:
        """A cell of the Heat map tab: the register, filtered to its risks."""
        register = self.query_one(RegisterTab)
        self.query_one(TabbedContent).active = register.id or ""
        register.set_filter(event.text)
        register.table.focus()

    def action_risks_help(self) -> None:
        from tui.modals.risks_help import RisksHelp

        tab = self.tab
        self.app.push_screen(RisksHelp(self, tab.help_notes() if tab is not None else []))
