"""Live refresh: another process's commit shows up without a key, and never overwrites silently."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from textual.widgets import Input, Static

from store import people
from store.models import Member
from store.records import get
from tests.tui.helpers import SIZE, open_roster, row_texts, until
from tui.app import XdeptApp
from tui.widgets.form import RecordForm
from tui.widgets.table import KeyedTable


async def test_member_added_by_another_process_appears_and_the_cursor_stays(
    demo_store, demo_db, monkeypatch
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        keys = [row.key.value for row in table.ordered_rows]
        middle = keys[len(keys) // 2]
        table.move_cursor(row=len(keys) // 2, animate=False)
        await pilot.pause()
        assert table.cursor_key == middle
        # The first department sorts first: the new row lands above the cursor.
        first = get(demo_store, Member, int(keys[0])).department_id
        department = next(d for d in people.departments(demo_store) if d.id == first)
        monkeypatch.setenv("XDEPT_USER", "visitor")
        done = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "tui.cli",
                "--db",
                str(demo_db),
                "member",
                "add",
                "Zoë Live",
                "--department",
                department.name,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        added = people.member_named(demo_store, "Zoë Live")
        await until(pilot, lambda: str(added.id) in row_texts(table), what="the new row")
        assert row_texts(table)[str(added.id)][1] == "Zoë Live"
        assert table.get_row_index(str(added.id)) < table.get_row_index(middle)
        assert table.cursor_key == middle
        await until(
            pilot,
            lambda: any("added member Zoë Live" in n.message for n in app._notifications),
            what="the toast about visitor's change",
        )


async def open_edit_form(pilot, table: KeyedTable, member: Member) -> RecordForm:
    table.move_cursor(row=table.get_row_index(str(member.id)), animate=False)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm), what="the form")
    form = pilot.app.screen
    assert form.query_one("#field-name", Input).value == member.name
    return form


async def test_conflict_shows_both_values_and_keep_mine_saves_mine(demo_store, other_store) -> None:
    member = people.members(demo_store)[1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        form = await open_edit_form(pilot, table, member)
        people.update_member(other_store, member.id, member.version, post="Their post")
        warning = form.query_one("#form-warning", Static)
        await until(pilot, lambda: "other changed this record" in str(warning.content))
        form.query_one("#field-post", Input).value = "My post"
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error", Static)
        await until(pilot, lambda: "Theirs → yours" in str(error.content), what="the conflict")
        assert "post: 'Their post' → 'My post'" in str(error.content)
        assert app.screen is form
        assert get(demo_store, Member, member.id).post == "Their post"
        await pilot.press("ctrl+o")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        saved = get(demo_store, Member, member.id)
        assert (saved.post, saved.version) == ("My post", member.version + 2)
        await until(pilot, lambda: row_texts(table)[str(member.id)][3] == "My post")


async def test_conflict_take_theirs_loads_their_values(demo_store, other_store) -> None:
    member = people.members(demo_store)[1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        form = await open_edit_form(pilot, table, member)
        people.update_member(other_store, member.id, member.version, contact="their@x.org")
        form.query_one("#field-post", Input).value = "My post"
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error", Static)
        await until(pilot, lambda: "Theirs → yours" in str(error.content), what="the conflict")
        await pilot.press("ctrl+t")
        assert form.query_one("#field-contact", Input).value == "their@x.org"
        assert form.query_one("#field-post", Input).value == member.post
        assert error.has_class("-empty")
        await pilot.press("escape")  # nothing of mine left: closes without asking
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        saved = get(demo_store, Member, member.id)
        assert (saved.contact, saved.post) == ("their@x.org", member.post)
