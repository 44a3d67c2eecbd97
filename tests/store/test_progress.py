"""The weekly progress table (store.progress): counts by department, slips and their
causes, what changed since the last weekly meeting."""

from __future__ import annotations

from store import progress
from store.db import Store
from store.meetings import add_meeting, post_update
from store.models import DailyUpdate, Meeting, MeetingKind, MeetingStatus, Member, TaskStatus
from store.people import add_department, add_member
from store.tasks import set_baseline, update_task
from tests.store.helpers import FRI, MON, day, task


def test_weekly_progress_counts(store: Store) -> None:
    rd = add_department(store, "R&D")
    mk = add_department(store, "市场部")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    wang = add_member(store, Member(name="王芳", department_id=mk.id))
    add_meeting(
        store,
        Meeting(
            kind=MeetingKind.WEEKLY,
            title="Week 6",
            date=day(11, 17),
            status=MeetingStatus.PUBLISHED,
        ),
    )
    add_meeting(store, Meeting(kind=MeetingKind.WEEKLY, title="Week 7", date=day(11, 24)))
    due = {"owner_id": li.id, "department_id": rd.id}
    t1 = task(store, "Due, done", MON, day(11, 25), **due)
    task(store, "Due, open", MON, FRI, **due)
    t3 = task(store, "Late", day(11, 2), day(11, 13), owner_id=wang.id, department_id=mk.id)
    task(store, "Next week", day(11, 30), day(12, 2), **due)
    set_baseline(store)
    update_task(store, t1.id, 2, status=TaskStatus.DONE)
    update_task(store, t3.id, 2, status=TaskStatus.DOING)
    post_update(
        store,
        DailyUpdate(
            member_id=wang.id, date=day(11, 20), done="calls", blockers="waiting for 供应商"
        ),
    )
    report = progress.weekly_progress(store, MON)
    assert (report.monday, report.sunday) == (MON, day(11, 29))
    rows = {r.department: (r.planned, r.done, r.finished, r.overdue) for r in report.departments}
    assert rows == {"R&D": (2, 1, 1, 0), "市场部": (0, 0, 0, 1)}
    totals = report.totals
    assert (totals.planned, totals.done, totals.overdue) == (2, 1, 1)
    assert [(s.id, s.days, s.cause) for s in report.slipping] == [
        (t3.id, 6, "11-20 waiting for 供应商")
    ]
    assert report.since == day(11, 17)
    assert report.meeting == "Week 6"
    assert report.counts["tasks"]["create"] == 4
    assert report.counts["tasks"]["update"] >= 6
    assert any(c.entity == "baselines" for c in report.notable)
    assert any(
        c.entity == "tasks" and (c.after or {}).get("status") == "done" for c in report.notable
    )


def test_weekly_progress_without_a_meeting(store: Store) -> None:
    task(store, "A", MON, FRI)
    report = progress.weekly_progress(store, MON)
    assert report.since is None and report.counts == {} and report.notable == []
    assert report.slipping == []
