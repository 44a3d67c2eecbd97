"""One meeting read for its mode and minutes, and the rows of the meetings list."""

from __future__ import annotations

from datetime import date

from store.db import Store
from store.issues import add_issue
from store.meeting_plan import plan_meeting
from store.meeting_view import meeting_rows, meeting_view
from store.meetings import add_item, close_meeting, mark_present, start_meeting
from store.models import Issue, Meeting, MeetingItem, Member, Risk, Task
from store.people import add_department, add_member
from store.records import get
from store.risks import add_risk
from store.tasks import update_task

MON = date(2026, 11, 23)


def test_the_view_holds_items_names_attendance_and_what_was_raised(store: Store) -> None:
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, is_interface=True))
    wang = add_member(store, Member(name="Wang Fang", department_id=rd.id))
    first = plan_meeting(
        store, Meeting(title="W1", date=MON, start="10:00", attendees=[li.id, wang.id]), []
    )
    second = plan_meeting(store, Meeting(title="W2", date=date(2026, 11, 30)), [])
    add_item(store, MeetingItem(meeting_id=first.id, kind="decision", text="Go"))
    mark_present(store, first.id, li.id)
    add_risk(store, Risk(title="Supplier late", meeting_id=first.id))
    add_issue(store, Issue(title="No bench", meeting_id=first.id))

    view = meeting_view(store, first.id)

    assert [i.text for i in view.items] == ["Go"]
    assert view.names == {li.id: "Li Wei", wang.id: "Wang Fang"}
    assert view.departments == {rd.id: "R&D"}
    assert view.absent() == [wang.id]
    assert [r.title for r in view.risks] == ["Supplier late"]
    assert [i.title for i in view.issues] == ["No bench"]
    assert view.next is not None and view.next.id == second.id
    assert meeting_view(store, second.id).next is None


def test_rows_count_decisions_and_open_actions(store: Store, clock_at) -> None:
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    meeting = plan_meeting(store, Meeting(title="W", date=MON, start="10:00"), [])
    other = plan_meeting(store, Meeting(title="T", kind="topic", date=MON, start="11:00"), [])
    add_item(store, MeetingItem(meeting_id=meeting.id, kind="decision", text="Go"))
    due = date(2026, 12, 4)
    for text in ("a", "b"):
        add_item(
            store,
            MeetingItem(meeting_id=meeting.id, kind="action", text=text, owner_id=li.id, due=due),
        )
    done = get(store, Task, 1)
    update_task(store, done.id, done.version, status="done")

    rows = meeting_rows(store)
    assert [(r.title, r.decisions, r.open_actions) for r in rows] == [("T", 0, 0), ("W", 1, 1)]
    assert [r.id for r in meeting_rows(store, {meeting.id})] == [meeting.id]
    assert meeting_rows(store, set()) == []

    started = start_meeting(store, other.id, other.version)
    close_meeting(store, other.id, started.version)
    clock_at("2026-11-24T12:00:00+00:00")
    assert [(r.title, r.overdue) for r in meeting_rows(store)] == [("T", True), ("W", True)]
