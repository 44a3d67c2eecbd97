"""The Gantt chart's rows: every task with its schedule, baseline and slip, by phase."""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, compress, groupby, pairwise
from operator import attrgetter
from typing import Any, NamedTuple, cast

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

    A chart shows a few dozen rows of 100,000: building every Bar up front was most
    of the time the Gantt's data took, in the thread that shares the GIL with the
    screen being drawn (``python -m bench.store`` times both). What they are built
    from is kept by column (a list per field, not a row per task: 100 MB less at
    100,000 tasks), the ids sorted and found by bisection.
    """

    def __init__(self, ids: list[int], build: Callable[[int], Bar]) -> None:
        self.ids = ids
        self._build = build
        self._built: dict[int, Bar] = {}

    def position(self, task_id: object) -> int:
        """The task's index in ``ids``, or -1."""
        ids = self.ids
        if not isinstance(task_id, int):
            return -1
        at = bisect_left(ids, task_id)
        return at if at < len(ids) and ids[at] == task_id else -1

    def __getitem__(self, task_id: int) -> Bar:
        bar = self._built.get(task_id)
        if bar is None:
            at = self.position(task_id)
            if at < 0:
                raise KeyError(task_id)
            bar = self._built[task_id] = self._build(at)
        return bar

    def __contains__(self, task_id: object) -> bool:
        return self.position(task_id) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class Links(Mapping[int, list[Relation]]):
    """Task id → its dependencies on one side (predecessors or successors), each list
    made when asked for: at 200,000 dependencies the Relations and their lists were
    40 MB and a third of the chart's read. The dependencies are columns in the file's
    order, shared by both sides; each side keeps their order by its task (a stable
    sort: then in the file's order). A dependency naming a task not on the chart is
    left out."""

    def __init__(
        self,
        tasks: Bars,
        keys: tuple[array[int], array[int]],
        others: array[int],
        types: str,
        lags: array[int],
    ) -> None:
        """``keys``: the task of each dependency on this side, and the dependencies'
        indexes sorted by it; ``types``: each one's type in two letters, one after another
        (200,000 strings of two letters were 10 MB)."""
        self._tasks, self._others, self._types, self._lags = tasks, others, types, lags
        self._key, self._order = keys[0].__getitem__, keys[1]

    def __getitem__(self, task_id: int) -> list[Relation]:
        tasks, order, key, others = self._tasks, self._order, self._key, self._others
        found = []
        if task_id in tasks:
            lo = bisect_left(order, task_id, key=key)
            for i in order[lo : bisect_right(order, task_id, lo, key=key)]:
                if others[i] in tasks:
                    found.append(Relation(others[i], self._types[2 * i : 2 * i + 2], self._lags[i]))
        if not found:
            raise KeyError(task_id)
        return found

    def __iter__(self) -> Iterator[int]:
        return (key for key in dict.fromkeys(map(self._key, self._order)) if key in self)

    def __len__(self) -> int:
        return sum(1 for _key in self)


class OpenUntil(Mapping[int, int]):
    """Task id → ordinal of the last scheduled day, of each task not done (``t`` puts
    the cursor on the first one under way today), looked up when asked."""

    def __init__(self, tasks: Bars, open_: bytes, scheduled: list[ScheduledTask]) -> None:
        self._tasks, self._open, self._scheduled = tasks, open_, scheduled

    def __getitem__(self, task_id: int) -> int:
        at = self._tasks.position(task_id)
        if at < 0 or not self._open[at]:
            raise KeyError(task_id)
        return self._scheduled[at].ef.toordinal()

    def __iter__(self) -> Iterator[int]:
        return compress(self._tasks.ids, self._open)

    def __len__(self) -> int:
        return sum(self._open)


class _Texts:
    """Texts kept as one block of UTF-8 and where each ends: 100,000 titles as strings
    were 16 MB (a string costs 75 bytes, and a Chinese one two bytes a character); a
    title is decoded when its Bar is built. The file gives the block and each text's
    length in bytes, so the strings are never made: made and encoded on the way, they
    were the chart's peak of memory (30 MB at 100,000 tasks)."""

    def __init__(self, blob: bytes, lengths: list[int], keep: list[bool] | None) -> None:
        if keep is not None:  # some tasks left out: the block without their texts
            bounds = pairwise(accumulate(lengths, initial=0))
            pieces = [blob[a:b] for (a, b), kept in zip(bounds, keep, strict=True) if kept]
            blob, lengths = b"".join(pieces), list(map(len, pieces))
        self._ends = array("q", accumulate(lengths))
        self._blob = blob

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index else 0
        return self._blob[start : self._ends[index]].decode("utf-8", "surrogatepass")


class _Once(dict[Any, Any]):
    """Each distinct value converted once, and the result shared (dates, names)."""

    def __init__(self, convert: Callable[[Any], Any], known: Mapping[Any, Any] | None = None):
        super().__init__(known or {})
        self._convert = convert

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._convert(key)
        return value


@dataclass
class Gantt:
    today: date
    bars: Mapping[int, Bar] = field(default_factory=dict)
    phases: list[Phase] = field(default_factory=list)
    predecessors: Mapping[int, list[Relation]] = field(default_factory=dict)
    successors: Mapping[int, list[Relation]] = field(default_factory=dict)
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
    open_until: Mapping[int, int] = field(default_factory=dict)

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


# The task columns the chart reads, in this order, each a JSON array but the titles: one
# block of UTF-8 and each one's length in bytes (``_Texts``).
TASK_COLUMNS = (
    "json_group_array(id)",
    "json_group_array(version)",
    "CAST(group_concat(title, '') AS BLOB)",
    "json_group_array(length(CAST(title AS BLOB)))",
    "json_group_array(phase)",
    "json_group_array(owner_id)",
    "json_group_array(department_id)",
    "json_group_array(start)",
    'json_group_array("end")',
    "json_group_array(baseline_start)",
    "json_group_array(baseline_end)",
    "json_group_array(actual_start)",
    "json_group_array(actual_end)",
    "json_group_array(progress)",
    "json_group_array(status)",
    "json_group_array(milestone)",
)
# The dependencies' columns, the types as one string (each two letters, by the schema).
LINK_COLUMNS = (
    "json_group_array(predecessor_id)",
    "json_group_array(successor_id)",
    "group_concat(type, '')",
    "json_group_array(lag)",
)


def _by_task(text: str) -> tuple[array[int], array[int]]:
    """One side's task of each dependency (a JSON array) and the dependencies' indexes
    sorted by it, stable; the list read on the way (200,000 ints) is let go on return."""
    tasks = json.loads(text)
    # Sorted by a list's items: faster than by an array's, which makes an int each.
    return array("q", tasks), array("q", sorted(range(len(tasks)), key=tasks.__getitem__))


class _LinkColumns(NamedTuple):
    """The dependencies' columns (``LINK_COLUMNS``), each side's tasks with the
    dependencies' indexes sorted by them (``_by_task``)."""

    before: tuple[array[int], array[int]]
    after: tuple[array[int], array[int]]
    types: str
    lags: array[int]


def _link_columns(texts: list[str]) -> _LinkColumns:
    return _LinkColumns(
        _by_task(texts[0]), _by_task(texts[1]), texts[2] or "", array("q", json.loads(texts[3]))
    )


def _links(bars: Bars, columns: _LinkColumns) -> tuple[Links, Links]:
    """Successors and predecessors."""
    before, after, types, lags = columns
    return (
        Links(bars, before, after[0], types, lags),
        Links(bars, after, before[0], types, lags),
    )


def gantt(store: Store, today: date | None = None) -> Gantt:
    """Every task with its schedule, baseline and slip, grouped by phase.

    Read column by column into lists the chart lays out by day ordinal: no pydantic
    model, no object per task beyond the schedule's (docs/architecture.md, "Speed").
    """
    today = today or clock.today()
    result = Gantt(today=today)
    cal = result.calendar = calendar(store)
    try:
        # Shared with the header's health and the board: usually computed already, and
        # else computed before the chart holds anything (its own peak of memory).
        plan = plan_schedule(store)
    except CycleError as error:
        result.error = cycle_text(error.cycle)
        return result
    # The dependencies sorted while little else is held: their sorts were the read's
    # peak of memory (20 MB at 200,000 dependencies). Tasks added after the schedule's
    # read are left out; a dependency naming a task not on the chart is (``Links``).
    link_columns = _link_columns(store.aggregates(LINK_COLUMNS, "dependencies"))
    result.start, result.finish = plan.start, plan.finish
    names = {
        table: dict(store.conn.execute(f"SELECT id, name FROM {table}"))
        for table in ("members", "departments")
    }
    people = {i: one_line(n or "") for i, n in names["members"].items()}
    units = {i: one_line(n or "") for i, n in names["departments"].items()}
    sched = plan.tasks
    shared = _Once(lambda value: value)
    dates = _Once(date.fromisoformat, {None: None, "": None})
    phase_names = _Once(lambda name: one_line(name or "") or NO_PHASE)
    with store.snapshot():
        # A scan without an index reads the table in id order (no ORDER BY to pay for):
        # the ids come sorted, so Bars finds a task by bisection. Four columns a scan.
        texts = store.columns(TASK_COLUMNS, "tasks NOT INDEXED", 4)
        all_ids: list[int] = json.loads(next(texts))
        all_scheduled = list(map(sched.get, all_ids))
        # Tasks added since the schedule's read are left out.
        keep = None if all(all_scheduled) else [s is not None for s in all_scheduled]

        def column(convert: Callable[[Any], Any] | None = shared.__getitem__) -> list[Any]:
            """The next column, of the tasks kept, each value converted (equal ones shared)."""
            values = json.loads(next(texts))
            if keep is not None:
                values = list(compress(values, keep))
            return values if convert is None else list(map(convert, values))

        ids = all_ids if keep is None else list(compress(all_ids, keep))
        versions = column(None)
        titles = _Texts(next(texts) or b"", json.loads(next(texts)), keep)
        phases, owners, units_of = column(phase_names.__getitem__), column(), column()
        starts, ends, base_starts, base_ends, actual_starts, actual_ends = (
            column(dates.__getitem__) for _ in range(6)
        )
        progress, status, milestone = column(None), column(), column(None)
    scheduled = cast(
        list[ScheduledTask], all_scheduled if keep is None else list(compress(all_scheduled, keep))
    )
    done = TaskStatus.DONE.value

    def build(at: int) -> Bar:
        s, bs, be, ae = scheduled[at], base_starts[at], base_ends[at], actual_ends[at]
        is_done = status[at] == done
        slip = (
            None if be is None else schedule.slip_days(be, ae, ends[at], is_done, today, cal, s.ef)
        )
        bar = Bar(
            ids[at],
            versions[at],
            one_line(titles[at]),
            phases[at],
            people.get(owners[at], ""),
            units.get(units_of[at], ""),
            starts[at],
            ends[at],
            bs,
            be,
            actual_starts[at],
            ae,
            int(progress[at] or 0),
            status[at],
            bool(milestone[at]),
            s.es,
            s.ef,
            s.ls,
            s.lf,
            s.total_float,
            s.free_float,
            s.critical,
            slip,
            s.es.toordinal(),
            s.ef.toordinal(),
            s.lf.toordinal(),
        )
        if bs is not None and be is not None:
            bar.b0, bar.b1 = bs.toordinal(), be.toordinal()
        return bar

    bars = result.bars = Bars(ids, build)
    result.open_until = OpenUntil(bars, bytes(map(done.__ne__, status)), scheduled)
    baselined = list(map(all, zip(base_starts, base_ends, strict=True)))
    result.baselined = set(compress(ids, baselined))
    result.critical = sum(map(attrgetter("critical"), scheduled))
    if ids:
        days = [min(map(attrgetter("es"), scheduled)), max(map(attrgetter("lf"), scheduled))]
        days += compress(base_starts, baselined)
        days += compress(base_ends, baselined)
        result.earliest, result.latest = min(days).toordinal(), max(days).toordinal()
    # Judged once for the health, the board and the chart: not again row by row here.
    result.slipping = sum(1 for task_id in late_tasks(store, today) if task_id in bars)

    result.successors, result.predecessors = _links(bars, link_columns)

    # By phase, each by scheduled start then id (the ids' order: the sort is stable).
    order = sorted(range(len(ids)), key=list(map(attrgetter("es_i"), scheduled)).__getitem__)
    order.sort(key=phases.__getitem__)
    for name, group in groupby(order, phases.__getitem__):
        members = list(group)
        tasks = list(map(scheduled.__getitem__, members))
        result.phases.append(
            Phase(
                name,
                list(map(ids.__getitem__, members)),
                tasks[0].es.toordinal(),
                max(map(attrgetter("ef"), tasks)).toordinal(),
                sum(map(attrgetter("critical"), tasks)),
            )
        )
    result.phases.sort(key=lambda p: (p.s0, p.name == NO_PHASE, p.name))
    return result
