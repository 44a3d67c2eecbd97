"""The risk register and the issues occurred risks become."""

from __future__ import annotations

from datetime import date

import pytest

from store import changes
from store.db import Store
from store.errors import Conflict
from store.issues import add_issue, delete_issue, issues, update_issue
from store.models import Issue, Member, Risk, RiskStatus, Task
from store.people import add_department, add_member
from store.records import count, get
from store.risks import add_risk, delete_risk, occurred, open_high, risks, update_risk
from store.tasks import add_task, delete_task

FRI = date(2026, 11, 27)


@pytest.fixture
def owner(store: Store) -> Member:
    rd = add_department(store, "R&D")
    return add_member(store, Member(name="Li Wei", department_id=rd.id, login="liwei"))


def test_risks_crud_ordered_by_level(store: Store, owner: Member) -> None:
    low = add_risk(store, Risk(title="Printer jams", level="low"))
    high = add_risk(
        store, Risk(title="Supplier may slip", level="high", owner_id=owner.id, strategy="mitigate")
    )
    medium = add_risk(store, Risk(title="Spec unclear"))
    assert [r.id for r in risks(store)] == [high.id, medium.id, low.id]
    medium = update_risk(store, medium.id, medium.version, status="watching", trigger="No answer")
    assert [r.id for r in risks(store, RiskStatus.WATCHING)] == [medium.id]
    assert get(store, Risk, medium.id).trigger == "No answer"
    delete_risk(store, low.id, low.version)
    assert [r.id for r in risks(store)] == [high.id, medium.id]


def test_the_level_follows_probability_and_impact_in_the_file(store: Store) -> None:
    risk = add_risk(store, Risk(title="r", level="low", probability=4, impact=4))
    assert store.scalar("SELECT level FROM risks") == "high"
    update_risk(store, risk.id, risk.version, impact=1)
    assert store.scalar("SELECT level FROM risks") == "low"


def test_open_high_risks_leave_out_closed_ones(store: Store) -> None:
    kept = add_risk(store, Risk(title="a", level="high"))
    closed = add_risk(store, Risk(title="b", level="high"))
    add_risk(store, Risk(title="c", level="medium"))
    update_risk(store, closed.id, closed.version, status="closed")
    assert [r.id for r in open_high(store)] == [kept.id]


def test_a_risk_that_occurred_becomes_an_issue(store: Store, owner: Member) -> None:
    risk = add_risk(store, Risk(title="Supplier may slip", level="high", owner_id=owner.id))
    cursor = changes.cursor(store)
    saved, issue = occurred(store, risk.id, risk.version, due=FRI)
    assert (saved.status, saved.version) == ("occurred", 2)
    assert (issue.risk_id, issue.owner_id, issue.due, issue.source) == (
        risk.id,
        owner.id,
        FRI,
        "risk",
    )
    assert [i.title for i in issues(store)] == ["Supplier may slip"]
    assert [(c.entity, c.op) for c in changes.since(store, cursor)] == [
        ("risks", "update"),
        ("issues", "create"),
    ]


def test_a_stale_occurred_writes_neither(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    update_risk(store, risk.id, 1, title="r2")
    with pytest.raises(Conflict, match="was changed by tester"):
        occurred(store, risk.id, 1)
    assert count(store, Issue) == 0
    assert get(store, Risk, risk.id).status == "open"


def test_issues_crud(store: Store, owner: Member) -> None:
    later = add_issue(store, Issue(title="later", due=date(2026, 12, 31)))
    undated = add_issue(store, Issue(title="undated"))
    soon = add_issue(store, Issue(title="soon", due=FRI, owner_id=owner.id))
    assert [i.id for i in issues(store)] == [soon.id, later.id, undated.id]
    soon = update_issue(store, soon.id, soon.version, status="resolved", resolution="Fixed")
    assert [i.id for i in issues(store)] == [later.id, undated.id, soon.id]
    delete_issue(store, undated.id, undated.version)
    assert count(store, Issue) == 2


def test_deleting_a_linked_task_unlinks_the_risk_in_the_log(store: Store) -> None:
    """Another screen showing the risk must learn that its task is gone."""
    task = add_task(store, Task(title="t", start=FRI, end=FRI))
    other = add_task(store, Task(title="u", start=FRI, end=FRI))
    risk = add_risk(store, Risk(title="r", task_ids=[task.id, other.id]))
    cursor = changes.cursor(store)
    delete_task(store, task.id)
    assert get(store, Risk, risk.id).task_ids == [other.id]
    assert get(store, Risk, risk.id).version == 2
    first = changes.since(store, cursor)[0]
    assert (first.entity, first.op, first.after) == (
        "risks",
        "update",
        {"task_ids": f"[{other.id}]", "version": 2},  # a JSON column, as stored
    )


def test_deleting_a_risk_unlinks_its_issue_in_the_log(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    _, issue = occurred(store, risk.id, 1)
    delete_risk(store, risk.id)
    assert get(store, Issue, issue.id).risk_id is None
    assert changes.history(store, "issues", issue.id)[-1].after == {"risk_id": None, "version": 2}
