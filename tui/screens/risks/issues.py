"""The risks screen's "Issues" tab."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.i18n import _
from tui.screens.risks.tab import RisksTab


class IssuesTab(RisksTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"issues"})

    def __init__(self) -> None:
        super().__init__(_("Issues"), id="issues")

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Issues")))
