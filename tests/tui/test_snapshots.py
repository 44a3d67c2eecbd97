"""Snapshots of the dashboard, the charter and the roster on the demo project, small and large.

The clock is frozen (XDEPT_NOW) and animations are off (conftest), so the
header's date and every count are the same on each run. Update with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from tests.tui.helpers import open_roster, ready, show, until
from tui.app import XdeptApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def dashboard_loaded(pilot: Pilot) -> None:
    await ready(pilot)
    lists = pilot.app.screen.query(OptionList)
    await until(pilot, lambda: all(o.option_count for o in lists), what="every section")


async def roster_loaded(pilot: Pilot) -> None:
    await open_roster(pilot)
    roster = pilot.app.screen
    detail = roster.query_one("#detail-text", Static)
    await until(pilot, lambda: "Tasks (" in str(detail.content), what="the member's detail")
    # Beside the table on a wide terminal, under it on a small one: never off-screen.
    panel = roster.query_one("#member-detail").region
    assert pilot.app.screen.region.contains_region(panel), panel


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=dashboard_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_roster(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=roster_loaded)


async def charter_loaded(pilot: Pilot) -> None:
    await ready(pilot)
    await show(pilot, "2", "CharterScreen")
    text = pilot.app.screen.query_one("#charter-content", Static)
    milestones = pilot.app.screen.query_one("#milestones", DataTable)
    await until(pilot, lambda: "Background" in str(text.visual), what="the charter's text")
    await until(pilot, lambda: milestones.row_count, what="the milestones")


@pytest.mark.parametrize("size", SIZES)
def test_charter(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=charter_loaded)
