"""Charter (2): the charter, sign-offs, requirements and resources, change requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Select, Static, TabbedContent, TextArea

from store import people, project
from store import symbols as sym
from store.db import Store
from store.models import (
    ChangeRequest,
    Department,
    Document,
    Member,
    Milestone,
    Requirement,
    ResourceRequest,
    SignOff,
)
from store.people import add_department, add_member
from store.records import find
from tests.tui.helpers import (
    SIZE,
    notifications,
    ready,
    row_texts,
    screen_text,
    show,
    speaking,
    until,
)
from tui.app import XdeptApp
from tui.i18n import _ as translate
from tui.messages import DataChanged
from tui.modals.charter_form import CharterForm
from tui.modals.confirm import Confirm
from tui.modals.form import RecordForm
from tui.modals.line_prompt import LinePrompt
from tui.screens.charter import DOCUMENTS, CharterScreen
from tui.widgets.table import KeyedTable


@dataclass
class Team:
    marketing: Department
    rd: Department
    sales: Department
    pm: Member


@pytest.fixture
def team(store: Store) -> Team:
    """Three departments with heads; the PM (login "tester", the acting user) is no head."""
    marketing = add_department(store, "Marketing")
    rd = add_department(store, "R&D")
    sales = add_department(store, "Sales")
    heads = [
        add_member(store, Member(name=f"Head {d.name}", department_id=d.id, is_head=True))
        for d in (marketing, rd, sales)
    ]
    pm = add_member(
        store, Member(name="Wang Fang", department_id=rd.id, is_pm=True, login="tester")
    )
    charter = project.project(store)
    project.update_charter(
        store,
        charter.version,
        goal="Launch X1 within three months",
        sponsor_department_id=marketing.id,
        pm_member_id=pm.id,
        start=date(2026, 11, 2),
        target_end=date(2027, 2, 26),
    )
    project.add_milestone(store, Milestone(name="Prototype", date=date(2026, 12, 18)))
    for department, head in zip((marketing, rd, sales), heads, strict=True):
        project.sign(store, Document.CHARTER, department.id, head)
    project.save_department_record(
        store, ResourceRequest(department_id=rd.id, kind="people", description="Tester", amount=1)
    )
    project.sign(store, Document.COLLABORATION, rd.id, heads[1])
    project.save_department_record(
        store,
        ResourceRequest(
            department_id=sales.id, kind="budget", description="Fair stand", status="gap"
        ),
    )
    return Team(marketing=marketing, rd=rd, sales=sales, pm=pm)


def charter_text(app: XdeptApp) -> str:
    return str(app.screen.query_one("#charter-content", Static).visual)


async def open_charter(pilot, app: XdeptApp) -> CharterScreen:
    await pilot.press("2")
    await until(pilot, lambda: isinstance(app.screen, CharterScreen), what="the charter screen")
    screen = app.screen
    await until(pilot, lambda: "Test project" in charter_text(app), what="the charter")
    return screen


async def to_tab(pilot, screen: CharterScreen, tab: str) -> None:
    """Step through the tabs with ] until ``tab`` is active."""
    for _ in range(4):
        if screen.query_one(TabbedContent).active == tab:
            return
        await pilot.press("]")
    assert screen.query_one(TabbedContent).active == tab


async def type_into(pilot, widget: Input | TextArea, text: str) -> None:
    widget.focus()
    if isinstance(widget, TextArea):
        widget.clear()
    else:
        widget.value = ""
    await pilot.press(*text)


def notes(messages: list[Message]) -> list[tuple[str, str]]:
    """(severity, text) of every toast the app showed."""
    return [
        (m.notification.severity, m.notification.message) for m in messages if isinstance(m, Notify)
    ]


async def test_the_charter_shows_the_project_literally(store: Store, team: Team) -> None:
    charter = project.project(store)
    project.update_charter(store, charter.version, background="[bold]x[/] \x1b[2J done")
    app = XdeptApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_charter(pilot, app)
        text = charter_text(app)
        assert "Launch X1 within three months" in text
        assert "Sponsor department: Marketing" in text
        assert "Project manager: Wang Fang" in text
        assert "[bold]x[/] [2J done" in text  # markup shown as typed; the ESC is gone
        assert "\x1b" not in text
        table = screen.query_one("#milestones", KeyedTable)
        await until(pilot, lambda: table.row_count == 1, what="the milestone")
        assert row_texts(table)["1"] == ["Prototype", "2026-12-18", "◆ in 25 days"]
        # The dashboard's missing sign-offs land on the department's row.
        screen.show_record("signoffs", team.sales.id)
        signoffs = screen.query_one("#signoffs", KeyedTable)
        await until(
            pilot,
            lambda: signoffs.cursor_key == str(team.sales.id) and screen.focused is signoffs,
            what="the department's sign-offs",
        )
        assert screen.query_one(TabbedContent).active == "tab-signoffs"
        gap = project.gaps(store)[0]
        app.goto("resource_requests", gap.id)
        resources = screen.query_one("#resources", KeyedTable)
        await until(
            pilot,
            lambda: resources.cursor_key == str(gap.id) and screen.focused is resources,
            what="the gap",
        )
        assert screen.query_one(TabbedContent).active == "tab-needs"


async def test_the_pm_picks_the_official_calendar_and_the_charter_names_it(
    store: Store, team: Team
) -> None:
    """Country CN and an extra working day typed in the form; the charter then says which
    calendar counts and the next days off, not a year of dates."""
    import holidays

    app = XdeptApp(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_charter(pilot, app)
        await until(pilot, lambda: "Calendar: Monday to Friday" in charter_text(app), what="it")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CharterForm), what="the form")
        form = app.screen
        await type_into(pilot, form.query_one("#field-country", Input), "xx")
        await type_into(pilot, form.query_one("#field-workdays", Input), "2027-02-20, 2027-02-21")
        await pilot.press("ctrl+s")
        general = form.query_one("#form-error", Static)
        await until(
            pilot, lambda: "no official calendar for 'XX'" in str(general.visual), what="refusal"
        )
        assert form.query_one("#field-workdays", Input).value == "2027-02-20, 2027-02-21"
        await type_into(pilot, form.query_one("#field-country", Input), "cn")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm), what="saving")
        expected = f"Calendar: China official (holidays {holidays.__version__}) announced to "
        await until(pilot, lambda: expected in charter_text(app), what="the calendar line")
        text = charter_text(app)
        assert "0 project holidays · 2 extra working days · next: 2027-01-01 New Year's Day" in text
        assert "2027-02-05 Chinese New Year's Eve" in text
        assert "2027-05-01" not in text  # the next three, not every day off
    saved = project.project(store)
    assert (saved.country, saved.workdays) == ("CN", [date(2027, 2, 20), date(2027, 2, 21)])


async def test_editing_the_charter_checks_dates_and_outdates_signatures(
    store: Store, team: Team
) -> None:
    assert all(not s.outdated for s in project.signoffs(store, Document.CHARTER))
    app = XdeptApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_charter(pilot, app)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CharterForm), what="the form")
        form = app.screen
        await type_into(pilot, form.query_one("#field-goal", TextArea), "By March")
        # 3-1 and 1-15 are the coming March 1st and January 15th: the end is before the start.
        await type_into(pilot, form.query_one("#field-start", Input), "3-1")
        await type_into(pilot, form.query_one("#field-target_end", Input), "1-15")
        await type_into(pilot, form.query_one("#field-holidays", Input), "soon")
        await pilot.press("ctrl+s")
        # Typed values are read first: a date that cannot be read stops before the model.
        holidays_error = form.query_one("#error-holidays", Static)
        await until(
            pilot, lambda: "'soon' is not a date" in str(holidays_error.visual), what="the error"
        )
        end_error = form.query_one("#error-target_end", Static)
        await type_into(pilot, form.query_one("#field-holidays", Input), "1-1,2-17")
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: "target end is before the start" in str(end_error.visual),
            what="the date order error",
        )
        assert holidays_error.has_class("-empty")
        assert form.query_one("#form-error", Static).has_class("-empty")
        assert app.screen is form
        assert form.query_one("#field-start", Input).value == "3-1"
        assert form.query_one("#field-target_end", Input).value == "1-15"
        assert project.project(store).goal == "Launch X1 within three months"
        await type_into(pilot, form.query_one("#field-target_end", Input), "3-31")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm), what="saving")
        await until(pilot, lambda: "By March" in charter_text(app), what="the new goal")
        assert (
            "Calendar: Monday to Friday · 2 project holidays · 0 extra working days · "
            "next: 2027-01-01, 2027-02-17" in charter_text(app)
        )
    saved = project.project(store)
    assert (saved.goal, saved.start, saved.target_end) == (
        "By March",
        date(2027, 3, 1),
        date(2027, 3, 31),
    )
    assert saved.holidays == [date(2027, 1, 1), date(2027, 2, 17)]
    charter_signatures = project.signoffs(store, Document.CHARTER)
    assert len(charter_signatures) == 3
    assert all(s.outdated for s in charter_signatures)
    assert not project.signoffs(store, Document.COLLABORATION)[0].outdated


async def test_the_pm_signs_on_behalf_of_a_head(store: Store, team: Team) -> None:
    seen: list[Message] = []
    app = XdeptApp(store)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        screen = await open_charter(pilot, app)
        await to_tab(pilot, screen, "tab-signoffs")
        table = screen.query_one("#signoffs", KeyedTable)
        await until(pilot, lambda: table.row_count == 3, what="the departments")
        rows = row_texts(table)
        assert rows[str(team.marketing.id)][1:] == [
            "✔ Head Marketing 11-23",
            "✖ missing",
            "— no baseline",
        ]
        assert rows[str(team.rd.id)][2] == "✔ Head R&D 11-23"
        # Marketing is the first row; its collaboration confirmation the second column.
        await pilot.press("right")
        assert (table.cursor_key, table.cursor_column) == (str(team.marketing.id), 2)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt), what="the question")
        assert app.screen.question == (
            "Sign the collaboration confirmation for Marketing as Wang Fang "
            "(on behalf of the head)? Why can the head not sign?"
        )
        await pilot.press("enter")  # no reason, no signature: the question stays
        assert isinstance(app.screen, LinePrompt)
        await pilot.press(*"[b]away[/]", "enter")
        await until(
            pilot,
            lambda: row_texts(table)[str(team.marketing.id)][2] == "✔ Wang Fang 11-23 (for head)",
            what="the new signature",
        )
        assert "Reason: [b]away[/]" in screen_text(app)  # beside it, literally
        # No baseline yet: a clear message, nothing signed.
        await pilot.press("right", "s")
        await until(pilot, lambda: notes(seen), what="the message")
        assert notes(seen)[-1][1].startswith("There is no plan baseline to sign yet")
        # A wide terminal spells the signature out.
        await pilot.resize_terminal(160, 48)
        await until(
            pilot,
            lambda: (
                row_texts(table)[str(team.marketing.id)][2]
                == "✔ signed by Wang Fang 2026-11-23 (for head)"
            ),
            what="the long form",
        )
    signed = find(
        store,
        SignOff,
        "document = 'collaboration' AND department_id = ?",
        [team.marketing.id],
    )
    assert [(s.signed_by_id, s.on_behalf, s.outdated) for s in signed] == [
        (team.pm.id, True, False)
    ]
    assert not find(store, SignOff, "document = 'baseline'")


async def test_someone_not_on_the_roster_is_told_to_set_their_login(
    db_path: Path, store: Store, team: Team
) -> None:
    seen: list[Message] = []
    with Store(db_path, "stranger") as theirs:
        app = XdeptApp(theirs)
        async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
            screen = await open_charter(pilot, app)
            await to_tab(pilot, screen, "tab-signoffs")
            table = screen.query_one("#signoffs", KeyedTable)
            await until(pilot, lambda: table.row_count == 3, what="the departments")
            await pilot.press("s")
            await until(pilot, lambda: notes(seen), what="the message")
            severity, text = notes(seen)[-1]
            assert severity == "error"
            assert "stranger" in text
            assert "set your login on the Roster" in text
            assert not isinstance(app.screen, Confirm)
    assert len(project.signoffs(store)) == 4


async def test_requirements_and_change_requests(store: Store, team: Team) -> None:
    app = XdeptApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_charter(pilot, app)
        await to_tab(pilot, screen, "tab-needs")
        resources = screen.query_one("#resources", KeyedTable)
        await until(pilot, lambda: resources.row_count == 2, what="the resource requests")
        # The gap comes first, with its symbol.
        assert next(iter(row_texts(resources).values()))[:2] == ["✖ gap", "Sales"]
        requirements = screen.query_one("#requirements", KeyedTable)
        assert screen.focused is requirements
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        form = app.screen
        form.query_one("#field-department_id", Select).value = team.rd.id
        await type_into(pilot, form.query_one("#field-text", TextArea), "3 rigs")
        form.query_one("#field-priority", Select).value = "high"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: requirements.row_count == 1, what="the new requirement")
        ((key, cells),) = row_texts(requirements).items()
        assert cells == ["R&D", f"{sym.HIGH} high", f"{sym.PENDING} proposed", "3 rigs"]
        assert requirements.cursor_key == key
        (confirmation,) = project.signoffs(store, Document.COLLABORATION)
        assert confirmation.outdated

        await to_tab(pilot, screen, "tab-changes")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        form = app.screen
        await type_into(pilot, form.query_one("#field-title", Input), "Add NFC")
        form.query_one("#field-requirement_id", Select).value = int(key)
        await pilot.press("ctrl+s")
        table = screen.query_one("#changes", KeyedTable)
        await until(pilot, lambda: table.row_count == 1, what="the change request")
        assert next(iter(row_texts(table).values()))[:4] == [
            f"{sym.PENDING} proposed",
            "1",
            "Add NFC",
            f"#{key}",
        ]
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(
            pilot,
            lambda: next(iter(row_texts(table).values()))[0] == "✔ approved",
            what="the approval",
        )

        # Deleting a resource request asks first.
        await to_tab(pilot, screen, "tab-needs")
        gap = project.gaps(store)[0]
        resources.focus()
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        assert app.screen.question == "Delete “Fair stand”?"
        await pilot.press("y")
        await until(pilot, lambda: resources.row_count == 1, what="the deletion")
        assert str(gap.id) not in row_texts(resources)
    (saved,) = find(store, Requirement)
    assert (saved.department_id, saved.text, saved.priority) == (team.rd.id, "3 rigs", "high")
    (change,) = project.change_requests(store)
    assert (change.status, change.requirement_id, change.proposed_by, change.decided_by) == (
        "approved",
        saved.id,
        "tester",
        "tester",
    )


async def test_others_changes_show_up_and_read_only_hides_writes(
    db_path: Path, store: Store, team: Team
) -> None:
    with Store(db_path, "tester", read_only=True) as mine, Store(db_path, "other") as other:
        app = XdeptApp(mine, poll_seconds=0.02)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_charter(pilot, app)
            await to_tab(pilot, screen, "tab-needs")
            resources = screen.query_one("#resources", KeyedTable)
            await until(pilot, lambda: resources.row_count == 2, what="the resource requests")
            for action in ("new", "edit", "delete", "sign", "approve", "add_milestone"):
                assert not screen.check_action(action, ())
            await pilot.press("n")
            assert app.screen is screen
            project.save_department_record(
                other,
                ResourceRequest(
                    department_id=team.marketing.id,
                    kind="equipment",
                    description="Booth",
                    status="gap",
                ),
            )
            await until(pilot, lambda: resources.row_count == 3, what="their request")
            statuses = [cells[0] for cells in row_texts(resources).values()]
            assert statuses == [
                f"{sym.TO_FIX} gap",
                f"{sym.TO_FIX} gap",
                f"{sym.PENDING} requested",
            ]


async def test_a_charter_changed_meanwhile_is_never_overwritten(
    db_path: Path, store: Store, team: Team
) -> None:
    app = XdeptApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_charter(pilot, app)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CharterForm), what="the form")
        form = app.screen
        with Store(db_path, "other") as other:
            charter = project.project(other)
            project.update_charter(
                other, charter.version, holidays=[date(2027, 2, 17)], goal="Theirs"
            )
        await type_into(pilot, form.query_one("#field-goal", TextArea), "Mine")
        await pilot.press("ctrl+s")
        general = form.query_one("#form-error", Static)
        await until(pilot, lambda: "Changed by other" in str(general.visual), what="the conflict")
        # Only the goal, which both changed; their holidays are no question.
        assert "Holidays" not in str(general.visual) and "Goal" in str(general.visual)
        await pilot.press("ctrl+t")
        assert form.query_one("#field-holidays", Input).value == "2027-02-17"
        assert form.query_one("#field-goal", TextArea).text == "Theirs"
        assert not form.dirty
    assert project.project(store).holidays == [date(2027, 2, 17)]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", {"budget": "¥1,200,000", "people": "2 persons", "equipment": "8 units"}),
        ("zh", {"budget": "¥1,200,000", "people": "2 人", "equipment": "8 台"}),
    ],
)
async def test_resource_amounts_show_their_unit_and_grouped_digits(
    demo_store: Store, lang: str, expected: dict[str, str]
) -> None:
    wanted = {"budget": 1_200_000, "people": 2, "equipment": 8}
    ids = {
        kind: next(
            r.id for r in project.resource_requests(demo_store) if r.kind == kind and r.amount == n
        )
        for kind, n in wanted.items()
    }
    with speaking(lang):
        app = XdeptApp(demo_store)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await show(pilot, "2", "CharterScreen")
            await to_tab(pilot, screen, "tab-needs")
            resources = screen.query_one("#resources", KeyedTable)
            await until(pilot, lambda: resources.row_count, what="the resource requests")
            rows = row_texts(resources)
            for kind, text in expected.items():
                assert rows[str(ids[kind])][3] == text
            assert not any("e+" in cells[3] for cells in rows.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_sign_offs_fit_80_columns_and_milestone_headers_differ(
    demo_store: Store, lang: str
) -> None:
    departments = {d.id: d.name for d in people.departments(demo_store)}
    with speaking(lang):
        app = XdeptApp(demo_store)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await show(pilot, "2", "CharterScreen")
            milestones = screen.query_one("#milestones", KeyedTable)
            labels = [str(c.label) for c in milestones.columns.values()]
            assert len(set(labels)) == len(labels), labels  # not "日期 日期"
            await to_tab(pilot, screen, "tab-signoffs")
            table = screen.query_one("#signoffs", KeyedTable)
            await until(pilot, lambda: table.row_count, what="the sign-offs")
            lines = screen_text(app).splitlines()
            for name in departments.values():
                row = next(line for line in lines if name in line)
                assert row.startswith(f" {name} ")  # the first column whole
            heading = next(line for line in lines if translate("Department") in line)
            for label, _full in DOCUMENTS.values():
                assert translate(label) in heading  # every document's column in view


async def test_deleting_a_milestone_with_linked_tasks_says_why_without_asking(
    demo_store: Store,
) -> None:
    milestone = project.milestones(demo_store)[0]
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        table = (await show(pilot, "2", "CharterScreen")).query_one("#milestones", KeyedTable)
        await until(pilot, lambda: table.row_count, what="the milestones")
        table.focus()
        assert table.seek(str(milestone.id))
        await pilot.press("d")
        said = f"“{milestone.name}” has 1 linked task: reassign or remove them first."
        await until(
            pilot,
            lambda: said in [n.message for n in notifications(app)],
            what="why not, at once",
        )
        assert not isinstance(app.screen, Confirm)
        assert milestone.id in {m.id for m in project.milestones(demo_store)}


def reads_of(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Every call of ``store.project.<name>`` from here on (the charter view reads it)."""
    calls: list[str] = []
    real = getattr(project, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(project, name, counted)
    return calls


async def rows_on(pilot, app: XdeptApp, tab: str, table_id: str, rows: int) -> KeyedTable:
    """Open the charter on ``tab``; its table ``table_id`` once it has ``rows`` rows."""
    screen = app.screen if isinstance(app.screen, CharterScreen) else await open_charter(pilot, app)
    await to_tab(pilot, screen, tab)
    table = screen.query_one(table_id, KeyedTable)
    await until(pilot, lambda: table.row_count == rows, what=f"{rows} rows in {table_id}")
    return table


async def came_back(pilot, seen: list[Message], entity: str) -> None:
    """Wait until the change to ``entity`` came back as DataChanged and was applied."""
    await until(
        pilot,
        lambda: any(isinstance(m, DataChanged) and m.touches(entity) for m in seen),
        what=f"the change to {entity} coming back",
    )
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_save_is_shown_once_from_its_change_not_read_again_by_the_screen(
    store: Store, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One way: the charter reads its requirements once for its own save (the change
    it made, coming back as DataChanged), not once more after the form closes."""
    reads = reads_of(monkeypatch, "requirements")
    seen: list[Message] = []
    app = XdeptApp(store)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        screen = await open_charter(pilot, app)  # all its parts read once
        await to_tab(pilot, screen, "tab-needs")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        form = app.screen
        form.query_one("#field-department_id", Select).value = team.rd.id
        await type_into(pilot, form.query_one("#field-text", TextArea), "3 rigs")
        reads.clear()
        await pilot.press("ctrl+s")
        table = screen.query_one("#requirements", KeyedTable)
        await until(pilot, lambda: table.row_count == 1, what="the new requirement")
        assert table.cursor_key == next(iter(row_texts(table)))
        await came_back(pilot, seen, "requirements")
    assert reads == ["requirements"]


async def test_an_approval_and_a_deletion_are_read_once_from_their_change(
    store: Store, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.propose_change(store, ChangeRequest(title="Add NFC"))
    changes = reads_of(monkeypatch, "change_requests")
    resources = reads_of(monkeypatch, "resource_requests")
    seen: list[Message] = []
    app = XdeptApp(store)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        table = await rows_on(pilot, app, "tab-changes", "#changes", 1)
        changes.clear()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: row_texts(table)["1"][0] == "✔ approved", what="the approval")
        await came_back(pilot, seen, "change_requests")
        assert changes == ["change_requests"]

        needs = await rows_on(pilot, app, "tab-needs", "#resources", 2)
        needs.focus()
        resources.clear()
        seen.clear()
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: needs.row_count == 1, what="the deletion")
        await came_back(pilot, seen, "resource_requests")
        assert resources == ["resource_requests"]


async def test_the_palette_goes_to_every_kind_of_charter_record(store: Store, team: Team) -> None:
    """app.goto (dashboard items, the palette's "go to") opens each record's tab with the
    cursor on it, from before the screen's first read and after it."""
    need = project.save_department_record(
        store, Requirement(department_id=team.sales.id, text="Demo units")
    )
    change = project.propose_change(store, ChangeRequest(title="Add NFC", requirement_id=need.id))
    (signed, *_rest) = project.signoffs(store)
    (milestone,) = project.milestones(store)
    gap = project.gaps(store)[0]
    places = [
        ("milestones", milestone.id, "tab-charter", "#milestones", str(milestone.id)),
        ("requirements", need.id, "tab-needs", "#requirements", str(need.id)),
        ("change_requests", change.id, "tab-changes", "#changes", str(change.id)),
        ("signoffs", signed.department_id, "tab-signoffs", "#signoffs", str(team.marketing.id)),
        ("resource_requests", gap.id, "tab-needs", "#resources", str(gap.id)),
        ("project", 1, "tab-charter", "#charter-text", None),
    ]
    app = XdeptApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for entity, record_id, tab, widget_id, key in places:
            app.goto(entity, record_id)
            await until(pilot, lambda: isinstance(app.screen, CharterScreen), what="the charter")
            screen = app.screen

            def there(screen=screen, tab=tab, widget_id=widget_id, key=key) -> bool:
                widget = screen.query_one(widget_id)
                return (
                    screen.query_one(TabbedContent).active == tab
                    and screen.focused is widget
                    and (key is None or widget.cursor_key == key)  # type: ignore[attr-defined]
                )

            await until(pilot, there, what=entity)
            # Focus moves a frame later: let it land before the next jump.
            await pilot.pause()
            assert there()


def test_every_charter_key_can_be_rebound_by_its_id() -> None:
    """The keymap knows the charter's keys, though its screen is a package of tabs."""
    from tui.keys import binding_ids

    ids = {b.id for b in CharterScreen.BINDINGS if isinstance(b, Binding)}
    assert len(ids) == 9
    assert ids <= binding_ids()
