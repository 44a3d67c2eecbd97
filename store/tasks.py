"""Tasks, their dependencies and the plan baseline; the schedule computed from them.

A dependency that would close a cycle is refused with the cycle named, before
anything is written. Moving a task to *doing* records its actual start, to
*done* its actual end and 100 %: the plan-versus-actual table reads those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from store import clock, schedule
from store.db import Store
from store.errors import Invalid
from store.models import Baseline, Dependency, Document, MeetingItem, Risk, Task, TaskStatus
from store.project import outdate, project
from store.records import Tx, find, get, validate
from store.schedule import Activity, Calendar, Link


def tasks(store: Store) -> list[Task]:
    return find(store, Task, order_by="start, id")


def dependencies(store: Store) -> list[Dependency]:
    return find(store, Dependency)


def predecessors(store: Store, task_id: int) -> list[Dependency]:
    return find(store, Dependency, "successor_id = ?", [task_id])


def successors(store: Store, task_id: int) -> list[Dependency]:
    return find(store, Dependency, "predecessor_id = ?", [task_id])


def calendar(store: Store) -> Calendar:
    """Working days: Monday–Friday less the project's holidays."""
    found = store.scalar("SELECT holidays FROM project LIMIT 1")
    if not found:
        return Calendar()
    return Calendar(frozenset(project(store).holidays))


def plan_inputs(store: Store) -> tuple[list[Activity], list[Link], Calendar]:
    """What the critical path needs, read column by column.

    Only the scheduling columns are read and checked (ISO dates, known
    dependency types): going through the full models costs ~0.5 s at 10,000
    tasks, and the header recomputes health after every change.
    """
    parse = date.fromisoformat
    activities = [
        Activity(row[0], parse(row[1]), parse(row[2]), bool(row[3]))
        for row in store.conn.execute('SELECT id, start, "end", milestone FROM tasks')
    ]
    links = [
        Link(row[0], row[1], schedule.DepType(row[2]), int(row[3]))
        for row in store.conn.execute(
            "SELECT predecessor_id, successor_id, type, lag FROM dependencies"
        )
    ]
    return activities, links, calendar(store)


def refuse_cycle(task_ids: list[int], links: list[Link]) -> None:
    """Raise Invalid naming the cycle, if the links have one."""
    cycle = schedule.find_cycle(task_ids, links)
    if cycle:
        path = " → ".join(f"#{i}" for i in [*cycle, cycle[0]])
        raise Invalid(f"that dependency would make a cycle: {path}")


def _refuse_new_cycle(store: Store, new: list[Dependency]) -> None:
    """Refuse new dependencies that would close a cycle with the existing ones."""
    ids = [row["id"] for row in store.query("SELECT id FROM tasks")]
    links = [
        Link(r["predecessor_id"], r["successor_id"])
        for r in store.query("SELECT predecessor_id, successor_id FROM dependencies")
    ]
    refuse_cycle(ids, links + [Link(d.predecessor_id, d.successor_id) for d in new])


def add_task(store: Store, task: Task, after: list[Dependency] = ()) -> Task:
    """Add a task with its predecessors (``successor_id`` is filled in here)."""
    with store.transaction() as tx:
        saved = tx.insert(task)
        for dep in after:
            _insert_dependency(tx, dep.model_copy(update={"successor_id": saved.id}))
        return saved


def _insert_dependency(tx: Tx, dep: Dependency) -> Dependency:
    for task_id in (dep.predecessor_id, dep.successor_id):
        get(tx.store, Task, task_id)
    _refuse_new_cycle(tx.store, [dep])
    return tx.insert(validate(Dependency, dep.model_dump()))


def add_dependency(store: Store, dep: Dependency) -> Dependency:
    with store.transaction() as tx:
        return _insert_dependency(tx, dep)


def update_dependency(store: Store, dep_id: int, version: int, **values: Any) -> Dependency:
    with store.transaction() as tx:
        return tx.update(Dependency, dep_id, version, **values)


def delete_dependency(store: Store, dep_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        tx.delete(Dependency, dep_id, version)


def status_values(task: Task, status: TaskStatus, today: date) -> dict[str, Any]:
    """The fields a status move changes: actual start on doing, actual end on done."""
    values: dict[str, Any] = {"status": status}
    if status in (TaskStatus.DOING, TaskStatus.DONE) and task.actual_start is None:
        values["actual_start"] = min(today, task.start) if status == TaskStatus.DONE else today
    if status == TaskStatus.DONE:
        values["actual_end"] = task.actual_end or today
        values["progress"] = 100
    elif task.status == TaskStatus.DONE:
        values["actual_end"] = None
    return values


def update_task(store: Store, task_id: int, version: int, **values: Any) -> Task:
    """Edit a task; a status change fills in actual dates unless given explicitly."""
    with store.transaction() as tx:
        current = get(store, Task, task_id)
        if "status" in values and values["status"] != current.status:
            values = status_values(current, TaskStatus(values["status"]), clock.today()) | values
        return tx.update(Task, task_id, version, **values)


def delete_task(store: Store, task_id: int, version: int | None = None) -> None:
    """Delete a task; its dependencies go with it and risks and items let go (each logged).

    The schema would unlink risks and items silently (ON DELETE SET NULL); doing it
    here bumps their versions and tells other processes through the change log.
    """
    with store.transaction() as tx:
        for dep in find(store, Dependency, "predecessor_id = ? OR successor_id = ?", [task_id] * 2):
            tx.delete(Dependency, dep.id)
        for model in (Risk, MeetingItem):
            for linked in find(store, model, "task_id = ?", [task_id]):
                tx.update(model, linked.id, linked.version, task_id=None)
        tx.delete(Task, task_id, version)


def blocking_predecessors(store: Store, task_id: int) -> list[Task]:
    """FS predecessors not done yet: moving the task to doing needs confirmation."""
    return find(
        store,
        Task,
        "status != 'done' AND id IN (SELECT predecessor_id FROM dependencies "
        "WHERE successor_id = ? AND type = 'FS')",
        [task_id],
    )


def compute_schedule(store: Store) -> schedule.Schedule:
    return schedule.compute(*plan_inputs(store))


def reschedule(store: Store) -> dict[int, tuple[date, date]]:
    """Move successors later where a dependency needs it; returns what moved."""
    with store.transaction() as tx:
        moves = schedule.reschedule(*plan_inputs(store))
        for task_id, (start, end) in moves.items():
            task = get(store, Task, task_id)
            tx.update(Task, task_id, task.version, start=start, end=end)
        return moves


def set_baseline(store: Store, label: str = "") -> Baseline:
    """Fix the plan: copy every task's dates to its baseline, outdate plan sign-offs."""
    with store.transaction() as tx:
        n = store.scalar("SELECT count(*) FROM tasks")
        number = store.scalar("SELECT count(*) FROM baselines") + 1
        tx.conn.execute(
            'UPDATE tasks SET baseline_start = start, baseline_end = "end", '
            "version = version + 1, updated_at = ?, updated_by = ?",
            [tx.at, tx.actor],
        )
        outdate(tx, Document.BASELINE)
        return tx.insert(
            Baseline(label=label or f"Baseline {number}", taken_at=tx.at, task_count=n)
        )


def baselines(store: Store) -> list[Baseline]:
    return find(store, Baseline, order_by="id")


@dataclass(frozen=True, slots=True)
class Slip:
    task: Task
    days: int


def slipping(
    store: Store, today: date | None = None, sched: schedule.Schedule | None = None
) -> list[Slip]:
    """Tasks more than 2 working days past their baseline end, worst first.

    The dates are judged from the raw columns; only the slipping tasks are
    loaded as models (all 10,000 would cost a third of a second).
    """
    today = today or clock.today()
    cal = calendar(store)
    sched = sched or compute_schedule(store)
    parse = date.fromisoformat
    late: dict[int, int] = {}
    for task_id, baseline_end, actual_end, end, status in store.conn.execute(
        'SELECT id, baseline_end, actual_end, "end", status FROM tasks '
        "WHERE baseline_end IS NOT NULL"
    ):
        scheduled = sched.tasks.get(task_id)
        days = schedule.slip_days(
            parse(baseline_end),
            parse(actual_end) if actual_end else None,
            parse(end),
            status == TaskStatus.DONE,
            today,
            cal,
            scheduled.ef if scheduled else None,
        )
        if schedule.is_slipping(days):
            late[task_id] = days
    found = find(store, Task, f"id IN ({','.join('?' * len(late))})", list(late)) if late else []
    return sorted((Slip(t, late[t.id]) for t in found), key=lambda s: (-s.days, s.task.id))


def due_between(store: Store, first: date, last: date) -> list[Task]:
    """Unfinished tasks whose planned end falls in [first, last]."""
    return find(
        store,
        Task,
        "status != 'done' AND \"end\" BETWEEN ? AND ?",
        [first.isoformat(), last.isoformat()],
        '"end", id',
    )


def parse_after(spec: str) -> Dependency:
    """``ID[:TYPE[:LAG]]`` as given to ``task add --after`` (successor filled in later)."""
    parts = spec.split(":")
    if not 1 <= len(parts) <= 3 or not parts[0].strip().lstrip("#").isdigit():
        raise Invalid(f"--after {spec!r}: expected ID[:TYPE[:LAG]], e.g. 12 or 12:SS:2")
    kind = parts[1].strip().upper() if len(parts) > 1 and parts[1].strip() else "FS"
    if kind not in schedule.DepType.__members__:
        raise Invalid(f"--after {spec!r}: type must be FS, SS, FF or SF")
    try:
        lag = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        raise Invalid(f"--after {spec!r}: lag must be a whole number of working days") from None
    return Dependency.model_construct(
        predecessor_id=int(parts[0].strip().lstrip("#")), successor_id=0, type=kind, lag=lag
    )
