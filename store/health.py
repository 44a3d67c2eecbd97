"""The project's health as a project manager checks it: what the dashboard and header show.

One function reads everything a project manager checks each morning, in one
pass, so the dashboard, the header and tests agree on what "healthy" means. The
app reads it again after every change, its own and other people's: given the
health it follows, it keeps the parts that cost most on a big plan where none of
the tables they read changed since (the change log says which did), so that the
counts follow a change within a frame or two (``python -m bench.app`` times it).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from store import changes, clock, issues, meetings, people, project, risks, tasks
from store.db import Store
from store.issues import Chain
from store.models import (
    DailyUpdate,
    Department,
    Document,
    Issue,
    Meeting,
    Member,
    Milestone,
    ResourceRequest,
    Risk,
    Task,
    TaskStatus,
)
from store.plan import changed_since, late_tasks, moves_plan, plan_schedule
from store.records import find
from store.schedule import Calendar, is_slipping, slip_days
from store.tasks import Slip


@dataclass
class Health:
    today: date
    project_name: str = ""
    slipping: list[Slip] = field(default_factory=list)
    due_this_week: list[Task] = field(default_factory=list)
    high_risks: list[Risk] = field(default_factory=list)
    # Unresolved issues, soonest due first, and who each waits on (``chain``).
    open_issues: list[Issue] = field(default_factory=list)
    chain: Chain | None = None
    without_interface: list[Department] = field(default_factory=list)
    gaps: list[ResourceRequest] = field(default_factory=list)
    missing_signoffs: list[tuple[Document, Department]] = field(default_factory=list)
    missing_updates: list[Member] = field(default_factory=list)
    unpublished: list[Meeting] = field(default_factory=list)
    next_milestone: Milestone | None = None
    members: dict[int, Member] = field(default_factory=dict)
    departments: dict[int, Department] = field(default_factory=dict)
    updates_today: list[DailyUpdate] = field(default_factory=list)
    schedule_error: str = ""
    # The project's working days, for dates typed in forms (``+3wd``).
    calendar: Calendar | None = None
    # The newest change when it was read: what a refresh looks for changes after.
    cursor: int = 0

    @property
    def days_to_milestone(self) -> int | None:
        if self.next_milestone is None:
            return None
        return (self.next_milestone.date - self.today).days

    @property
    def problems(self) -> int:
        """How many things need attention: the header's one-number summary."""
        return (
            len(self.slipping)
            + len(self.high_risks)
            + len(self.without_interface)
            + len(self.gaps)
            + len(self.missing_signoffs)
            + len(self.missing_updates)
            + len(self.unpublished)
        )


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def judged_again(store: Store, today: date, slips: list[Slip], task_ids: set[int]) -> list[Slip]:
    """``slips`` with the tasks ``task_ids`` judged again, the plan being as it was: a
    task moved or edited costs its own row, not the whole table's."""
    plan, cal = plan_schedule(store), tasks.calendar(store)
    kept = [slip for slip in slips if slip.task.id not in task_ids]
    late: dict[int, int] = {}
    for task in _tasks_by_id(store, task_ids):
        done = task.status == TaskStatus.DONE
        scheduled = plan.tasks.get(task.id)
        days = slip_days(
            task.baseline_end,
            task.actual_end,
            task.end,
            done,
            today,
            cal,
            scheduled.ef if scheduled else None,
        )
        if days is not None and is_slipping(days, done):
            late[task.id] = days
    return sorted(kept + _slips(store, late), key=_worst_first)


def _tasks_by_id(store: Store, task_ids: Collection[int]) -> list[Task]:
    return find(store, Task, f"id IN ({','.join('?' * len(task_ids))})", sorted(task_ids))


def _worst_first(slip: Slip) -> tuple[int, int]:
    return -slip.days, slip.task.id


def _slips(store: Store, late: dict[int, int]) -> list[Slip]:
    """The slipping tasks ``late`` names, worst first (as ``tasks.slipping`` lists them)."""
    found = _tasks_by_id(store, late) if late else []
    return sorted((Slip(task, late[task.id]) for task in found), key=_worst_first)


def health(store: Store, today: date | None = None, previous: Health | None = None) -> Health:
    """The project's health today; ``previous`` (the one it follows, read the same day)
    lends the parts whose tables no change since it touched: the members, the slipping
    tasks, the tasks due, the high risks and who issues wait on."""
    today = today or clock.today()
    cursor = changes.cursor(store)  # first: a change read after it is looked at again
    old = previous if previous is not None and previous.today == today else None
    changed = None if old is None else changed_since(store, old.cursor, cursor)

    def unchanged(*tables: str) -> Health | None:
        return old if changed is not None and changed.keys().isdisjoint(tables) else None

    current = find(store, project.Project)
    result = Health(today=today, project_name=current[0].name if current else "", cursor=cursor)
    if kept := unchanged("members"):
        result.members = kept.members
    else:
        result.members = {m.id: m for m in people.members(store)}
    result.departments = {d.id: d for d in people.departments(store)}
    if kept := unchanged("tasks", "dependencies", "project"):  # the plan and its calendar
        result.slipping, result.schedule_error = kept.slipping, kept.schedule_error
    elif (
        (kept := unchanged("dependencies", "project"))
        and not kept.schedule_error
        and not moves_plan(store, kept.cursor, cursor)
    ):
        assert changed is not None
        result.slipping = judged_again(store, today, kept.slipping, changed["tasks"])
    else:
        try:
            result.slipping = _slips(store, late_tasks(store, today))
        except ValueError as error:  # a cycle written by another program
            result.schedule_error = str(error)
    if kept := unchanged("tasks"):
        result.due_this_week = kept.due_this_week
    else:
        result.due_this_week = tasks.due_between(store, *week_of(today))
    result.high_risks = kept.high_risks if (kept := unchanged("risks")) else risks.open_high(store)
    result.open_issues = find(store, Issue, "status != 'resolved'", order_by="due IS NULL, due, id")
    if kept := unchanged("members", "project"):
        result.chain = kept.chain
    else:
        result.chain = issues.escalation_chain(store)
    result.without_interface = people.without_interface(store)
    result.gaps = project.gaps(store)
    result.missing_signoffs = project.missing_signoffs(store)
    if today.weekday() < 5:
        result.missing_updates = meetings.missing_updates(store, today)
    result.updates_today = meetings.updates(store, today)
    result.unpublished = meetings.unpublished_overdue(store)
    result.next_milestone = project.next_milestone(store, today)
    result.calendar = tasks.calendar(store)
    return result
