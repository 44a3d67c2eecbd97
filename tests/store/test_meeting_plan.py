"""Planning meetings: who comes, the pre-filled agenda and items of each kind, the
next weekly meeting, carried action items, and a review's criteria and acceptance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from store.db import Store
from store.errors import Invalid, NotFound
from store.meeting_plan import (
    PLANNED_MINUTES,
    accept_project,
    carried_actions,
    default_attendees,
    draft,
    judge,
    next_weekly,
    plan_meeting,
)
from store.meetings import add_item, items, post_update
from store.models import (
    DailyUpdate,
    Department,
    ItemKind,
    Meeting,
    MeetingItem,
    MeetingKind,
    Member,
    Milestone,
    ResourceRequest,
    Task,
)
from store.people import add_department, add_member
from store.project import add_milestone, project, save_department_record, update_charter
from store.records import count, get
from store.tasks import add_task, update_task

MON = date(2026, 11, 23)  # the frozen clock's day (09:00 UTC)
NEXT_MON = date(2026, 11, 30)


@dataclass
class Team:
    rd: Department
    qa: Department
    pm: Member
    li: Member
    zhao: Member
    head: Member


@pytest.fixture
def team(store: Store) -> Team:
    rd = add_department(store, "R&D")
    qa = add_department(store, "QA")
    pm = add_member(store, Member(name="Chen Jie", department_id=rd.id, is_pm=True))
    li = add_member(
        store, Member(name="Li Wei", department_id=rd.id, is_interface=True, duties="Spec")
    )
    zhao = add_member(store, Member(name="Zhao Min", department_id=qa.id, is_interface=True))
    head = add_member(store, Member(name="Sun Hao", department_id=qa.id, is_head=True, login="sun"))
    charter = project(store)
    update_charter(
        store,
        charter.version,
        pm_member_id=pm.id,
        sponsor_department_id=qa.id,
        goal="Ship the bench",
        scope_in="Bench and tests",
        success_criteria="- First run passes\n\n2. Cost ≤ budget\n",
    )
    return Team(rd=rd, qa=qa, pm=pm, li=li, zhao=zhao, head=head)


def weekly(store: Store, day: date, start: str = "10:00", **fields) -> Meeting:
    return plan_meeting(
        store,
        Meeting(kind=MeetingKind.WEEKLY, title=f"Weekly {day}", date=day, start=start),
        **fields,
    )


def test_attendees_are_the_pm_then_each_departments_interface_person(
    store: Store, team: Team
) -> None:
    # Departments in name order: QA before R&D.
    assert default_attendees(store) == [team.pm.id, team.zhao.id, team.li.id]


def test_planned_minutes_of_each_kind() -> None:
    assert PLANNED_MINUTES[MeetingKind.WEEKLY] == 45
    assert set(PLANNED_MINUTES) == set(MeetingKind)


def test_a_weekly_draft_reports_done_plan_and_needs_per_department(
    store: Store, team: Team, clock_at
) -> None:
    clock_at("2026-11-16T08:00:00+00:00")
    weekly(store, date(2026, 11, 16))  # the last weekly
    clock_at("2026-11-23T08:00:00+00:00")
    done = add_task(store, Task(title="Spec", owner_id=team.li.id, start=MON, end=MON))
    update_task(store, done.id, done.version, status="done")  # actual_end = today
    old = add_task(store, Task(title="Old", owner_id=team.li.id, start=date(2026, 11, 9), end=MON))
    update_task(store, old.id, old.version, status="done", actual_end=date(2026, 11, 16))
    add_task(store, Task(title="Bench", owner_id=team.li.id, start=MON, end=date(2026, 11, 27)))
    add_task(store, Task(title="Later", owner_id=team.li.id, start=MON, end=NEXT_MON))
    add_task(store, Task(title="Tests", owner_id=team.zhao.id, start=MON, end=MON))
    save_department_record(
        store,
        ResourceRequest(
            department_id=team.rd.id, kind="equipment", description="Two benches", status="gap"
        ),
    )
    post_update(
        store,
        DailyUpdate(member_id=team.li.id, date=MON, done="x", blockers="Supplier late"),
    )
    post_update(
        store,
        DailyUpdate(member_id=team.zhao.id, date=date(2026, 11, 16), done="x", blockers="Old"),
    )

    plan = draft(store, MeetingKind.WEEKLY, MON)

    assert plan.title == "Weekly meeting 2026-11-23"
    assert plan.planned_minutes == 45
    assert plan.attendees == [team.pm.id, team.zhao.id, team.li.id]
    assert [a.title for a in plan.agenda] == [
        "QA",
        "R&D",
        "Actions from last time",
        "Decisions and other business",
    ]
    assert [a.department_id for a in plan.agenda] == [team.qa.id, team.rd.id, None, None]
    assert sum(a.minutes for a in plan.agenda) <= 45
    qa, rd = plan.items
    assert (rd["kind"], rd["department_id"], rd["agenda"]) == ("report", team.rd.id, 1)
    assert rd["done"] == f"#{done.id} Spec"
    assert rd["plan"].splitlines() == [f"#{done.id + 2} Bench · 11-27"]
    assert rd["needs"].splitlines() == ["Two benches", "Li Wei 11-23: Supplier late"]
    assert (qa["done"], qa["plan"], qa["needs"]) == ("", f"#{done.id + 4} Tests · 11-23", "")


def test_a_weekly_draft_translates_through_say(store: Store, team: Team) -> None:
    chinese = {"Weekly meeting {day}": "周例会 · {day}", "Actions from last time": "上次的行动项"}
    plan = draft(store, MeetingKind.WEEKLY, MON, say=lambda s: chinese.get(s, s))
    assert plan.title == "周例会 · 2026-11-23"
    assert plan.agenda[-2].title == "上次的行动项"


def test_a_department_with_nothing_to_report_still_has_its_report(store: Store, team: Team) -> None:
    report = draft(store, MeetingKind.WEEKLY, MON).items[0]
    assert report["done"] == "—"
    MeetingItem(meeting_id=1, **report)  # a valid item


def test_a_long_week_is_cut_with_a_count(store: Store, team: Team) -> None:
    for n in range(25):
        add_task(store, Task(title=f"T{n}", owner_id=team.li.id, start=MON, end=MON))
    plan = draft(store, MeetingKind.WEEKLY, MON).items[1]["plan"].splitlines()
    assert len(plan) == 21
    assert plan[-1] == "… and 5 more"


def test_a_kickoff_comes_from_the_charter(store: Store, team: Team) -> None:
    add_milestone(store, Milestone(name="Pilot", date=date(2026, 12, 18)))
    add_task(store, Task(title="Draft spec", owner_id=team.li.id, start=MON, end=NEXT_MON))
    plan = draft(store, MeetingKind.KICKOFF, MON)
    assert plan.planned_minutes == 90
    assert [a.title for a in plan.agenda][:3] == [
        "Goal and scope",
        "Milestones",
        "Duties by department",
    ]
    texts = [(i["agenda"], i["text"]) for i in plan.items]
    assert (0, "Goal: Ship the bench") in texts
    assert (0, "In scope: Bench and tests") in texts
    assert (1, "2026-12-18 Pilot") in texts
    rd = next(i for i in plan.items if i["department_id"] == team.rd.id)
    assert rd["text"].splitlines() == ["R&D", "Li Wei: Spec", "#1 Draft spec · 11-23–11-30"]


def test_a_review_lists_the_success_criteria(store: Store, team: Team) -> None:
    plan = draft(store, MeetingKind.REVIEW, MON)
    assert [(i["kind"], i["text"]) for i in plan.items] == [
        ("criterion", "First run passes"),
        ("criterion", "Cost ≤ budget"),
    ]


def test_a_retrospective_and_a_topic_meeting_have_their_agenda(store: Store, team: Team) -> None:
    retro = draft(store, MeetingKind.RETROSPECTIVE, MON)
    assert [a.title for a in retro.agenda] == ["Went well", "To improve", "Actions"]
    topic = draft(store, MeetingKind.TOPIC, MON)
    assert [a.title for a in topic.agenda] == ["Problem", "Decisions"]
    assert retro.items == topic.items == []


def test_planning_takes_the_draft_in_one_go(store: Store, team: Team) -> None:
    meeting = weekly(store, MON)
    assert meeting.status == "planned"
    assert meeting.attendees == [team.pm.id, team.zhao.id, team.li.id]
    assert len(meeting.agenda) == 4
    assert [(i.kind, i.position) for i in items(store, meeting.id)] == [
        ("report", 1),
        ("report", 2),
    ]


def test_planning_with_given_items_makes_action_items_tasks(store: Store, team: Team) -> None:
    due = date(2026, 12, 4)
    meeting = weekly(
        store,
        MON,
        items=[
            {"kind": "note", "text": "Bring the bench"},
            {"kind": "action", "text": "Order parts", "owner_id": team.li.id, "due": due},
        ],
    )
    note, todo = items(store, meeting.id)
    assert (note.position, todo.position) == (1, 2)
    assert get(store, Task, todo.task_id).end == due


def test_a_meeting_in_the_past_is_refused_and_nothing_is_written(store: Store, team: Team) -> None:
    with pytest.raises(Invalid, match="would start in the past"):
        weekly(store, MON, start="08:59")
    assert count(store, Meeting) == count(store, MeetingItem) == 0


def test_an_unknown_attendee_or_a_bad_item_writes_nothing(store: Store, team: Team) -> None:
    with pytest.raises(NotFound):
        plan_meeting(store, Meeting(title="W", date=MON, start="10:00", attendees=[99]), [])
    with pytest.raises(Invalid, match="needs a due date"):
        weekly(store, MON, items=[{"kind": "action", "text": "x", "owner_id": team.li.id}])
    assert count(store, Meeting) == count(store, Task) == 0


def test_the_next_weekly_is_a_week_later_with_a_fresh_draft(store: Store, team: Team) -> None:
    first = plan_meeting(
        store,
        Meeting(title="W", date=MON, start="15:30", planned_minutes=30, attendees=[team.li.id]),
        [],
    )
    later = next_weekly(store, first.id)
    assert (later.date, later.start, later.planned_minutes) == (NEXT_MON, "15:30", 30)
    assert later.attendees == [team.li.id]
    assert later.title == "Weekly meeting 2026-11-30"
    assert [i.kind for i in items(store, later.id)] == ["report", "report"]
    with pytest.raises(Invalid, match="already planned"):
        next_weekly(store, first.id)


def test_open_action_items_of_earlier_weeklies_are_carried(
    store: Store, team: Team, clock_at
) -> None:
    clock_at("2026-11-16T08:00:00+00:00")
    last = weekly(store, date(2026, 11, 16), items=[])
    due = date(2026, 11, 20)
    done = add_item(
        store,
        MeetingItem(meeting_id=last.id, kind="action", text="a", owner_id=team.li.id, due=due),
    )
    open_ = add_item(
        store,
        MeetingItem(meeting_id=last.id, kind="action", text="b", owner_id=team.li.id, due=due),
    )
    task = get(store, Task, done.task_id)
    update_task(store, task.id, task.version, status="done")
    now = next_weekly(store, last.id)
    assert [i.id for i in carried_actions(store, now.id)] == [open_.id]
    assert carried_actions(store, last.id) == []
    # The draft of a weekly meeting shows them too; other kinds carry none.
    assert [i.id for i in draft(store, MeetingKind.WEEKLY, NEXT_MON).carried] == [open_.id]
    assert draft(store, MeetingKind.TOPIC, NEXT_MON).carried == []


def review(store: Store) -> Meeting:
    return plan_meeting(store, Meeting(kind="review", title="Review", date=MON, start="10:00"))


def test_criteria_are_judged_with_evidence(store: Store, team: Team) -> None:
    first, _second = items(store, review(store).id)
    judged = judge(store, first.id, first.version, True, "Run #3 log")
    assert (judged.met, judged.evidence) == (True, "Run #3 log")
    note = add_item(store, MeetingItem(meeting_id=first.meeting_id, kind="note", text="n"))
    with pytest.raises(Invalid, match="only a success criterion"):
        judge(store, note.id, note.version, True, "")


def test_acceptance_with_every_criterion_met(store: Store, team: Team) -> None:
    meeting = review(store)
    for item in items(store, meeting.id):
        judge(store, item.id, item.version, True, "seen")
    li = get(store, Member, team.li.id)
    store.actor = "li"
    from store.people import update_member

    update_member(store, li.id, li.version, login="li")
    accepted = accept_project(store, meeting.id, get(store, Meeting, meeting.id).version)
    assert accepted.accepted_by == team.li.id
    assert accepted.accepted_at == "2026-11-23T09:00:00+00:00"
    with pytest.raises(Invalid, match="already accepted"):
        accept_project(store, meeting.id, accepted.version)


def test_acceptance_with_exceptions_is_the_sponsor_heads(store: Store, team: Team) -> None:
    meeting = review(store)
    first, _second = items(store, meeting.id)
    judge(store, first.id, first.version, True, "seen")
    with pytest.raises(Invalid, match="tester is on no member's roster"):
        accept_project(store, meeting.id, meeting.version, "cost")
    li = get(store, Member, team.li.id)
    from store.people import update_member

    update_member(store, li.id, li.version, login="li")
    store.actor = "li"
    with pytest.raises(Invalid, match="only Sun Hao, head of the sponsor department"):
        accept_project(store, meeting.id, meeting.version, "cost")
    store.actor = "sun"
    with pytest.raises(Invalid, match="name the exceptions"):
        accept_project(store, meeting.id, meeting.version, "  ")
    accepted = accept_project(store, meeting.id, meeting.version, "Cost 5% over budget")
    assert (accepted.accepted_by, accepted.exceptions) == (team.head.id, "Cost 5% over budget")


def test_only_a_review_records_the_acceptance(store: Store, team: Team) -> None:
    meeting = weekly(store, MON)
    with pytest.raises(Invalid, match="only a review meeting"):
        accept_project(store, meeting.id, meeting.version)
    assert get(store, Meeting, meeting.id).accepted_at is None
    assert ItemKind.CRITERION == "criterion"


def test_acceptance_from_a_row_that_moved_on_with_attendance(store: Store, team: Team) -> None:
    meeting = review(store)
    for item in items(store, meeting.id):
        judge(store, item.id, item.version, True, "seen")
    from store.meetings import mark_present

    mark_present(store, meeting.id, team.li.id)  # the row's version moves on
    store.actor = "sun"
    accepted = accept_project(store, meeting.id, meeting.version)
    assert (accepted.accepted_by, accepted.present) == (team.head.id, [team.li.id])
