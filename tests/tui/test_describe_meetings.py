"""How running a meeting reads in the change log's sentences and field values, in
English and Chinese: each step of a meeting says what happened, not "edited"."""

from __future__ import annotations

from datetime import date

from store import changes
from store.db import Store
from store.meeting_plan import judge, plan_meeting
from store.meetings import (
    add_item,
    close_meeting,
    mark_present,
    move_to,
    publish_minutes,
    start_meeting,
)
from store.models import AgendaItem, Meeting, MeetingItem, Member
from store.people import add_department, add_member
from tui.describe import describe_change, field_value
from tui.i18n import set_language

MON = date(2026, 11, 23)


def run_a_meeting(store: Store) -> list[str]:
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    agenda = [AgendaItem(title="Reports"), AgendaItem(title="Decisions")]
    meeting = plan_meeting(
        store, Meeting(kind="review", title="Review", date=MON, start="10:00", agenda=agenda), []
    )
    cursor = changes.cursor(store)
    meeting = start_meeting(store, meeting.id, meeting.version)
    mark_present(store, meeting.id, li.id)
    move_to(store, meeting.id, 0, 1)
    add_item(
        store,
        MeetingItem(meeting_id=meeting.id, kind="report", department_id=rd.id, done="Spec"),
    )
    criterion = add_item(
        store, MeetingItem(meeting_id=meeting.id, kind="criterion", text="Runs an hour")
    )
    judge(store, criterion.id, criterion.version, False, "")
    add_item(store, MeetingItem(meeting_id=meeting.id, kind="went_well", text="Daily sync"))
    meeting = close_meeting(store, meeting.id, store.scalar("SELECT version FROM meetings"))
    publish_minutes(store, meeting.id, meeting.version)
    found = changes.since(store, cursor)
    labels = changes.labels(store, [(c.entity, c.record_id) for c in found])
    return [describe_change(c, "Li Wei", labels.get((c.entity, c.record_id), "")) for c in found]


def test_each_step_of_a_meeting_says_what_happened(store: Store) -> None:
    assert run_a_meeting(store) == [
        "Li Wei started meeting Review",
        "Li Wei marked who is present at Review",
        "Li Wei moved Review on to agenda item 2",
        "Li Wei added a report to a meeting: Spec",
        "Li Wei added a success criterion to a meeting: Runs an hour",
        "Li Wei marked Runs an hour not met",
        "Li Wei added what went well to a meeting: Daily sync",
        "Li Wei closed meeting Review",
        "Li Wei published the minutes of Review",
    ]


def test_in_chinese(store: Store) -> None:
    set_language("zh")
    said = run_a_meeting(store)
    assert said[0] == "Li Wei 开始了会议 Review"
    assert said[4] == "Li Wei 在会议中添加了成功标准：Runs an hour"
    assert said[-1] == "Li Wei 发布了 Review 的纪要"


def test_new_fields_read_as_words() -> None:
    agenda = [{"title": "Reports", "minutes": 5}, {"title": "决议", "minutes": 5}]
    assert field_value("meetings", "agenda", agenda) == "Reports · 决议"
    assert field_value("meeting_items", "met", True) == "yes"
    assert field_value("meeting_items", "kind", "to_improve") == "to improve"
    set_language("zh")
    assert field_value("meeting_items", "met", False) == "否"
    assert field_value("meeting_items", "kind", "went_well") == "做得好的"
    assert field_value("meetings", "status", "published") == "已发布"
