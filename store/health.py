"""The project's health as a project manager checks it: what the dashboard and header show.

One function reads everything a project manager checks each morning, in one
pass, so the dashboard, the header and tests agree on what "healthy" means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from store import clock, issues, meetings, people, project, risks, tasks
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
)
from store.records import find
from store.schedule import Calendar
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


def health(store: Store, today: date | None = None) -> Health:
    today = today or clock.today()
    current = find(store, project.Project)
    result = Health(today=today, project_name=current[0].name if current else "")
    result.members = {m.id: m for m in people.members(store)}
    result.departments = {d.id: d for d in people.departments(store)}
    try:
        result.slipping = tasks.slipping(store, today)
    except ValueError as error:  # a cycle written by another program
        result.schedule_error = str(error)
    first, last = week_of(today)
    result.due_this_week = tasks.due_between(store, first, last)
    result.high_risks = risks.open_high(store)
    result.open_issues = find(store, Issue, "status != 'resolved'", order_by="due IS NULL, due, id")
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
