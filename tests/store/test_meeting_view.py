"""One meeting read for its mode and minutes, and the rows of the meetings list."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.db import Store
from store.issues import add_issue
from store.meeting_plan import plan_meeting
from store.meeting_view import meeting_rows, meeting_view, with_own_items
from store.meetings import (
    add_item,
    close_meeting,
    delete_item,
    mark_present,
    start_meeting,
    update_item,
)
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


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["add", "edit", "delete"]), st.integers(0, 1), st.integers()),
        min_size=1,
        max_size=8,
    )
)
def test_items_applied_from_the_change_log_equal_the_meeting_read_again(
    store: Store, steps: list[tuple[str, int, int]]
) -> None:
    """What meeting mode shows live without a read is what a read would show, or it
    asks for the read."""
    from store import changes

    meetings = [plan_meeting(store, Meeting(title=t, date=MON), []) for t in ("A", "B")]
    mine = meetings[0].id
    view = meeting_view(store, mine)
    cursor = changes.since(store, 0)[-1].id
    for n, (op, which, pick) in enumerate(steps):
        meeting_id = meetings[which].id
        present = meeting_view(store, meeting_id).items
        if op == "add" or not present:
            add_item(store, MeetingItem(meeting_id=meeting_id, kind="note", text=f"Note {n}"))
        elif op == "edit":
            item = present[pick % len(present)]
            update_item(store, item.id, item.version, text=f"Edited {n}")
        else:
            delete_item(store, present[pick % len(present)].id)
        fresh = changes.since(store, cursor)
        cursor = fresh[-1].id
        applied = with_own_items(view, fresh)
        read_again = meeting_view(store, mine)
        if applied is None:
            assert any(c.entity == "meeting_items" for c in fresh)
            applied = read_again
        assert [i.model_dump() for i in applied.items] == [i.model_dump() for i in read_again.items]
        view = applied
