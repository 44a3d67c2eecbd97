"""Another program holds the write lock: the app says so and its screens keep working.

A real second process holds BEGIN IMMEDIATE; the app's move waits for it. After a
second the app says it is waiting; meanwhile a screen opened for the first time
still loads (before, every read queued behind the waiting write and the Gantt
showed "Loading the plan…" until the lock was gone); then the move is saved.
"""

from __future__ import annotations

from textual.widgets import Input, Select

from store import people
from store.db import Store
from tests.store.test_db import hold_write_lock
from tests.tui.helpers import screen_text, show, until
from tests.tui.test_board import free_todo, open_board, recorder, status_of
from tests.tui.test_forms import open_new_member_form
from tui.app import XdeptApp
from tui.modals.form import RecordForm

WAITING = "waiting for the project file — another program is writing"


async def test_a_write_waiting_for_the_lock_says_so_and_other_screens_still_load(
    demo_store: Store,
) -> None:
    target = free_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        said = recorder(app)
        board = await open_board(pilot)
        assert board.board.seek(target.id)
        holder = hold_write_lock(demo_store.path)
        try:
            await pilot.press("]")
            await until(pilot, lambda: WAITING in said, tries=400, what="the waiting notice")
            shown = "waiting for the project"  # the toast wraps the rest
            await until(pilot, lambda: shown in screen_text(app), what="the toast")
            await show(pilot, "5", "GanttScreen")
            await until(
                pilot,
                lambda: "Scale:" in screen_text(app) and "Loading the plan" not in screen_text(app),
                tries=400,
                what="the Gantt, loaded while the write waits",
            )
            assert status_of(demo_store, target.id).status == "todo"  # still waiting
        finally:
            holder.communicate("release\n", timeout=30)
        await until(pilot, lambda: status_of(demo_store, target.id).status == "doing", tries=400)
        assert said.count(WAITING) == 1


async def test_a_form_saved_while_the_file_is_locked_keeps_its_input_then_saves(
    demo_store: Store,
) -> None:
    department = people.departments(demo_store)[0]
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        said = recorder(app)
        form = await open_new_member_form(pilot)
        form.query_one("#field-name", Input).value = "Zoë Waits"
        form.query_one("#field-department_id", Select).value = department.id
        holder = hold_write_lock(demo_store.path)
        try:
            await pilot.press("ctrl+s")
            await until(pilot, lambda: WAITING in said, tries=400, what="the waiting notice")
            assert isinstance(app.screen, RecordForm)
            assert form.query_one("#field-name", Input).value == "Zoë Waits"
            assert "Zoë Waits" not in [m.name for m in people.members(demo_store)]
        finally:
            holder.communicate("release\n", timeout=30)
        await until(
            pilot,
            lambda: "Zoë Waits" in [m.name for m in people.members(demo_store)],
            tries=400,
            what="the member saved once the lock is gone",
        )
