"""``H`` shows the history of the record under the cursor; ``ctrl+z`` undoes the user's
last change, or says who changed it since and offers its history."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from store.db import Store
from store.models import Member, Task
from store.people import add_department, add_member
from store.records import get
from store.tasks import add_task, update_task
from tests.tui.helpers import notifications, open_roster, ready, show, until
from tests.tui.test_board import open_board
from tests.tui.test_register import open_register
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.history import HistoryScreen

SIZE = (100, 30)
HOSTILE = "[bold red]x[/] \x1b[31mred\x07 end"


def history_text(app: XdeptApp) -> str:
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return str(screen.query_one("#history-text", Static).render())


async def press_H(pilot: Pilot, heading: str) -> str:
    """Press H and wait for the history's heading; returns its text."""
    app = pilot.app
    assert isinstance(app, XdeptApp)
    await pilot.press("H")
    await until(pilot, lambda: heading in history_text(app), what=heading)
    return history_text(app)


async def test_H_on_the_board_shows_the_cards_history_and_escape_closes(
    demo_store: Store,
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        card = screen.board.focused_card
        assert card is not None
        update_task(demo_store, card.id, get(demo_store, Task, card.id).version, progress=40)
        text = await press_H(pilot, f"History of task #{card.id}")
        assert "Progress: " in text and "→ 40" in text and "created" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="the board again")


async def test_H_on_the_roster_the_register_and_the_charter(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        await press_H(pilot, f"History of member #{table.cursor_key}")
        await pilot.press("escape")
        register = await open_register(pilot)
        row = register.current
        assert row is not None
        await press_H(pilot, f"History of risk #{row.id}")
        await pilot.press("escape")
        await show(pilot, "2", "CharterScreen")
        await press_H(pilot, "History of project #1")


async def test_H_is_listed_where_a_record_is_shown_only(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not app.screen.check_action("history", ())  # the dashboard
        await open_board(pilot)
        assert app.screen.check_action("history", ())


async def move_a_card(pilot: Pilot, store: Store) -> Task:
    """On the board, move the card under the cursor a column on; returns it as it was."""
    screen = await open_board(pilot)
    card = screen.board.focused_card
    assert card is not None
    was = get(store, Task, card.id)
    await pilot.press("right_square_bracket")
    await until(pilot, lambda: get(store, Task, card.id).status != was.status, what="moved")
    return was


async def test_ctrl_z_undoes_my_last_change_and_says_so(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        card = await move_a_card(pilot, demo_store)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: get(demo_store, Task, card.id).status == card.status)
        wanted = f"Undone: task #{card.id} “{card.title}”"
        await until(pilot, lambda: wanted in [n.message for n in notifications(app)])


async def test_ctrl_z_after_someone_elses_change_says_who_and_offers_the_history(
    demo_store: Store, other_store: Store
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        card = await move_a_card(pilot, demo_store)
        now = get(other_store, Task, card.id)
        update_task(other_store, card.id, now.version, deliverable="theirs")
        await pilot.press("ctrl+z")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        assert "was changed by other since" in app.screen.question
        assert get(demo_store, Task, card.id).status == now.status  # nothing undone
        await pilot.press("y")
        await until(pilot, lambda: f"History of task #{card.id}" in history_text(app))
        assert "Deliverable: " in history_text(app)


async def test_ctrl_z_in_a_text_box_is_not_an_undo_of_the_file(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        card = await move_a_card(pilot, demo_store)
        moved = get(demo_store, Task, card.id)
        await pilot.press("slash")  # the filter box
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not app.check_action("undo", ())
        assert get(demo_store, Task, card.id) == moved


# -- snapshots ------------------------------------------------------------------------


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is the host's: the snapshots fix it (UTC+8, no summer time)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def hostile_task(store: Store, shanghai: None) -> int:
    """A task whose title, owner's name and login and the OS login are hostile text,
    changed as someone else."""
    store.os_login = "ops"
    dept = add_department(store, "R&D")
    add_member(store, Member(name=f"王芳 {HOSTILE}", department_id=dept.id, login="wang"))
    made = add_task(store, Task(title=HOSTILE, start=date(2026, 11, 23), end=date(2026, 11, 27)))
    with Store(store.path, "wang") as wang:
        wang.os_login = "root"
        update_task(wang, made.id, 1, title=f"Design {HOSTILE}", status="doing", progress=30)
    return made.id


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_history_snapshot(snap_compare, store: Store, hostile_task: int, size) -> None:
    async def opened(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, XdeptApp)
        await ready(pilot)
        app.push_screen(HistoryScreen("tasks", hostile_task))
        await until(pilot, lambda: "History of" in history_text(app))
        await pilot.pause()

    assert snap_compare(XdeptApp(store), terminal_size=size, run_before=opened)
