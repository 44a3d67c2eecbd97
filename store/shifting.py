"""Shifting a task's dates and propagating the move to its successors, in one transaction."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from store import changes, schedule
from store.db import Store
from store.errors import Conflict, Invalid
from store.models import Task
from store.records import Tx, get
from store.schedule import Activity, Calendar, Link
from store.tasks import plan_inputs, refuse_cycle


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
        return push(tx, current, days, dates)


def push(
    tx: Tx, current: Task, days: int = 0, dates: tuple[date, date] | None = None
) -> ShiftResult:
    """``_apply`` inside a transaction already begun, on the task as read there."""
    store, task_id = tx.store, current.id
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
        if tid == task_id:
            tx.update(Task, tid, current.version, start=start, end=end)
            continue
        with tx.trusted():  # pushed by a move the rules allowed
            row = get(store, Task, tid)
            tx.update(Task, tid, row.version, note={"pushed_by": task_id}, start=start, end=end)
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


def set_task_dates(store: Store, task_id: int, version: int, start: date, end: date) -> ShiftResult:
    """Give a task new dates (a date edit) and push what follows it where needed."""
    if end < start:
        raise Invalid("end is before the start")
    return _apply(store, task_id, version, dates=(start, end))
