"""The meetings screen's "Meetings" tab (会议): every meeting, newest first; ``n``
plans one, ``enter`` opens its meeting mode, its minutes once closed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.i18n import _
from tui.screens.tabs import ScreenTab


class MeetingsTab(ScreenTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"meetings", "meeting_items"})

    def __init__(self) -> None:
        super().__init__(_("Meetings"), id="meetings-list")

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Meetings")), id="meetings-body")
