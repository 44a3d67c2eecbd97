"""The plan's schedule and its slipping tasks as the health, the board and the Gantt
share them: the schedule run again only when a change could move it.

``tasks.compute_schedule`` runs the critical path once per change to the file, but
most changes leave every input of the critical path as it was (``tasks.plan_inputs``:
the tasks' planned dates and milestone flags, the dependencies, the project's
calendar): a risk added, a daily update, a task moved to done or renamed. After
those the last run is reused, so that the dashboard's counts and the board's
markers follow another user's change without a critical-path run (a third of a
second at 10,000 tasks; ``python -m bench.app`` times the counts). The slipping
tasks are judged once per change and day, whichever of the three asks first (a
second at 100,000 tasks); after a change that leaves the plan as it was, only the
tasks it touched are judged again.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from store import changes, clock
from store.db import Store
from store.schedule import Schedule
from store.tasks import compute_schedule, slip_days_by_task

# The task columns the critical path reads (``tasks.plan_inputs``).
PLAN_FIELDS = ("start", "end", "milestone")

# Whether a change after the first id and up to the second may move the plan: any
# change of a dependency or of the project (its calendar), a task added or deleted,
# a task's planned dates or milestone flag updated, or a task update that does not
# say what changed (a task's version moves when its links do). ``+entity``: read the
# few rows in the id range, not every change of those tables through their index.
_MOVES_PLAN = (
    "SELECT EXISTS (SELECT 1 FROM changes WHERE id > ? AND id <= ? AND ("
    "+entity IN ('dependencies', 'project') OR +entity = 'tasks' AND ("
    "op != 'update' OR before IS NULL OR "
    + " OR ".join(f"json_type(before, '$.{name}') IS NOT NULL" for name in PLAN_FIELDS)
    + ")))"
)


# More changes than this since the last read (an import): everything is read again.
MANY_CHANGES = 2000


def changed_since(store: Store, after: int, up_to: int) -> dict[str, set[int]] | None:
    """Table → ids of the records changed after change ``after`` and up to ``up_to``
    (None: too many to be worth it, or the log went back and anything may have)."""
    if not 0 <= up_to - after <= MANY_CHANGES:
        return None
    found: dict[str, set[int]] = {}
    for entity, record_id in store.conn.execute(
        "SELECT entity, record_id FROM changes WHERE id > ? AND id <= ?", [after, up_to]
    ):
        found.setdefault(entity, set()).add(record_id)
    return found


def moves_plan(store: Store, after: int, up_to: int) -> bool:
    """Whether a change logged after change ``after`` and up to ``up_to`` may move the
    plan's schedule (``after`` > ``up_to``: the log went back, so it may)."""
    if after > up_to:
        return True
    return after < up_to and bool(store.scalar(_MOVES_PLAN, [after, up_to]))


def plan_schedule(store: Store) -> Schedule:
    """``compute_schedule``, reused while no change since its run could move it (and
    the day is the same: the calendar spans years from today). Raises its CycleError."""
    if store.conn.in_transaction:  # uncommitted rows: their change ids may be reused
        return compute_schedule(store)
    stamp: tuple[int, date] = (changes.cursor(store), clock.today())
    cached = store.memo.get("plan")
    if cached is not None:
        (seen, day), plan = cast(tuple[tuple[int, date], Schedule], cached)
        if day == stamp[1] and not moves_plan(store, seen, stamp[0]):
            store.memo["plan"] = (stamp, plan)
            return plan
    plan = compute_schedule(store)
    store.memo["plan"] = (stamp, plan)
    return plan


def late_tasks(store: Store, today: date | None = None) -> dict[int, int]:
    """Task id → working days late, of the tasks slipping today (``slip_days_by_task``
    on ``plan_schedule``), judged once per change to the file: while the plan is the
    one they were judged on, only the tasks changed since are judged again. Raises its
    CycleError; treat as read-only."""
    today = today or clock.today()
    if store.conn.in_transaction:
        return slip_days_by_task(store, today, plan_schedule(store))
    cursor = changes.cursor(store)  # first: a change after it is judged again next time
    plan = plan_schedule(store)
    cached = store.memo.get("late")
    late: dict[int, int] | None = None
    if cached is not None:
        (seen, day, judged_on), kept = cast(tuple[tuple[int, date, Schedule], dict], cached)
        same = day == today and judged_on is plan
        changed = changed_since(store, seen, cursor) if same else None
        if changed is not None:
            ids = changed.get("tasks", set())
            late = kept
            if ids:
                late = {i: days for i, days in kept.items() if i not in ids}
                late.update(slip_days_by_task(store, today, plan, ids))
    if late is None:
        late = slip_days_by_task(store, today, plan)
    store.memo["late"] = ((cursor, today, plan), late)
    return late
