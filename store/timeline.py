"""The Gantt timeline's data, shifting tasks with their successors, and the weekly tracking table.

Three things the Gantt screen (5), ``xdept-tui export gantt`` and their tests share:

- :func:`gantt` reads the plan column by column (10,000 tasks in well under
  200 ms, the critical path included) into plain rows the chart lays out by
  day ordinal: no pydantic model per task.
- :func:`shift_task` moves a task by working days and reschedules the tasks
  downstream of it by the dependency rules, in one IMMEDIATE transaction with
  every moved task logged; it says how the project finish moved.
- :func:`weekly_progress` is the progress tracking table (项目进度跟踪表) of
  GUIDE.md §5: plan versus actual per department this week, the slipping tasks
  with their cause, and what changed since the last weekly meeting.

Nothing here imports the interface; text for people takes a ``_`` translation
function from the caller, as ``store.exports.minutes`` does.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from store import changes, clock, schedule
from store.db import Store
from store.errors import Conflict, Invalid, NotFound
from store.models import Change, Task, TaskStatus
from store.records import get
from store.schedule import Activity, Calendar, CycleError, Link, ScheduledTask
from store.symbols import LEVEL, MILESTONE, SLIPPING
from store.tasks import calendar as project_calendar
from store.tasks import compute_schedule, plan_inputs, refuse_cycle, slipping
from store.text import cells, one_line

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


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
        return schedule.is_slipping(self.slip)


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
    of the ~130 ms the Gantt's data took, in the thread that shares the GIL with the
    screen being drawn.
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
    holidays: frozenset[date] = frozenset()
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
    """Every task with its schedule, baseline and slip, grouped by phase."""
    today = today or clock.today()
    result = Gantt(today=today)
    cal = project_calendar(store)
    result.holidays = cal.holidays
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
        plan = compute_schedule(store)
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
    ends: dict[date, int] = {}

    def last_index(day: date) -> int:
        found = ends.get(day)
        if found is None:
            found = ends[day] = cal.end_index(day)
        return found

    def slip_of(row: list[Any], s: ScheduledTask) -> int | None:
        """schedule.slip_days, with the calendar lookups memoised."""
        if not row[8]:
            return None
        planned_end, actual_end = parse(row[6]), parse(row[10]) if row[10] else None
        if row[12] == done_status:
            forecast = actual_end or planned_end
        else:
            forecast = max(s.ef if s.ef > planned_end else planned_end, today)
        return last_index(forecast) - last_index(parse(row[8]))

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
        if be:
            if bs:
                days += (parse(bs).toordinal(), parse(be).toordinal())
                result.baselined.add(tid)
            if schedule.is_slipping(slip_of(row, s)):
                result.slipping += 1
        if s.critical:
            result.critical += 1
    if days:
        result.earliest, result.latest = min(days), max(days)

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


# --- shifting a task ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftResult:
    """What a shift wrote: new (start, end) per moved task, and the project finish."""

    moved: dict[int, tuple[date, date]]
    finish_before: date | None
    finish_after: date | None
    finish_delta: int  # working days the finish moved (negative: earlier)


def _duration(cal: Calendar, a: Activity, s: int) -> int:
    """Working days a task occupies, as ``schedule.compute`` counts them."""
    if a.milestone:
        return 0
    return max(0, cal.end_index(a.end) - s + 1)


def _dates(cal: Calendar, s: int, dur: int) -> tuple[date, date]:
    start = cal.date(s)
    return start, cal.date(s + dur - 1) if dur > 0 else start


def propagate(
    activities: list[Activity],
    links: list[Link],
    cal: Calendar,
    task_id: int,
    new_start: int,
    *,
    force: bool = False,
    before_push: Callable[[int], int | None] = lambda _task_id: None,
) -> dict[int, int]:
    """New start indexes after moving ``task_id`` to working-day index ``new_start``.

    Tasks downstream of it are visited in dependency order. One that a moved
    predecessor now forces later is pushed to the earliest start its
    dependencies allow. When the task moves earlier, a successor that was
    *driven* by a moved predecessor (started exactly where that link put it)
    goes back toward where it was before earlier shifts pushed it
    (``before_push``: its start index then, or None), never before any of its
    dependencies allows; one they never pushed, or one edited since, stays. So
    +n then −n restores every date, slack included. ``force`` treats the task
    as moved even if its start did not change (its duration did). Returns only
    the tasks whose start changes (the task included).
    """
    by_id = {a.id: a for a in activities}
    old = {a.id: cal.index(a.start) for a in activities}
    dur = {a.id: _duration(cal, a, old[a.id]) for a in activities}
    incoming: dict[int, list[Link]] = {}
    outgoing: dict[int, list[Link]] = {}
    for link in links:
        if link.predecessor in by_id and link.successor in by_id:
            outgoing.setdefault(link.predecessor, []).append(link)
            incoming.setdefault(link.successor, []).append(link)
    # The tasks downstream of task_id, then Kahn's order among them.
    down: set[int] = set()
    stack = [task_id]
    while stack:
        for link in outgoing.get(stack.pop(), ()):
            if link.successor not in down:
                down.add(link.successor)
                stack.append(link.successor)
    indeg = {q: sum(1 for k in incoming.get(q, ()) if k.predecessor in down) for q in down}
    queue = deque(sorted(q for q in down if not indeg[q]))
    new = dict(old)
    new[task_id] = new_start
    delta = new_start - old[task_id]
    changed = {task_id} if delta or force else set()
    while queue:
        q = queue.popleft()
        for link in outgoing.get(q, ()):
            r = link.successor
            if r in indeg:
                indeg[r] -= 1
                if not indeg[r]:
                    queue.append(r)
        moved_preds = [k for k in incoming.get(q, ()) if k.predecessor in changed]
        if not moved_preds:
            continue
        needed = max(
            schedule.earliest_start(k, new[k.predecessor], dur[k.predecessor], dur[q])
            for k in incoming[q]
        )
        start = old[q]
        if needed > start:
            start = needed
        elif delta < 0 and any(
            schedule.earliest_start(k, old[k.predecessor], dur[k.predecessor], dur[q]) == old[q]
            for k in moved_preds
        ):
            back = before_push(q)
            if back is not None:
                start = max(needed, min(back, old[q]))
        if start != old[q]:
            new[q] = start
            changed.add(q)
    return {i: new[i] for i in changed if new[i] != old[i]}


def _apply(
    store: Store,
    task_id: int,
    version: int,
    days: int = 0,
    dates: tuple[date, date] | None = None,
) -> ShiftResult:
    """Shift a task by ``days`` or give it ``dates``, then reschedule what follows it."""
    with store.transaction() as tx:
        current = get(store, Task, task_id)
        if current.version != version:
            raise Conflict("tasks", task_id, version, current.to_row(), {})
        activities, links, cal = plan_inputs(store)
        refuse_cycle([a.id for a in activities], links)
        before = schedule.compute(activities, links, cal)
        by_id = {a.id: a for a in activities}
        me = by_id[task_id]
        if dates is not None:
            me = by_id[task_id] = Activity(task_id, dates[0], dates[1], me.milestone)
            activities = [me if a.id == task_id else a for a in activities]
        s_old = cal.index(me.start)
        s_new = s_old + days
        dur = {a.id: _duration(cal, a, cal.index(a.start)) for a in activities}
        if days < 0:
            _refuse_before_predecessors(links, by_id, cal, dur, task_id, s_new)
        starts = propagate(
            activities,
            links,
            cal,
            task_id,
            s_new,
            force=dates is not None,
            before_push=lambda tid: _index(cal, _planned_before_push(store, tid)),
        )
        moved = {tid: _dates(cal, s, dur[tid]) for tid, s in starts.items()}
        if dates is not None:
            moved[task_id] = dates
        for tid, (start, end) in sorted(moved.items()):
            row = current if tid == task_id else get(store, Task, tid)
            pushed = None if tid == task_id else {"pushed_by": task_id}
            tx.update(Task, tid, row.version, note=pushed, start=start, end=end)
        after_acts = [
            Activity(a.id, *moved[a.id], a.milestone) if a.id in moved else a for a in activities
        ]
        after = schedule.compute(after_acts, links, cal)
        delta = 0
        if before.finish and after.finish:
            delta = cal.working_days_between(before.finish, after.finish)
        return ShiftResult(moved, before.finish, after.finish, delta)


def _planned_before_push(store: Store, task_id: int) -> date | None:
    """Where a task was planned before shifts of its predecessors pushed it: the
    start before the latest unbroken run of pushes in its change log (None when
    its last date change was someone's edit, not a push)."""
    found = None
    for change in reversed(changes.history(store, Task.TABLE, task_id)):
        after = change.after or {}
        if "start" not in after:
            continue
        if "pushed_by" not in after:
            break
        found = (change.before or {}).get("start")
    return date.fromisoformat(found) if found else None


def _index(cal: Calendar, day: date | None) -> int | None:
    return None if day is None else cal.index(day)


def _refuse_before_predecessors(
    links: list[Link],
    by_id: dict[int, Activity],
    cal: Calendar,
    dur: dict[int, int],
    task_id: int,
    s_new: int,
) -> None:
    """A task moved earlier must still start where each of its predecessors allows."""
    for link in links:
        if link.successor != task_id or link.predecessor not in by_id:
            continue
        p = by_id[link.predecessor]
        earliest = schedule.earliest_start(link, cal.index(p.start), dur[p.id], dur[task_id])
        if s_new < earliest:
            raise Invalid(
                "#{task_id} cannot start before {earliest}: it follows #{predecessor} "
                "({type} {lag:+d})",
                task_id=task_id,
                earliest=cal.date(earliest).isoformat(),
                predecessor=p.id,
                type=link.type,
                lag=link.lag,
            )


def shift_task(store: Store, task_id: int, version: int, days: int) -> ShiftResult:
    """Move a task ``days`` working days (keeping its working duration) and
    reschedule what follows it. Refused when the task would start before a
    predecessor allows, when its version moved on, or when the dependencies
    already hold a cycle (named)."""
    if not days:
        raise Invalid("shift by at least one working day")
    return _apply(store, task_id, version, days=days)


def move_task(store: Store, task_id: int, version: int, start: date, end: date) -> ShiftResult:
    """Give a task new dates (a date edit) and push what follows it where needed."""
    if end < start:
        raise Invalid("end is before the start")
    return _apply(store, task_id, version, dates=(start, end))


def reschedule_after(store: Store, task_id: int) -> ShiftResult:
    """Push the successors of a task whose dates were just saved (by a form) to
    where their dependencies now allow; returns what moved and the finish."""
    try:
        current = get(store, Task, task_id)
    except NotFound:
        return ShiftResult({}, None, None, 0)
    result = _apply(store, task_id, current.version, dates=(current.start, current.end))
    moved = {k: v for k, v in result.moved.items() if k != task_id}
    return ShiftResult(moved, result.finish_before, result.finish_after, result.finish_delta)


# --- the weekly progress tracking table ---------------------------------------------------


@dataclass
class DepartmentWeek:
    department: str
    planned: int = 0  # tasks planned (baseline end, else planned end) to finish this week
    done: int = 0  # of those, done
    finished: int = 0  # tasks actually finished this week, whatever their plan
    overdue: int = 0  # planned to finish before today, not done


@dataclass
class SlipRow:
    id: int
    title: str
    department: str
    owner: str
    days: int
    cause: str


@dataclass
class WeeklyProgress:
    today: date
    monday: date
    sunday: date
    departments: list[DepartmentWeek] = field(default_factory=list)
    slipping: list[SlipRow] = field(default_factory=list)
    since: date | None = None  # the last weekly meeting's date
    meeting: str = ""  # its title
    counts: dict[str, Counter] = field(default_factory=dict)  # entity → op → n
    notable: list[Change] = field(default_factory=list)

    @property
    def totals(self) -> DepartmentWeek:
        total = DepartmentWeek("")
        for d in self.departments:
            total.planned += d.planned
            total.done += d.done
            total.finished += d.finished
            total.overdue += d.overdue
        return total


NOTABLE_FIELDS = frozenset({"start", "end", "status", "baseline_end", "level"})
NOTABLE_LIMIT = 30


def _notable(change: Change) -> bool:
    if change.entity in ("baselines", "signoffs", "change_requests", "issues"):
        return True
    if change.entity == "risks":
        return change.op == "create" or bool(
            change.after and {"level", "status"} & set(change.after)
        )
    if change.entity == "tasks":
        if change.op != "update":
            return True
        return bool(change.after and NOTABLE_FIELDS & set(change.after))
    return change.entity == "dependencies"


def weekly_progress(store: Store, today: date | None = None) -> WeeklyProgress:
    """The progress tracking table (项目进度跟踪表) for the week holding ``today``."""
    from store import changes as changelog

    today = today or clock.today()
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    result = WeeklyProgress(today, monday, sunday)
    departments = dict(store.conn.execute("SELECT id, name FROM departments"))
    members = dict(store.conn.execute("SELECT id, name FROM members"))
    rows: dict[int | None, DepartmentWeek] = {}
    for dept_id, name in sorted(departments.items(), key=lambda kv: kv[1].casefold()):
        rows[dept_id] = DepartmentWeek(one_line(name))
    first, last, now = monday.isoformat(), sunday.isoformat(), today.isoformat()
    for dept_id, planned_end, status, actual_end in store.rows(
        'department_id, coalesce(baseline_end, "end"), status, actual_end', "tasks"
    ):
        row = rows.get(dept_id)
        if row is None:
            row = rows[dept_id] = DepartmentWeek(one_line(departments.get(dept_id, "")) or NO_PHASE)
        done = status == TaskStatus.DONE
        if first <= planned_end <= last:
            row.planned += 1
            row.done += done
        if done and actual_end and first <= actual_end <= last:
            row.finished += 1
        if not done and planned_end < now:
            row.overdue += 1
    result.departments = [r for r in rows.values() if r.planned or r.finished or r.overdue]

    try:
        late = slipping(store, today)
    except CycleError:
        late = []
    for slip in late:
        task = slip.task
        result.slipping.append(
            SlipRow(
                task.id,
                one_line(task.title),
                one_line(departments.get(task.department_id, "")),
                one_line(members.get(task.owner_id, "")),
                slip.days,
                _cause(store, task, today),
            )
        )

    meeting = store.conn.execute(
        "SELECT date, start, title FROM meetings WHERE kind = 'weekly' AND date < ? "
        "ORDER BY date DESC, start DESC, id DESC LIMIT 1",
        [now],
    ).fetchone()
    if meeting is not None:
        result.since = date.fromisoformat(meeting[0])
        result.meeting = one_line(meeting[2])
        held = datetime.fromisoformat(f"{meeting[0]}T{meeting[1]}")
        # Timestamps are UTC ISO strings: compare from the meeting's day on.
        since = held.date().isoformat()
        for entity, op, n in store.conn.execute(
            "SELECT entity, op, count(*) FROM changes WHERE at >= ? GROUP BY entity, op",
            [since],
        ):
            result.counts.setdefault(entity, Counter())[op] = n
        first_id = store.scalar("SELECT min(id) FROM changes WHERE at >= ?", [since])
        if first_id is not None:
            found = [c for c in changelog.since(store, first_id - 1, limit=-1) if _notable(c)]
            result.notable = found[-NOTABLE_LIMIT:][::-1]
    return result


def _cause(store: Store, task: Task, today: date) -> str:
    """Why a task is late: its owner's latest blocker, else a risk on it, else its state."""
    if task.owner_id is not None:
        found = store.conn.execute(
            "SELECT date, blockers FROM daily_updates WHERE member_id = ? AND blockers != '' "
            "AND date <= ? ORDER BY date DESC, id DESC LIMIT 1",
            [task.owner_id, today.isoformat()],
        ).fetchone()
        if found:
            return one_line(f"{found[0][5:]} {found[1]}")
    risk = store.conn.execute(
        "SELECT title, level FROM risks WHERE task_id = ? AND status != 'closed' "
        "ORDER BY CASE level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id LIMIT 1",
        [task.id],
    ).fetchone()
    if risk:
        return one_line(f"{LEVEL.get(risk[1], '')} {risk[0]}".strip())
    if task.status == TaskStatus.BLOCKED:
        return "blocked"
    return ""


# --- export gantt (Markdown) -------------------------------------------------------------


def _cell(text: str) -> str:
    return one_line(text).replace("|", "\\|")


def _pad(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal cells (CJK counts two)."""
    text = one_line(text)
    if cells(text) > width:
        out, used = "", 0
        for char in text:
            w = cells(char)
            if used + w > width - 1:
                break
            out += char
            used += w
        text = out + "…"
    return text + " " * (width - cells(text))


def gantt_markdown(store: Store, today: date | None = None, _: Translate = _same) -> str:
    """The plan as a Markdown document anyone can read without the app.

    A table per phase (id, task, owner, start, end, total float, critical,
    slip), then a bar chart by week in a fenced block, with its legend.
    """
    data = gantt(store, today)
    project = store.scalar("SELECT name FROM project LIMIT 1") or ""
    lines = [f"# {_('Gantt chart')}: {_cell(project)}" if project else f"# {_('Gantt chart')}"]
    lines.append("")
    if data.error:
        raise Invalid("the dependencies make a cycle: {error}", error=data.error)
    finish = data.finish.isoformat() if data.finish else "—"
    lines.append(
        _("Today {today} · finish {finish} · {n} tasks, {c} critical").format(
            today=data.today.isoformat(), finish=finish, n=len(data.bars), c=data.critical
        )
    )
    header = [
        _("ID"),
        _("Task"),
        _("Owner"),
        _("Start"),
        _("End"),
        _("Float (wd)"),
        _("Critical"),
        _("Slip (wd)"),
    ]
    for phase in data.phases:
        lines += ["", f"## {_cell(phase.name)}", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(" --- " for _h in header) + "|")
        for tid in phase.bars:
            b = data.bars[tid]
            slip = "—" if b.slip is None else f"{b.slip:+d}"
            if b.slipping:
                slip = f"{SLIPPING}{slip}"
            title = (f"{MILESTONE} " if b.milestone else "") + b.title
            lines.append(
                "| "
                + " | ".join(
                    [
                        str(b.id),
                        _cell(title),
                        _cell(b.owner) or "—",
                        b.es.isoformat(),
                        b.ef.isoformat(),
                        str(b.total_float),
                        _("yes") if b.critical else "",
                        slip,
                    ]
                )
                + " |"
            )
    if not data.bars:
        lines += ["", _("No tasks yet.")]
        return "\n".join(lines) + "\n"

    # The chart: one column per week, Monday to Sunday.
    first = data.first
    weeks = (data.last - first) // 7 + 1
    today_col = (data.today.toordinal() - first) // 7
    label = 30
    lines += ["", f"## {_('Chart by week')}", "", "```"]
    months = [" "] * weeks
    marks = [" "] * weeks
    for w in range(weeks):
        monday = date.fromordinal(first + 7 * w)
        if w == 0 or monday.day <= 7:
            text = monday.strftime("%m") if w else monday.strftime("%y-%m")
            for i, ch in enumerate(text):
                if w + i < weeks:
                    months[w + i] = ch
    if 0 <= today_col < weeks:
        marks[today_col] = "v"
    lines.append(_pad(_("week of"), label) + " " + "".join(months))
    lines.append(" " * label + " " + "".join(marks))
    for phase in data.phases:
        lines.append(_pad(f"[{phase.name}]", label))
        for tid in phase.bars:
            b = data.bars[tid]
            row = ["·"] * weeks
            for w in range((b.s1 - first) // 7 + 1, (b.l1 - first) // 7 + 1):
                row[w] = "~"
            for w in range((b.s0 - first) // 7, (b.s1 - first) // 7 + 1):
                row[w] = "█" if b.critical else "▒"
            if b.milestone:
                row[(b.s0 - first) // 7] = MILESTONE
            if 0 <= today_col < weeks and row[today_col] == "·":
                row[today_col] = "|"
            flag = f" {SLIPPING}{b.slip:+d}" if b.slipping else ""
            lines.append(f"{b.id:>4} " + _pad(b.title, label - 5) + " " + "".join(row) + flag)
    lines.append("```")
    lines += [
        "",
        _("Legend:")
        + " "
        + " · ".join(
            [
                _("█ critical task"),
                _("▒ other task"),
                _("~ total float"),
                f"{MILESTONE} " + _("milestone"),
                _("| and v today"),
                f"{SLIPPING}+n " + _("slipping n working days"),
            ]
        ),
        "",
    ]
    return "\n".join(lines)
