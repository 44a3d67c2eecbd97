"""Screens whose issues have not landed yet: they say so, and say what to use meanwhile."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.i18n import N_, _
from tui.screens.base import XdeptScreen


class _NotYet(XdeptScreen):
    NAME = N_("This screen")
    INSTEAD = N_("xdept-tui --help")

    def compose_body(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                (_(self.NAME), "bold"),
                "\n\n",
                _("Not yet available in this version."),
                "\n",
                _("Meanwhile, from a shell: "),
                (_(self.INSTEAD), "bold"),
            ),
            classes="placeholder",
        )


class MeetingsScreen(_NotYet):
    NAME = N_("Meetings and daily updates")
    INSTEAD = N_("xdept-tui meeting list / update add")
