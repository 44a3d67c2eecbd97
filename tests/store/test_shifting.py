"""Shifting tasks with their successors (store.shifting): pushes, pulls, refusals,
and random plans where +n then -n puts every task back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import changes, schedule, shifting
from store.db import Store
from store.errors import Conflict, Invalid
from store.models import Dependency, Project, Task
from store.project import create_project
from store.records import get
from store.tasks import add_task, calendar, compute_schedule, tasks, update_task
from tests.store.helpers import FRI, MON, dates, day, task


def test_shift_pushes_successors_and_reports_the_finish(
    store: Store, phased_chain: list[Task]
) -> None:
    a, b, c, d = phased_chain
    cursor = changes.cursor(store)
    result = shifting.shift_task(store, a.id, a.version, 2)
    assert result.moved == {
        a.id: (day(11, 25), day(12, 1)),
        b.id: (day(12, 2), day(12, 8)),
        c.id: (day(12, 9), day(12, 15)),
    }
    assert (result.finish_before, result.finish_after, result.finish_delta) == (
        day(12, 11),
        day(12, 15),
        2,
    )
    assert dates(store)[d.id] == (MON, day(11, 24))  # not downstream: untouched
    logged = [(ch.entity, ch.record_id, ch.op) for ch in changes.since(store, cursor)]
    assert logged == [
        ("tasks", a.id, "update"),
        ("tasks", b.id, "update"),
        ("tasks", c.id, "update"),
    ]
    assert changes.since(store, cursor)[0].before == {"start": "2026-11-23", "end": "2026-11-27"}


def test_shift_back_pulls_driven_successors_and_restores(
    store: Store, phased_chain: list[Task]
) -> None:
    a = phased_chain[0]
    before = dates(store)
    moved = shifting.shift_task(store, a.id, a.version, 3)
    back = shifting.shift_task(store, a.id, a.version + 1, -3)
    assert back.finish_delta == -3 == -moved.finish_delta
    assert dates(store) == before


def test_shift_over_a_weekend_keeps_working_days(store: Store) -> None:
    a = task(store, "A", FRI, FRI)
    result = shifting.shift_task(store, a.id, a.version, 1)
    assert result.moved[a.id] == (day(11, 30), day(11, 30))
    assert calendar(store).duration(*result.moved[a.id]) == 1


def test_shift_refused_before_a_predecessor_allows(store: Store, phased_chain: list[Task]) -> None:
    b = phased_chain[1]
    with pytest.raises(
        Invalid, match=r"#2 cannot start before 2026-11-30: it follows #1 \(FS \+0\)"
    ):
        shifting.shift_task(store, b.id, b.version, -1)
    assert get(store, Task, b.id).version == b.version


def test_shift_refused_when_the_task_moved_on(store: Store, phased_chain: list[Task]) -> None:
    a = phased_chain[0]
    update_task(store, a.id, a.version, title="A'")
    with pytest.raises(Conflict):
        shifting.shift_task(store, a.id, a.version, 1)
    assert dates(store)[a.id] == (MON, FRI)


def test_shift_refused_naming_the_cycle(store: Store, phased_chain: list[Task]) -> None:
    """A loop written by another program: no date moves, and the loop is named."""
    store.conn.execute(
        "INSERT INTO dependencies (predecessor_id, successor_id, type, lag, version, "
        "created_at, updated_at, updated_by) VALUES (?, ?, 'FS', 0, 1, '', '', 'x')",
        [phased_chain[2].id, phased_chain[0].id],
    )
    before = dates(store)
    with pytest.raises(Invalid, match="cycle: #1 → #2 → #3 → #1"):
        shifting.shift_task(store, phased_chain[1].id, phased_chain[1].version, 1)
    assert dates(store) == before


def test_set_task_dates_pushes_successors(store: Store, phased_chain: list[Task]) -> None:
    a, b, c, _d = phased_chain
    result = shifting.set_task_dates(store, a.id, a.version, MON, day(12, 1))
    assert result.moved[b.id] == (day(12, 2), day(12, 8))
    assert result.moved[c.id] == (day(12, 9), day(12, 15))
    assert result.finish_delta == 2


def test_reschedule_after_a_form_saved_new_dates(store: Store, phased_chain: list[Task]) -> None:
    a, b, _c, _d = phased_chain
    update_task(store, a.id, a.version, start=day(11, 24), end=day(11, 30))
    result = shifting.reschedule_after(store, a.id)
    assert set(result.moved) == {b.id, phased_chain[2].id}
    assert get(store, Task, b.id).start == day(12, 1)


# --- hypothesis: random plans -----------------------------------------------------------

KINDS = st.sampled_from(["FS", "SS", "FF", "SF"])


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[tuple[int, bool]], list[tuple[int, int, str, int]]]:
    n = draw(st.integers(2, 7))
    # (working days, milestone, slack: working days later than its predecessors allow)
    durations = [
        (draw(st.integers(1, 6)), draw(st.booleans()) and i > 0, draw(st.integers(0, 2)))
        for i in range(n)
    ]
    links = []
    for q in range(1, n):
        for p in draw(st.sets(st.integers(0, q - 1), max_size=2)):
            links.append((p, q, draw(KINDS), draw(st.integers(-2, 3))))
    return durations, links


def build(path: Path, durations, links) -> tuple[Store, list[int]]:
    """A plan where each task starts where its predecessors put it, or a little later."""
    store = Store(path, "tester", create=True)
    create_project(store, Project(name="P"))
    cal = calendar(store)
    early = day(1, 5)
    ids = []
    for i, (dur, milestone, _slack) in enumerate(durations):
        has_preds = any(q == i for _p, q, _k, _l in links)
        start = early if has_preds else cal.add(day(11, 2), 5 * i % 7)
        end = start if milestone else cal.add(start, dur - 1)
        ids.append(
            add_task(store, Task(title=f"T{i}", start=start, end=end, milestone=milestone)).id
        )
    with store.transaction() as tx:
        for p, q, kind, lag in links:
            tx.insert(Dependency(predecessor_id=ids[p], successor_id=ids[q], type=kind, lag=lag))
    plan = compute_schedule(store)
    for t in tasks(store):
        s = plan.tasks[t.id]
        update_task(store, t.id, t.version, start=s.es, end=s.ef)
    # Some tasks start later than they must: their planned start holds them there.
    slack = dict(zip(ids, (d[2] for d in durations), strict=True))
    for t in tasks(store):
        if slack[t.id]:
            start = cal.add(t.start, slack[t.id])
            end = start if t.milestone else cal.add(t.end, slack[t.id])
            update_task(store, t.id, t.version, start=start, end=end)
    plan = compute_schedule(store)
    for t in tasks(store):
        s = plan.tasks[t.id]
        update_task(store, t.id, t.version, start=s.es, end=s.ef)
    return store, ids


def links_hold(store: Store) -> None:
    """Each successor starts no earlier than its dependency type and lag allow."""
    cal = calendar(store)
    by_id = {t.id: t for t in tasks(store)}
    for row in store.query("SELECT * FROM dependencies"):
        p, q = by_id[row["predecessor_id"]], by_id[row["successor_id"]]
        dur = {t.id: 0 if t.milestone else cal.duration(t.start, t.end) for t in (p, q)}
        s_p, s_q = cal.index(p.start), cal.index(q.start)
        link = schedule.Link(p.id, q.id, schedule.DepType(row["type"]), row["lag"])
        assert s_q >= schedule.earliest_start(link, s_p, dur[p.id], dur[q.id]), (row, p, q)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=plans(), which=st.integers(0, 6), n=st.integers(1, 4))
def test_shift_keeps_dependencies_and_plus_minus_restores(tmp_path: Path, plan, which, n) -> None:
    durations, links = plan
    path = tmp_path / f"p{abs(hash((str(plan), which, n)))}.db"
    path.unlink(missing_ok=True)
    store, ids = build(path, durations, links)
    try:
        target = ids[which % len(ids)]
        before = dates(store)
        version = get(store, Task, target).version
        forward = shifting.shift_task(store, target, version, n)
        links_hold(store)
        assert forward.finish_delta >= 0
        back = shifting.shift_task(store, target, get(store, Task, target).version, -n)
        links_hold(store)
        assert dates(store) == before
        assert back.finish_delta == -forward.finish_delta
    finally:
        store.close()
        path.unlink(missing_ok=True)


def test_shift_forward_and_back_returns_a_successor_with_slack(store: Store) -> None:
    """B has two days of slack after A; C follows B tightly. A +3 pushes both; −3
    puts both back where they were, not three days before where they were pushed."""
    a = task(store, "A", MON, day(11, 27))
    b = task(store, "B", day(12, 2), day(12, 3), str(a.id))
    task(store, "C", day(12, 4), day(12, 7), str(b.id))
    before = dates(store)
    forward = shifting.shift_task(store, a.id, a.version, 3)
    assert forward.moved[b.id] == (day(12, 3), day(12, 4))
    back = shifting.shift_task(store, a.id, get(store, Task, a.id).version, -3)
    assert dates(store) == before
    assert back.finish_delta == -forward.finish_delta
    # Twice forward, once back by both: still home.
    shifting.shift_task(store, a.id, get(store, Task, a.id).version, 1)
    shifting.shift_task(store, a.id, get(store, Task, a.id).version, 4)
    shifting.shift_task(store, a.id, get(store, Task, a.id).version, -5)
    assert dates(store) == before


def test_an_edit_after_a_push_is_where_a_task_stays(store: Store) -> None:
    a = task(store, "A", MON, day(11, 27))
    b = task(store, "B", day(12, 2), day(12, 3), str(a.id))
    shifting.shift_task(store, a.id, a.version, 3)
    pushed = get(store, Task, b.id)
    update_task(store, b.id, pushed.version, start=day(12, 4), end=day(12, 7))
    shifting.shift_task(store, a.id, get(store, Task, a.id).version, -3)
    assert dates(store)[b.id] == (day(12, 4), day(12, 7))
