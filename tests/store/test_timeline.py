"""The plan over time: the Gantt's rows (store.gantt), shifting tasks with their successors
(store.shifting), the weekly table (store.progress) and export gantt (store.exports)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from store import changes, gantt, progress, schedule, shifting
from store.db import Store
from store.errors import Conflict, Invalid
from store.exports import gantt_markdown
from store.meetings import add_meeting, add_update
from store.models import (
    DailyUpdate,
    Dependency,
    Document,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    Project,
    Task,
    TaskStatus,
)
from store.people import add_department, add_member
from store.project import create_project, missing_signoffs, sign, signoffs
from store.records import get
from store.tasks import (
    add_task,
    calendar,
    compute_schedule,
    parse_after,
    set_baseline,
    slipping,
    tasks,
    update_task,
)

MON = date(2026, 11, 23)  # the frozen clock's Monday
FRI = date(2026, 11, 27)


def day(month: int, d: int, year: int = 2026) -> date:
    return date(year, month, d)


def task(store: Store, title: str, start: date, end: date, *after: str, **fields) -> Task:
    return add_task(
        store,
        Task(title=title, start=start, end=end, **fields),
        after=[parse_after(a) for a in after],
    )


@pytest.fixture
def chain(store: Store) -> list[Task]:
    """A → B → C (FS, one working week each), and D beside them with slack."""
    a = task(store, "A", MON, FRI, phase="Build")
    b = task(store, "B", day(11, 30), day(12, 4), str(a.id), phase="Build")
    c = task(store, "C", day(12, 7), day(12, 11), str(b.id), phase="Test")
    d = task(store, "D", MON, day(11, 24), phase="Test")
    return [a, b, c, d]


def dates(store: Store) -> dict[int, tuple[date, date]]:
    return {t.id: (t.start, t.end) for t in tasks(store)}


# --- gantt ------------------------------------------------------------------------------


def test_gantt_groups_by_phase_and_agrees_with_the_critical_path(
    store: Store, chain: list[Task]
) -> None:
    data = gantt.gantt(store, MON)
    assert [(p.name, p.bars) for p in data.phases] == [
        ("Build", [chain[0].id, chain[1].id]),
        ("Test", [chain[3].id, chain[2].id]),
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
    assert data.bars[chain[3].id].total_float == 13
    assert data.successors[chain[0].id] == [gantt.Relation(chain[1].id, "FS", 0)]
    assert data.predecessors[chain[1].id] == [gantt.Relation(chain[0].id, "FS", 0)]
    assert data.finish == day(12, 11)
    assert data.phases[0].critical == 2


def test_gantt_reports_a_cycle_instead_of_a_schedule(store: Store, chain: list[Task]) -> None:
    """Another program wrote a looping dependency: the chart names it, nothing crashes."""
    store.conn.execute(
        "INSERT INTO dependencies (predecessor_id, successor_id, type, lag, version, "
        "created_at, updated_at, updated_by) VALUES (?, ?, 'FS', 0, 1, '', '', 'x')",
        [chain[2].id, chain[0].id],
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


# --- shifting ---------------------------------------------------------------------------


def test_shift_pushes_successors_and_reports_the_finish(store: Store, chain: list[Task]) -> None:
    a, b, c, d = chain
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


def test_shift_back_pulls_driven_successors_and_restores(store: Store, chain: list[Task]) -> None:
    a = chain[0]
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


def test_shift_refused_before_a_predecessor_allows(store: Store, chain: list[Task]) -> None:
    b = chain[1]
    with pytest.raises(
        Invalid, match=r"#2 cannot start before 2026-11-30: it follows #1 \(FS \+0\)"
    ):
        shifting.shift_task(store, b.id, b.version, -1)
    assert get(store, Task, b.id).version == b.version


def test_shift_refused_when_the_task_moved_on(store: Store, chain: list[Task]) -> None:
    a = chain[0]
    update_task(store, a.id, a.version, title="A'")
    with pytest.raises(Conflict):
        shifting.shift_task(store, a.id, a.version, 1)
    assert dates(store)[a.id] == (MON, FRI)


def test_shift_refused_naming_the_cycle(store: Store, chain: list[Task]) -> None:
    """A loop written by another program: no date moves, and the loop is named."""
    store.conn.execute(
        "INSERT INTO dependencies (predecessor_id, successor_id, type, lag, version, "
        "created_at, updated_at, updated_by) VALUES (?, ?, 'FS', 0, 1, '', '', 'x')",
        [chain[2].id, chain[0].id],
    )
    before = dates(store)
    with pytest.raises(Invalid, match="cycle: #1 → #2 → #3 → #1"):
        shifting.shift_task(store, chain[1].id, chain[1].version, 1)
    assert dates(store) == before


def test_date_edit_that_closes_a_cycle_is_refused(store: Store, chain: list[Task]) -> None:
    """The task form edits dates and predecessors in one save: a loop is refused, named."""
    from store.tasks import parse_after_list, save_task

    a = chain[0]
    with pytest.raises(Invalid, match=r"#1 → #2 → #3 → #1"):
        save_task(
            store,
            a.id,
            a.version,
            {"start": day(11, 24), "end": FRI},
            parse_after_list(str(chain[2].id)),
        )
    assert dates(store)[a.id] == (MON, FRI)


def test_set_task_dates_pushes_successors(store: Store, chain: list[Task]) -> None:
    a, b, c, _d = chain
    result = shifting.set_task_dates(store, a.id, a.version, MON, day(12, 1))
    assert result.moved[b.id] == (day(12, 2), day(12, 8))
    assert result.moved[c.id] == (day(12, 9), day(12, 15))
    assert result.finish_delta == 2


def test_a_form_save_with_new_dates_pushes_successors_in_one_transaction(
    store: Store, chain: list[Task]
) -> None:
    from store.task_form import save_task_form

    a, b, c, _d = chain
    told: list = []
    store.on_commit = told.append
    result = save_task_form(
        store, a.id, a.version, {"start": day(11, 24), "end": day(11, 30)}, None, {"start": MON}
    )
    assert len(told) == 1  # one commit: the task and every successor it pushed
    assert {ch.record_id for ch in told[0]} == {a.id, b.id, c.id}
    assert set(result.moved) == {b.id, c.id}
    assert get(store, Task, b.id).start == day(12, 1)
    assert (result.task.start, result.finish_delta) == (day(11, 24), 1)
    assert result.held is None


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


# --- the baseline -----------------------------------------------------------------------


def test_set_baseline_logs_each_task_and_outdates_the_signoff(
    store: Store, chain: list[Task]
) -> None:
    rd = add_department(store, "R&D")
    head = add_member(store, Member(name="Head", department_id=rd.id, is_head=True))
    cursor = changes.cursor(store)
    set_baseline(store)
    logged = [c for c in changes.since(store, cursor) if c.entity == "tasks"]
    assert [c.record_id for c in logged] == [t.id for t in chain]
    assert logged[0].before == {"baseline_start": None, "baseline_end": None}
    assert logged[0].after == {
        "baseline_start": "2026-11-23",
        "baseline_end": "2026-11-27",
        "version": 2,
    }
    assert (Document.BASELINE, rd) in [(d, dept) for d, dept in missing_signoffs(store)]
    sign(store, Document.BASELINE, rd.id, head)
    shifting.shift_task(store, chain[3].id, get(store, Task, chain[3].id).version, 1)
    cursor = changes.cursor(store)
    set_baseline(store, "Re-plan")
    logged = [c for c in changes.since(store, cursor) if c.entity == "tasks"]
    assert [c.record_id for c in logged] == [chain[3].id]  # only what moved
    assert [s.outdated for s in signoffs(store, Document.BASELINE)] == [True]
    assert (Document.BASELINE, rd) in [(d, dept) for d, dept in missing_signoffs(store)]


# --- the weekly progress table ----------------------------------------------------------


def test_weekly_progress_counts(store: Store) -> None:
    rd = add_department(store, "R&D")
    mk = add_department(store, "市场部")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    wang = add_member(store, Member(name="王芳", department_id=mk.id))
    add_meeting(
        store,
        Meeting(
            kind=MeetingKind.WEEKLY,
            title="Week 6",
            date=day(11, 17),
            status=MeetingStatus.PUBLISHED,
        ),
    )
    add_meeting(store, Meeting(kind=MeetingKind.WEEKLY, title="Week 7", date=day(11, 24)))
    due = {"owner_id": li.id, "department_id": rd.id}
    t1 = task(store, "Due, done", MON, day(11, 25), **due)
    task(store, "Due, open", MON, FRI, **due)
    t3 = task(store, "Late", day(11, 2), day(11, 13), owner_id=wang.id, department_id=mk.id)
    task(store, "Next week", day(11, 30), day(12, 2), **due)
    set_baseline(store)
    update_task(store, t1.id, 2, status=TaskStatus.DONE)
    update_task(store, t3.id, 2, status=TaskStatus.DOING)
    add_update(
        store,
        DailyUpdate(
            member_id=wang.id, date=day(11, 20), done="calls", blockers="waiting for 供应商"
        ),
    )
    report = progress.weekly_progress(store, MON)
    assert (report.monday, report.sunday) == (MON, day(11, 29))
    rows = {r.department: (r.planned, r.done, r.finished, r.overdue) for r in report.departments}
    assert rows == {"R&D": (2, 1, 1, 0), "市场部": (0, 0, 0, 1)}
    totals = report.totals
    assert (totals.planned, totals.done, totals.overdue) == (2, 1, 1)
    assert [(s.id, s.days, s.cause) for s in report.slipping] == [
        (t3.id, 6, "11-20 waiting for 供应商")
    ]
    assert report.since == day(11, 17)
    assert report.meeting == "Week 6"
    assert report.counts["tasks"]["create"] == 4
    assert report.counts["tasks"]["update"] >= 6
    assert any(c.entity == "baselines" for c in report.notable)
    assert any(
        c.entity == "tasks" and (c.after or {}).get("status") == "done" for c in report.notable
    )


def test_weekly_progress_without_a_meeting(store: Store) -> None:
    task(store, "A", MON, FRI)
    report = progress.weekly_progress(store, MON)
    assert report.since is None and report.counts == {} and report.notable == []
    assert report.slipping == []


# --- export gantt -----------------------------------------------------------------------


def chart_column(row: str) -> int:
    """The cell where a chart row's week columns start (after the 30-cell label and a space)."""
    for i in range(len(row)):
        if cell_len(row[:i]) == 31:
            assert row[i] in "·█▒~|◆", row
            assert row[i - 1] == " ", row
            return 31
    return -1


def test_gantt_markdown(store: Store, chain: list[Task]) -> None:
    update_task(store, chain[0].id, 1, title="设计 [bold]x[/] | pipe")
    set_baseline(store)
    text = gantt_markdown(store, MON)
    assert text.startswith("# Gantt chart: Test project\n")
    assert "| ID | Task | Owner | Start | End | Float (wd) | Critical | Slip (wd) |" in text
    assert "| 1 | 设计 [bold]x[/] \\| pipe | — | 2026-11-23 | 2026-11-27 | 0 | yes | +0 |" in text
    assert "## Build" in text and "## Test" in text
    block = text.split("```")[1].strip("\n").splitlines()
    rows = [line for line in block if line[:5].strip().isdigit()]
    assert len(rows) == 4
    # CJK titles are padded by cells: the week columns start in the same cell on every row.
    assert {chart_column(r) for r in rows} == {31}
    assert "Legend:" in text
    assert "█ critical task" in text


def test_gantt_markdown_translates(store: Store, chain: list[Task]) -> None:
    zh = {"Gantt chart": "甘特图", "Legend:": "图例："}
    text = gantt_markdown(store, MON, lambda s: zh.get(s, s))
    assert text.startswith("# 甘特图: Test project")
    assert "图例：" in text


def test_week_columns_line_up(store: Store) -> None:
    task(store, "很长的中文任务名称很长的中文任务名称", MON, FRI)
    task(store, "short", MON, FRI)
    block = gantt_markdown(store, MON).split("```")[1].splitlines()
    rows = [line for line in block if "很长" in line or "short" in line]
    assert len(rows) == 2
    assert {chart_column(r) for r in rows} == {31}


def test_reading_writes_nothing(store: Store, chain: list[Task]) -> None:
    """gantt(), the weekly table and the export only read: no change is logged."""
    cursor = changes.cursor(store)
    gantt.gantt(store, MON)
    progress.weekly_progress(store, MON)
    gantt_markdown(store, MON)
    assert changes.cursor(store) == cursor


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
