"""Issues (问题): who each waits on, and escalation by hand and when overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from store import changes, issues
from store.calendars import project_calendar
from store.db import Store
from store.errors import Conflict, Invalid, NotFound
from store.issues import (
    ESCALATION_WORKDAYS,
    add_issue,
    escalate,
    escalate_overdue,
    escalation_chain,
    resolve_issue,
    update_issue,
)
from store.models import Department, Escalation, Issue, Member, Risk
from store.people import add_department, add_member
from store.project import project, update_charter
from store.records import count, get
from store.risks import add_risk

MON = date(2026, 11, 23)  # the frozen clock's day
THU = date(2026, 11, 26)


@dataclass
class Chain:
    rd: Department
    market: Department
    interface: Member
    pm: Member
    head: Member


@pytest.fixture
def chain(store: Store) -> Chain:
    """R&D with its interface person; 市场部 the sponsor, with its head; a PM."""
    rd = add_department(store, "R&D")
    market = add_department(store, "市场部")
    interface = add_member(
        store, Member(name="Li Wei", department_id=rd.id, login="liwei", is_interface=True)
    )
    pm = add_member(store, Member(name="Zhang PM", department_id=rd.id, is_pm=True))
    head = add_member(store, Member(name="王芳", department_id=market.id, is_head=True))
    update_charter(store, project(store).version, sponsor_department_id=market.id)
    return Chain(rd, market, interface, pm, head)


def issue(store: Store, chain: Chain, due: date | None = MON, **values: object) -> Issue:
    return add_issue(store, Issue(title="Mould late", department_id=chain.rd.id, due=due, **values))


def plus_workdays(store: Store, day: date) -> date:
    return project_calendar(store, day).add(day, ESCALATION_WORKDAYS)


def test_the_chain_goes_interface_person_then_pm_then_sponsor_head(
    store: Store, chain: Chain
) -> None:
    found = issue(store, chain)
    who = escalation_chain(store)
    people = [who.waits_on(found.model_copy(update={"escalation": level})) for level in Escalation]
    assert [p.id if p else None for p in people] == [chain.interface.id, chain.pm.id, chain.head.id]


def test_a_department_without_an_interface_person_waits_on_nobody_yet(
    store: Store, chain: Chain
) -> None:
    found = add_issue(store, Issue(title="Ads late", department_id=chain.market.id))
    assert escalation_chain(store).waits_on(found) is None


def test_an_issue_gets_its_owners_department(store: Store, chain: Chain) -> None:
    found = add_issue(store, Issue(title="x", owner_id=chain.head.id))
    assert found.department_id == chain.market.id


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("risk_id", 9, "risk 9 not found"),
        ("task_id", 9, "task 9 not found"),
        ("owner_id", 99, "member 99 not found"),
        ("department_id", 99, "department 99 not found"),
    ],
)
def test_an_issue_naming_a_missing_record_is_refused_by_name(
    store: Store, chain: Chain, field: str, value: int, message: str
) -> None:
    with pytest.raises(NotFound, match=message):
        add_issue(store, Issue(title="x", **{field: value}))
    made = issue(store, chain)
    with pytest.raises(NotFound, match=message):
        update_issue(store, made.id, made.version, **{field: value})
    assert count(store, Issue) == 1
    assert get(store, Issue, made.id) == made


def test_resolving_by_edit_dates_it_and_reopening_clears_the_date(
    store: Store, chain: Chain
) -> None:
    made = issue(store, chain)
    done = update_issue(store, made.id, made.version, status="resolved", today=THU)
    assert (done.status, done.resolved_on) == ("resolved", THU)
    again = update_issue(store, done.id, done.version, status="in_progress")
    assert (again.status, again.resolved_on) == ("in_progress", None)


def test_an_edit_merges_with_a_change_made_since_it_was_read(store: Store, chain: Chain) -> None:
    read = issue(store, chain)
    update_issue(store, read.id, read.version, plan="Call the supplier")
    mine = update_issue(store, read.id, read.version, read.model_dump(), title="Mould 2 weeks late")
    assert (mine.title, mine.plan) == ("Mould 2 weeks late", "Call the supplier")
    with pytest.raises(Conflict):
        update_issue(store, read.id, read.version, read.model_dump(), plan="Wait")
    assert get(store, Issue, read.id).plan == "Call the supplier"


def test_escalating_by_hand_goes_one_level_up_with_new_working_days(
    store: Store, chain: Chain
) -> None:
    made = issue(store, chain, due=THU)
    cursor = changes.cursor(store)
    up = escalate(store, made.id, made.version, today=THU)
    assert (up.escalation, up.escalated_on) == (Escalation.PM, THU)
    assert up.due == plus_workdays(store, THU) == date(2026, 11, 30)  # Thu + 2 = Mon
    assert escalation_chain(store).waits_on(up) == chain.pm
    logged = changes.since(store, cursor)
    assert [(c.entity, c.op, c.after and c.after["escalation"]) for c in logged] == [
        ("issues", "update", 1)
    ]
    top = escalate(store, made.id, up.version, today=THU)
    assert top.escalation == Escalation.SPONSOR
    with pytest.raises(Invalid, match="already at the sponsor"):
        escalate(store, made.id, top.version, today=THU)


def test_a_resolved_issue_is_never_escalated(store: Store, chain: Chain) -> None:
    made = issue(store, chain)
    done = resolve_issue(store, made.id, made.version, "fixed", today=MON)
    with pytest.raises(Invalid, match="is resolved"):
        escalate(store, made.id, done.version, today=THU)
    assert escalate_overdue(store, today=THU) == []
    assert get(store, Issue, made.id).escalation == Escalation.INTERFACE


def test_overdue_issues_go_up_one_level_and_no_others(store: Store, chain: Chain) -> None:
    overdue = issue(store, chain, due=MON)
    due_today = issue(store, chain, due=THU)
    undated = issue(store, chain, due=None)
    at_top = issue(store, chain, due=MON, escalation=Escalation.SPONSOR)
    resolved = resolve_issue(store, issue(store, chain, due=MON).id, None, today=MON)

    up = escalate_overdue(store, today=THU)

    assert [i.id for i in up] == [overdue.id]
    assert (up[0].escalation, up[0].escalated_on) == (Escalation.PM, THU)
    assert up[0].due == plus_workdays(store, THU)
    for unchanged in (due_today, undated, at_top, resolved):
        assert get(store, Issue, unchanged.id) == unchanged


def test_without_a_day_it_is_the_clocks(store: Store, chain: Chain) -> None:
    """The frozen clock says Monday: an issue due the Friday before goes up today."""
    made = issue(store, chain, due=date(2026, 11, 20))
    [up] = escalate_overdue(store)
    assert (up.id, up.escalated_on, up.due) == (made.id, MON, plus_workdays(store, MON))


def test_running_it_again_the_same_day_does_not_escalate_twice(store: Store, chain: Chain) -> None:
    made = issue(store, chain, due=MON)
    assert len(escalate_overdue(store, today=THU)) == 1
    assert escalate_overdue(store, today=THU) == []
    assert get(store, Issue, made.id).escalation == Escalation.PM
    # Still unsolved when the new due date has passed: up once more, then it stays.
    later = date(2026, 12, 1)
    assert [i.escalation for i in escalate_overdue(store, today=later)] == [Escalation.SPONSOR]
    assert escalate_overdue(store, today=date(2026, 12, 31)) == []
    assert get(store, Issue, made.id).escalation == Escalation.SPONSOR


def test_two_apps_escalating_at_once_take_an_issue_up_once(
    store: Store, chain: Chain, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B has seen the issue overdue when A escalates it: B's transaction reads again."""
    made = issue(store, chain, due=MON)
    seen = issues.overdue
    with Store(store.path, "other") as other:
        calls = []

        def overdue_then_a_escalates(s: Store, today: date) -> list[Issue]:
            found = seen(s, today)
            if s is other:
                return found
            calls.append(len(found))
            if len(calls) == 1:  # B's look before taking the lock: A goes first
                assert [i.id for i in escalate_overdue(other, today)] == [made.id]
            return found

        monkeypatch.setattr(issues, "overdue", overdue_then_a_escalates)
        assert escalate_overdue(store, today=THU) == []
    assert calls == [1, 0]
    assert get(store, Issue, made.id).escalation == Escalation.PM
    history = changes.history(store, "issues", made.id)
    assert [c.actor for c in history if c.op == "update"] == ["other"]


def test_an_occurred_risk_issue_starts_from_its_contingency_plan(
    store: Store, chain: Chain
) -> None:
    from store.risks import occurred

    risk = add_risk(store, Risk(title="Chip late", contingency="Buy at spot price", response="x"))
    _saved, made = occurred(store, risk.id, risk.version, chain.interface.id, THU)
    assert (made.plan, made.owner_id, made.department_id) == (
        "Buy at spot price",
        chain.interface.id,
        chain.rd.id,
    )
    assert escalation_chain(store).waits_on(made) == chain.interface


def test_a_state_change_from_a_stale_screen_keeps_what_others_changed(store: Store) -> None:
    """Resolving or escalating an issue the user saw before someone else edited another
    field (or the app escalated it) writes only its own fields: the others' stand, and
    only a change to the same field is a conflict."""
    seen = add_issue(store, Issue(title="Mould late", due=THU))
    update_issue(store, seen.id, seen.version, plan="Air freight")
    done = resolve_issue(store, seen.id, seen.version, "fixed", THU, base=seen.model_dump())
    assert (done.status, done.plan, done.resolution) == ("resolved", "Air freight", "fixed")
    other = add_issue(store, Issue(title="Chips late", due=THU))
    escalate(store, other.id, None, THU)  # by another app, a moment before
    with pytest.raises(Conflict):
        escalate(store, other.id, other.version, THU, base=other.model_dump())
    assert get(store, Issue, other.id).escalation == Escalation.PM


def test_escalating_by_hand_keeps_a_later_due_date(store: Store) -> None:
    later = date(2026, 12, 31)
    made = add_issue(store, Issue(title="Mould late", due=later))
    up = escalate(store, made.id, made.version, THU)
    assert (up.escalation, up.due, up.escalated_on) == (Escalation.PM, later, THU)
