"""Screen 7's Meetings tab, the plan form and the minutes: every key, each draft as the
form shows it, live refresh keeping the cursor, and user text shown literally."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from store import clock
from store.meeting_plan import default_attendees, open_actions_before
from store.meetings import (
    add_item,
    close_meeting,
    delete_item,
    items,
    meetings,
    start_meeting,
)
from store.models import Change, ItemKind, Meeting, MeetingItem, MeetingKind, MeetingStatus
from store.records import get
from tests.tui.helpers import (
    notifications,
    ready,
    row_texts,
    screen_text,
    settled,
    show,
    until,
)
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.line_prompt import LinePrompt
from tui.modals.meeting_form import MeetingForm
from tui.screens.meetings.meetings_tab import MeetingsTab
from tui.screens.meetings.minutes import MinutesScreen

SIZE = (120, 40)


async def open_meetings(pilot) -> MeetingsTab:
    await ready(pilot)
    screen = await show(pilot, "7", "MeetingsScreen")
    tab = screen.query_one(MeetingsTab)
    await until(pilot, lambda: tab.loaded and tab.table.row_count, what="the meetings")
    return tab


def detail_text(tab: MeetingsTab) -> str:
    return str(tab.query_one("#meetings-detail-text", Static).content)


async def detail_of(pilot, tab: MeetingsTab, meeting_id: int) -> str:
    tab.show_record("meetings", meeting_id)
    await until(
        pilot,
        lambda: tab.view is not None and tab.view.meeting.id == meeting_id,
        what=f"the detail of #{meeting_id}",
    )
    await pilot.pause()
    return detail_text(tab)


def planned(store, kind=MeetingKind.TOPIC, title="Supplier slip", days=3) -> Meeting:
    from store.meeting_plan import draft, plan_meeting

    day = clock.today() + timedelta(days=days)
    drafted = draft(store, kind, day)
    meeting = Meeting(
        kind=kind, title=title, date=day, agenda=drafted.agenda, attendees=drafted.attendees
    )
    return plan_meeting(store, meeting, [])


def closed_with_decision(store, title="Decided") -> Meeting:
    meeting = planned(store, title=title)
    meeting = start_meeting(store, meeting.id, meeting.version)
    add_item(store, MeetingItem(meeting_id=meeting.id, kind=ItemKind.DECISION, text="Go ahead"))
    return close_meeting(store, meeting.id, get(store, Meeting, meeting.id).version)


# -- the list --------------------------------------------------------------------------
async def test_the_list_shows_every_meeting_newest_first_with_its_counts(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        rows = row_texts(tab.table)
        everyone = meetings(demo_store)
        assert list(rows) == [str(m.id) for m in everyone]  # newest first
        published = next(m for m in everyone if m.status == MeetingStatus.PUBLISHED)
        decisions = sum(i.kind == ItemKind.DECISION for i in items(demo_store, published.id))
        cells = rows[str(published.id)]
        assert cells[4] == "✔ published"
        assert cells[5] == str(decisions)
        assert cells[1] == published.date.isoformat() and cells[2] == published.start
        assert cells[7] == "weekly" and cells[8] == str(published.planned_minutes)


async def test_the_detail_shows_agenda_attendance_and_counts(demo_store) -> None:
    meeting = closed_with_decision(demo_store)
    from store.meetings import mark_present

    mark_present(demo_store, meeting.id, default_attendees(demo_store)[0])
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        text = await detail_of(pilot, tab, meeting.id)
        assert "Agenda" in text and "Problem" in text  # a topic meeting's draft agenda
        assert "Present (1)" in text and f"Absent ({len(meeting.attendees) - 1})" in text
        assert "Decision 1" in text
        assert "☐ closed" in text and "◐1." not in text


async def test_the_detail_marks_the_point_a_running_meeting_is_on(demo_store) -> None:
    from store.meetings import move_to

    meeting = planned(demo_store)
    started = start_meeting(demo_store, meeting.id, meeting.version)
    move_to(demo_store, meeting.id, 0, 1)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        text = await detail_of(pilot, tab, meeting.id)
        assert f"◐2. {started.agenda[1].title}" in text and " 1. " in text


async def test_another_apps_item_updates_only_its_meeting_and_the_cursor_stays(
    demo_store, other_store, monkeypatch
) -> None:
    from store import meeting_list, meeting_view

    meeting = planned(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        oldest = meetings(demo_store)[-1]
        tab.show_record("meetings", oldest.id)
        await pilot.pause()
        asked: list[set[int] | None] = []
        read = meeting_view.meeting_rows

        def rows(store, ids=None):
            asked.append(ids)
            return read(store, ids)

        monkeypatch.setattr(meeting_list, "meeting_rows", rows)
        monkeypatch.setattr(meeting_view, "meeting_rows", rows)
        started = start_meeting(other_store, meeting.id, meeting.version)
        item = MeetingItem(meeting_id=started.id, kind="decision", text="Ship")
        decided = add_item(other_store, item)
        await until(pilot, lambda: row_texts(tab.table)[str(meeting.id)][5] == "1")
        delete_item(other_store, decided.id)  # gone: its meeting is known from the log's row
        await until(pilot, lambda: row_texts(tab.table)[str(meeting.id)][5] == "0")
        await settled(pilot)
        assert row_texts(tab.table)[str(meeting.id)][4] == "◐ in progress"
        assert tab.table.cursor_key == str(oldest.id)
        # The changed meeting read alone, never the whole list.
        assert asked and all(ids == {meeting.id} for ids in asked), asked


# -- n: plan a meeting, each kind's draft as the form shows it ----------------------------
async def open_plan_form(pilot, tab: MeetingsTab) -> MeetingForm:
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, MeetingForm), what="the form")
    form = pilot.app.screen
    assert isinstance(form, MeetingForm)
    await until(pilot, lambda: form.drafted, what="the draft")
    return form


def field(form: MeetingForm, name: str):
    return form.query_one(f"#field-{name}")


async def test_n_plans_a_weekly_meeting_with_each_departments_report(demo_store) -> None:
    from store.people import departments

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        form = await open_plan_form(pilot, tab)
        assert field(form, "kind").value == "weekly"
        assert field(form, "planned_minutes").value == "45"
        assert field(form, "attendees").selected == default_attendees(demo_store)
        agenda = field(form, "agenda").text
        names = [d.name for d in departments(demo_store)]
        assert all(name in agenda for name in names)
        shown = str(field(form, "prefill").content)
        assert shown.count("Report:") == len(names)
        carried = open_actions_before(demo_store, clock.today() + timedelta(days=1))
        assert carried  # the demo's weeklies left some open
        assert shown.count("Carried action:") == min(len(carried), 12 - len(names))
        assert carried[0].text.splitlines()[0][:20] in shown
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, MeetingForm), what="saved")
        newest = max(meetings(demo_store), key=lambda m: m.id)
        assert newest.kind == MeetingKind.WEEKLY and newest.planned_minutes == 45
        reports = [i for i in items(demo_store, newest.id) if i.kind == ItemKind.REPORT]
        assert {i.department_id for i in reports} == {d.id for d in departments(demo_store)}
        assert any(p.department_id for p in newest.agenda)  # the report points keep theirs
        await until(pilot, lambda: tab.table.cursor_key == str(newest.id), what="the cursor")


async def choose_kind(pilot, form: MeetingForm, kind: str) -> None:
    before = dict(form.drafted)
    field(form, "kind").value = kind
    await until(pilot, lambda: form.drafted != before, what=f"the {kind} draft")


async def test_a_kickoff_comes_filled_in_from_the_charter(demo_store) -> None:
    from store.project import project as get_project

    project = get_project(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        form = await open_plan_form(pilot, tab)
        await choose_kind(pilot, form, "kickoff")
        assert field(form, "planned_minutes").value == "90"
        assert field(form, "title").value.startswith("Kick-off meeting")
        shown = str(field(form, "prefill").content)
        assert project.goal.splitlines()[0][:20] in shown
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, MeetingForm), what="saved")
        newest = max(meetings(demo_store), key=lambda m: m.id)
        assert newest.kind == MeetingKind.KICKOFF
        assert any(project.goal[:20] in i.text for i in items(demo_store, newest.id))


async def test_a_review_lists_the_charters_success_criteria(demo_store) -> None:
    from store.meeting_plan import criteria_lines
    from store.project import project as get_project

    criteria = criteria_lines(get_project(demo_store).success_criteria)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        form = await open_plan_form(pilot, tab)
        await choose_kind(pilot, form, "review")
        assert field(form, "planned_minutes").value == "60"
        shown = str(field(form, "prefill").content)
        assert shown.count("Success criterion:") == len(criteria)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, MeetingForm), what="saved")
        newest = max(meetings(demo_store), key=lambda m: m.id)
        saved = [i.text for i in items(demo_store, newest.id) if i.kind == ItemKind.CRITERION]
        assert saved == criteria


async def test_a_typed_title_stays_when_the_kind_changes(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        form = await open_plan_form(pilot, tab)
        field(form, "title").value = "Battery crisis"
        await choose_kind(pilot, form, "topic")
        assert field(form, "title").value == "Battery crisis"
        assert field(form, "planned_minutes").value == "30"


async def test_a_meeting_in_the_past_is_refused_and_the_typing_kept(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        form = await open_plan_form(pilot, tab)
        field(form, "date").value = (clock.today() - timedelta(days=2)).isoformat()
        count = len(meetings(demo_store))
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error", Static)
        await until(pilot, lambda: "past" in str(error.content), what="the refusal")
        assert isinstance(app.screen, MeetingForm) and len(meetings(demo_store)) == count


# -- W, e, d, enter -------------------------------------------------------------------------
async def test_W_plans_the_next_weekly_a_week_later_at_the_same_time(demo_store) -> None:
    weekly = next(m for m in meetings(demo_store) if m.kind == MeetingKind.WEEKLY)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        tab.show_record("meetings", weekly.id)
        await pilot.press("W")
        day = weekly.date + timedelta(days=7)
        await until(pilot, lambda: any(m.date == day for m in meetings(demo_store)))
        new = next(m for m in meetings(demo_store) if m.date == day)
        assert new.start == weekly.start and new.kind == MeetingKind.WEEKLY
        await until(pilot, lambda: tab.table.cursor_key == str(new.id), what="the cursor")


async def test_e_edits_the_title_and_d_deletes_after_asking(demo_store) -> None:
    meeting = planned(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        await detail_of(pilot, tab, meeting.id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm), what="the form")
        form = app.screen
        assert field(form, "title").value == "Supplier slip"
        field(form, "title").value = "Supplier slip, again"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: row_texts(tab.table)[str(meeting.id)][3].endswith("again"))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: str(meeting.id) not in row_texts(tab.table))
        assert all(m.id != meeting.id for m in meetings(demo_store))


async def test_enter_opens_meeting_mode_or_the_minutes(demo_store) -> None:
    meeting = planned(demo_store)
    done = next(m for m in meetings(demo_store) if m.status == MeetingStatus.PUBLISHED)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        await detail_of(pilot, tab, meeting.id)
        assert app.screen.active_bindings["enter"].binding.id == "meetings.open"  # footer, help
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingMode")
        assert app.screen.meeting_id == meeting.id
        app.pop_screen()
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
        await detail_of(pilot, tab, done.id)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MinutesScreen))
        assert app.screen.meeting_id == done.id


# -- P and M, here and on the minutes ------------------------------------------------------
async def test_P_publishes_the_minutes_saying_who_and_when(demo_store) -> None:
    meeting = closed_with_decision(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        await detail_of(pilot, tab, meeting.id)
        await pilot.press("P")
        await until(pilot, lambda: row_texts(tab.table)[str(meeting.id)][4] == "✔ published")
        said = [str(n.message) for n in notifications(app)]
        assert any("published by 杨帆 at" in s for s in said), said
        assert get(demo_store, Meeting, meeting.id).published_by == "tester"


async def test_P_on_an_open_meeting_is_refused_in_words(demo_store) -> None:
    meeting = planned(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        await detail_of(pilot, tab, meeting.id)
        await pilot.press("P")
        await until(
            pilot, lambda: any("before publishing" in str(n.message) for n in notifications(app))
        )
        assert get(demo_store, Meeting, meeting.id).status == MeetingStatus.PLANNED


async def test_M_writes_the_minutes_and_asks_before_replacing(
    demo_store, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    meeting = closed_with_decision(demo_store)
    name = f"minutes-{meeting.id}-{meeting.date.isoformat()}.md"
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        await detail_of(pilot, tab, meeting.id)
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt), what="the prompt")
        await pilot.press("enter")
        await until(pilot, (tmp_path / name).exists, what="the file")
        assert "Go ahead" in (tmp_path / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text("mine", encoding="utf-8")
        await until(pilot, lambda: not isinstance(app.screen, LinePrompt))
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt), what="the prompt")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("n")  # keep it: the name is asked again
        await until(pilot, lambda: isinstance(app.screen, LinePrompt), what="the prompt")
        assert (tmp_path / name).read_text(encoding="utf-8") == "mine"
        prompt = app.screen
        prompt.query_one("#path-input").value = "no/such/folder/x.md"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt))
        error = app.screen.query_one("#path-error", Static)
        await until(pilot, lambda: "does not exist" in str(error.content), what="the error")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, LinePrompt))
        assert not (tmp_path / "no").exists()


async def test_M_over_ssh_writes_no_file_on_the_host_and_says_how_to_get_the_minutes(
    demo_store, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDEPT_SERVED", "1")  # as xdept-tui serve starts the app
    meeting = closed_with_decision(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        tab = await open_meetings(pilot)
        await detail_of(pilot, tab, meeting.id)
        await pilot.press("M")
        said = f"ask someone there to run: xdept-tui export minutes {meeting.id}"
        await until(pilot, lambda: any(said in str(n.message) for n in notifications(app)))
        assert not isinstance(app.screen, LinePrompt)
    assert not list(tmp_path.glob("*.md"))


async def test_the_minutes_screen_publishes_and_follows_new_items(demo_store, other_store) -> None:
    meeting = closed_with_decision(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.push_screen(MinutesScreen(meeting.id))
        await until(pilot, lambda: "Go ahead" in screen_text(app), what="the minutes")
        add_item(other_store, MeetingItem(meeting_id=meeting.id, kind="note", text="Late note"))
        await until(pilot, lambda: "Late note" in screen_text(app), what="another's item")
        from store.quick_risk import add_quick_risk

        add_quick_risk(other_store, "Late supplier", meeting_id=meeting.id)
        await until(pilot, lambda: "Late supplier" in screen_text(app), what="a risk raised")
        await pilot.press("P")
        await until(pilot, lambda: "published by 杨帆" in screen_text(app), what="published")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, MinutesScreen))


# -- links from elsewhere ----------------------------------------------------------------------
async def choose_on_dashboard(pilot, section: str, option_id: str) -> None:
    """Highlight an item of a dashboard section and press enter on it."""
    from textual.widgets import OptionList

    box = pilot.app.screen.query_one(f"#list-{section}", OptionList)
    await until(pilot, lambda: box.get_option(option_id), what=option_id)
    box.highlighted = box.get_option_index(option_id)
    box.focus()
    await pilot.press("enter")


async def test_the_dashboards_minutes_line_opens_the_meeting_here(demo_store, clock_at) -> None:
    meeting = closed_with_decision(demo_store)
    clock_at((clock.today() + timedelta(days=5)).isoformat() + "T09:00:00+00:00")
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await choose_on_dashboard(pilot, "minutes", f"meetings:{meeting.id}")
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
        await until(
            pilot,
            lambda: app.screen.query_one(MeetingsTab).table.cursor_key == str(meeting.id),
            what="the cursor on the meeting",
        )


async def test_the_palettes_meeting_hit_opens_the_meeting_here(demo_store) -> None:
    from tests.tui.helpers import open_palette

    meeting = planned(demo_store, title="Zebra supplier crisis")
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot, "Zebra supplier")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
        await until(
            pilot,
            lambda: app.screen.query_one(MeetingsTab).table.cursor_key == str(meeting.id),
            what="the cursor on the meeting",
        )


# -- user text is data ---------------------------------------------------------------------------
HOSTILE = "[bold]x[/] \x1b[2J\x1b]52;c;aGk=\x07 [@click=app.quit]q[/]"


async def test_hostile_text_shows_literally_in_the_list_detail_and_minutes(demo_store) -> None:
    meeting = planned(demo_store, title=HOSTILE)
    start = start_meeting(demo_store, meeting.id, meeting.version)
    add_item(demo_store, MeetingItem(meeting_id=start.id, kind="decision", text=HOSTILE))
    close_meeting(demo_store, meeting.id, get(demo_store, Meeting, meeting.id).version)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 48)) as pilot:
        tab = await open_meetings(pilot)
        text = await detail_of(pilot, tab, meeting.id)
        assert "[bold]x[/]" in text and "\x1b" not in text
        assert "[bold]x[/]" in row_texts(tab.table)[str(meeting.id)][3]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MinutesScreen))
        await until(pilot, lambda: "[@click=app.quit]q[/]" in screen_text(app), what="minutes")
        assert "\x1b" not in screen_text(app)
        assert app.is_running


def test_agenda_lines_keep_departments_and_read_minutes() -> None:
    from tui.modals.meeting_form import agenda_text, parse_agenda

    before = [{"title": "R&D", "minutes": 5, "department_id": 3, "spent": 0}]
    assert agenda_text(before) == "R&D · 5"
    parsed = parse_agenda("R&D · 8\nRisks\n\n  Budget · 12  ", before)
    assert parsed == [
        {"title": "R&D", "minutes": 8, "department_id": 3, "spent": 0},
        {"title": "Risks", "minutes": 5, "department_id": None, "spent": 0},
        {"title": "Budget", "minutes": 12, "department_id": None, "spent": 0},
    ]


async def test_read_only_hides_every_key_that_writes(demo_db) -> None:
    from store.db import Store

    with Store(demo_db, "tester", read_only=True) as store:
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            tab = await open_meetings(pilot)
            shown = {b.binding.id for b in app.screen.active_bindings.values() if b.enabled}
            assert "meetings.write" in shown
            assert not shown & {"meetings.new", "meetings.next_weekly", "meetings.publish"}
            count = tab.table.row_count
            await pilot.press("n", "u")
            await pilot.pause()
            assert not isinstance(app.screen, MeetingForm) and tab.table.row_count == count
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: app.screen.tab.id == "updates", what="the updates")
            shown = {b.binding.id for b in app.screen.active_bindings.values() if b.enabled}
            assert not shown & {"updates.issue", "updates.risk", "update.mine"}


async def test_a_change_of_many_tasks_reads_every_meeting_again(demo_store, monkeypatch) -> None:
    from store import meeting_list, meeting_view
    from tui.messages import DataChanged
    from tui.screens.meetings import meetings_tab

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_meetings(pilot)
        await settled(pilot)
        asked: list[object] = []
        changed, rows = meeting_list.changed_rows, meeting_view.meeting_rows

        def looked_up(store, meetings, items, tasks):
            asked.append(("tasks", len(tasks)))
            return changed(store, meetings, items, tasks)

        def every(store, ids=None):
            asked.append(("rows", ids))
            return rows(store, ids)

        monkeypatch.setattr(meeting_list, "changed_rows", looked_up)
        monkeypatch.setattr(meeting_view, "meeting_rows", every)
        many = meetings_tab.FULL_RELOAD + 1
        shifted = [
            Change(
                id=i,
                at="",
                actor="x",
                entity="tasks",
                record_id=i,
                op="update",
                before={},
                after={},
            )
            for i in range(1, many + 1)
        ]
        tab.apply_changes(DataChanged(shifted))
        await settled(pilot)
        assert asked == [("rows", None)]  # read whole once, not looked up by 501 task ids
        tab.apply_changes(DataChanged(shifted[:3]))
        await settled(pilot)
        assert asked[1:] == [("tasks", 3)]


async def test_M_on_the_minutes_writes_them_where_asked(demo_store, tmp_path) -> None:
    meeting = closed_with_decision(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.push_screen(MinutesScreen(meeting.id))
        await until(pilot, lambda: "Go ahead" in screen_text(app), what="the minutes")
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt), what="the prompt")
        app.screen.query_one("#path-input").value = str(tmp_path / "weekly.md")
        await pilot.press("enter")
        await until(pilot, (tmp_path / "weekly.md").exists, what="the file")
        assert (tmp_path / "weekly.md").stat().st_mode & 0o777 == 0o660
        await until(pilot, lambda: isinstance(app.screen, MinutesScreen), what="back")
