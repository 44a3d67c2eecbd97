"""The tabbed screens (charter, risks, meetings): the tab a record is shown on stays."""

from __future__ import annotations

import pytest
from textual.widgets import TabbedContent

from store.issues import issues
from store.models import DailyUpdate, Member
from store.records import find
from tests.tui.helpers import ready, until
from tui.app import XdeptApp
from tui.screens.tabs import TabbedScreen

SIZE = (100, 30)


def a_record(store, entity: str) -> int:
    if entity == "issues":
        return issues(store)[0].id
    if entity == "signoffs":
        return next(m for m in find(store, Member) if m.department_id).department_id
    return find(store, DailyUpdate)[0].id


@pytest.mark.parametrize(
    ("mode", "entity", "tab"),
    [
        ("risks", "issues", "issues"),
        ("charter", "signoffs", "tab-signoffs"),
        ("meetings", "daily_updates", "updates"),
    ],
)
async def test_a_focus_on_its_way_does_not_take_the_tab_back(demo_store, mode, entity, tab) -> None:
    """A focus asked for on the first tab (as a screen asks when it mounts) that
    arrives after a record on another tab was shown leaves that tab shown and
    focused: Textual would switch to the tab of whatever gets focus."""
    record = a_record(demo_store, entity)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await app.switch_mode(mode)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TabbedScreen)
        tabs = screen.query_one(TabbedContent)
        first = screen.tab
        assert first is not None and first.id != tab
        # Queued: it arrives after what follows, the later the deeper the widget.
        deepest = max((w for w in first.query("*") if w.can_focus), key=lambda w: len(w.ancestors))
        deepest.focus()
        screen.show_record(entity, record)
        shown = screen.tab
        assert shown is not None and shown.id == tab
        await until(
            pilot,
            lambda: screen.focused is not None and shown in screen.focused.ancestors,
            what="the focus in the record's tab",
        )
        await pilot.pause()
        assert tabs.active == tab
        assert screen.focused is not None and shown in screen.focused.ancestors
