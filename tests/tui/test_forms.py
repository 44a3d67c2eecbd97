"""Forms: bad input is refused beside its field with the typed text kept; escape asks first."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select, Static

from store import people, project
from store.models import Milestone
from tests.tui.helpers import SIZE, open_roster, ready, until
from tests.tui.test_roster import put_cursor_on
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.form import FormField, FormSpec, RecordForm


async def open_new_member_form(pilot) -> RecordForm:
    await open_roster(pilot)
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm), what="the form")
    return pilot.app.screen


def error_beside(form: RecordForm, field: str) -> str:
    """The message under one field ("" when it is hidden)."""
    box = form.query_one(f"#error-{field}", Static)
    return "" if box.has_class("-empty") else str(box.content)


async def test_each_bad_value_is_refused_beside_its_field(demo_store) -> None:
    department = people.departments(demo_store)[0]
    before = len(people.members(demo_store))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_member_form(pilot)
        name = form.query_one("#field-name", Input)
        dept = form.query_one("#field-department_id", Select)
        login = form.query_one("#field-login", Input)
        assert name.has_focus  # typing goes straight into the first field
        cases = [
            # (field that is wrong, name, department, login, words in its message)
            ("name", "  ", department.id, "", "required"),
            ("department_id", "Zoë Bad", Select.NULL, "", "required"),
            ("login", "Zoë Bad", department.id, "zoe bad", "no spaces"),
            ("name", "N" * 81, department.id, "zbad", "at most 80"),
        ]
        for field, typed_name, typed_dept, typed_login, words in cases:
            name.value, dept.value, login.value = typed_name, typed_dept, typed_login
            await pilot.press("ctrl+s")
            await until(pilot, lambda f=field: error_beside(form, f), what=f"the {field} error")
            message = error_beside(form, field)
            assert message.startswith("✖ ")
            assert words in message
            others = [f.name for f in form.spec.fields if f.name != field]
            assert not any(error_beside(form, f) for f in others), message
            assert app.screen is form
            assert (name.value, dept.value, login.value) == (typed_name, typed_dept, typed_login)
            assert form.query_one(f"#field-{field}").has_focus
        assert len(people.members(demo_store)) == before
        name.value = "N" * 80
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form, what="the form to close")
        assert len(people.members(demo_store)) == before + 1


async def test_escape_asks_before_throwing_typed_text_away(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_member_form(pilot)
        roster = app.screen_stack[-2]
        await pilot.press("escape")  # nothing typed: closes at once
        await until(pilot, lambda: app.screen is roster, what="the clean form to close")

        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        form = app.screen
        await pilot.press(*"Half typed")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is form, what="the form again")
        assert form.query_one("#field-name", Input).value == "Half typed"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: app.screen is roster, what="the form to close")
    assert "Half typed" not in {m.name for m in people.members(demo_store)}


async def test_a_form_opened_again_shows_the_new_record_afresh(demo_store) -> None:
    """The second form of a layout reuses the first one's widgets: nothing of before shows."""
    first, second = people.members(demo_store)[1:3]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_member_form(pilot)
        roster = app.screen_stack[-2]
        form.query_one("#field-login", Input).value = "typed"
        await pilot.press("ctrl+s")  # without a name
        await until(pilot, lambda: error_beside(form, "name"), what="the name error")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: app.screen is roster, what="the form to close")

        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form again")
        assert app.screen is form  # built once
        assert form.query_one("#field-name", Input).value == ""
        assert form.query_one("#field-login", Input).value == ""
        assert not any(error_beside(form, f.name) for f in form.spec.fields)
        assert form.query_one("#field-name", Input).has_focus
        await pilot.press("escape")  # nothing typed in this one: closes at once
        await until(pilot, lambda: app.screen is roster, what="the clean form to close")

        table = roster.query_one("#members")
        shown = []
        for member in (first, second):
            await put_cursor_on(pilot, table, member.id)
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the edit form")
            edit = app.screen
            shown.append(edit)
            assert edit.query_one("#field-name", Input).value == member.name
            assert edit.query_one("#field-department_id", Select).value == member.department_id
            assert (edit.spec.record_id, edit.version) == (member.id, member.version)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is roster, what="the edit form to close")
        assert shown[0] is shown[1]


async def test_a_reused_form_offers_a_department_added_meanwhile(demo_store, other_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_member_form(pilot)
        roster = app.screen_stack[-2]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is roster, what="the form to close")
        added = people.add_department(other_store, "Legal 法务部")
        await until(pilot, lambda: added.id in roster.departments, what="the new department")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is form, what="the same form again")
        select = form.query_one("#field-department_id", Select)
        select.value = added.id  # refused (InvalidSelectValueError) if it is not offered
        assert select.value == added.id


async def test_a_fields_message_goes_as_soon_as_its_value_changes(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_new_member_form(pilot)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: error_beside(form, "name"), what="the name error")
        assert "required" in error_beside(form, "name")
        assert "required" in error_beside(form, "department_id")
        await pilot.press("Z")
        await until(pilot, lambda: not error_beside(form, "name"), what="the name error to go")
        assert "required" in error_beside(form, "department_id")  # still empty: still said
        assert form.query_one("#field-name", Input).value == "Z"


def milestone_spec() -> FormSpec:
    """A bare milestone form (name and date) whose save does nothing."""
    return FormSpec(
        "New milestone",
        Milestone,
        [FormField("name", "Name", optional=False), FormField("date", "Date", "date")],
        save=lambda values, version: None,
    )


async def test_an_empty_date_field_shows_a_hint_not_a_value(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RecordForm(milestone_spec()))
        await until(pilot, lambda: app.screen.query_one("#field-date", Input), what="the form")
        date_input = app.screen.query_one("#field-date", Input)
        assert date_input.value == ""
        assert date_input.placeholder.startswith("e.g. ")
        assert "2026-12-01" in date_input.placeholder


async def test_working_days_typed_in_a_form_follow_the_projects_calendar(demo_store) -> None:
    charter = project.project(demo_store)
    project.update_charter(demo_store, charter.version, holidays=[date(2026, 11, 24)])
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        form = RecordForm(milestone_spec())
        app.push_screen(form)
        await until(pilot, lambda: form.query("#field-date"), what="the form")
        form.query_one("#field-name", Input).value = "Pilot"
        form.query_one("#field-date", Input).value = "+1wd"  # Monday 11-23: Tuesday is off
        values = form.validate()
        assert values is not None and values["date"] == date(2026, 11, 25)
