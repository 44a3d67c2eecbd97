"""Planning a meeting: who comes, its agenda and what it starts with.

A new meeting comes filled in from the project (``draft``): a weekly meeting with
one report per department (what it finished since the last weekly, what is due in
the next 7 days, what it needs), a kick-off from the charter, a review with the
charter's success criteria to judge. The store knows no language: the texts of a
draft are English terms that ``say`` (the interface's ``_``) translates.

A review meeting records the project's acceptance (验收): when every criterion is
met, or, with the exceptions named, by the head of the sponsor department.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from store import clock
from store.db import Store
from store.errors import Invalid, Term
from store.meetings import insert_item, starts_at
from store.models import (
    AgendaItem,
    DailyUpdate,
    ItemKind,
    Meeting,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
    Member,
    Milestone,
    Project,
    Task,
    TaskStatus,
)
from store.people import departments, interface_of, member_for_login
from store.project import gaps
from store.records import Tx, find, get, validate

PLANNED_MINUTES: dict[MeetingKind, int] = {
    MeetingKind.WEEKLY: 45,
    MeetingKind.KICKOFF: 90,
    MeetingKind.TOPIC: 30,
    MeetingKind.REVIEW: 60,
    MeetingKind.RETROSPECTIVE: 60,
}
# The days a weekly report's plan looks ahead, and its "done" looks back without an
# earlier weekly.
WEEK = timedelta(days=7)
# Lines of one report field: a department that finished hundreds of tasks in a week
# still fits a report field (and a screen).
REPORT_LINES = 20
# The first tasks of each department a kick-off lists among its duties.
FIRST_DUTIES = 3

Say = Callable[[str], str]


def _english(text: str) -> str:
    return text


TITLES: dict[MeetingKind, str] = {
    MeetingKind.WEEKLY: Term("Weekly meeting {day}"),
    MeetingKind.KICKOFF: Term("Kick-off meeting {day}"),
    MeetingKind.TOPIC: Term("Topic meeting {day}"),
    MeetingKind.REVIEW: Term("Review meeting {day}"),
    MeetingKind.RETROSPECTIVE: Term("Retrospective {day}"),
}


@dataclass
class Draft:
    """What a new meeting starts with; every part is the planner's to change."""

    title: str
    planned_minutes: int
    attendees: list[int]
    agenda: list[AgendaItem]
    # MeetingItem values without meeting_id, in order (``agenda``: the point's index).
    items: list[dict[str, Any]] = field(default_factory=list)
    # A weekly meeting's open action items from earlier weeklies: gone through under
    # "Actions from last time", not copied (each is still the one task on the board).
    carried: list[MeetingItem] = field(default_factory=list)


def default_attendees(store: Store) -> list[int]:
    """The project manager, then each department's interface person (department order)."""
    project = find(store, Project)
    pm = project[0].pm_member_id if project else None
    if pm is None:
        pms = find(store, Member, "is_pm", order_by="id")
        pm = pms[0].id if pms else None
    interfaces = [m.id for d in departments(store) if (m := interface_of(store, d.id)) is not None]
    return list(dict.fromkeys([*([pm] if pm else []), *interfaces]))


def _timed(titles: Iterable[tuple[str, int | None]], minutes: int) -> list[AgendaItem]:
    """Agenda points sharing the meeting's minutes evenly (at least one each)."""
    points = list(titles)
    each = max(1, minutes // max(1, len(points)))
    return [AgendaItem(title=t, minutes=each, department_id=d) for t, d in points]


def _lines(lines: list[str], say: Say) -> str:
    """At most ``REPORT_LINES`` lines, then how many more."""
    shown = lines[:REPORT_LINES]
    if len(lines) > REPORT_LINES:
        shown.append(say(Term("… and {count} more")).format(count=len(lines) - REPORT_LINES))
    return "\n".join(shown)


def last_weekly(store: Store, day: date) -> Meeting | None:
    """The weekly meeting last before ``day``."""
    found = find(
        store, Meeting, "kind = 'weekly' AND date < ?", [day.isoformat()], "date DESC, id DESC"
    )
    return found[0] if found else None


def _weekly(store: Store, day: date, say: Say, minutes: int) -> tuple[list[AgendaItem], list]:
    """A report per department: done since the last weekly, due in the next 7 days,
    open resource gaps and the blockers of its members' daily updates since."""
    last = last_weekly(store, day)
    since = last.date if last else day - WEEK
    sections = departments(store)
    fixed = [(say(Term("Actions from last time")), None)]
    fixed.append((say(Term("Decisions and other business")), None))
    # The department reports share what the two fixed points leave.
    agenda = _timed(((d.name, d.id) for d in sections), max(1, minutes - 10))
    agenda += [AgendaItem(title=t, minutes=5, department_id=d) for t, d in fixed]
    finished = find(
        store,
        Task,
        "status = 'done' AND coalesce(actual_end, \"end\") > ? "
        'AND coalesce(actual_end, "end") <= ?',
        [since.isoformat(), day.isoformat()],
        'coalesce(actual_end, "end"), id',
    )
    due = find(
        store,
        Task,
        'status != \'done\' AND "end" >= ? AND "end" < ?',
        [day.isoformat(), (day + WEEK).isoformat()],
        '"end", id',
    )
    open_gaps = gaps(store)
    names = {m.id: m for m in find(store, Member)}
    blocked = find(
        store,
        DailyUpdate,
        "blockers != '' AND date > ? AND date <= ?",
        [since.isoformat(), day.isoformat()],
        "date, id",
    )
    items = []
    for index, department in enumerate(sections):
        done = [f"#{t.id} {t.title}" for t in finished if t.department_id == department.id]
        plan = [
            f"#{t.id} {t.title} · {t.end:%m-%d}" for t in due if t.department_id == department.id
        ]
        needs = [g.description for g in open_gaps if g.department_id == department.id]
        needs += [
            f"{names[u.member_id].name} {u.date:%m-%d}: {line}"
            for u in blocked
            if names[u.member_id].department_id == department.id
            for line in u.blockers.splitlines()
            if line.strip()
        ]
        report = {"done": _lines(done, say), "plan": _lines(plan, say), "needs": _lines(needs, say)}
        if not any(report.values()):
            report["done"] = "—"  # a report says something; the department fills it in
        items.append(
            {"kind": ItemKind.REPORT, "department_id": department.id, "agenda": index, **report}
        )
    return agenda, items


def _kickoff(store: Store, say: Say, minutes: int) -> tuple[list[AgendaItem], list]:
    """The charter's goal, scope and milestones, and each department's first duties:
    its members' duties and its first tasks of the plan."""
    project = find(store, Project)
    charter = project[0] if project else None
    agenda = _timed(
        [
            (say(Term("Goal and scope")), None),
            (say(Term("Milestones")), None),
            (say(Term("Duties by department")), None),
            (say(Term("Risks and open questions")), None),
        ],
        minutes,
    )
    notes: list[dict[str, Any]] = []

    def note(point: int, text: str, department_id: int | None = None) -> None:
        if text.strip():
            notes.append(
                {
                    "kind": ItemKind.NOTE,
                    "agenda": point,
                    "text": text,
                    "department_id": department_id,
                }
            )

    if charter is not None:
        for label, value in (
            (Term("Background"), charter.background),
            (Term("Goal"), charter.goal),
            (Term("Expected results"), charter.expected_results),
            (Term("In scope"), charter.scope_in),
            (Term("Out of scope"), charter.scope_out),
        ):
            if value:
                note(0, f"{say(label)}: {value}")
    milestones = find(store, Milestone, order_by="date, id")
    note(1, "\n".join(f"{m.date.isoformat()} {m.name}" for m in milestones))
    for department in departments(store):
        duties = [
            f"{m.name}: {m.duties}"
            for m in find(store, Member, "department_id = ?", [department.id], "id")
            if m.duties
        ]
        first = find(
            store,
            Task,
            "id IN (SELECT id FROM tasks WHERE department_id = ? ORDER BY start, id LIMIT ?)",
            [department.id, FIRST_DUTIES],
            "start, id",
        )
        duties += [f"#{t.id} {t.title} · {t.start:%m-%d}–{t.end:%m-%d}" for t in first]
        note(2, f"{department.name}\n" + "\n".join(duties) if duties else "", department.id)
    return agenda, notes


def criteria_lines(text: str) -> list[str]:
    """The charter's success criteria, one a line, without list marks."""
    lines = (re.sub(r"^\s*(?:[-*•·]|\d+[.)、])\s*", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def draft(store: Store, kind: MeetingKind, day: date, say: Say = _english) -> Draft:
    """What a new meeting of ``kind`` on ``day`` starts with (see the module)."""
    minutes = PLANNED_MINUTES[kind]
    items: list[dict[str, Any]] = []
    if kind == MeetingKind.WEEKLY:
        agenda, items = _weekly(store, day, say, minutes)
    elif kind == MeetingKind.KICKOFF:
        agenda, items = _kickoff(store, say, minutes)
    elif kind == MeetingKind.REVIEW:
        agenda = _timed(
            [(say(Term("Success criteria")), None), (say(Term("Acceptance")), None)], minutes
        )
        project = find(store, Project)
        criteria = criteria_lines(project[0].success_criteria) if project else []
        items = [{"kind": ItemKind.CRITERION, "agenda": 0, "text": c} for c in criteria]
    elif kind == MeetingKind.RETROSPECTIVE:
        agenda = _timed(
            [
                (say(Term("Went well")), None),
                (say(Term("To improve")), None),
                (say(Term("Actions")), None),
            ],
            minutes,
        )
    else:
        agenda = _timed([(say(Term("Problem")), None), (say(Term("Decisions")), None)], minutes)
    return Draft(
        title=say(TITLES[kind]).format(day=day.isoformat()),
        planned_minutes=minutes,
        attendees=default_attendees(store),
        agenda=agenda,
        items=items,
        carried=open_actions_before(store, day) if kind == MeetingKind.WEEKLY else [],
    )


def plan_meeting(
    store: Store, meeting: Meeting, items: list[dict[str, Any]] | None = None
) -> Meeting:
    """Plan a meeting with its first items, in one transaction.

    ``items=None`` takes the draft's items (and its agenda and attendees where the
    meeting has none). A meeting that would start in the past is refused, as is an
    attendee not on the roster; an action item among the items is a task at once."""
    _refuse_past(meeting)
    with store.transaction() as tx:
        if items is None:
            prefill = draft(store, meeting.kind, meeting.date)
            items = prefill.items
            meeting = meeting.model_copy(
                update={
                    "agenda": meeting.agenda or prefill.agenda,
                    "attendees": meeting.attendees or prefill.attendees,
                }
            )
        return _insert_planned(store, tx, meeting, items)


def _refuse_past(meeting: Meeting) -> None:
    if starts_at(meeting) < clock.now():
        raise Invalid(
            "{title!r} would start in the past ({day} {start}): plan it from now on",
            title=meeting.title,
            day=meeting.date.isoformat(),
            start=meeting.start,
        )


def _insert_planned(store: Store, tx: Tx, meeting: Meeting, items: list[dict[str, Any]]) -> Meeting:
    for member_id in meeting.attendees:
        get(store, Member, member_id)
    saved = tx.insert(
        meeting.model_copy(update={"status": MeetingStatus.PLANNED, "present": [], "current": 0})
    )
    for position, values in enumerate(items, 1):
        item = validate(MeetingItem, {**values, "meeting_id": saved.id, "position": position})
        insert_item(store, tx, saved, item)
    return saved


def next_weekly(store: Store, meeting_id: int, say: Say = _english) -> Meeting:
    """The weekly meeting a week after this one: same time, attendees and length,
    a fresh draft. Refused when one is already planned that day (checked under the
    write lock: two people asking at once make one meeting)."""
    meeting = get(store, Meeting, meeting_id)
    if meeting.kind != MeetingKind.WEEKLY:
        raise Invalid("only a weekly meeting has a next weekly meeting")
    day = meeting.date + WEEK
    prefill = draft(store, MeetingKind.WEEKLY, day, say)
    new = Meeting(
        kind=MeetingKind.WEEKLY,
        title=prefill.title,
        date=day,
        start=meeting.start,
        planned_minutes=meeting.planned_minutes,
        attendees=meeting.attendees or prefill.attendees,
        agenda=prefill.agenda,
    )
    _refuse_past(new)
    with store.transaction() as tx:
        planned = find(store, Meeting, "kind = 'weekly' AND date = ?", [day.isoformat()])
        if planned:
            raise Invalid(
                "the weekly meeting of {day} is already planned (#{id})",
                day=day.isoformat(),
                id=planned[0].id,
            )
        return _insert_planned(store, tx, new, prefill.items)


def carried_actions(store: Store, meeting_id: int) -> list[MeetingItem]:
    """The action items of earlier weekly meetings still open (their task not done):
    a weekly meeting goes through them first. An action open for weeks stays carried."""
    meeting = get(store, Meeting, meeting_id)
    if meeting.kind != MeetingKind.WEEKLY:
        return []
    return open_actions_before(store, meeting.date, meeting.start, meeting_id)


def open_actions_before(
    store: Store, day: date, start: str = "24:00", meeting_id: int = 0
) -> list[MeetingItem]:
    """The open action items of the weekly meetings before ``day`` at ``start``
    (other than ``meeting_id``)."""
    return find(
        store,
        MeetingItem,
        "kind = 'action' AND meeting_id IN (SELECT id FROM meetings WHERE kind = 'weekly' "
        "AND id != ? AND (date < ? OR (date = ? AND start < ?))) "
        "AND (task_id IS NULL OR task_id NOT IN (SELECT id FROM tasks WHERE status = ?))",
        [meeting_id, day.isoformat(), day.isoformat(), start, TaskStatus.DONE.value],
        "due, meeting_id, position, id",
    )


def _open(store: Store, meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.PUBLISHED:
        raise Invalid(
            "the minutes of {title!r} are published: they take no changes", title=meeting.title
        )


def judge(store: Store, item_id: int, version: int, met: bool, evidence: str) -> MeetingItem:
    """Mark a success criterion met or not, with its evidence."""
    with store.transaction() as tx:
        item = get(store, MeetingItem, item_id)
        if item.kind != ItemKind.CRITERION:
            raise Invalid("only a success criterion is judged met or not")
        _open(store, get(store, Meeting, item.meeting_id))
        return tx.update(MeetingItem, item_id, version, met=met, evidence=evidence)


def accept_project(store: Store, meeting_id: int, version: int, exceptions: str = "") -> Meeting:
    """Record the project's acceptance at a review meeting, by the acting member.

    With every success criterion met anyone on the roster records it; otherwise only
    the head of the sponsor department accepts, naming the exceptions."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, meeting_id)
        if meeting.kind != MeetingKind.REVIEW:
            raise Invalid("only a review meeting records the acceptance")
        _open(store, meeting)
        if meeting.accepted_at:
            raise Invalid("the project was already accepted at {title!r}", title=meeting.title)
        me = member_for_login(store, tx.actor or "")
        if me is None:
            raise Invalid(
                "{login} is on no member's roster entry: only a member records the acceptance",
                login=tx.actor,
            )
        criteria = find(
            store, MeetingItem, "meeting_id = ? AND kind = 'criterion'", [meeting_id], "position"
        )
        if not criteria:
            raise Invalid(
                "{title!r} has no success criteria to accept against", title=meeting.title
            )
        unmet = [c for c in criteria if c.met is not True]
        if unmet:
            project = find(store, Project)
            sponsor = project[0].sponsor_department_id if project else None
            heads = (
                find(store, Member, "department_id = ? AND is_head", [sponsor], "id")
                if sponsor
                else []
            )
            if not heads:
                raise Invalid(
                    "{count} criteria are not met and the sponsor department has no head "
                    "to accept them",
                    count=len(unmet),
                )
            if me.id not in {h.id for h in heads}:
                raise Invalid(
                    "{count} criteria are not met: only {head}, head of the sponsor "
                    "department, may accept with exceptions",
                    count=len(unmet),
                    head=heads[0].name,
                )
            if not exceptions.strip():
                raise Invalid(
                    "{count} criteria are not met: name the exceptions accepted", count=len(unmet)
                )
        # The row moves with attendance and the agenda's clock: only the acceptance
        # as read here counts (someone else's acceptance was refused above).
        read = {"accepted_at": None, "accepted_by": None, "exceptions": meeting.exceptions}
        return tx.update(
            Meeting,
            meeting_id,
            version,
            read,
            accepted_at=tx.at,
            accepted_by=me.id,
            exceptions=exceptions if unmet else "",
        )
