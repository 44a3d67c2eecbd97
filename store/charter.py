"""What the charter screen shows: its four parts, read in one call.

The parts are the screen's tabs: the charter and milestones, the sign-offs, the
requirements and resource requests, the change requests. A change to one kind of
record is read again only for the parts that show it (``parts_showing``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from store import clock, people, project, tasks
from store.calendars import Summary, summary
from store.db import Store
from store.errors import NotFound
from store.models import (
    ChangeRequest,
    Department,
    Member,
    Milestone,
    Project,
    Requirement,
    ResourceRequest,
    SignOff,
)

# Which parts show records of each entity.
SHOWN_IN: dict[str, tuple[str, ...]] = {
    "project": ("charter",),
    "milestones": ("charter",),
    "departments": ("charter", "signoffs", "needs", "changes"),
    "members": ("charter", "signoffs", "changes"),
    "signoffs": ("signoffs",),
    "baselines": ("signoffs",),
    "requirements": ("needs", "changes"),
    "resource_requests": ("needs",),
    "change_requests": ("changes",),
}
PARTS = frozenset(part for parts in SHOWN_IN.values() for part in parts)

# (document, department id) → the signature that counts for it.
Signatures = dict[tuple[str, int], SignOff]


@dataclass(frozen=True, slots=True)
class CharterView:
    """The records of the parts read (``parts``); the others are left empty.

    Departments and members are always read: every part names them.
    """

    parts: frozenset[str]
    departments: list[Department]
    members: list[Member]
    project: Project | None = None  # None: the file has no project yet
    calendar: Summary | None = None
    milestones: list[Milestone] = field(default_factory=list)
    signatures: Signatures = field(default_factory=dict)
    has_baseline: bool = False
    me: Member | None = None  # the roster member behind the store's actor
    requirements: list[Requirement] = field(default_factory=list)
    resource_requests: list[ResourceRequest] = field(default_factory=list)
    change_requests: list[ChangeRequest] = field(default_factory=list)


def parts_showing(entities: Iterable[str]) -> frozenset[str]:
    """The parts that show records of any of ``entities``."""
    return frozenset(part for entity in entities for part in SHOWN_IN.get(entity, ()))


def charter_view(
    store: Store,
    parts: frozenset[str] = PARTS,
    today: date | None = None,
    language: str | None = None,
) -> CharterView:
    """The records ``parts`` show; ``language`` names the holidays in the calendar line."""
    found: dict = {}
    if "charter" in parts:
        try:
            found["project"] = project.project(store)
        except NotFound:
            found["project"] = None
        found["milestones"] = project.milestones(store)
        found["calendar"] = summary(store, today or clock.today(), language)
    if "signoffs" in parts:
        found["signatures"] = signatures(project.signoffs(store))
        found["has_baseline"] = bool(tasks.baselines(store))
        found["me"] = people.member_for_login(store, store.actor or "")
    if parts & {"needs", "changes"}:
        found["requirements"] = project.requirements(store)
    if "needs" in parts:
        found["resource_requests"] = project.resource_requests(store)
    if "changes" in parts:
        found["change_requests"] = project.change_requests(store)
    return CharterView(frozenset(parts), people.departments(store), people.members(store), **found)


def signatures(signoffs: Iterable[SignOff]) -> Signatures:
    """(document, department) → the signature that counts: the current one, else the latest."""
    current: Signatures = {}
    for signoff in sorted(signoffs, key=lambda s: (not s.outdated, s.id or 0)):
        current[(signoff.document, signoff.department_id)] = signoff
    return current
