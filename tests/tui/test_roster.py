"""Roster (3): the team directory — filter, add, edit, roles, delete, read-only."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input

from store import people, tasks
from store.db import Store
from store.errors import InUse
from store.models import Department, Member
from store.records import get
from tests.tui.helpers import SIZE, notifications, open_roster, row_texts, screen_text, until
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.form import RecordForm
from tui.modals.help import HelpScreen
from tui.widgets.table import KeyedTable

NAME = 1  # the Name column of the members table


async def put_cursor_on(pilot, table: KeyedTable, member_id: int) -> None:
    """Move the cursor to a member's row (and let the detail panel follow)."""
    key = str(member_id)
    table.move_cursor(row=table.get_row_index(key), animate=False)
    await pilot.pause()
    assert table.cursor_key == key


def owners(store: Store) -> set[int]:
    return {t.owner_id for t in tasks.tasks(store) if t.owner_id}


def toast_messages(app: XdeptApp) -> list[str]:
    return [n.message for n in notifications(app)]


async def test_roster_lists_every_member_and_department(demo_store) -> None:
    members = people.members(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        rows = row_texts(table)
        assert {key: cells[NAME] for key, cells in rows.items()} == {
            str(m.id): m.name for m in members
        }
        interface = next(m for m in members if m.is_interface)
        assert rows[str(interface.id)][0] == "◉"
        await pilot.press("tab")
        departments = app.screen.query_one("#departments", KeyedTable)
        await until(pilot, lambda: departments.has_focus, what="the departments tab")
        assert {cells[0] for cells in row_texts(departments).values()} == {
            d.name for d in people.departments(demo_store)
        }
        lacking = people.without_interface(demo_store)[0]
        assert row_texts(departments)[str(lacking.id)][1] == "✖ none"


async def test_filter_narrows_rows_live_and_escape_clears_it(demo_store) -> None:
    members = people.members(demo_store)
    department = people.departments(demo_store)[0]
    expected = {str(m.id) for m in members if m.department_id == department.id}
    assert 0 < len(expected) < len(members)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        await pilot.press("slash")
        box = app.screen.query_one("#filter", Input)
        await until(pilot, lambda: box.has_focus, what="the filter box")
        needle = department.name.casefold()
        await pilot.press(*department.name)  # no enter: the rows follow each key
        rows = row_texts(table)
        assert set(rows) >= expected
        assert len(rows) < len(members)
        assert all(needle in " ".join(cells).casefold() for cells in rows.values())
        await pilot.press("enter")
        assert table.has_focus
        await pilot.press("escape")
        assert box.value == ""
        assert not box.display
        assert len(row_texts(table)) == len(members)


async def test_new_member_is_saved_and_shown(demo_store) -> None:
    department = people.departments(demo_store)[-1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        form = app.screen
        await pilot.press(*"Zoë Neu")
        form.query_one("#field-department_id").value = department.id
        form.query_one("#field-login", Input).value = "zneu"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm), what="the form to close")
        saved = people.member_named(demo_store, "Zoë Neu")
        assert (saved.department_id, saved.login, saved.updated_by) == (
            department.id,
            "zneu",
            "tester",
        )
        await until(pilot, lambda: table.cursor_key == str(saved.id), what="the new row")
        assert row_texts(table)[str(saved.id)][NAME] == "Zoë Neu"
        assert "Saved Zoë Neu" in toast_messages(app)


async def test_edit_changes_the_member_in_place(demo_store) -> None:
    member = people.members(demo_store)[2]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        await put_cursor_on(pilot, table, member.id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        post = app.screen.query_one("#field-post", Input)
        assert app.screen.query_one("#field-name", Input).value == member.name
        assert post.value == member.post
        post.value = "Chief tester"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm), what="the form to close")
        saved = people.member_named(demo_store, member.name)
        assert (saved.post, saved.version) == ("Chief tester", member.version + 1)
        await until(pilot, lambda: row_texts(table)[str(member.id)][3] == "Chief tester")
        assert table.cursor_key == str(member.id)


async def test_i_makes_the_interface_person_and_relieves_the_previous_one(demo_store) -> None:
    members = people.members(demo_store)
    old = next(m for m in members if m.is_interface)
    new = next(m for m in members if m.department_id == old.department_id and m.id != old.id)
    department = get(demo_store, Department, old.department_id)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_roster(pilot)
        await put_cursor_on(pilot, table, new.id)
        await pilot.press("i")
        await until(pilot, lambda: row_texts(table)[str(new.id)][0].startswith("◉"))
        assert people.interface_of(demo_store, old.department_id).id == new.id
        assert not get(demo_store, Member, old.id).is_interface
        assert "◉" not in row_texts(table)[str(old.id)][0]
        # The toast says who lost the role.
        said = f"{new.name} is now the interface person of {department.name} (was {old.name})"
        await until(pilot, lambda: said in toast_messages(app), what="who lost the role")


async def test_d_asks_then_deletes_a_member_without_tasks(demo_store) -> None:
    department = people.departments(demo_store)[0]
    victim = people.add_member(demo_store, Member(name="Short Stay", department_id=department.id))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        await put_cursor_on(pilot, table, victim.id)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await until(pilot, lambda: "Delete Short Stay?" in screen_text(app), what="the name")
        await pilot.press("n")
        await until(pilot, lambda: not isinstance(app.screen, Confirm), what="the answer")
        assert get(demo_store, Member, victim.id).name == "Short Stay"
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: str(victim.id) not in row_texts(table), what="the row to go")
        assert victim.id not in {m.id for m in people.members(demo_store)}
        assert "Deleted Short Stay" in toast_messages(app)


async def test_deleting_a_member_who_owns_tasks_says_why_without_asking(demo_store) -> None:
    owner = next(m for m in people.members(demo_store) if m.id in owners(demo_store))
    owned = sum(t.owner_id == owner.id for t in tasks.tasks(demo_store))
    with pytest.raises(InUse):
        people.delete_member(demo_store, owner.id)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_roster(pilot)
        await put_cursor_on(pilot, table, owner.id)
        await pilot.press("d")
        said = f"{owner.name} owns {owned} tasks"
        await until(
            pilot, lambda: any(said in n for n in toast_messages(app)), what="why not, at once"
        )
        assert not isinstance(app.screen, Confirm)  # never asked "Delete?"
        assert any("reassign or remove them first" in n for n in toast_messages(app))
        assert owner.id in {m.id for m in people.members(demo_store)}
        assert str(owner.id) in row_texts(table)


async def test_read_only_hides_and_refuses_writes(demo_db) -> None:
    with Store(demo_db, "tester", read_only=True) as store:
        before = people.members(store)
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            table = await open_roster(pilot)
            assert "(read-only)" in screen_text(app).splitlines()[0]
            await until(pilot, lambda: "Filter" in screen_text(app), what="the footer")
            footer = screen_text(app).splitlines()[-1]
            for label in ("New", "Edit", "Delete"):
                assert label not in footer
            for key in ("n", "a", "e", "enter", "d", "i"):
                await pilot.press(key)
                assert app.screen.query_one("#members", KeyedTable) is table, key
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
            keys = app.screen.query_one(".keys").content.plain
            assert "Filter" in keys
            for label in ("New", "Edit", "Delete", "Make interface person"):
                assert label not in keys
        assert people.members(store) == before


async def test_names_with_markup_and_escape_codes_are_shown_literally(demo_store) -> None:
    department = people.departments(demo_store)[0]
    bold = people.add_member(demo_store, Member(name="[bold]x[/]", department_id=department.id))
    click = people.add_member(
        demo_store, Member(name="[@click=app.quit]boom[/]", department_id=department.id)
    )
    raw = sqlite3.connect(demo_store.path)  # another program, bypassing the models
    with raw:
        raw.execute(
            "INSERT INTO members (name, department_id, post, created_at, updated_at, "
            "updated_by) VALUES (?, ?, ?, 'x', 'x', 'script')",
            ["Evil \x1b[31mRed\x1b[0m", department.id, "\x1b]52;c;cHduZWQ=\x07clip"],
        )
    raw.close()
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        rows = row_texts(table)
        assert rows[str(bold.id)][NAME] == "[bold]x[/]"
        assert rows[str(click.id)][NAME] == "[@click=app.quit]boom[/]"
        evil = next(cells for cells in rows.values() if "Red" in cells[NAME])
        assert evil[NAME] == "Evil [31mRed[0m"
        assert evil[3] == "]52;c;cHduZWQ=clip"
        await put_cursor_on(pilot, table, click.id)
        await pilot.press("enter")  # opens the edit form: the name is shown literally
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        assert app.screen.query_one("#field-name", Input).value == "[@click=app.quit]boom[/]"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        text = screen_text(app)
        assert "[bold]x[/]" in text
        assert "\x1b" not in text
        assert app.is_running


async def test_member_detail_shows_every_line_as_it_grows_and_shrinks(demo_store) -> None:
    """The panel is laid out again only when its number of lines changes: check both ways."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await open_roster(pilot)
        detail = app.screen.query_one("#detail-text")
        members = people.members(demo_store)
        lines = {}
        for member in members:
            await put_cursor_on(pilot, table, member.id)
            await until(pilot, lambda m=member: m.name in str(detail.content), what=member.name)
            shown = str(detail.content).rstrip("\n").splitlines()
            lines[member.id] = len(shown)
            last = shown[-1].strip()[:20]
            assert detail.size.height == len(shown) + 1, member.name  # the trailing newline
            assert last in screen_text(app), (member.name, last)
        assert len(set(lines.values())) > 2  # the demo's members differ in detail length
