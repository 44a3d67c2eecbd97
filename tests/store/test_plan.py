"""The plan's schedule reused across changes that cannot move it (store.plan), and the
health read again from the one before it (store.health), both as if read afresh."""

from __future__ import annotations

from typing import Any

import pytest

import store.plan
from store import people, risks
from store.board import BoardFlags, board_flags
from store.db import Store
from store.health import Health, health
from store.models import Dependency, Member, Risk, Task
from store.plan import late_tasks, plan_schedule
from store.quick_risk import add_quick_risk
from store.records import get
from store.tasks import add_dependency, compute_schedule, set_baseline, update_task
from tests.store.helpers import day


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per critical-path run plan_schedule asks for."""
    counted: list[int] = []

    def counting(store: Store) -> Any:
        counted.append(1)
        return compute_schedule(store)

    monkeypatch.setattr(store.plan, "compute_schedule", counting)
    return counted


def edit(store: Store, task: Task, **values: Any) -> Task:
    return update_task(store, task.id, get(store, Task, task.id).version, **values)


def test_the_schedule_is_run_again_only_when_the_plan_changes(
    store: Store, phased_chain: list[Task], runs: list[int]
) -> None:
    a, b, _c, d = phased_chain
    first = plan_schedule(store)
    risks.add_risk(store, Risk(title="Supplier late", probability=4, impact=4))
    edit(store, a, status="doing")
    edit(store, d, title="D, renamed", progress=50)
    assert plan_schedule(store) is first and len(runs) == 1
    edit(store, a, end=day(12, 4))  # a week longer: B and C follow
    moved = plan_schedule(store)
    assert len(runs) == 2 and moved.tasks[b.id].es > first.tasks[b.id].es
    assert plan_schedule(store) is moved and len(runs) == 2
    add_dependency(store, Dependency(predecessor_id=d.id, successor_id=b.id))
    assert plan_schedule(store) is not moved and len(runs) == 3
    edit(store, d, milestone=True)
    plan_schedule(store)
    assert len(runs) == 4
    assert plan_schedule(store).tasks == compute_schedule(store).tasks


def counts(found: Health) -> dict[str, Any]:
    """What the dashboard and the header show of a health."""
    return {
        "slipping": [(s.task.id, s.days, s.task.status) for s in found.slipping],
        "due": [t.id for t in found.due_this_week],
        "high": [r.id for r in found.high_risks],
        "members": sorted(found.members),
        "problems": found.problems,
    }


def test_a_health_read_from_the_last_is_the_health_read_afresh(
    store: Store, phased_chain: list[Task], runs: list[int]
) -> None:
    a, _b, c, _d = phased_chain
    unit = people.add_department(store, "R&D")
    set_baseline(store)
    edit(store, a, end=day(12, 4))  # a week late: A, B and C slip
    last = health(store)
    assert {s.task.id for s in last.slipping} >= {a.id, c.id}
    for change in (
        lambda: edit(store, a, status="done"),  # no longer slipping
        lambda: add_quick_risk(store, "Cold store floods p5 i5"),
        lambda: edit(store, a, status="doing"),  # slipping again
        lambda: edit(store, c, title="C, renamed"),
        lambda: people.add_member(store, Member(name="Zhao Lei", department_id=unit.id)),
        lambda: edit(store, c, end=day(12, 31)),  # later still: the plan moves
    ):
        change()
        again = health(store, previous=last)
        assert counts(again) == counts(health(store)), change
        last = again
    assert len(runs) == 2  # the first read and the moved end


def test_flags_read_from_the_last_are_the_flags_read_afresh(
    store: Store, phased_chain: list[Task]
) -> None:
    """The board's markers and the slipping tasks after each change, judged again only
    for the tasks it touched, are those a new read finds."""
    a, b, c, d = phased_chain
    set_baseline(store)
    edit(store, a, end=day(12, 4))  # a week late: A, B and C slip

    def fresh() -> BoardFlags:
        kept = dict(store.memo)
        store.memo.clear()
        try:
            return board_flags(store)
        finally:
            store.memo.clear()
            store.memo.update(kept)

    last = board_flags(store)
    assert last.blockers == {b.id: [a.id], c.id: [b.id]} and last.slip.keys() >= {a.id, c.id}

    def moving() -> None:  # the plan moves: everything is read again
        add_dependency(store, Dependency(predecessor_id=d.id, successor_id=c.id))

    for change in (
        lambda: edit(store, a, status="done"),  # B waits for nothing, A no longer slips
        lambda: edit(store, b, status="done"),
        lambda: edit(store, a, status="doing"),  # B waits again, A slips again
        lambda: edit(store, d, title="D, renamed"),
        moving,
    ):
        change()
        again = board_flags(store, previous=last)
        assert (again.plan is last.plan) == (change is not moving), change
        afresh = fresh()
        assert (again.critical, again.slip, again.blockers) == (
            afresh.critical,
            afresh.slip,
            afresh.blockers,
        )
        assert late_tasks(store) == afresh.slip
        last = again
    assert last.blockers == {b.id: [a.id], c.id: [d.id]}
