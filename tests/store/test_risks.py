"""The risk register and the issues occurred risks become."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from store import changes
from store.db import Store
from store.errors import Conflict, Invalid, NotFound
from store.issues import add_issue, delete_issue, issues, update_issue
from store.models import STRATEGIES, Issue, Member, Risk, RiskKind, RiskStatus, Strategy, Task
from store.people import add_department, add_member
from store.records import count, get
from store.risks import (
    add_risk,
    close_risk,
    delete_risk,
    occurred,
    open_high,
    risks,
    update_risk,
)
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
    assert [r.id for r in risks(store, levels=["low", "high"])] == [high.id, low.id]
    medium = update_risk(store, medium.id, medium.version, status="watching", trigger="No answer")
    assert [r.id for r in risks(store, [RiskStatus.WATCHING])] == [medium.id]
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


# --- close, occur, edit ---------------------------------------------------------------


def test_closing_a_risk_is_one_logged_update(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    cursor = changes.cursor(store)
    closed = close_risk(store, risk.id)
    assert (closed.status, closed.version) == ("closed", 2)
    assert [(c.op, c.after) for c in changes.since(store, cursor)] == [
        ("update", {"status": "closed", "version": 2})
    ]
    assert [r.id for r in risks(store, ["closed"])] == [risk.id]
    assert risks(store, ["open", "watching"]) == []


def test_occurred_with_an_owner_and_due_date_opens_their_issue(store: Store, owner: Member) -> None:
    market = add_department(store, "市场部")
    other = add_member(store, Member(name="王芳", department_id=market.id))
    task = add_task(store, Task(title="t", start=FRI, end=FRI))
    risk = add_risk(
        store,
        Risk(title="Chip late", owner_id=owner.id, contingency="Spot buy", task_ids=[task.id]),
    )
    saved, issue = occurred(store, risk.id, risk.version, other.id, FRI, title="Chips 2 weeks late")
    assert saved.status == "occurred"
    assert (issue.title, issue.owner_id, issue.department_id) == (
        "Chips 2 weeks late",
        other.id,
        market.id,
    )
    assert (issue.due, issue.plan, issue.task_id, issue.raised) == (
        FRI,
        "Spot buy",
        task.id,
        date(2026, 11, 23),  # the frozen clock
    )


def test_a_risk_occurs_once(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    occurred(store, risk.id, None)
    with pytest.raises(Invalid, match="already occurred"):
        occurred(store, risk.id, None)
    assert count(store, Issue) == 1


def test_an_occurred_risk_with_an_unknown_owner_writes_nothing(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    with pytest.raises(NotFound, match="member 99 not found"):
        occurred(store, risk.id, risk.version, 99)
    assert (get(store, Risk, risk.id).status, count(store, Issue)) == ("open", 0)


def test_an_edit_replaces_the_links_and_refuses_a_missing_task(store: Store) -> None:
    one = add_task(store, Task(title="one", start=FRI, end=FRI))
    two = add_task(store, Task(title="two", start=FRI, end=FRI))
    risk = add_risk(store, Risk(title="r", task_ids=[one.id]))
    risk = update_risk(store, risk.id, risk.version, task_ids=[two.id, one.id, two.id])
    assert risk.task_ids == [two.id, one.id]
    with pytest.raises(NotFound, match="task 99 not found"):
        update_risk(store, risk.id, risk.version, task_ids=[one.id, 99])
    with pytest.raises(Invalid, match="task_ids"):
        update_risk(store, risk.id, risk.version, task_ids=["abc"])
    assert get(store, Risk, risk.id) == risk


def test_an_edit_merges_with_a_change_made_since_it_was_read(store: Store) -> None:
    read = add_risk(store, Risk(title="r"))
    update_risk(store, read.id, read.version, trigger="No answer")
    mine = update_risk(store, read.id, read.version, read.model_dump(), probability=4, impact=4)
    assert (mine.trigger, mine.level, mine.score) == ("No answer", "high", 16)
    with pytest.raises(Conflict):
        update_risk(store, read.id, read.version, read.model_dump(), trigger="Silence")
    assert get(store, Risk, read.id).trigger == "No answer"


def test_an_edit_to_a_kind_its_strategy_does_not_fit_is_refused(store: Store) -> None:
    risk = add_risk(store, Risk(title="r", strategy="avoid"))
    with pytest.raises(Invalid, match="avoid is not a response to opportunity"):
        update_risk(store, risk.id, risk.version, kind="opportunity")
    saved = update_risk(store, risk.id, risk.version, kind="opportunity", strategy="exploit")
    assert (saved.kind, saved.strategy) == ("opportunity", "exploit")


@given(st.sampled_from(list(RiskKind)), st.sampled_from(list(Strategy)))
def test_a_strategy_is_accepted_exactly_when_it_fits_the_kind(
    kind: RiskKind, strategy: Strategy
) -> None:
    fits = strategy in STRATEGIES[kind]
    try:
        Risk(title="r", kind=kind, strategy=strategy)
    except ValidationError as error:
        assert not fits, error
    else:
        assert fits


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_the_level_bands_follow_the_score(p: int, i: int, rp: int, ri: int) -> None:
    risk = Risk(
        title="r", level="low", probability=p, impact=i, residual_probability=rp, residual_impact=ri
    )
    bands = {"low": range(1, 5), "medium": range(5, 13), "high": range(15, 26)}
    assert risk.score == p * i and risk.score in bands[risk.level]
    assert risk.residual_score == rp * ri and risk.residual_score in bands[risk.residual_level]
    assert risk.score not in (13, 14)  # no product of two scores of 1-5 lies between the bands


def test_closing_or_occurring_from_a_stale_screen_keeps_what_others_changed(
    store: Store, owner: Member
) -> None:
    """The register's c and o write only the status: a title edited meanwhile stands,
    and a status changed meanwhile is a conflict, never overwritten."""
    seen = add_risk(store, Risk(title="Supplier may slip", owner_id=owner.id))
    update_risk(store, seen.id, seen.version, title="Supplier will slip")
    closed = close_risk(store, seen.id, seen.version, {"status": seen.status})
    assert (closed.status, closed.title) == ("closed", "Supplier will slip")
    other = add_risk(store, Risk(title="Chips late", owner_id=owner.id))
    update_risk(store, other.id, other.version, trigger="no chips by Friday")
    risk, issue = occurred(store, other.id, other.version, base={"status": other.status})
    assert (risk.status, risk.trigger, issue.risk_id) == ("occurred", "no chips by Friday", risk.id)
    third = add_risk(store, Risk(title="Late test lab"))
    close_risk(store, third.id, third.version)
    with pytest.raises(Conflict):
        occurred(store, third.id, third.version, base={"status": third.status})
    assert get(store, Risk, third.id).status == "closed" and count(store, Issue) == 1
