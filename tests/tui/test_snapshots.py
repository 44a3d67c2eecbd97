"""Snapshots of the dashboard and the roster on the demo project, small and large terminal.

The clock is frozen (XDEPT_NOW) and animations are off (conftest), so the
header's date and every count are the same on each run. Update with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.helpers import ready, show, until
from tui.app import XdeptApp
from tui.widgets.table import KeyedTable

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def dashboard_loaded(pilot: Pilot) -> None:
    await ready(pilot)
    await until(
        pilot, lambda: "(" in str(pilot.app.screen.query_one(".section-title", Static).content)
    )


async def roster_loaded(pilot: Pilot) -> None:
    await ready(pilot)
    roster = await show(pilot, "3", "RosterScreen")
    await until(pilot, lambda: roster.query_one("#members", KeyedTable).row_count)
    detail = roster.query_one("#detail-text", Static)
    await until(pilot, lambda: "Tasks (" in str(detail.content), what="the member's detail")


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=dashboard_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_roster(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=roster_loaded)
