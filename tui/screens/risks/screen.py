"""The risks screen: the register, the heat map and the issues, each a tab with its
own keys; the data they are told about reaches each tab (``RisksTab.apply_changes``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import TabbedContent

from tui.messages import DataChanged
from tui.screens.base import XdeptScreen
from tui.screens.risks.heatmap import HeatMapTab
from tui.screens.risks.issues import IssuesTab
from tui.screens.risks.register import RegisterTab
from tui.screens.risks.tab import RisksTab


class RisksScreen(XdeptScreen):
    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="risks-tabs"):
            yield RegisterTab()
            yield HeatMapTab()
            yield IssuesTab()

    def apply_changes(self, message: DataChanged) -> None:
        for tab in self.query(RisksTab):
            tab.apply_changes(message)

    def show_record(self, entity: str, record_id: int) -> None:
        for tab in self.query(RisksTab):
            if entity in tab.SHOWS:
                self.query_one(TabbedContent).active = tab.id or ""
                tab.show_record(entity, record_id)
