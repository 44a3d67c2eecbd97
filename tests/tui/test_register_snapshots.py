"""Snapshots of screen 6's register and heat map on the demo project, small and large.

The clock is frozen (XDEPT_NOW) and animations are off (conftest). Update with
``pytest tests/tui/test_register_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.helpers import ready, show, until
from tui.app import XdeptApp
from tui.screens.risks.heatmap import HeatMapTab
from tui.screens.risks.register import RegisterTab

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def register_loaded(pilot: Pilot) -> None:
    await ready(pilot)
    screen = await show(pilot, "6", "RisksScreen")
    await until(pilot, lambda: screen.query_one(RegisterTab).table.row_count, what="the rows")
    detail = screen.query_one("#risk-detail-text", Static)
    await until(pilot, lambda: "History (" in str(detail.content), what="the detail")


async def heat_map_loaded(pilot: Pilot) -> None:
    await register_loaded(pilot)
    await pilot.press("right_square_bracket")
    heat = pilot.app.screen.query_one(HeatMapTab).view
    await until(pilot, lambda: heat.map is not None, what="the counts")
    await pilot.press("down")  # the cursor on (4, 5)


@pytest.mark.parametrize("size", SIZES)
def test_register(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=register_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_heat_map(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=heat_map_loaded)
