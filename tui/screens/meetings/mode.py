"""Meeting mode: one meeting run live on every terminal that shows it — the agenda
on the left, the current item and what is recorded under it on the right, a clock
against the planned minutes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.i18n import _
from tui.screens.base import XdeptScreen


class MeetingMode(XdeptScreen):
    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose_body(self) -> ComposeResult:
        yield Static(Content(_("Meeting #{id}").format(id=self.meeting_id)), id="mode-body")
