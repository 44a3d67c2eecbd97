"""The risks screen's "Register" tab."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.i18n import _
from tui.screens.risks.tab import RisksTab


class RegisterTab(RisksTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"risks"})

    def __init__(self) -> None:
        super().__init__(_("Register"), id="register")

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Register")))
