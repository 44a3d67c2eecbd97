"""Snapshots of screen 7 on the demo project, small and large: the meetings list with a
meeting's detail, a meeting's minutes, and the day's updates.

The clock is frozen (XDEPT_NOW) and animations are off (conftest). Update with
``pytest tests/tui/test_meetings_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.helpers import ready, show, until
from tui.app import XdeptApp
from tui.screens.meetings.meetings_tab import MeetingsTab
from tui.screens.meetings.minutes import MinutesScreen
from tui.screens.meetings.updates_tab import UpdatesTab

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def meetings_loaded(pilot: Pilot) -> None:
    await ready(pilot)
    screen = await show(pilot, "7", "MeetingsScreen")
    tab = screen.query_one(MeetingsTab)
    await until(pilot, lambda: tab.loaded and tab.view is not None, what="the detail")
    await pilot.pause()


async def minutes_loaded(pilot: Pilot) -> None:
    await meetings_loaded(pilot)
    tab = pilot.app.screen.query_one(MeetingsTab)
    published = next(r for r in tab.rows.values() if r.status == "published")
    tab.show_record("meetings", published.id)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, MinutesScreen), what="the minutes")
    minutes = pilot.app.screen
    await until(pilot, lambda: minutes.minutes is not None, what="the text")
    await pilot.pause()


async def updates_loaded(pilot: Pilot) -> None:
    await meetings_loaded(pilot)
    await pilot.press("right_square_bracket")
    tab = pilot.app.screen.query_one(UpdatesTab)
    text = tab.query_one("#updates-detail-text", Static)
    await until(pilot, lambda: "Not posted yet" in str(text.content), what="the day")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_meetings_list(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=meetings_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_minutes(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=minutes_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_daily_updates(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=updates_loaded)
