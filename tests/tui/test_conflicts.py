"""A form saved after someone else changed its record: merged, never reverted.

Fields only the other person changed keep their values; the conflict panel
lists only fields both changed differently, with keys visible at 80×24; a
record deleted meanwhile keeps what was typed and can be saved as new.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, Select, Static

from store import people
from store.db import Store
from store.models import Member, Task
from store.records import find, get
from store.tasks import predecessors, tasks, update_task
from tests.tui.helpers import (
    SIZE,
    notifications,
    open_roster,
    row_texts,
    screen_text,
    speaker_for,
    until,
)
from tui.app import XdeptApp
from tui.modals.form import RecordForm
from tui.modals.task_form import TaskForm
from tui.widgets.table import KeyedTable

CLI = (sys.executable, "-m", "tui.cli")


async def open_task_form(pilot, task: Task) -> TaskForm:
    """The board, then the form of ``task``."""
    from tests.tui.test_board import open_board

    screen = await open_board(pilot)
    assert screen.board.seek(task.id)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, TaskForm), what="the form")
    return pilot.app.screen


async def open_member_form(pilot, table: KeyedTable, member: Member) -> RecordForm:
    table.move_cursor(row=table.get_row_index(str(member.id)), animate=False)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm), what="the form")
    form = pilot.app.screen
    assert form.query_one("#field-name", Input).value == member.name
    return form


def error_text(form: RecordForm) -> str:
    return str(form.query_one("#form-error", Static).content)


def said(app: XdeptApp, text: str) -> bool:
    return any(text in n.message for n in notifications(app))


async def test_a_change_to_another_field_is_merged_and_said(demo_store, other_store) -> None:
    member = people.members(demo_store)[1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_roster(pilot)
        form = await open_member_form(pilot, table, member)
        people.update_member(other_store, member.id, member.version, contact="their@x.org")
        form.query_one("#field-post", Input).value = "My post"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        saved = get(demo_store, Member, member.id)
        assert (saved.post, saved.contact) == ("My post", "their@x.org")
        await until(pilot, lambda: said(app, "merged with the change other made"))


async def conflict_on_post(pilot, member: Member, other: Store, **mine: str) -> RecordForm:
    """Other sets post and contact while my form is open; I set post (and ``mine``)."""
    table = await open_roster(pilot)
    form = await open_member_form(pilot, table, member)
    people.update_member(other, member.id, member.version, post="Their post", contact="their@x")
    for name, value in {"post": "My post", **mine}.items():
        form.query_one(f"#field-{name}", Input).value = value
    await pilot.press("ctrl+s")
    await until(pilot, lambda: "Theirs → yours" in error_text(form), what="the conflict")
    return form


async def test_only_true_conflicts_are_listed_and_keep_mine_keeps_theirs_elsewhere(
    demo_store, other_store
) -> None:
    member = people.members(demo_store)[1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await conflict_on_post(pilot, member, other_store)
        lines = error_text(form).splitlines()[1:]
        assert lines == ["  Post: 'Their post' → 'My post'"]  # not the contact, not equal fields
        assert get(demo_store, Member, member.id).post == "Their post"
        await pilot.press("ctrl+o")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        saved = get(demo_store, Member, member.id)
        assert (saved.post, saved.contact) == ("My post", "their@x")
        table = app.screen.query_one("#members", KeyedTable)
        await until(pilot, lambda: row_texts(table)[str(member.id)][3] == "My post")


async def test_take_theirs_keeps_my_other_changes(demo_store, other_store) -> None:
    member = people.members(demo_store)[1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await conflict_on_post(pilot, member, other_store, login="mylogin")
        await pilot.press("ctrl+t")
        assert form.query_one("#field-post", Input).value == "Their post"
        assert form.query_one("#field-contact", Input).value == "their@x"
        assert form.query_one("#field-login", Input).value == "mylogin"
        assert form.query_one("#form-error", Static).has_class("-empty")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        saved = get(demo_store, Member, member.id)
        assert (saved.post, saved.contact, saved.login) == ("Their post", "their@x", "mylogin")


async def test_the_conflict_and_its_keys_are_visible_at_80x24(demo_store, other_store) -> None:
    member = people.members(demo_store)[1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await conflict_on_post(pilot, member, other_store)
        await pilot.pause()
        shown = screen_text(app)
        assert "Post: 'Their post' → 'My post'" in shown
        assert "ctrl+o Keep mine  ctrl+t Take theirs  esc Cancel" in shown


async def test_a_deleted_record_keeps_my_text_and_saves_as_new(demo_store, other_store) -> None:
    member = next(
        m for m in people.members(demo_store) if not (m.is_pm or m.is_interface or m.is_head)
    )
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_roster(pilot)
        form = await open_member_form(pilot, table, member)
        for task in find(other_store, Task, "owner_id = ?", [member.id]):
            update_task(other_store, task.id, task.version, owner_id=None)
        people.delete_member(other_store, member.id)
        warning = form.query_one("#form-warning", Static)
        await until(
            pilot,
            lambda: "deleted this record while you were editing" in str(warning.content),
            what="the warning that it was deleted (not 'changed')",
        )
        form.query_one("#field-post", Input).value = "Still here"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "deleted this record" in error_text(form), what="the notice")
        assert app.screen is form
        assert form.query_one("#field-post", Input).value == "Still here"
        assert "ctrl+n Save as new" in screen_text(app)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        again = people.member_named(demo_store, member.name)
        assert again.id != member.id and again.post == "Still here"


async def test_task_form_keeps_their_progress_and_a_link_added_by_another_process(
    demo_store: Store, demo_db: Path
) -> None:
    """Alice sets progress; Carol links a predecessor from the CLI; Bob changes the phase."""
    task = next(t for t in tasks(demo_store) if t.status == "todo" and t.progress < 90)
    linked = {d.predecessor_id for d in predecessors(demo_store, task.id)}
    new_pred = next(t for t in tasks(demo_store) if t.end < task.start and t.id not in linked)
    carol = speaker_for(demo_store, task.department_id)  # may link the task's predecessors
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_task_form(pilot, task)
        with Store(demo_db, "alice") as alice:
            update_task(alice, task.id, task.version, progress=task.progress + 5)
        done = await asyncio.to_thread(
            subprocess.run,
            [*CLI, "--db", str(demo_db), "task", "link", str(task.id), str(new_pred.id)],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ | {"XDEPT_USER": carol},
        )
        assert done.returncode == 0, done.stderr
        form.query_one("#field-phase", Input).value = "pilot"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        saved = get(demo_store, Task, task.id)
        assert (saved.phase, saved.progress) == ("pilot", task.progress + 5)
        assert {d.predecessor_id for d in predecessors(demo_store, task.id)} == linked | {
            new_pred.id
        }
        carols_name = people.member_named(demo_store, carol).name  # a login is shown as its name
        await until(pilot, lambda: said(app, f"merged with the change alice, {carols_name} made"))


async def test_a_new_owner_brings_their_department_into_the_task_form(demo_store: Store) -> None:
    task = next(t for t in tasks(demo_store) if t.owner_id and t.department_id)
    other = next(m for m in people.members(demo_store) if m.department_id != task.department_id)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        form = await open_task_form(pilot, task)
        department = form.query_one("#field-department_id", Select)
        assert department.value == task.department_id
        form.query_one("#field-owner_id", Select).value = other.id
        await until(pilot, lambda: department.value == other.department_id, what="the department")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        saved = get(demo_store, Task, task.id)
        assert (saved.owner_id, saved.department_id) == (other.id, other.department_id)


async def test_a_conflicting_choice_shows_names_not_ids(demo_store, other_store) -> None:
    member = next(m for m in people.members(demo_store) if not (m.is_interface or m.is_head))
    theirs, mine = [d for d in people.departments(demo_store) if d.id != member.department_id][:2]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_member_form(pilot, await open_roster(pilot), member)
        people.update_member(other_store, member.id, member.version, department_id=theirs.id)
        form.query_one("#field-department_id", Select).value = mine.id
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Theirs → yours" in error_text(form), what="the conflict")
        assert error_text(form).splitlines()[1:] == [
            f"  Department: {theirs.name!r} → {mine.name!r}"
        ]
