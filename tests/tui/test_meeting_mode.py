"""Meeting mode: each key, the clock and its over-time marks at a given time, live
changes from others (the cursor and a half-typed form kept), who is here across
processes, and snapshots at 80×24 and 160×48."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from store import meetings, presence
from store.issues import issues
from store.meeting_plan import plan_meeting
from store.models import (
    IssueSource,
    ItemKind,
    Meeting,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
    Member,
    Risk,
    Task,
)
from store.people import interface_of, members
from store.records import find, get
from store.symbols import OVERTIME
from tests.tui.helpers import SIZE, notifications, ready, screen_text, until
from tui.app import XdeptApp
from tui.modals.form import RecordForm
from tui.modals.meeting_item import WhoIsHere
from tui.modals.quick_risk import QuickRiskLine
from tui.screens.meetings.mode import MeetingMode

DAY = date(2026, 11, 24)  # the day after the frozen clock's (conftest)
ROOT = Path(__file__).parents[2]


def plan(store, kind: MeetingKind = MeetingKind.WEEKLY, title: str = "") -> Meeting:
    """A meeting planned with its draft (a weekly: a report per department)."""
    return plan_meeting(
        store, Meeting(kind=kind, title=title or f"Our {kind.value}", date=DAY, start="10:00")
    )


def started(store, kind: MeetingKind = MeetingKind.WEEKLY) -> Meeting:
    meeting = plan(store, kind)
    return meetings.start_meeting(store, meeting.id, meeting.version)


async def open_mode(pilot: Pilot, meeting_id: int) -> MeetingMode:
    """Meeting mode over the meetings screen, as the list's ``enter`` opens it, loaded."""
    app = pilot.app
    await ready(pilot)
    app.switch_mode("meetings")
    await pilot.pause()
    mode = MeetingMode(meeting_id)
    app.push_screen(mode)
    await until(pilot, lambda: mode.view is not None and app.screen is mode, what="meeting mode")
    await pilot.pause()
    return mode


def entries(mode: MeetingMode) -> list[str]:
    """The right-hand list, one string per entry."""
    options = mode.items_list
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def cursor(mode: MeetingMode) -> str | None:
    option = mode.items_list.highlighted_option
    return option.id if option else None


def clock_line(mode: MeetingMode) -> str:
    return str(mode.query_one("#mode-clock", Static).visual)


async def form(pilot: Pilot, kind: type = RecordForm) -> RecordForm:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), what=kind.__name__)
    screen = pilot.app.screen
    assert isinstance(screen, RecordForm)
    return screen


async def type_text(pilot: Pilot, screen: RecordForm, field: str, text: str) -> None:
    widget = screen.query_one(f"#field-{field}")
    widget.focus()
    await pilot.pause()
    if isinstance(widget, TextArea):
        widget.insert(text)
    elif isinstance(widget, Input):
        widget.value = text
    await pilot.pause()


def choose(screen: RecordForm, field: str, value: object) -> None:
    screen.query_one(f"#field-{field}", Select).value = value


async def saved(pilot: Pilot, mode: MeetingMode) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: pilot.app.screen is mode, what="the form saved and closed")


# --- keys ------------------------------------------------------------------------------


async def test_s_starts_a_planned_meeting_and_the_clock_runs_on_its_first_point(
    demo_store,
) -> None:
    meeting = plan(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        assert "planned" in str(mode.query_one("#mode-title", Static).visual)
        assert "next_point" not in {b.binding.action for b in mode.active_bindings.values()}
        await pilot.press("s")
        await until(pilot, lambda: mode.view.meeting.status == MeetingStatus.IN_PROGRESS)
        first = meeting.agenda[0].title
        assert clock_line(mode).startswith(f"1/{len(meeting.agenda)} {first} 0:00 / 5:00")
        assert "◐ 1." in str(mode.query_one("#agenda-text", Static).visual)
        await until(pilot, lambda: "s" not in _shown_keys(mode), what="s hidden once started")


def _shown_keys(mode: MeetingMode) -> set[str]:
    return {
        b.binding.key for b in mode.active_bindings.values() if mode.check_action(
            b.binding.action, ()
        )
    }  # fmt: skip


async def test_a_point_and_the_meeting_over_time_are_marked_at_a_given_clock(
    demo_store, clock_at: Callable[[str], None]
) -> None:
    meeting = started(demo_store)  # at 09:00:00, the frozen clock
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        assert OVERTIME not in clock_line(mode)
        clock_at("2026-11-23T09:04:59+00:00")
        await until(pilot, lambda: "4:59 / 5:00" in clock_line(mode), what="the clock ticking")
        assert OVERTIME not in clock_line(mode)
        clock_at("2026-11-23T09:07:30+00:00")
        await until(pilot, lambda: OVERTIME in clock_line(mode), what="the point over")
        assert f"{OVERTIME} 7:30 / 5:00 +2:30" in clock_line(mode)
        assert "meeting 7:30 / 1:00:00" in clock_line(mode)
        await until(
            pilot,
            lambda: f"{OVERTIME} 7:30" in str(mode.query_one("#agenda-text", Static).visual),
            what="the agenda's point over",
        )
        clock_at("2026-11-23T10:01:00+00:00")
        await until(
            pilot,
            lambda: f"meeting {OVERTIME} 1:01:00 / 1:00:00 +1:00" in clock_line(mode),
            what="the meeting over",
        )
        # Marked by colour too: the error colour on the over-time text.
        spans = mode.query_one("#mode-clock", Static).visual.spans
        assert any("error" in str(span.style) for span in spans)


async def test_d_records_a_decision_under_the_current_point_literally(demo_store) -> None:
    meeting = started(demo_store)
    text = "[bold]ship[/] \x1b]0;x\x07 Friday"
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("D")
        screen = await form(pilot)
        await type_text(pilot, screen, "text", text)
        await saved(pilot, mode)
        decision = find(demo_store, MeetingItem, "kind = 'decision'")[-1]
        assert (decision.meeting_id, decision.agenda) == (meeting.id, 0)
        assert decision.text == "[bold]ship[/] ]0;x Friday"
        await until(pilot, lambda: cursor(mode) == f"item-{decision.id}", what="cursor on it")
        assert any("Decision: [bold]ship[/]" in e for e in entries(mode))


async def test_a_records_an_action_item_that_is_a_task_on_the_board(demo_store) -> None:
    meeting = started(demo_store)
    owner = members(demo_store)[2]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("A")
        screen = await form(pilot)
        await type_text(pilot, screen, "text", "Order the parts")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "required" in screen_text(app), what="owner and due asked")
        choose(screen, "owner_id", owner.id)
        await type_text(pilot, screen, "due", "2026-11-30")
        await saved(pilot, mode)
        action = find(demo_store, MeetingItem, "kind = 'action'", order_by="id")[-1]
        task = get(demo_store, Task, action.task_id or 0)
        assert (task.owner_id, task.end, task.title) == (owner.id, date(2026, 11, 30), action.text)
        await until(pilot, lambda: any(f"task #{task.id}" in e for e in entries(mode)))


async def test_r_types_a_risk_raised_in_the_meeting(demo_store) -> None:
    meeting = started(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, QuickRiskLine), what="the line")
        await pilot.press(*"Supplier may slip p4 i4", "enter")
        await until(pilot, lambda: app.screen is mode, what="saved")
        risk = find(demo_store, Risk, order_by="id")[-1]
        assert (risk.title, risk.meeting_id) == ("Supplier may slip", meeting.id)
        await until(pilot, lambda: any("Supplier may slip" in e for e in entries(mode)))
        # The r of every screen stays a risk of no meeting.
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, QuickRiskLine), what="the line")
        await pilot.press(*"Unrelated", "enter")
        await until(pilot, lambda: app.screen is mode, what="saved")
        assert find(demo_store, Risk, order_by="id")[-1].meeting_id is None


async def test_i_raises_an_issue_from_the_meeting(demo_store) -> None:
    meeting = started(demo_store)
    owner = members(demo_store)[1]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("I")
        screen = await form(pilot)
        await type_text(pilot, screen, "title", "Test rig broken")
        choose(screen, "owner_id", owner.id)
        await type_text(pilot, screen, "due", "2026-11-26")
        await saved(pilot, mode)
        issue = issues(demo_store)[-1]
        assert (issue.title, issue.source, issue.meeting_id, issue.owner_id) == (
            "Test rig broken",
            IssueSource.MEETING,
            meeting.id,
            owner.id,
        )
        await until(pilot, lambda: any("Test rig broken" in e for e in entries(mode)))


async def test_n_records_a_note_and_e_edits_a_report(demo_store) -> None:
    meeting = started(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("N")
        await type_text(pilot, await form(pilot), "text", "Lab booked")
        await saved(pilot, mode)
        assert find(demo_store, MeetingItem, "kind = 'note'")[-1].text == "Lab booked"
        report = next(
            i
            for i in meetings.items(demo_store, meeting.id)
            if i.kind == ItemKind.REPORT and i.department_id == meeting.agenda[0].department_id
        )
        mode.show_record("meeting_items", report.id)
        await pilot.press("e")
        screen = await form(pilot)
        needs = screen.query_one("#field-needs", TextArea)
        needs.text = "Two testers from QA"
        await saved(pilot, mode)
        assert get(demo_store, MeetingItem, report.id).needs == "Two testers from QA"
        await until(pilot, lambda: any("Two testers from QA" in e for e in entries(mode)))
        assert cursor(mode) == f"item-{report.id}"


async def test_space_and_p_move_and_someone_who_moved_first_is_said(
    demo_store, other_store
) -> None:
    meeting = started(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("space")
        await until(pilot, lambda: mode.view.meeting.current == 1, what="the next point")
        assert clock_line(mode).startswith(f"2/{len(meeting.agenda)} {meeting.agenda[1].title}")
        await pilot.press("p")
        await until(pilot, lambda: mode.view.meeting.current == 0, what="back to the first")
        # Someone moves on while this app still shows point 1: its move is refused.
        meetings.move_to(other_store, meeting.id, 0, 2)
        await until(pilot, lambda: mode.view.meeting.current == 2, what="following them")
        mode.view.meeting.current = 0  # as if their move had not arrived yet
        await pilot.press("space")
        await until(
            pilot,
            lambda: any(
                "already moved on to" in n.message and meeting.agenda[2].title in n.message
                for n in notifications(app)
            ),
            what="where the meeting is",
        )
        assert get(demo_store, Meeting, meeting.id).current == 2


async def test_a_marks_the_points_interface_person_or_asks_who(demo_store) -> None:
    meeting = started(demo_store)
    person = interface_of(demo_store, meeting.agenda[0].department_id or 0)
    assert person is not None
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("a")
        await until(pilot, lambda: person.id in get(demo_store, Meeting, meeting.id).present)
        await until(pilot, lambda: "present 1/" in clock_line(mode), what="the count")
        last = len(meeting.agenda) - 1  # "Decisions and other business": no department
        meetings.move_to(demo_store, meeting.id, 0, last)
        await until(pilot, lambda: mode.view.meeting.current == last, what="the last point")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WhoIsHere), what="who is here?")
        picker = app.screen
        assert isinstance(picker, WhoIsHere)
        first = picker.choices[0][1]
        await pilot.press("enter")
        await until(pilot, lambda: first in get(demo_store, Meeting, meeting.id).present)


async def test_c_closes_after_asking_shows_the_minutes_and_escape_goes_back(demo_store) -> None:
    meeting = started(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("c")
        await until(pilot, lambda: app.screen is not mode, what="the question")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is mode, what="kept open")
        assert get(demo_store, Meeting, meeting.id).status == MeetingStatus.IN_PROGRESS
        await pilot.press("c")
        await until(pilot, lambda: app.screen is not mode, what="the question")
        await pilot.press("y")
        await until(pilot, lambda: type(app.screen).__name__ == "MinutesScreen", what="minutes")
        assert get(demo_store, Meeting, meeting.id).status == MeetingStatus.CLOSED
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen", what="back")
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen", what="back")


async def test_a_review_judges_criteria_and_records_the_acceptance(demo_store) -> None:
    meeting = started(demo_store, MeetingKind.REVIEW)
    criteria = [i for i in meetings.items(demo_store, meeting.id) if i.kind == "criterion"]
    assert criteria
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        for number, item in enumerate(criteria):
            mode.show_record("meeting_items", item.id)
            await pilot.press("m")
            screen = await form(pilot)
            choose(screen, "met", True)
            await type_text(pilot, screen, "evidence", f"report {number}")
            await saved(pilot, mode)
            await until(pilot, lambda i=item: get(demo_store, MeetingItem, i.id).met is True)
        await until(pilot, lambda: any("report 0" in e for e in entries(mode)))
        await pilot.press("V")
        await until(pilot, lambda: app.screen is not mode, what="the question")
        await pilot.press("y")
        await until(pilot, lambda: get(demo_store, Meeting, meeting.id).accepted_at is not None)
        await until(pilot, lambda: "V" not in _shown_keys(mode), what="V gone once accepted")


async def test_acceptance_with_a_criterion_not_met_asks_for_the_exceptions(demo_store) -> None:
    meeting = started(demo_store, MeetingKind.REVIEW)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_mode(pilot, meeting.id)
        await pilot.press("V")
        screen = await form(pilot)
        assert screen.query_one("#field-exceptions", TextArea)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "required" in screen_text(app), what="exceptions required")
        assert get(demo_store, Meeting, meeting.id).accepted_at is None


async def test_a_retrospective_records_went_well_and_to_improve(demo_store) -> None:
    meeting = started(demo_store, MeetingKind.RETROSPECTIVE)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        for key, text in (("G", "Daily sync worked"), ("T", "Start reviews earlier")):
            await pilot.press(key)
            await type_text(pilot, await form(pilot), "text", text)
            await saved(pilot, mode)
        kinds = [(i.kind, i.text) for i in meetings.items(demo_store, meeting.id)]
        assert (ItemKind.WENT_WELL, "Daily sync worked") in kinds
        assert (ItemKind.TO_IMPROVE, "Start reviews earlier") in kinds
        await until(pilot, lambda: any("To improve: Start" in e for e in entries(mode)))


async def test_help_lists_every_key_of_a_running_weekly(demo_store) -> None:
    from tui.modals.help import HelpScreen

    meeting = started(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, meeting.id)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        text = screen_text(app)
        keys = ("Decision", "Action item", "Risk", "Issue", "Note", "Next point")
        more = ("Previous point", "Mark present", "Close meeting", "Edit", "Back")
        for said in keys + more:
            assert said in text, said


# --- live ----------------------------------------------------------------------------------


async def test_others_items_and_moves_arrive_and_the_cursor_stays(demo_store, other_store) -> None:
    meeting = started(demo_store)
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        options = mode.items_list
        options.highlighted = len(entries(mode)) - 1
        await pilot.pause()
        kept = cursor(mode)
        added = meetings.add_item(
            other_store,
            MeetingItem(meeting_id=meeting.id, kind=ItemKind.DECISION, agenda=0, text="Theirs"),
        )
        await until(pilot, lambda: any("Theirs" in e for e in entries(mode)), what="their item")
        assert cursor(mode) == kept
        assert entries(mode).index(next(e for e in entries(mode) if "Theirs" in e)) < (
            options.highlighted or 0
        )
        meetings.update_item(other_store, added.id, added.version, text="Theirs, edited")
        await until(pilot, lambda: any("Theirs, edited" in e for e in entries(mode)))
        assert cursor(mode) == kept
        meetings.move_to(other_store, meeting.id, 0, 1)
        await until(pilot, lambda: clock_line(mode).startswith("2/"), what="the point followed")


async def test_a_half_typed_form_survives_what_others_record(demo_store, other_store) -> None:
    meeting = started(demo_store)
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("N")
        screen = await form(pilot)
        await pilot.press(*"half typ")
        meetings.add_item(
            other_store,
            MeetingItem(meeting_id=meeting.id, kind=ItemKind.DECISION, agenda=0, text="Theirs"),
        )
        meetings.move_to(other_store, meeting.id, 0, 1)
        await until(pilot, lambda: clock_line(mode).startswith("2/"), what="shown under the form")
        assert app.screen is screen
        assert screen.query_one("#field-text", TextArea).text == "half typ"
        await pilot.press(*"ed")
        await saved(pilot, mode)
        note = find(demo_store, MeetingItem, "kind = 'note'")[-1]
        assert note.text == "half typed"


def record_a_decision(path: str, meeting_id: str, text: str) -> None:
    """Another user's app (a process of its own): meeting mode, D, the text, ctrl+s."""
    from store.db import Store

    async def run() -> None:
        with Store(Path(path), "wangfang") as store:
            app = XdeptApp(store)
            async with app.run_test(size=SIZE) as pilot:
                mode = await open_mode(pilot, int(meeting_id))
                await pilot.press("D")
                screen = await form(pilot)
                await type_text(pilot, screen, "text", text)
                await saved(pilot, mode)
                print("saved", flush=True)

    asyncio.run(run())


def child(*code: str) -> list[str]:
    """The command line of a Python process running ``code`` from this test module."""
    return [sys.executable, "-c", "; ".join(("import sys", *code))]


@pytest.mark.slow
async def test_a_decision_typed_in_another_process_appears_while_a_form_is_half_typed(
    demo_store, demo_db
) -> None:
    meeting = started(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await pilot.press("A")
        screen = await form(pilot)
        await pilot.press(*"Book the lab")
        env = {**os.environ, "XDEPT_CONFIG": str(demo_db.with_name("other.json"))}
        code = (
            "from tests.tui.test_meeting_mode import record_a_decision",
            "record_a_decision(*sys.argv[1:])",
        )
        done = await asyncio.to_thread(
            subprocess.run,
            [*child(*code), str(demo_db), str(meeting.id), "Theirs: ship on Friday"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=ROOT,
        )
        assert done.returncode == 0 and "saved" in done.stdout, done.stderr[-3000:]
        await until(
            pilot,
            lambda: any("Theirs: ship on Friday" in e for e in entries(mode)),
            tries=300,
            what="their decision in this app's meeting mode",
        )
        assert app.screen is screen
        assert screen.query_one("#field-text", TextArea).text == "Book the lab"


def sit_in_the_meeting(path: str, meeting_id: str) -> None:
    """Another user's app in meeting mode until its stdin closes, then it quits."""
    from store.db import Store

    async def run() -> None:
        with Store(Path(path), "wangfang") as store:
            app = XdeptApp(store)
            async with app.run_test(size=SIZE) as pilot:
                await open_mode(pilot, int(meeting_id))
                record = f"meetings:{meeting_id}"
                await until(pilot, lambda: presence.here(store, record), what="its beat")
                print("here", flush=True)
                await asyncio.to_thread(sys.stdin.read)

    asyncio.run(run())


@pytest.mark.slow
async def test_who_is_here_comes_and_goes_across_processes(
    demo_store, demo_db, clock_at: Callable[[str], None]
) -> None:
    meeting = started(demo_store)
    wang = next(m for m in members(demo_store) if m.login == "wangfang")
    env = {**os.environ, "XDEPT_CONFIG": str(demo_db.with_name("other.json"))}
    code = (
        "from tests.tui.test_meeting_mode import sit_in_the_meeting",
        "sit_in_the_meeting(*sys.argv[1:])",
    )
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await until(pilot, lambda: "here: " in clock_line(mode), what="this app itself")
        assert wang.name not in clock_line(mode)

        def start() -> subprocess.Popen:
            return subprocess.Popen(
                [*child(*code), str(demo_db), str(meeting.id)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=ROOT,
                text=True,
            )

        other = start()
        try:
            assert other.stdout is not None and other.stdin is not None
            assert (await asyncio.to_thread(other.stdout.readline)).strip() == "here"
            await until(pilot, lambda: wang.name in clock_line(mode), tries=300, what="arrived")
            other.stdin.close()  # it quits and leaves
            await asyncio.to_thread(other.wait, 60)
            await until(pilot, lambda: wang.name not in clock_line(mode), tries=300, what="left")
            crashed = start()
            assert crashed.stdout is not None
            assert (await asyncio.to_thread(crashed.stdout.readline)).strip() == "here"
            await until(pilot, lambda: wang.name in clock_line(mode), tries=300, what="again")
            crashed.send_signal(signal.SIGKILL)  # gone without leaving
            await asyncio.to_thread(crashed.wait, 60)
            clock_at("2026-11-23T09:00:30+00:00")
            await pilot.pause(1.5)
            assert wang.name in clock_line(mode)  # silent for 30 s: still counted
            clock_at("2026-11-23T09:00:46+00:00")
            await until(pilot, lambda: wang.name not in clock_line(mode), tries=300, what="gone")
        finally:
            for proc in (other, locals().get("crashed")):
                if proc is not None and proc.poll() is None:
                    proc.kill()


async def test_the_app_says_where_it_is_and_leaves_at_exit(demo_store) -> None:
    meeting = plan(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: presence.here(demo_store), what="the first beat")
        assert [(h.login, h.screen, h.record) for h in presence.here(demo_store)] == [
            ("tester", "dashboard", "")
        ]
        mode = await open_mode(pilot, meeting.id)
        record = f"meetings:{meeting.id}"
        await until(pilot, lambda: presence.here(demo_store, record), what="in the meeting")
        await pilot.press("N")
        await form(pilot)
        await until(
            pilot,
            lambda: presence.here(demo_store, record)[0].editing == "meeting_items:",
            what="the form said",
        )
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is mode, what="back")
        me = presence.here(demo_store)[0]
        assert me.member_id == next(
            (m.id for m in members(demo_store) if m.login == "tester"), None
        )
    assert presence.here(demo_store) == []


async def test_a_read_only_app_writes_no_heartbeat(demo_db) -> None:
    from store.db import Store

    with Store(demo_db, "tester", read_only=True) as store:
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.pause(0.2)
            assert not app.presence.started
            assert presence.here(store) == []


# --- snapshots ---------------------------------------------------------------------------


async def running_weekly(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, XdeptApp)
    store = app.store
    meeting = started(store)
    meetings.mark_present(store, meeting.id, meeting.attendees[0])
    meetings.add_item(
        store,
        MeetingItem(meeting_id=meeting.id, kind=ItemKind.DECISION, agenda=0, text="Ship beta"),
    )
    mode = await open_mode(pilot, meeting.id)
    await until(pilot, lambda: "here: " in clock_line(mode), what="who is here")
    await until(pilot, lambda: any("Ship beta" in e for e in entries(mode)), what="the item")


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.mark.parametrize("size", SIZES)
def test_meeting_mode_snapshot(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=running_weekly)


def test_members_are_read_from_the_view_not_again(demo_store) -> None:
    """The forms' member choices come from the meeting's view: attendees first."""
    from store.meeting_view import meeting_view
    from tui.modals.meeting_item import members as choices

    meeting = plan(demo_store)
    view = meeting_view(demo_store, meeting.id)
    ids = [i for _name, i in choices(view)]
    attendees = len(meeting.attendees)
    assert set(ids[:attendees]) == set(meeting.attendees)
    assert len(ids) == len(find(demo_store, Member))


async def test_items_recorded_by_others_cost_no_health_run(
    demo_store, other_store, monkeypatch
) -> None:
    """Every item of a meeting reaches every app in it: the health (a critical-path
    run) is not worked out again for them, as it counts none."""
    from store import health
    from tests.tui.helpers import Counted, settled

    meeting = started(demo_store)
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_mode(pilot, meeting.id)
        await settled(pilot)
        await until(pilot, lambda: not app._health_stale, what="the health read")
        counted = Counted(health.health)
        monkeypatch.setattr(health, "health", counted)
        meetings.add_item(
            other_store,
            MeetingItem(meeting_id=meeting.id, kind=ItemKind.NOTE, agenda=0, text="Theirs"),
        )
        await until(pilot, lambda: any("Theirs" in e for e in entries(mode)), what="the item")
        assert not app._health_stale and counted.calls == 0
