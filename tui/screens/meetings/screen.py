"""The meetings screen: the meetings and the daily updates, each a tab.

``[`` / ``]`` switch tabs except in the Daily updates tab, where they move the day;
``ctrl+pageup`` / ``ctrl+pagedown`` switch tabs everywhere (before the tables, which
would scroll sideways with them)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from tui.i18n import N_
from tui.screens.meetings.meetings_tab import MeetingsTab
from tui.screens.meetings.updates_tab import UpdatesTab
from tui.screens.tabs import TabbedScreen
from tui.tcss import css_beside


class MeetingsScreen(TabbedScreen):
    TABS = "meetings-tabs"
    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket", "tab(-1)", N_("Previous tab"), show=False,
            id="meetings.previous_tab",
        ),
        Binding("right_square_bracket", "tab(1)", N_("Next tab"), id="meetings.next_tab"),
        Binding(
            "ctrl+pageup", "tab(-1)", N_("Previous tab (in every tab)"), show=False,
            id="meetings.previous_tab_anywhere", priority=True,
        ),
        Binding(
            "ctrl+pagedown", "tab(1)", N_("Next tab (in every tab)"), show=False,
            id="meetings.next_tab_anywhere", priority=True,
        ),
    ]  # fmt: skip

    def compose_tabs(self) -> ComposeResult:
        yield MeetingsTab()
        yield UpdatesTab()
