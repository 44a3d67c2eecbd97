"""The risks screen's help: its keys (the open tab's included), then what the open
tab says about itself (the register's filter and sorting, the heat map's cells)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.modals.help import HelpScreen


class RisksHelp(HelpScreen):
    def __init__(self, target: Screen, notes: list[Content]) -> None:
        super().__init__(target)
        self.notes = notes

    def on_mount(self) -> None:
        if self.notes:
            text = Content("\n").join([*self.notes, Content("")])
            self.query_one(VerticalScroll).mount(Static(text), before=0)
