"""A slipping task becomes an issue with one call (the board's, the Gantt's and the
dashboard's ``!``); a task that does not slip enough, or already has one, is refused."""

from __future__ import annotations

from datetime import date

import pytest

from store import changes
from store.db import Store
from store.errors import Invalid
from store.issues import issue_from_task, resolve_issue
from store.models import Issue, IssueSource, Member, Task
from store.people import add_department, add_member
from store.records import count
from store.tasks import add_task
from tests.store.helpers import MON, day


@pytest.fixture
def owner(store: Store) -> Member:
    rd = add_department(store, "R&D")
    return add_member(store, Member(name="Li Wei", department_id=rd.id))


def late_task(store: Store, owner: Member | None, end: date, **fields) -> Task:
    """A task whose baseline and planned end are ``end`` (before the frozen Monday)."""
    values = {
        "title": "Tooling [b]sign-off[/b]",
        "start": day(11, 2),
        "end": end,
        "baseline_start": day(11, 2),
        "baseline_end": end,
        "status": "doing",
        "owner_id": owner.id if owner else None,
        "department_id": owner.department_id if owner else None,
    }
    return add_task(store, Task(**(values | fields)))


def test_a_task_slipping_six_working_days_becomes_an_issue(store: Store, owner: Member) -> None:
    task = late_task(store, owner, day(11, 13))  # Fri 13 → Mon 23: 6 working days
    issue = issue_from_task(store, task.id)
    assert issue.title == task.title
    assert issue.source == IssueSource.TASK
    assert issue.task_id == task.id
    assert issue.owner_id == owner.id
    assert issue.department_id == owner.department_id
    assert issue.raised == MON
    assert issue.due == day(11, 25)  # today + 2 working days
    assert issue.status == "open"
    (logged,) = [c for c in changes.recent(store, 5) if c.entity == "issues"]
    assert (logged.op, logged.record_id) == ("create", issue.id)


def test_owner_and_due_given_win_and_the_calendar_skips_the_weekend(
    store: Store, owner: Member
) -> None:
    sales = add_department(store, "Sales")
    other = add_member(store, Member(name="Wang Fang", department_id=sales.id))
    task = late_task(store, owner, day(11, 13))
    issue = issue_from_task(store, task.id, owner_id=other.id, due=day(12, 1))
    assert (issue.owner_id, issue.due) == (other.id, day(12, 1))
    assert issue.department_id == owner.department_id  # the task's department
    friday = issue_from_task(store, late_task(store, owner, day(11, 12)).id, today=day(11, 27))
    assert friday.due == day(12, 1)  # Fri + 2 working days is Tuesday


def test_a_task_without_department_takes_its_owners(store: Store, owner: Member) -> None:
    task = late_task(store, owner, day(11, 13), department_id=None)
    assert issue_from_task(store, task.id).department_id == owner.department_id


@pytest.mark.parametrize(
    ("end", "fields", "said"),
    [
        (day(11, 19), {}, "slips 2 working days, not more than 2"),  # Thu 19 → Mon 23
        (day(11, 13), {"baseline_start": None, "baseline_end": None}, "has no baseline yet"),
        (day(11, 13), {"status": "done", "actual_end": day(11, 13)}, "is done"),
    ],
)
def test_a_task_not_slipping_more_than_two_days_is_refused(
    store: Store, owner: Member, end: date, fields: dict, said: str
) -> None:
    task = late_task(store, owner, end, **fields)
    with pytest.raises(Invalid, match=said):
        issue_from_task(store, task.id)
    assert count(store, Issue) == 0


def test_a_task_with_an_unresolved_issue_is_refused_naming_it(store: Store, owner: Member) -> None:
    task = late_task(store, owner, day(11, 13))
    first = issue_from_task(store, task.id)
    with pytest.raises(Invalid, match=rf"already has an unresolved issue: #{first.id} Tooling"):
        issue_from_task(store, task.id)
    assert count(store, Issue) == 1
    resolve_issue(store, first.id, None, "Second tool shop")
    assert issue_from_task(store, task.id).id != first.id


def test_an_unknown_task_is_not_found(store: Store) -> None:
    from store.errors import NotFound

    with pytest.raises(NotFound):
        issue_from_task(store, 999)
