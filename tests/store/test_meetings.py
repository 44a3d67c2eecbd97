"""Meetings, their items, publishing minutes, action items as tasks, and daily updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from store import changes
from store.db import Store
from store.errors import Conflict, Invalid, NotFound
from store.meetings import (
    action_to_task,
    add_item,
    add_meeting,
    close_meeting,
    delete_item,
    delete_meeting,
    delete_update,
    edit_update,
    issue_from_blocker,
    items,
    mark_present,
    meetings,
    missing_updates,
    move_to,
    post_update,
    publish_minutes,
    start_meeting,
    unpublished_overdue,
    update_item,
    update_meeting,
    update_of,
    updates,
)
from store.models import (
    AgendaItem,
    DailyUpdate,
    Department,
    Issue,
    Meeting,
    MeetingItem,
    Member,
    Task,
)
from store.people import add_department, add_member
from store.records import count, get
from store.tasks import delete_task

MON = date(2026, 11, 23)  # "today"; the clock says 09:00 UTC
SUN = date(2026, 11, 22)


@dataclass
class Team:
    rd: Department
    li: Member
    wang: Member


@pytest.fixture
def team(store: Store) -> Team:
    rd = add_department(store, "R&D")
    return Team(
        rd=rd,
        li=add_member(store, Member(name="Li Wei", department_id=rd.id, is_interface=True)),
        wang=add_member(store, Member(name="Wang Fang", department_id=rd.id)),
    )


@pytest.fixture
def weekly(store: Store, team: Team) -> Meeting:
    return add_meeting(
        store,
        Meeting(title="Weekly", date=MON, start="08:30", attendees=[team.li.id, team.wang.id]),
    )


def action(meeting: Meeting, owner: Member, text: str = "Order the benches") -> MeetingItem:
    return MeetingItem(
        meeting_id=meeting.id, kind="action", text=text, owner_id=owner.id, due=date(2026, 12, 4)
    )


def test_meetings_crud(store: Store, weekly: Meeting, team: Team) -> None:
    kickoff = add_meeting(store, Meeting(kind="kickoff", title="Kick-off", date=SUN))
    assert [m.title for m in meetings(store)] == ["Weekly", "Kick-off"]
    assert get(store, Meeting, weekly.id).attendees == [team.li.id, team.wang.id]
    weekly = update_meeting(store, weekly.id, weekly.version, planned_minutes=30, attendees=[1])
    assert (weekly.planned_minutes, weekly.attendees, weekly.version) == (30, [1], 2)
    delete_meeting(store, kickoff.id, kickoff.version)
    assert [m.title for m in meetings(store)] == ["Weekly"]


def test_items_are_added_at_the_end(store: Store, weekly: Meeting, team: Team) -> None:
    report = add_item(
        store,
        MeetingItem(meeting_id=weekly.id, kind="report", department_id=team.rd.id, done="Spec"),
    )
    decision = add_item(store, MeetingItem(meeting_id=weekly.id, kind="decision", text="Go"))
    todo = add_item(store, action(weekly, team.li))
    assert [report.position, decision.position, todo.position] == [1, 2, 3]
    update_item(store, todo.id, todo.version, position=0)
    assert [i.kind for i in items(store, weekly.id)] == ["action", "report", "decision"]
    delete_item(store, decision.id, decision.version)
    assert add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="n")).position == 2


def test_an_item_needs_an_existing_meeting(store: Store) -> None:
    with pytest.raises(NotFound, match="meeting 9 not found"):
        add_item(store, MeetingItem(meeting_id=9, kind="note", text="n"))
    assert count(store, MeetingItem) == 0


def test_deleting_a_meeting_deletes_its_items_each_logged(
    store: Store, weekly: Meeting, team: Team
) -> None:
    first = add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="a"))
    second = add_item(store, action(weekly, team.li))
    cursor = changes.cursor(store)
    delete_meeting(store, weekly.id)
    assert count(store, MeetingItem) == 0
    assert [(c.entity, c.record_id, c.op) for c in changes.since(store, cursor)] == [
        ("meeting_items", first.id, "delete"),
        ("meeting_items", second.id, "delete"),
        ("meetings", weekly.id, "delete"),
    ]


def test_an_action_item_is_a_linked_task_at_once(store: Store, weekly: Meeting, team: Team) -> None:
    item = add_item(store, action(weekly, team.wang, "Order the benches\nTwo of them"))
    assert item.task_id is not None
    task = get(store, Task, item.task_id)
    assert (task.title, task.owner_id, task.department_id) == (
        "Order the benches",
        team.wang.id,
        team.rd.id,
    )
    assert (task.start, task.end, task.deliverable) == (MON, date(2026, 12, 4), item.text)
    with pytest.raises(Invalid, match=f"already task #{task.id}"):
        action_to_task(store, item.id, item.version)
    assert count(store, Task) == 1


def _unlinked(store: Store, item: MeetingItem) -> MeetingItem:
    """An action item without its task, as older minutes and the demo's hold them."""
    with store.transaction() as tx:
        return tx.insert(item)


def test_an_older_action_item_becomes_a_linked_task(
    store: Store, weekly: Meeting, team: Team
) -> None:
    item = _unlinked(store, action(weekly, team.wang))
    task = action_to_task(store, item.id, item.version)
    assert (task.owner_id, task.end) == (team.wang.id, date(2026, 12, 4))
    assert get(store, MeetingItem, item.id).task_id == task.id


def test_deleting_the_task_unlinks_the_action_item_in_the_log(
    store: Store, weekly: Meeting, team: Team
) -> None:
    item = add_item(store, action(weekly, team.li))
    assert item.task_id is not None
    delete_task(store, item.task_id)
    assert get(store, MeetingItem, item.id).task_id is None
    assert changes.history(store, "meeting_items", item.id)[-1].after == {
        "task_id": None,
        "version": 2,
    }


def test_only_action_items_become_tasks(store: Store, weekly: Meeting) -> None:
    note = add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="n"))
    with pytest.raises(Invalid, match="only an action item"):
        action_to_task(store, note.id, note.version)
    assert count(store, Task) == 0


def test_a_stale_action_item_makes_no_task(store: Store, weekly: Meeting, team: Team) -> None:
    item = _unlinked(store, action(weekly, team.li))
    update_item(store, item.id, item.version, text="Order three benches")
    with pytest.raises(Conflict):
        action_to_task(store, item.id, item.version)
    assert count(store, Task) == 0


def _run(store: Store, meeting: Meeting) -> Meeting:
    return start_meeting(store, meeting.id, meeting.version)


def test_a_meeting_starts_closes_and_its_minutes_are_published(
    store: Store, weekly: Meeting, team: Team
) -> None:
    weekly = _run(store, weekly)
    assert (weekly.status, weekly.started_at) == ("in_progress", "2026-11-23T09:00:00+00:00")
    weekly = close_meeting(store, weekly.id, weekly.version)
    assert (weekly.status, weekly.closed_at) == ("closed", "2026-11-23T09:00:00+00:00")
    with pytest.raises(Invalid, match="'Weekly' has nothing recorded: no minutes to publish"):
        publish_minutes(store, weekly.id, weekly.version)
    add_item(store, MeetingItem(meeting_id=weekly.id, kind="decision", text="Go"))
    weekly = publish_minutes(store, weekly.id, weekly.version)
    assert (weekly.status, weekly.published_by) == ("published", store.actor)
    assert weekly.published_at == "2026-11-23T09:00:00+00:00"
    with pytest.raises(Invalid, match="already published"):
        publish_minutes(store, weekly.id, weekly.version)


def test_a_meeting_never_started_is_not_closed(store: Store, weekly: Meeting) -> None:
    """Else its draft (the pre-filled reports) would be published as minutes."""
    with pytest.raises(Invalid, match="'Weekly' has not started: start it first"):
        close_meeting(store, weekly.id, weekly.version)
    assert get(store, Meeting, weekly.id).status == "planned"


def test_minutes_are_published_only_after_the_meeting_closed(store: Store, weekly: Meeting) -> None:
    add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="n"))
    with pytest.raises(Invalid, match="close 'Weekly' before publishing its minutes"):
        publish_minutes(store, weekly.id, weekly.version)
    assert get(store, Meeting, weekly.id).status == "planned"


def test_the_agenda_clock_counts_each_items_time(
    store: Store, weekly: Meeting, clock_at: Any
) -> None:
    agenda = [AgendaItem(title="R&D", minutes=5), AgendaItem(title="Sales", minutes=5)]
    weekly = update_meeting(store, weekly.id, weekly.version, agenda=agenda)
    weekly = _run(store, weekly)
    clock_at("2026-11-23T09:07:00+00:00")
    weekly = move_to(store, weekly.id, seen=0, to=1)
    assert ([a.spent for a in weekly.agenda], weekly.current) == ([420, 0], 1)
    clock_at("2026-11-23T09:10:00+00:00")
    weekly = close_meeting(store, weekly.id, weekly.version)
    assert ([a.spent for a in weekly.agenda], weekly.current_since) == ([420, 180], None)


def test_moving_on_from_an_item_someone_already_left_writes_nothing(
    store: Store, weekly: Meeting
) -> None:
    agenda = [AgendaItem(title="R&D"), AgendaItem(title="Sales"), AgendaItem(title="AOB")]
    weekly = _run(store, update_meeting(store, weekly.id, weekly.version, agenda=agenda))
    moved = move_to(store, weekly.id, seen=0, to=1)
    with pytest.raises(Invalid, match="already moved on to 'Sales'"):
        move_to(store, weekly.id, seen=0, to=1)
    with pytest.raises(Invalid, match="no item 4"):
        move_to(store, weekly.id, seen=1, to=3)
    assert get(store, Meeting, weekly.id).version == moved.version


def test_two_people_marked_present_from_stale_rows_both_count(
    store: Store, weekly: Meeting, team: Team
) -> None:
    mark_present(store, weekly.id, team.li.id)
    meeting = mark_present(store, weekly.id, team.wang.id)
    assert meeting.present == [team.li.id, team.wang.id]
    assert mark_present(store, weekly.id, team.li.id, present=False).present == [team.wang.id]


def test_published_minutes_take_no_new_items(store: Store, weekly: Meeting, team: Team) -> None:
    add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="first"))
    weekly = close_meeting(store, weekly.id, _run(store, weekly).version)
    weekly = publish_minutes(store, weekly.id, weekly.version)
    with pytest.raises(Invalid, match="'Weekly' are published"):
        add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="late"))
    assert [i.text for i in items(store, weekly.id)] == ["first"]


@pytest.mark.parametrize(
    ("held", "start", "overdue"),
    [
        (SUN, "08:59", True),
        (SUN, "09:00", False),
        (SUN, "10:00", False),
        (date(2026, 11, 1), "10:00", True),
    ],
)
def test_minutes_not_published_within_24_hours_are_flagged(
    store: Store, held: date, start: str, overdue: bool
) -> None:
    meeting = add_meeting(store, Meeting(title="m", date=held, start=start))
    # Meetings are held at the host's wall-clock time, whatever its time zone.
    now = datetime(2026, 11, 23, 9, 0).astimezone()
    assert [m.id for m in unpublished_overdue(store, now)] == ([meeting.id] if overdue else [])
    add_item(store, MeetingItem(meeting_id=meeting.id, kind="note", text="n"))
    meeting = close_meeting(store, meeting.id, _run(store, meeting).version)
    publish_minutes(store, meeting.id, meeting.version)
    assert unpublished_overdue(store, now) == []


def test_minutes_are_due_24_hours_after_the_meeting_closed(
    store: Store, weekly: Meeting, clock_at: Any
) -> None:
    weekly = _run(store, weekly)
    clock_at("2026-11-23T12:00:00+00:00")  # it ran long
    close_meeting(store, weekly.id, weekly.version)
    assert unpublished_overdue(store, datetime(2026, 11, 24, 11, 59, tzinfo=UTC)) == []
    late = unpublished_overdue(store, datetime(2026, 11, 24, 12, 1, tzinfo=UTC))
    assert [m.id for m in late] == [weekly.id]


def test_unpublished_overdue_at_a_given_time(store: Store) -> None:
    meeting = add_meeting(store, Meeting(title="m", date=MON, start="10:00"))
    assert unpublished_overdue(store) == []
    later = datetime(2026, 11, 24, 10, 1).astimezone()  # the host's wall clock
    assert [m.id for m in unpublished_overdue(store, later)] == [meeting.id]


def test_daily_updates_crud(store: Store, team: Team) -> None:
    mine = post_update(
        store, DailyUpdate(member_id=team.li.id, date=MON, done="Spec", next="Review")
    )
    post_update(store, DailyUpdate(member_id=team.wang.id, date=MON, done="Bench"))
    post_update(store, DailyUpdate(member_id=team.li.id, date=SUN, done="Prep"))
    assert [u.done for u in updates(store, MON)] == ["Bench", "Spec"]
    assert [u.done for u in updates(store, member_id=team.li.id)] == ["Spec", "Prep"]
    mine = edit_update(store, mine.id, mine.version, blockers="Waiting for QA")
    assert get(store, DailyUpdate, mine.id).blockers == "Waiting for QA"
    delete_update(store, mine.id, mine.version)
    assert [u.done for u in updates(store, member_id=team.li.id)] == ["Prep"]


def test_an_update_needs_an_existing_member(store: Store) -> None:
    with pytest.raises(NotFound, match="member 9 not found"):
        post_update(store, DailyUpdate(member_id=9, date=MON, done="x"))
    assert count(store, DailyUpdate) == 0


def test_missing_updates_are_interface_persons_without_one(store: Store, team: Team) -> None:
    qa = add_department(store, "QA")
    zhao = add_member(store, Member(name="Zhao", department_id=qa.id, is_interface=True))
    assert [m.id for m in missing_updates(store)] == [team.li.id, zhao.id]
    post_update(store, DailyUpdate(member_id=zhao.id, date=MON, done="Tests"))
    post_update(store, DailyUpdate(member_id=team.li.id, date=SUN, done="Yesterday"))
    assert [m.id for m in missing_updates(store)] == [team.li.id]
    assert [m.id for m in missing_updates(store, SUN)] == [zhao.id]
    # Someone who is not an interface person is never chased.
    assert team.wang.id not in [m.id for m in missing_updates(store)]


def test_a_second_update_the_same_day_is_refused_naming_the_first(store: Store, team: Team) -> None:
    first = post_update(store, DailyUpdate(member_id=team.li.id, date=MON, done="Spec"))
    with pytest.raises(
        Invalid, match=rf"Li Wei already posted the update of 2026-11-23 \(#{first.id}\)"
    ) as refused:
        post_update(store, DailyUpdate(member_id=team.li.id, date=MON, done="Again"))
    assert refused.value.params["id"] == first.id
    assert [u.done for u in updates(store)] == ["Spec"]
    assert update_of(store, team.li.id, MON) == first
    assert update_of(store, team.li.id, SUN) is None


def test_a_blocker_becomes_an_issue_linked_to_its_update(store: Store, team: Team) -> None:
    update = post_update(
        store,
        DailyUpdate(member_id=team.li.id, date=MON, done="x", blockers="No bench\nSince Friday"),
    )
    issue = issue_from_blocker(store, update.id, team.wang.id, date(2026, 11, 25))
    assert (issue.title, issue.description) == ("No bench", "No bench\nSince Friday")
    assert (issue.source, issue.update_id, issue.owner_id) == ("update", update.id, team.wang.id)
    assert (issue.department_id, issue.raised, issue.due) == (team.rd.id, MON, date(2026, 11, 25))
    with pytest.raises(Invalid, match=rf"already issue #{issue.id}"):
        issue_from_blocker(store, update.id, team.wang.id, date(2026, 11, 25))
    calm = post_update(store, DailyUpdate(member_id=team.wang.id, date=MON, done="y"))
    with pytest.raises(Invalid, match="names no blocker"):
        issue_from_blocker(store, calm.id, team.wang.id, date(2026, 11, 25))
    assert count(store, Issue) == 1


def test_an_item_raised_during_the_meeting_is_under_the_current_point(
    store: Store, team: Team
) -> None:
    agenda = [AgendaItem(title="Reports"), AgendaItem(title="Decisions")]
    meeting = add_meeting(store, Meeting(title="W", date=MON, agenda=agenda))
    before = add_item(store, MeetingItem(meeting_id=meeting.id, kind="note", text="early"))
    meeting = start_meeting(store, meeting.id, meeting.version)
    move_to(store, meeting.id, 0, 1)
    during = add_item(store, MeetingItem(meeting_id=meeting.id, kind="decision", text="Go"))
    placed = add_item(
        store, MeetingItem(meeting_id=meeting.id, kind="note", text="on reports", agenda=0)
    )
    assert (before.agenda, during.agenda, placed.agenda) == (None, 1, 0)
