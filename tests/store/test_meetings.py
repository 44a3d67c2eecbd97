"""Meetings, their items, publishing minutes, action items as tasks, and daily updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from store import changes
from store.db import Store
from store.errors import Conflict, Invalid, NotFound
from store.meetings import (
    action_to_task,
    add_item,
    add_meeting,
    add_update,
    delete_item,
    delete_meeting,
    delete_update,
    edit_update,
    items,
    meetings,
    missing_updates,
    set_status,
    unpublished_overdue,
    update_item,
    update_meeting,
    updates,
)
from store.models import DailyUpdate, Department, Meeting, MeetingItem, MeetingStatus, Member, Task
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


def test_an_action_item_becomes_a_linked_task(store: Store, weekly: Meeting, team: Team) -> None:
    item = add_item(store, action(weekly, team.wang, "Order the benches\nTwo of them"))
    task = action_to_task(store, item.id, item.version)
    assert (task.title, task.owner_id, task.department_id) == (
        "Order the benches",
        team.wang.id,
        team.rd.id,
    )
    assert (task.start, task.end, task.deliverable) == (MON, date(2026, 12, 4), item.text)
    assert get(store, MeetingItem, item.id).task_id == task.id
    assert get(store, Task, task.id) == task
    with pytest.raises(Invalid, match=f"already task #{task.id}"):
        action_to_task(store, item.id, item.version + 1)
    assert count(store, Task) == 1


def test_deleting_the_task_unlinks_the_action_item_in_the_log(
    store: Store, weekly: Meeting, team: Team
) -> None:
    item = add_item(store, action(weekly, team.li))
    task = action_to_task(store, item.id, item.version)
    delete_task(store, task.id)
    assert get(store, MeetingItem, item.id).task_id is None
    assert changes.history(store, "meeting_items", item.id)[-1].after == {
        "task_id": None,
        "version": 3,
    }


def test_only_action_items_become_tasks(store: Store, weekly: Meeting) -> None:
    note = add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="n"))
    with pytest.raises(Invalid, match="only an action item"):
        action_to_task(store, note.id, note.version)
    assert count(store, Task) == 0


def test_a_stale_action_item_makes_no_task(store: Store, weekly: Meeting, team: Team) -> None:
    item = add_item(store, action(weekly, team.li))
    update_item(store, item.id, item.version, text="Order three benches")
    with pytest.raises(Conflict):
        action_to_task(store, item.id, item.version)
    assert count(store, Task) == 0


def test_closing_publishes_the_minutes(store: Store, weekly: Meeting, team: Team) -> None:
    weekly = set_status(store, weekly.id, weekly.version, MeetingStatus.IN_PROGRESS)
    assert (weekly.status, weekly.closed_at) == ("in_progress", None)
    weekly = set_status(store, weekly.id, weekly.version, MeetingStatus.CLOSED)
    assert (weekly.status, weekly.closed_at) == ("published", "2026-11-23T09:00:00+00:00")


def test_published_minutes_take_no_new_items(store: Store, weekly: Meeting, team: Team) -> None:
    weekly = set_status(store, weekly.id, weekly.version, MeetingStatus.PUBLISHED)
    with pytest.raises(Invalid, match="'Weekly' are published; reopen it first"):
        add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="late"))
    assert items(store, weekly.id) == []
    weekly = set_status(store, weekly.id, weekly.version, MeetingStatus.IN_PROGRESS)
    assert add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="late")).id == 1


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
    set_status(store, meeting.id, meeting.version, MeetingStatus.CLOSED)
    assert unpublished_overdue(store, now) == []


def test_unpublished_overdue_at_a_given_time(store: Store) -> None:
    meeting = add_meeting(store, Meeting(title="m", date=MON, start="10:00"))
    assert unpublished_overdue(store) == []
    later = datetime(2026, 11, 24, 10, 1).astimezone()  # the host's wall clock
    assert [m.id for m in unpublished_overdue(store, later)] == [meeting.id]


def test_daily_updates_crud(store: Store, team: Team) -> None:
    mine = add_update(
        store, DailyUpdate(member_id=team.li.id, date=MON, done="Spec", next="Review")
    )
    add_update(store, DailyUpdate(member_id=team.wang.id, date=MON, done="Bench"))
    add_update(store, DailyUpdate(member_id=team.li.id, date=SUN, done="Prep"))
    assert [u.done for u in updates(store, MON)] == ["Bench", "Spec"]
    assert [u.done for u in updates(store, member_id=team.li.id)] == ["Spec", "Prep"]
    mine = edit_update(store, mine.id, mine.version, blockers="Waiting for QA")
    assert get(store, DailyUpdate, mine.id).blockers == "Waiting for QA"
    delete_update(store, mine.id, mine.version)
    assert [u.done for u in updates(store, member_id=team.li.id)] == ["Prep"]


def test_an_update_needs_an_existing_member(store: Store) -> None:
    with pytest.raises(NotFound, match="member 9 not found"):
        add_update(store, DailyUpdate(member_id=9, date=MON, done="x"))
    assert count(store, DailyUpdate) == 0


def test_missing_updates_are_interface_persons_without_one(store: Store, team: Team) -> None:
    qa = add_department(store, "QA")
    zhao = add_member(store, Member(name="Zhao", department_id=qa.id, is_interface=True))
    assert [m.id for m in missing_updates(store)] == [team.li.id, zhao.id]
    add_update(store, DailyUpdate(member_id=zhao.id, date=MON, done="Tests"))
    add_update(store, DailyUpdate(member_id=team.li.id, date=SUN, done="Yesterday"))
    assert [m.id for m in missing_updates(store)] == [team.li.id]
    assert [m.id for m in missing_updates(store, SUN)] == [zhao.id]
    # Someone who is not an interface person is never chased.
    assert team.wang.id not in [m.id for m in missing_updates(store)]
