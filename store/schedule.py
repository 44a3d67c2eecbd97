"""Critical path method (CPM) over working days.

Pure functions over tasks, dependencies and a calendar: the store feeds them
rows and the Gantt chart, the ``schedule`` command and the slip warnings read
the result. Nothing here touches the database, so it is easy to test and fast
enough to rerun on every change (``python -m bench.cpm`` times 10,000 tasks and
20,000 links against its target).

Working days are numbered by integer indexes so that all scheduling is integer
arithmetic; a task occupies the half-open index interval ``[start, finish)``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from operator import attrgetter, not_, sub
from typing import NamedTuple

from store.errors import Rule

__all__ = [
    "SLIP_THRESHOLD",
    "Activity",
    "Calendar",
    "CycleError",
    "DepType",
    "Link",
    "Schedule",
    "ScheduledTask",
    "compute",
    "earliest_start",
    "find_cycle",
    "is_slipping",
    "reschedule",
    "slip_days",
]

# Working-day index 0 is this Monday; earlier days get negative indexes.
_EPOCH = dt.date(2000, 1, 3).toordinal()

SLIP_THRESHOLD = 2
"""A task is slipping when it is more than this many working days late."""


def _weekday_index(d: dt.date, weekend: int) -> int:
    """Index of ``d`` counting Monday–Friday only; Sat/Sun map to ``weekend``.

    ``weekend`` is 5 to snap to the next Monday (then it counts the weekdays
    before ``d``), 4 to snap to the Friday before.
    """
    weeks, day = divmod(d.toordinal() - _EPOCH, 7)
    return weeks * 5 + (day if day < 5 else weekend)


@dataclass(frozen=True)
class Calendar:
    """Working days: Monday to Friday except ``holidays``, plus ``workdays``.

    ``workdays`` are weekend days that are working days (China's 调休 Saturdays);
    a day in both sets is a working day. Every method is O(log E) in the number
    of such exceptions: weekends are removed by arithmetic on whole weeks and the
    exceptions by bisecting sorted tuples, so converting 10,000 task dates costs
    milliseconds. Without working weekend days the indexes are exactly those of
    a Monday–Friday calendar less the holidays.
    """

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    # The exceptions to Monday–Friday, by ordinal: weekday holidays (one working
    # day fewer from there on) and weekend working days (one more).
    _ords: tuple[int, ...] = field(init=False, repr=False, compare=False)
    # _shift[k]: the working days the first k exceptions add (negative: remove).
    _shift: tuple[int, ...] = field(init=False, repr=False, compare=False)
    # Ascending search keys of the exceptions for date(): 2m for a holiday and
    # 2m + 1 for a working weekend day, m being the index of the exception's
    # date; the working day with index i lies after exactly the keys <= 2i.
    _keys: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        holidays, workdays = frozenset(self.holidays), frozenset(self.workdays)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "workdays", workdays)
        exceptions = sorted(
            [(d.toordinal(), -1, d) for d in holidays if d.weekday() < 5 and d not in workdays]
            + [(d.toordinal(), 1, d) for d in workdays if d.weekday() >= 5]
        )
        shift, keys, total = [0], [], 0
        for _, delta, d in exceptions:
            m = _weekday_index(d, 5) + total  # working days before d
            keys.append(2 * m + (delta > 0))
            total += delta
            shift.append(total)
        object.__setattr__(self, "_ords", tuple(o for o, _, _ in exceptions))
        object.__setattr__(self, "_shift", tuple(shift))
        object.__setattr__(self, "_keys", tuple(keys))

    def is_working(self, d: dt.date) -> bool:
        """A working weekend day, or Monday to Friday and not a holiday."""
        if d.weekday() < 5:
            return d not in self.holidays or d in self.workdays
        return d in self.workdays

    def index(self, d: dt.date) -> int:
        """Index of ``d``, or of the next working day: a start snaps forward."""
        return _weekday_index(d, 5) + self._shift[bisect_left(self._ords, d.toordinal())]

    def end_index(self, d: dt.date) -> int:
        """Index of ``d``, or of the previous working day: an end snaps back."""
        return _weekday_index(d, 4) + self._shift[bisect_right(self._ords, d.toordinal())]

    def date(self, i: int) -> dt.date:
        """The working day with index ``i`` (the inverse of :meth:`index`)."""
        keys = self._keys
        k = bisect_right(keys, 2 * i)
        if k < len(keys) and keys[k] == 2 * i + 1:  # a working weekend day
            return dt.date.fromordinal(self._ords[k])
        weeks, day = divmod(i - self._shift[k], 5)
        return dt.date.fromordinal(_EPOCH + weeks * 7 + day)

    def add(self, d: dt.date, n: int) -> dt.date:
        """The working day ``n`` working days after ``d`` (before, if negative)."""
        return self.date(self.index(d) + n)

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """How many working days ``b`` ends after ``a`` (negative if before)."""
        return self.end_index(b) - self.end_index(a)

    def duration(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` to ``end``, both included; never negative."""
        return max(0, self.end_index(end) - self.index(start) + 1)


_DEFAULT_CALENDAR = Calendar()


class DepType(StrEnum):
    """Dependency types: which end of the predecessor constrains which end of
    the successor (Finish-to-Start, Start-to-Start, ...)."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class Activity(NamedTuple):
    """A task as planned: its planned start acts as "start no earlier than".

    Activities and links are named tuples, not frozen dataclasses: a schedule reads
    one per task and per dependency, and a frozen dataclass takes three times as
    long to build (300,000 of them at 100,000 tasks, ``python -m bench.cli``)."""

    id: int
    start: dt.date
    end: dt.date
    milestone: bool = False


class Link(NamedTuple):
    """A dependency; ``lag`` is in working days and may be negative (a lead)."""

    predecessor: int
    successor: int
    type: DepType = DepType.FS
    lag: int = 0


def earliest_start(link: Link, s_p: int, dur_p: int, dur_q: int) -> int:
    """The earliest start index of the successor that ``link`` allows, given the
    predecessor's start index ``s_p`` and the working days both occupy."""
    kind = link.type
    if kind == "FS":
        return s_p + dur_p + link.lag
    if kind == "SS":
        return s_p + link.lag
    if kind == "FF":
        return s_p + dur_p + link.lag - dur_q
    return s_p + link.lag - dur_q  # SF


@dataclass(slots=True)
class ScheduledTask:
    """Early/late dates of one task.

    ``ef``/``lf`` are the last working day occupied (equal to ``es``/``ls`` for
    a zero-length task); the ``*_i`` fields are the raw half-open working-day
    indexes, for callers such as the Gantt chart that lay tasks out by index.
    """

    id: int
    es: dt.date
    ef: dt.date
    ls: dt.date
    lf: dt.date
    duration: int
    total_float: int
    free_float: int
    critical: bool
    es_i: int
    ef_i: int
    ls_i: int
    lf_i: int


@dataclass(frozen=True)
class Schedule:
    """The result of :func:`compute`.

    ``finish`` is the project's last working day and ``finish_index`` the
    exclusive index after it (0 and ``None`` dates for an empty project).
    """

    tasks: dict[int, ScheduledTask]
    start: dt.date | None
    finish: dt.date | None
    finish_index: int

    def critical_path(self) -> list[int]:
        """Ids of the critical tasks in the order they start (then by id)."""
        crit = [t for t in self.tasks.values() if t.critical]
        crit.sort(key=lambda t: (t.es_i, t.id))
        return [t.id for t in crit]


class CycleError(Rule):
    """The dependencies loop back on themselves, so no schedule exists.

    ``cycle`` lists the ids in dependency order, starting at the smallest id;
    the last one depends back on the first.
    """

    def __init__(self, cycle: list[int]) -> None:
        self.cycle = list(cycle)
        path = " → ".join(str(i) for i in [*self.cycle, self.cycle[0]])
        super().__init__("dependency cycle: {path}", path=path)


class _Dates(dict[int, dt.date]):
    """Working-day index -> date, converting each distinct index only once."""

    def __init__(self, calendar: Calendar) -> None:
        super().__init__()
        self.calendar = calendar

    def __missing__(self, i: int) -> dt.date:
        d = self[i] = self.calendar.date(i)
        return d


# The graph the passes walk. Every link, whatever its type, is a difference
# constraint between the two tasks' finishes, ef[q] - ef[p] >= gap:
#   FS  s_q >= f_p + lag  ->  gap = lag + dur_q
#   SS  s_q >= s_p + lag  ->  gap = lag - dur_p + dur_q
#   FF  f_q >= f_p + lag  ->  gap = lag
#   SF  f_q >= s_p + lag  ->  gap = lag - dur_p
# so the forward pass raises ef[q] to ef[p] + gap, the backward pass lowers
# lf[p] to lf[q] - gap, and neither branches on the type.
_Out = list[list[tuple[int, int]]]


def _graph(links: Iterable[Link], pos: dict[int, int], dur: list[int]) -> tuple[_Out, list[int]]:
    """Out-edges ``(successor, gap)`` per position, and in-degrees.

    Links naming a task outside ``pos`` are skipped.
    """
    out: _Out = [[] for _ in dur]
    indeg = [0] * len(dur)
    get = pos.get
    for link in links:
        p = get(link.predecessor)
        q = get(link.successor)
        if p is None or q is None:
            continue
        kind = link.type
        if kind == "FS":
            gap = link.lag + dur[q]
        elif kind == "FF":
            gap = link.lag
        elif kind == "SS":
            gap = link.lag - dur[p] + dur[q]
        elif kind == "SF":
            gap = link.lag - dur[p]
        else:
            raise ValueError(f"unknown dependency type {kind!r}")
        out[p].append((q, gap))
        indeg[q] += 1
    return out, indeg


def _forward(out: _Out, indeg: list[int], ef: list[int], ids: list[int]) -> list[int]:
    """Raise each early finish ``ef`` to satisfy its predecessors; return the
    topological order used (Kahn's algorithm: a task is final once its last
    predecessor is). Raises CycleError when some tasks can never be final."""
    order: list[int] = []
    queue = deque([p for p, k in enumerate(indeg) if not k])
    pop, push, record = queue.popleft, queue.append, order.append
    while queue:
        p = pop()
        record(p)
        f = ef[p]
        for q, gap in out[p]:
            # Per-edge hot loops compare inline: max()/min() would add a call.
            v = f + gap
            if v > ef[q]:  # noqa: PLR1730
                ef[q] = v
            k = indeg[q] = indeg[q] - 1
            if not k:
                push(q)
    if len(order) < len(ids):
        raise CycleError(_cycle_among_left(ids, out, indeg))
    return order


def _backward(
    out: _Out, order: list[int], ef: list[int], finish: int
) -> tuple[list[int], list[int]]:
    """Late finishes, and free floats (the slack to the tightest successor)."""
    lf = [0] * len(ef)
    free = [0] * len(ef)
    for p in reversed(order):
        late = early = finish
        for q, gap in out[p]:
            v = lf[q] - gap
            if v < late:  # noqa: PLR1730
                late = v
            v = ef[q] - gap
            if v < early:  # noqa: PLR1730
                early = v
        lf[p] = late
        free[p] = early - ef[p]
    return lf, free


def _cycle_among_left(ids: list[int], out: _Out, indeg: list[int]) -> list[int]:
    """A cycle among the tasks Kahn's algorithm could not order.

    Each of them still has an unordered predecessor, so walking backwards from
    any of them must come back to a task already seen: the loop it closes is
    a cycle. The walk is iterative (chains can be 10,000 long) and
    deterministic: it starts at the smallest id and always steps to the
    smallest predecessor. The cycle is returned starting at its smallest id.
    """
    left = {p for p, k in enumerate(indeg) if k}
    preds: dict[int, list[int]] = {p: [] for p in left}
    for p in left:
        for q, _ in out[p]:
            if q in left:
                preds[q].append(p)
    cur = min(left)
    seen: dict[int, int] = {}
    path: list[int] = []
    while cur not in seen:
        seen[cur] = len(path)
        path.append(cur)
        cur = min(preds[cur])
    # The path runs against the arrows; reversed, it follows them.
    loop = [ids[p] for p in reversed(path[seen[cur] :])]
    first = loop.index(min(loop))
    return loop[first:] + loop[:first]


def find_cycle(nodes: Iterable[int], links: Iterable[Link]) -> list[int] | None:
    """A dependency cycle among ``nodes``, or None if there is none.

    The store calls this with the existing links plus a proposed one to refuse
    a dependency that would make the plan impossible. Links to unknown nodes
    are ignored.
    """
    ids = sorted(set(nodes))
    zeros = [0] * len(ids)
    out, indeg = _graph(links, {a: p for p, a in enumerate(ids)}, zeros)
    try:
        _forward(out, indeg, zeros, ids)
    except CycleError as exc:
        return exc.cycle
    return None


def compute(
    activities: Iterable[Activity],
    links: Iterable[Link],
    calendar: Calendar = _DEFAULT_CALENDAR,
) -> Schedule:
    """Early and late dates, floats and the critical path of a plan.

    The forward pass gives early dates, each task starting no earlier than its
    planned start; the backward pass from the project finish gives late dates.
    Links naming unknown tasks are ignored; a cycle raises :class:`CycleError`.
    """
    acts = sorted(activities, key=attrgetter("id"))
    ids = [a.id for a in acts]
    pos = dict(zip(ids, range(len(ids)), strict=True))
    if len(pos) < len(ids):
        dup = next(a for a, b in pairwise(ids) if a == b)
        raise ValueError(f"duplicate activity id {dup}")

    # Early finishes start at planned start + duration. Dates become indexes
    # once per distinct date, not once per task.
    start_of: dict[dt.date, int] = {}
    end_of: dict[dt.date, int] = {}
    ef: list[int] = []
    dur: list[int] = []
    for a in acts:
        s = start_of.get(a.start)
        if s is None:
            s = start_of[a.start] = calendar.index(a.start)
        d = 0
        if not a.milestone:
            e = end_of.get(a.end)
            if e is None:
                e = end_of[a.end] = calendar.end_index(a.end)
            if e >= s:
                d = e - s + 1
        dur.append(d)
        ef.append(s + d)

    out, indeg = _graph(links, pos, dur)
    order = _forward(out, indeg, ef, ids)
    finish = max(ef, default=0)
    lf, free = _backward(out, order, ef, finish)
    # The graph goes before the result is made: both at once were the peak of a run
    # (the graph is 25 MB at 200,000 links).
    del out, order, pos, indeg

    # The result is built column by column: map() loops in C. Equal indexes and floats
    # share one int: a plan spans a few thousand days, and 500,000 ints of 32 bytes were
    # a third of the schedule kept for 100,000 tasks.
    shared: dict[int, int] = {}
    es = list(map(sub, ef, dur))
    ls = list(map(sub, lf, dur))
    total = list(map(sub, ls, es))
    es, ef, ls, lf, total = (list(map(shared.setdefault, xs, xs)) for xs in (es, ef, ls, lf, total))
    busy = list(map(bool, dur))  # 1 if the task occupies days: its last is f - 1
    day = _Dates(calendar).__getitem__
    last = list(map(sub, ef, busy))
    rows = map(
        ScheduledTask,
        ids,
        map(day, es),
        map(day, last),
        map(day, ls),
        map(day, map(sub, lf, busy)),
        dur,
        total,
        free,
        map(not_, total),
        es,
        ef,
        ls,
        lf,
    )
    tasks: dict[int, ScheduledTask] = dict(zip(ids, rows, strict=True))
    if not ids:
        return Schedule(tasks, None, None, 0)
    return Schedule(tasks, day(min(es)), day(max(last)), finish)


def reschedule(
    activities: Iterable[Activity],
    links: Iterable[Link],
    calendar: Calendar = _DEFAULT_CALENDAR,
) -> dict[int, tuple[dt.date, dt.date]]:
    """New (start, end) for the tasks whose dependencies force them later.

    The working-day duration is kept; tasks whose planned start already
    satisfies every dependency are left out, so the caller writes only what
    must move.
    """
    acts = list(activities)
    schedule = compute(acts, links, calendar)
    moved: dict[int, tuple[dt.date, dt.date]] = {}
    for a in acts:
        task = schedule.tasks[a.id]
        if task.es_i > calendar.index(a.start):
            moved[a.id] = (task.es, task.ef)
    return moved


def slip_days(
    baseline_end: dt.date | None,
    actual_end: dt.date | None,
    planned_end: dt.date,
    done: bool,
    today: dt.date,
    calendar: Calendar,
    forecast_end: dt.date | None = None,
) -> int | None:
    """Working days a task ends after its baseline end (None without baseline).

    The one slip computation: the board, the Gantt, the dashboard, the header and
    the progress table all read it. A finished task is judged by its actual end
    (how late it finished, never "slipping": see :func:`is_slipping`). An
    unfinished one by the latest of its planned end, ``forecast_end`` (e.g. the
    scheduled early finish) and, once its planned end has passed, today: it
    cannot finish before today.
    """
    if baseline_end is None:
        return None
    if done:
        forecast = actual_end if actual_end is not None else planned_end
    else:
        forecast = planned_end
        if forecast_end is not None and forecast_end > forecast:
            forecast = forecast_end
        if today > planned_end and today > forecast:
            forecast = today
    return calendar.working_days_between(baseline_end, forecast)


def is_slipping(days: int | None, done: bool) -> bool:
    """True when an unfinished task is late by more than :data:`SLIP_THRESHOLD` days.

    A done task is never slipping, however late it finished.
    """
    return not done and days is not None and days > SLIP_THRESHOLD
