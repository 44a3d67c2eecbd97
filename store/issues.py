"""Problems to solve now (问题) and their escalation.

An issue has an owner and a due date. Not resolved by then, it is escalated one
level (``Escalation``: the department's interface person → the project manager →
the sponsor department's head) and gets ``ESCALATION_WORKDAYS`` more working days
at its new level; every open app runs ``escalate_overdue`` and the change log tells
the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from store import clock
from store.calendars import project_calendar
from store.db import Store
from store.errors import Invalid
from store.models import (
    Department,
    Escalation,
    Issue,
    IssueSource,
    IssueStatus,
    Member,
    Project,
    Record,
    Risk,
    Task,
)
from store.people import department_of
from store.records import Tx, find, get, validate

# Working days an escalated issue gets at its new level before the next.
ESCALATION_WORKDAYS = 2


def issues(store: Store, resolved: bool = True) -> list[Issue]:
    """Unresolved first, by due date; ``resolved=False`` leaves the resolved ones out."""
    return find(
        store,
        Issue,
        "" if resolved else "status != 'resolved'",
        order_by="status = 'resolved', due IS NULL, due, id",
    )


_REFERENCES: dict[str, type[Record]] = {
    "risk_id": Risk,
    "task_id": Task,
    "owner_id": Member,
    "department_id": Department,
}


def _check_references(store: Store, issue: Issue) -> None:
    """The risk, task, owner and department an issue names exist: "task 9 not found"
    says which, where the foreign key would only say that one does not."""
    for field, model in _REFERENCES.items():
        record_id = getattr(issue, field)
        if record_id is not None:
            get(store, model, record_id)


def add_issue(store: Store, issue: Issue) -> Issue:
    """Open an issue; without a department it belongs to its owner's."""
    with store.transaction() as tx:
        _check_references(store, issue)
        if issue.department_id is None:
            department = department_of(store, issue.owner_id)
            issue = issue.model_copy(update={"department_id": department})
        return tx.insert(issue)


def update_issue(
    store: Store,
    issue_id: int,
    version: int,
    base: Mapping[str, Any] | None = None,
    today: date | None = None,
    **values: Any,
) -> Issue:
    """Change some fields of an issue (``base``: its values as read, to merge with a
    change made since). Resolving it dates it today; reopening it clears that date."""
    with store.transaction() as tx:
        current = get(store, Issue, issue_id)
        if "status" in values and "resolved_on" not in values:
            resolving = values["status"] == IssueStatus.RESOLVED
            if resolving != (current.status == IssueStatus.RESOLVED):
                values["resolved_on"] = (today or clock.today()) if resolving else None
        # Checked before the write, which a missing one would fail without naming it.
        _check_references(store, validate(Issue, current.model_dump() | values))
        return tx.update(Issue, issue_id, version, base, **values)


def delete_issue(store: Store, issue_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        tx.delete(Issue, issue_id, version)


@dataclass(frozen=True)
class Chain:
    """Who an issue waits on at each escalation level, read once for a list."""

    interface: dict[int, Member]  # department id → its interface person
    pm: Member | None
    sponsor_head: Member | None

    def waits_on(self, issue: Issue) -> Member | None:
        """The person the issue waits on now (None when the roster has nobody there)."""
        if issue.escalation == Escalation.INTERFACE:
            return self.interface.get(issue.department_id or 0)
        if issue.escalation == Escalation.PM:
            return self.pm
        return self.sponsor_head


def escalation_chain(store: Store) -> Chain:
    members = find(store, Member)
    project = next(iter(find(store, Project)), None)
    sponsor = project.sponsor_department_id if project else None
    pm = next((m for m in members if m.is_pm), None)
    head = next((m for m in members if m.is_head and m.department_id == sponsor), None)
    return Chain({m.department_id: m for m in members if m.is_interface}, pm, head)


def overdue(store: Store, today: date) -> list[Issue]:
    """Unresolved issues whose due date has passed and that can still go up a level."""
    return find(
        store,
        Issue,
        "status != 'resolved' AND due < ? AND escalation < ?",
        [today.isoformat(), int(Escalation.SPONSOR)],
    )


def _escalated(
    tx: Tx, issue: Issue, version: int, today: date, base: Mapping[str, Any] | None = None
) -> Issue:
    """One level up, with ``ESCALATION_WORKDAYS`` at it (a later due date is kept)."""
    due = project_calendar(tx.store, today).add(today, ESCALATION_WORKDAYS)
    if issue.due is not None:
        due = max(due, issue.due)
    return tx.update(
        Issue,
        issue.id,
        version,
        base,
        escalation=Escalation(issue.escalation + 1),
        escalated_on=today,
        due=due,
    )


def escalate(
    store: Store,
    issue_id: int,
    version: int | None,
    today: date | None = None,
    base: Mapping[str, Any] | None = None,
) -> Issue:
    """Take an issue one level up now (by hand: it cannot wait for its due date);
    ``base``, the issue as the user saw it, lets a change to its other fields stand."""
    today = today or clock.today()
    with store.transaction() as tx:
        issue = get(store, Issue, issue_id)
        if issue.status == IssueStatus.RESOLVED:
            raise Invalid("issue {id} is resolved", id=issue_id)
        if issue.escalation == Escalation.SPONSOR:
            raise Invalid("issue {id} is already at the sponsor", id=issue_id)
        return _escalated(tx, issue, issue.version if version is None else version, today, base)


def escalate_overdue(store: Store, today: date | None = None) -> list[Issue]:
    """Escalate every overdue issue one level, in one transaction; what it escalated.

    Safe to run from every app at once: the candidates are read again inside the
    transaction, so an issue another app escalated a moment ago is not taken twice.
    """
    today = today or clock.today()
    if not overdue(store, today):  # the usual answer, without taking the write lock
        return []
    with store.transaction() as tx, tx.trusted():  # the rule's own work, in whoever's app
        return [_escalated(tx, issue, issue.version, today) for issue in overdue(store, today)]


def resolve_issue(
    store: Store,
    issue_id: int,
    version: int | None,
    resolution: str = "",
    today: date | None = None,
    base: Mapping[str, Any] | None = None,
) -> Issue:
    """Resolve an issue today; ``base``, the issue as the user saw it, lets a change to
    its other fields since (an escalation, say) stand."""
    with store.transaction() as tx:
        issue = get(store, Issue, issue_id)
        return tx.update(
            Issue,
            issue_id,
            issue.version if version is None else version,
            base,
            status=IssueStatus.RESOLVED,
            resolution=resolution or issue.resolution,
            resolved_on=today or clock.today(),
        )


# Working days a slipping task's issue gets before its first escalation.
ISSUE_WORKDAYS = 2


def issue_from_task(
    store: Store,
    task_id: int,
    owner_id: int | None = None,
    due: date | None = None,
    today: date | None = None,
) -> Issue:
    """A task slipping more than 2 working days becomes an issue: its title, owned by
    ``owner_id`` (else the task's owner), in the task's department, due in
    ``ISSUE_WORKDAYS`` working days unless ``due`` says otherwise.

    Refused when the task does not slip that much, or already has an unresolved
    issue. The slip is judged before the write lock is taken: it needs the
    schedule, which is computed once per change outside a transaction.
    """
    from store.models import Task, TaskStatus
    from store.schedule import SLIP_THRESHOLD, is_slipping
    from store.tasks import slip_of

    today = today or clock.today()
    task = get(store, Task, task_id)
    days = slip_of(store, task, today)
    if task.status == TaskStatus.DONE:
        raise Invalid("task {id} is done: it is not slipping", id=task_id)
    if days is None:
        raise Invalid("task {id} has no baseline yet, so it cannot be slipping", id=task_id)
    if not is_slipping(days, done=False):
        raise Invalid(
            "task {id} slips {days} working days, not more than {limit}: no issue needed",
            id=task_id,
            days=days,
            limit=SLIP_THRESHOLD,
        )
    with store.transaction() as tx:
        task = get(store, Task, task_id)
        unresolved = find(store, Issue, "task_id = ? AND status != 'resolved'", [task_id])
        if unresolved:
            raise Invalid(
                "task {id} already has an unresolved issue: #{issue} {title}",
                id=task_id,
                issue=unresolved[0].id,
                title=unresolved[0].title,
            )
        owner = owner_id or task.owner_id
        department = task.department_id or department_of(store, owner)
        values = {
            "title": task.title,
            "source": IssueSource.TASK,
            "task_id": task.id,
            "owner_id": owner,
            "department_id": department,
            "raised": today,
            "due": due or project_calendar(store, today).add(today, ISSUE_WORKDAYS),
        }
        return tx.insert(validate(Issue, values))
