"""The risks screen: the register, the heat map and the issues, each a tab with its
own keys; the data they are told about reaches each tab (``RisksTab.apply_changes``)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import TabbedContent, Tabs

from tui.i18n import N_
from tui.messages import DataChanged
from tui.screens.base import XdeptScreen
from tui.screens.risks.heatmap import HeatMapTab, HeatMapView
from tui.screens.risks.issues import IssuesTab
from tui.screens.risks.register import RegisterTab
from tui.screens.risks.tab import RisksTab
from tui.tcss import css_beside

# Terminal width from which the register's detail sits beside the table with the heat
# map above it, and the Heat map tab's two maps side by side.
WIDE = 120


class RisksScreen(XdeptScreen):
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

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="risks-tabs"):
            yield RegisterTab()
            yield HeatMapTab()
            yield IssuesTab()

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._focus_tab)

    @property
    def tab(self) -> RisksTab | None:
        active = self.query_one(TabbedContent).active
        return next((t for t in self.query(RisksTab) if t.id == active), None)

    def apply_changes(self, message: DataChanged) -> None:
        for tab in self.query(RisksTab):
            tab.apply_changes(message)

    def show_record(self, entity: str, record_id: int) -> None:
        for tab in self.query(RisksTab):
            if entity in tab.SHOWS:
                self.query_one(TabbedContent).active = tab.id or ""
                tab.show_record(entity, record_id)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [t.id or "" for t in self.query(RisksTab)]
        tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]
        self._focus_tab()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        if not isinstance(self.focused, Tabs):
            self._focus_tab()
        self.refresh_bindings()

    def _focus_tab(self) -> None:
        """Focus the tab's main widget unless focus is already inside it."""
        tab = self.tab
        if tab is None or (self.focused is not None and tab in self.focused.ancestors_with_self):
            return
        tab.main().focus()

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
