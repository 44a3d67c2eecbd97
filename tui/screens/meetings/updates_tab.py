"""The meetings screen's "Daily updates" tab (日报): one day's updates by department,
who has not posted (interface persons first), earlier days a key away."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.i18n import _
from tui.screens.tabs import ScreenTab


class UpdatesTab(ScreenTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"daily_updates"})

    def __init__(self) -> None:
        super().__init__(_("Daily updates"), id="updates")

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Daily updates")), id="updates-body")
