"""The Gantt chart's rows: every task with its schedule, baseline and slip, by phase."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from store import clock, schedule
from store.db import Store
from store.models import TaskStatus
from store.plan import late_tasks, plan_schedule
from store.schedule import Calendar, CycleError, ScheduledTask
from store.tasks import calendar
from store.text import one_line

NO_PHASE = "—"


# --- the chart's rows ------------------------------------------------------------------


@dataclass(slots=True)
class Bar:
    """One task as the chart draws it; dates also as ordinals (``date.toordinal``)."""

    id: int
    version: int
    title: str
    phase: str
    owner: str
    department: str
    start: date  # planned
    end: date
    baseline_start: date | None
    baseline_end: date | None
    actual_start: date | None
    actual_end: date | None
    progress: int
    status: str
    milestone: bool
    es: date
    ef: date
    ls: date
    lf: date
    total_float: int
    free_float: int
    critical: bool
    slip: int | None  # working days past the baseline end (None without a baseline)
    # Ordinals of the scheduled first/last day, the late finish and the baseline.
    s0: int = 0
    s1: int = 0
    l1: int = 0
    b0: int = -1
    b1: int = -1

    @property
    def slipping(self) -> bool:
        return schedule.is_slipping(self.slip, self.status == TaskStatus.DONE)


class Relation(NamedTuple):
    """A dependency as seen from one task: the other task, type and lag (a tuple:
    20,000 dependencies make 40,000 of them on each load)."""

    other: int
    type: str
    lag: int


@dataclass
class Phase:
    name: str
    bars: list[int]  # task ids, by scheduled start then id
    s0: int  # ordinal of the first day of its first task
    s1: int  # ordinal of the last day of its last task
    critical: int  # how many of its tasks are critical


class Bars(Mapping[int, Bar]):
    """Task id → Bar, each Bar built the first time it is asked for.

    A chart shows a few dozen rows of 10,000: building every Bar up front was most
    of the time the Gantt's data took, in the thread that shares the GIL with the
    screen being drawn (``python -m bench.store`` times both).
    """

    def __init__(self, build: Callable[[int], Bar], ids: Iterable[int]) -> None:
        self._build = build
        self._ids = dict.fromkeys(ids)
        self._built: dict[int, Bar] = {}

    def __getitem__(self, task_id: int) -> Bar:
        bar = self._built.get(task_id)
        if bar is None:
            if task_id not in self._ids:
                raise KeyError(task_id)
            bar = self._built[task_id] = self._build(task_id)
        return bar

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._ids

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


@dataclass
class Gantt:
    today: date
    bars: Mapping[int, Bar] = field(default_factory=dict)
    phases: list[Phase] = field(default_factory=list)
    predecessors: dict[int, list[Relation]] = field(default_factory=dict)
    successors: dict[int, list[Relation]] = field(default_factory=dict)
    calendar: Calendar = field(default_factory=Calendar)  # the chart shades its days off
    start: date | None = None
    finish: date | None = None
    error: str = ""  # a cycle written by another program: no schedule to show
    critical: int = 0  # tasks on the critical path
    slipping: int = 0  # tasks more than 2 working days past their baseline end
    earliest: int = 0  # ordinal of the earliest scheduled or baseline day (0: none)
    latest: int = 0  # ordinal of the latest late-finish or baseline day
    # Without building Bars: the tasks with a baseline, and the last scheduled day
    # (ordinal) of each task not done.
    baselined: set[int] = field(default_factory=set)
    open_until: dict[int, int] = field(default_factory=dict)

    @property
    def first(self) -> int:
        """Ordinal of the first day the chart must show (a Monday)."""
        today = self.today.toordinal()
        first = min(self.earliest, today) if self.earliest else today
        return first - date.fromordinal(first).weekday()

    @property
    def last(self) -> int:
        return max(self.latest, self.today.toordinal())


def cycle_text(cycle: list[int]) -> str:
    return " → ".join(f"#{i}" for i in [*cycle, cycle[0]])


def gantt(store: Store, today: date | None = None) -> Gantt:
    """Every task with its schedule, baseline and slip, grouped by phase.

    Read column by column into plain rows the chart lays out by day ordinal: no
    pydantic model per task.
    """
    today = today or clock.today()
    result = Gantt(today=today)
    cal = result.calendar = calendar(store)
    memo: dict[str, date] = {}

    def parse(text: str) -> date:
        found = memo.get(text)
        if found is None:
            found = memo[text] = date.fromisoformat(text)
        return found

    rows = store.rows(
        'id, version, title, phase, owner_id, department_id, "end", baseline_start, '
        "baseline_end, actual_start, actual_end, progress, status, milestone, start",
        "tasks",
    )
    links = store.rows("predecessor_id, successor_id, type, lag", "dependencies")
    try:
        # Shared with the header's health and the board: usually computed already.
        plan = plan_schedule(store)
    except CycleError as error:
        result.error = cycle_text(error.cycle)
        return result
    result.start, result.finish = plan.start, plan.finish
    names = {
        table: dict(store.conn.execute(f"SELECT id, name FROM {table}"))
        for table in ("members", "departments")
    }
    people = {i: one_line(n or "") for i, n in names["members"].items()}
    units = {i: one_line(n or "") for i, n in names["departments"].items()}
    phase_names: dict[str, str] = {}
    done_status, sched = TaskStatus.DONE.value, plan.tasks

    def slip_of(row: list[Any], s: ScheduledTask) -> int | None:
        """schedule.slip_days of a raw row (None without a baseline)."""
        if not row[8]:
            return None
        actual_end = parse(row[10]) if row[10] else None
        done = row[12] == done_status
        return schedule.slip_days(parse(row[8]), actual_end, parse(row[6]), done, today, cal, s.ef)

    # One lean pass: what the layout needs (order, phases, span, counts); the Bars
    # themselves are built when shown.
    raw: dict[int, list[Any]] = {}
    order: list[tuple[int, int, str]] = []
    days: list[int] = []
    for row in rows:
        tid, phase, bs, be = row[0], row[3], row[7], row[8]
        s = sched.get(tid)
        if s is None:  # added between the two reads
            continue
        raw[tid] = row
        shown_phase = phase_names.get(phase)
        if shown_phase is None:
            shown_phase = phase_names[phase] = one_line(phase or "") or NO_PHASE
        s0 = s.es.toordinal()
        order.append((s0, tid, shown_phase))
        days += (s0, s.lf.toordinal())
        if row[12] != done_status:
            result.open_until[tid] = s.ef.toordinal()
        if be and bs:
            days += (parse(bs).toordinal(), parse(be).toordinal())
            result.baselined.add(tid)
        if s.critical:
            result.critical += 1
    if days:
        result.earliest, result.latest = min(days), max(days)
    # Judged once for the health, the board and the chart: not again row by row here.
    result.slipping = len(late_tasks(store, today).keys() & raw.keys())

    def build(tid: int) -> Bar:
        (_id, version, title, _ph, owner, dept, end, bs, be, as_, ae, pct, status, ms, st) = raw[
            tid
        ]
        s = sched[tid]
        bar = Bar(
            tid,
            version,
            one_line(title),
            phase_names[_ph],
            people.get(owner, ""),
            units.get(dept, ""),
            parse(st),
            parse(end),
            parse(bs) if bs else None,
            parse(be) if be else None,
            parse(as_) if as_ else None,
            parse(ae) if ae else None,
            int(pct or 0),
            status,
            bool(ms),
            s.es,
            s.ef,
            s.ls,
            s.lf,
            s.total_float,
            s.free_float,
            s.critical,
            slip_of(raw[tid], s),
            s.es.toordinal(),
            s.ef.toordinal(),
            s.lf.toordinal(),
        )
        if bs and be:
            bar.b0, bar.b1 = parse(bs).toordinal(), parse(be).toordinal()
        return bar

    result.bars = Bars(build, raw)
    successors, predecessors = result.successors, result.predecessors
    for before, after, kind, lag in links:
        if before in raw and after in raw:
            successors.setdefault(before, []).append(Relation(after, kind, lag))
            predecessors.setdefault(after, []).append(Relation(before, kind, lag))
    groups: dict[str, list[int]] = {}
    spans: dict[str, list[int]] = {}
    for s0, tid, shown_phase in sorted(order):
        groups.setdefault(shown_phase, []).append(tid)
        s1 = sched[tid].ef.toordinal()
        span = spans.get(shown_phase)
        if span is None:
            spans[shown_phase] = [s0, s1, int(sched[tid].critical)]
        else:
            span[1] = max(span[1], s1)
            span[2] += sched[tid].critical
    phases = [Phase(name, ids, *spans[name]) for name, ids in groups.items()]
    phases.sort(key=lambda p: (p.s0, p.name == NO_PHASE, p.name))
    result.phases = phases
    return result
