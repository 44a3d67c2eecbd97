"""The Gantt chart's rows (store.gantt): phases, the critical path, slip, Bars built
when shown."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from store import changes, gantt, progress
from store.db import Store
from store.exports import gantt_markdown
from store.models import Task
from store.tasks import compute_schedule, slipping, tasks
from tests.store.helpers import MON, day


def test_gantt_groups_by_phase_and_agrees_with_the_critical_path(
    store: Store, phased_chain: list[Task]
) -> None:
    data = gantt.gantt(store, MON)
    assert [(p.name, p.bars) for p in data.phases] == [
        ("Build", [phased_chain[0].id, phased_chain[1].id]),
        ("Test", [phased_chain[3].id, phased_chain[2].id]),
    ]
    plan = compute_schedule(store)
    for tid, scheduled in plan.tasks.items():
        bar = data.bars[tid]
        assert (bar.critical, bar.total_float, bar.free_float) == (
            scheduled.critical,
            scheduled.total_float,
            scheduled.free_float,
        )
        assert (bar.es, bar.ef, bar.ls, bar.lf) == (
            scheduled.es,
            scheduled.ef,
            scheduled.ls,
            scheduled.lf,
        )
    assert [bar.critical for bar in data.bars.values()] == [True, True, True, False]
    assert data.bars[phased_chain[3].id].total_float == 13
    assert data.successors[phased_chain[0].id] == [gantt.Relation(phased_chain[1].id, "FS", 0)]
    assert data.predecessors[phased_chain[1].id] == [gantt.Relation(phased_chain[0].id, "FS", 0)]
    assert data.finish == day(12, 11)
    assert data.phases[0].critical == 2


def test_gantt_reports_a_cycle_instead_of_a_schedule(
    store: Store, phased_chain: list[Task]
) -> None:
    """Another program wrote a looping dependency: the chart names it, nothing crashes."""
    store.conn.execute(
        "INSERT INTO dependencies (predecessor_id, successor_id, type, lag, version, "
        "created_at, updated_at, updated_by) VALUES (?, ?, 'FS', 0, 1, '', '', 'x')",
        [phased_chain[2].id, phased_chain[0].id],
    )
    data = gantt.gantt(store, MON)
    assert data.error == "#1 → #2 → #3 → #1"
    assert data.bars == {}


@pytest.fixture
def demo_store(tmp_path: Path):
    from store import demo

    with Store(tmp_path / "demo.db", "tester", create=True) as s:
        demo.generate(s)
        yield s


def test_slip_on_the_gantt_is_the_dashboards_slip(demo_store: Store) -> None:
    data = gantt.gantt(demo_store, MON)
    flagged = {b.id: b.slip for b in data.bars.values() if b.slipping}
    listed = {s.task.id: s.days for s in slipping(demo_store, MON)}
    assert flagged == listed
    assert flagged, "the demo has slipping tasks"


def test_gantt_bars_built_on_demand_agree_with_the_schedule_and_the_summary(
    demo_store: Store,
) -> None:
    """Bars are built when shown; every one, and the counts and span built without
    them, must say what the schedule and the tasks say."""
    data = gantt.gantt(demo_store, MON)
    plan = compute_schedule(demo_store)
    tasks_by_id = {t.id: t for t in tasks(demo_store)}
    assert set(data.bars) == set(tasks_by_id) and len(data.bars) == len(tasks_by_id)
    assert 10**9 not in data.bars
    with pytest.raises(KeyError):
        data.bars[10**9]
    bars = [data.bars[i] for i in tasks_by_id]
    assert data.bars[bars[0].id] is bars[0]  # built once
    for bar in bars:
        task, sched = tasks_by_id[bar.id], plan.tasks[bar.id]
        assert (bar.title, bar.start, bar.end) == (task.title, task.start, task.end)
        assert (bar.baseline_start, bar.baseline_end) == (task.baseline_start, task.baseline_end)
        assert (bar.es, bar.ef, bar.lf, bar.total_float, bar.critical) == (
            sched.es,
            sched.ef,
            sched.lf,
            sched.total_float,
            sched.critical,
        )
    assert data.baselined == {b.id for b in bars if b.b0 >= 0}
    assert data.open_until == {b.id: b.s1 for b in bars if b.status != "done"}
    assert data.critical == sum(b.critical for b in bars)
    assert data.slipping == sum(b.slipping for b in bars)
    ordinals = [b.s0 for b in bars] + [b.l1 for b in bars]
    ordinals += [d for b in bars if b.b0 >= 0 for d in (b.b0, b.b1)]
    assert (data.earliest, data.latest) == (min(ordinals), max(ordinals))
    for phase in data.phases:
        members = [data.bars[i] for i in phase.bars]
        assert [(b.s0, b.id) for b in members] == sorted((b.s0, b.id) for b in members)
        assert {b.phase for b in members} == {phase.name}
        assert (phase.s0, phase.s1) == (members[0].s0, max(b.s1 for b in members))
        assert phase.critical == sum(b.critical for b in members)


def test_reading_writes_nothing(store: Store, phased_chain: list[Task]) -> None:
    """gantt(), the weekly table and the export only read: no change is logged."""
    cursor = changes.cursor(store)
    gantt.gantt(store, MON)
    progress.weekly_progress(store, MON)
    gantt_markdown(store, MON)
    assert changes.cursor(store) == cursor


def test_a_task_added_after_the_schedule_was_read_waits_for_the_next_read(
    store: Store, phased_chain: list[Task], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program adds a task between the chart's two reads: it is left out, and so
    are its dependencies, until the next read schedules it."""
    a, b, c, d = phased_chain
    plan = compute_schedule(store)
    without_b = dataclasses.replace(plan, tasks={i: s for i, s in plan.tasks.items() if i != b.id})
    monkeypatch.setattr(gantt, "plan_schedule", lambda _store: without_b)
    data = gantt.gantt(store, MON)
    assert list(data.bars) == [a.id, c.id, d.id] and b.id not in data.bars
    assert [p.bars for p in data.phases] == [[a.id], [d.id, c.id]]
    assert a.id not in data.successors and c.id not in data.predecessors
    assert data.bars[c.id].title == "C" and data.bars[d.id].title == "D"
    assert set(data.open_until) == {a.id, c.id, d.id}
