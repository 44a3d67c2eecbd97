"""Tasks, their dependencies and the plan baseline; the schedule computed from them.

A dependency that would close a cycle is refused with the cycle named, before
anything is written. Moving a task to *doing* records its actual start, to
*done* its actual end and 100 %: the plan-versus-actual table reads those.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from store import changes, clock, schedule
from store.db import Store
from store.errors import Conflict, Invalid
from store.models import (
    Baseline,
    Dependency,
    Document,
    Issue,
    MeetingItem,
    Risk,
    Task,
    TaskStatus,
)
from store.plan_rows import calendar, plan_inputs
from store.project import outdate
from store.records import Merge, Tx, find, get, merge, validate
from store.risks import RISKS_OF_TASK
from store.schedule import Link
from store.text import is_number


def tasks(store: Store) -> list[Task]:
    return find(store, Task, order_by="start, id")


def dependencies(store: Store) -> list[Dependency]:
    return find(store, Dependency)


def predecessors(store: Store, task_id: int) -> list[Dependency]:
    return find(store, Dependency, "successor_id = ?", [task_id])


def successors(store: Store, task_id: int) -> list[Dependency]:
    return find(store, Dependency, "predecessor_id = ?", [task_id])


def refuse_cycle(task_ids: list[int], links: list[Link]) -> None:
    """Raise Invalid naming the cycle, if the links have one."""
    cycle = schedule.find_cycle(task_ids, links)
    if cycle:
        path = " → ".join(f"#{i}" for i in [*cycle, cycle[0]])
        raise Invalid("that dependency would make a cycle: {path}", path=path)


def _refuse_new_cycle(store: Store, new: list[Dependency]) -> None:
    """Refuse new dependencies that would close a cycle with the existing ones."""
    ids = [row["id"] for row in store.query("SELECT id FROM tasks")]
    links = [
        Link(r["predecessor_id"], r["successor_id"])
        for r in store.query("SELECT predecessor_id, successor_id FROM dependencies")
    ]
    refuse_cycle(ids, links + [Link(d.predecessor_id, d.successor_id) for d in new])


def add_task(store: Store, task: Task, after: Sequence[Dependency] = ()) -> Task:
    """Add a task with its predecessors (``successor_id`` is filled in here).

    Its dates are moved, duration kept, to where the predecessors allow: see
    ``follow_predecessors``; ``held_by`` says which one set its start.
    """
    with store.transaction() as tx:
        return insert_task(tx, task, after)


def insert_task(tx: Tx, task: Task, after: Iterable[Dependency] = ()) -> Task:
    """``add_task`` inside a transaction already begun."""
    saved = tx.insert(_owners_department(tx.store, task))
    for dep in after:
        _insert_dependency(tx, dep.model_copy(update={"successor_id": saved.id}))
    return follow_predecessors(tx, saved.id) if after else saved


def _owners_department(store: Store, task: Task) -> Task:
    """A task without a department is in its owner's (set explicitly, it stays)."""
    if task.owner_id is None or task.department_id is not None:
        return task
    found = store.scalar("SELECT department_id FROM members WHERE id = ?", [task.owner_id])
    return task.model_copy(update={"department_id": found})


def _insert_dependency(tx: Tx, dep: Dependency) -> Dependency:
    for task_id in (dep.predecessor_id, dep.successor_id):
        get(tx.store, Task, task_id)
    _refuse_new_cycle(tx.store, [dep])
    saved = tx.insert(validate(Dependency, dep.model_dump()))
    links_changed(tx, dep.successor_id)
    return saved


def links_changed(tx: Tx, task_id: int) -> None:
    """A task's predecessors are part of it: a change to them moves its version."""
    tx.touch(Task, task_id, {"predecessors": format_after(predecessors(tx.store, task_id))})


def follow_predecessors(tx: Tx, task_id: int) -> Task:
    """Move a task, and what follows it, to the earliest start its dependencies
    allow, keeping each one's working days (the schedule's own arithmetic, so the
    dates agree with ``xdept-tui schedule``); returns the task as saved."""
    activities, links, cal = plan_inputs(tx.store)
    try:
        moves = schedule.reschedule(activities, links, cal)
    except schedule.CycleError:  # another program's loop: no dates to follow (the board says)
        moves = {}
    if task_id in moves:
        following: dict[int, list[int]] = {}
        for link in links:
            following.setdefault(link.predecessor, []).append(link.successor)
        downstream, stack = {task_id}, [task_id]
        while stack:
            for successor in following.get(stack.pop(), ()):
                if successor not in downstream:
                    downstream.add(successor)
                    stack.append(successor)
        with tx.trusted():  # the link was allowed; what it moves follows
            for moved in sorted(downstream & moves.keys()):
                start, end = moves[moved]
                tx.update(Task, moved, get(tx.store, Task, moved).version, start=start, end=end)
    return get(tx.store, Task, task_id)


def held_by(store: Store, task_id: int) -> Dependency | None:
    """The predecessor link that sets the task's earliest start, if one does."""
    try:
        plan = compute_schedule(store)
    except schedule.CycleError:
        return None
    me = plan.tasks.get(task_id)
    if me is None:
        return None
    for dep in predecessors(store, task_id):
        p = plan.tasks.get(dep.predecessor_id)
        link = Link(dep.predecessor_id, task_id, dep.type, dep.lag)
        if p is not None and schedule.earliest_start(link, p.es_i, p.duration, me.duration) == (
            me.es_i
        ):
            return dep
    return None


def add_dependency(store: Store, dep: Dependency) -> Dependency:
    """Link a task after a predecessor; the task moves later if the link needs it."""
    with store.transaction() as tx:
        saved = _insert_dependency(tx, dep)
        follow_predecessors(tx, saved.successor_id)
        return saved


def update_dependency(store: Store, dep_id: int, version: int, **values: Any) -> Dependency:
    with store.transaction() as tx:
        saved = tx.update(Dependency, dep_id, version, **values)
        links_changed(tx, saved.successor_id)
        follow_predecessors(tx, saved.successor_id)
        return saved


def delete_dependency(store: Store, dep_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        successor = get(store, Dependency, dep_id).successor_id
        tx.delete(Dependency, dep_id, version)
        links_changed(tx, successor)


def unlink(store: Store, task_id: int, predecessor_id: int) -> Dependency:
    """Remove the dependency of ``task_id`` on ``predecessor_id``; returns it."""
    found = find(
        store, Dependency, "successor_id = ? AND predecessor_id = ?", [task_id, predecessor_id]
    )
    if not found:
        raise Invalid(
            "task #{task_id} does not follow #{predecessor_id}",
            task_id=task_id,
            predecessor_id=predecessor_id,
        )
    delete_dependency(store, found[0].id, found[0].version)
    return found[0]


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


def update_task(
    store: Store, task_id: int, version: int, base: dict | None = None, **values: Any
) -> Task:
    """Edit a task; a status change fills in actual dates unless given explicitly.
    ``base`` (the values as read) merges a stale edit three ways."""
    with store.transaction() as tx:
        current = get(store, Task, task_id)
        if "status" in values and values["status"] != current.status:
            values = status_values(current, TaskStatus(values["status"]), clock.today()) | values
        return tx.update(Task, task_id, version, base, **values)


def delete_task(store: Store, task_id: int, version: int | None = None) -> None:
    """Delete a task; its dependencies go with it and risks and items let go (each logged).

    The schema would unlink risks and items silently (ON DELETE SET NULL); doing it
    here bumps their versions and tells other processes through the change log.
    """
    with store.transaction() as tx:
        task = get(store, Task, task_id)
        tx.check(Task.TABLE, task.to_row(), None)  # before what follows from it
        with tx.trusted():
            for dep in find(
                store, Dependency, "predecessor_id = ? OR successor_id = ?", [task_id] * 2
            ):
                tx.delete(Dependency, dep.id)
                if dep.successor_id != task_id:
                    links_changed(tx, dep.successor_id)
            for item in find(store, MeetingItem, "task_id = ?", [task_id]):
                tx.update(MeetingItem, item.id, item.version, task_id=None)
            for issue in find(store, Issue, "task_id = ?", [task_id]):
                tx.update(Issue, issue.id, issue.version, task_id=None)
            for risk in find(store, Risk, RISKS_OF_TASK, [task_id]):
                kept = [t for t in risk.task_ids if t != task_id]
                tx.update(Risk, risk.id, risk.version, task_ids=kept)
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
    """The critical path, computed once per change to the file: the header's health,
    the board and the Gantt share one run (``python -m bench.store`` times it). Treat as
    read-only."""
    if store.conn.in_transaction:  # uncommitted rows: their change ids may be reused
        return schedule.compute(*plan_inputs(store))
    stamp = changes.cursor(store)
    cached = store.memo.get("schedule")
    if cached is not None and cached[0] == stamp:
        return cached[1]
    plan = schedule.compute(*plan_inputs(store))
    store.memo["schedule"] = (stamp, plan)
    return plan


def set_baseline(store: Store, label: str = "") -> Baseline:
    """Fix the plan: copy every task's dates to its baseline, outdate plan sign-offs."""
    with store.transaction() as tx:
        n = store.scalar("SELECT count(*) FROM tasks")
        number = store.scalar("SELECT count(*) FROM baselines") + 1
        # Only the tasks whose baseline moves are written, each logged like any update
        # (one statement for all: Tx.update per task would cost seconds at 10,000).
        rows = tx.conn.execute(
            'SELECT id, version, start, "end", baseline_start, baseline_end FROM tasks '
            'WHERE baseline_start IS NOT start OR baseline_end IS NOT "end"'
        ).fetchall()
        tx.conn.executemany(
            'UPDATE tasks SET baseline_start = start, baseline_end = "end", '
            "version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            [(tx.at, tx.actor, row[0]) for row in rows],
        )
        for task_id, version, start, end, old_start, old_end in rows:
            changes.log(
                tx,
                Task.TABLE,
                task_id,
                "update",
                {"baseline_start": old_start, "baseline_end": old_end},
                {"baseline_start": start, "baseline_end": end, "version": version + 1},
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
    late = slip_days_by_task(store, today or clock.today(), sched or compute_schedule(store))
    found = find(store, Task, f"id IN ({','.join('?' * len(late))})", list(late)) if late else []
    return sorted((Slip(t, late[t.id]) for t in found), key=lambda s: (-s.days, s.task.id))


def slip_days_by_task(
    store: Store, today: date, sched: schedule.Schedule | None, ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Task id → working days late, for the tasks that are slipping (of ``ids`` only, when
    given: the tasks a change touched).

    Judged from the raw columns, so that 10,000 tasks need not become models; the
    schedule's early finish is the forecast of an unfinished task (None: no CPM). A
    done task never slips, and an unfinished one only past its baseline end by more
    than the threshold: a bound in working-day indexes (each distinct date converted
    once) leaves ``schedule.slip_days`` the few that may be, not 100,000 tasks.
    """
    cal = calendar(store)
    parse = date.fromisoformat
    indexes: dict[str, int] = {}  # an ISO date → its end index

    def end_index(text: str) -> int:
        found = indexes.get(text)
        if found is None:
            found = indexes[text] = cal.end_index(parse(text))
        return found

    now = cal.end_index(today)
    planned = sched.tasks if sched is not None else {}
    late: dict[int, int] = {}
    source, params = "tasks WHERE baseline_end IS NOT NULL AND status != 'done'", []
    if ids is not None:
        source += " AND id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(ids)))
    for task_id, baseline_end, end in store.rows('id, baseline_end, "end"', source, params):
        scheduled = planned.get(task_id)
        # ef_i is the day after the early finish: never fewer days than slip_days counts.
        finish = max(end_index(end), now, scheduled.ef_i if scheduled else now)
        if finish - end_index(baseline_end) <= schedule.SLIP_THRESHOLD:
            continue
        days = schedule.slip_days(
            parse(baseline_end),
            None,
            parse(end),
            False,
            today,
            cal,
            scheduled.ef if scheduled else None,
        )
        if days is not None and schedule.is_slipping(days, False):
            late[task_id] = days
    return late


def slip_of(store: Store, task: Task, today: date) -> int | None:
    """Working days one task ends after its baseline end (None without one), judged
    as ``slip_days_by_task`` judges every task."""
    scheduled = compute_schedule(store).tasks.get(task.id)
    return schedule.slip_days(
        task.baseline_end,
        task.actual_end,
        task.end,
        task.status == TaskStatus.DONE,
        today,
        calendar(store),
        scheduled.ef if scheduled else None,
    )


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
    if not 1 <= len(parts) <= 3 or not is_number(parts[0].strip().lstrip("#")):
        raise Invalid("--after {spec!r}: expected ID[:TYPE[:LAG]], e.g. 12 or 12:SS:2", spec=spec)
    kind = parts[1].strip().upper() if len(parts) > 1 and parts[1].strip() else "FS"
    if kind not in schedule.DepType.__members__:
        raise Invalid("--after {spec!r}: type must be FS, SS, FF or SF", spec=spec)
    try:
        lag = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        raise Invalid(
            "--after {spec!r}: lag must be a whole number of working days", spec=spec
        ) from None
    return Dependency.model_construct(
        predecessor_id=int(parts[0].strip().lstrip("#")),
        successor_id=0,
        type=schedule.DepType(kind),
        lag=lag,
    )


# --- status moves and the task form's save ---------------------------------------------


class BlockedBy(Invalid):
    """Moving a task would start or finish it before FS predecessors are done."""

    def __init__(self, task_id: int, blockers: list[Task]) -> None:
        names = ", ".join(f"#{t.id} {t.title}" for t in blockers)
        super().__init__(
            "task #{task_id} waits for {names} (finish-to-start, not done)",
            task_id=task_id,
            names=names,
        )
        self.task_id = task_id
        self.blockers = blockers


def move_task(
    store: Store,
    task_id: int,
    version: int,
    status: TaskStatus | str,
    confirmed: Iterable[int] = (),
    shown: TaskStatus | str | None = None,
) -> Task:
    """Move a task to another status column (one transaction).

    Moving to *doing* or *done* while an FS predecessor is not done raises
    ``BlockedBy`` naming them, unless every one of them is in ``confirmed`` (the
    user saw the names and said yes). ``shown`` is the status the mover saw: the
    task must still have it. A ``version`` that moved on raises ``Conflict``, unless
    this actor was the last to change the task and it still has the ``shown``
    status: quick moves of one card chain through the database thread, each
    written with the version the board read, while a change by anyone else
    meanwhile is never overwritten.
    """
    status = TaskStatus(status)
    with store.transaction() as tx:
        current = get(store, Task, task_id)
        moved_on = current.version != version and (
            shown is None or current.updated_by != store.actor
        )
        if moved_on or (shown is not None and current.status != TaskStatus(shown)):
            raise Conflict("tasks", task_id, version, current.to_row(), {"status": status.value})
        if status == current.status:
            return current
        if status in (TaskStatus.DOING, TaskStatus.DONE):
            blockers = [
                t for t in blocking_predecessors(store, task_id) if t.id not in set(confirmed)
            ]
            if blockers:
                raise BlockedBy(task_id, blockers)
        values = status_values(current, status, clock.today())
        return tx.update(Task, task_id, current.version, **values)


class DependencyInvalid(Invalid):
    """A predecessor typed in the task form is unknown, repeated or closes a cycle."""


def format_after(deps: Iterable[Dependency]) -> str:
    """Predecessors as the task form shows them: ``12, 15:SS:2, 20:FF:-1``."""
    parts = []
    for dep in sorted(deps, key=lambda d: d.predecessor_id):
        text = str(dep.predecessor_id)
        if dep.type != "FS" or dep.lag:
            text += f":{dep.type}"
        if dep.lag:
            text += f":{dep.lag}"
        parts.append(text)
    return ", ".join(parts)


def parse_after_list(text: str) -> list[Dependency]:
    """``12, 15:SS:2`` (commas or spaces) → dependencies; Invalid naming the bad item."""
    result: list[Dependency] = []
    for item in re.split(r"[,\s;，；]+", text.strip()):
        if not item:
            continue
        spec = item.lstrip("#")
        parts = spec.split(":")
        if not is_number(parts[0]):
            raise Invalid("{item!r}: expected ID[:TYPE[:LAG]], e.g. 12 or 12:SS:2", item=item)
        kind = parts[1].strip().upper() if len(parts) > 1 and parts[1] else "FS"
        if kind not in schedule.DepType.__members__:
            raise Invalid("{item!r}: the type must be FS, SS, FF or SF", item=item)
        if len(parts) > 3:
            raise Invalid("{item!r}: expected ID[:TYPE[:LAG]], e.g. 12 or 12:SS:2", item=item)
        try:
            lag = int(parts[2]) if len(parts) > 2 else 0
        except ValueError:
            raise Invalid(
                "{item!r}: the lag must be a whole number of working days", item=item
            ) from None
        if not -365 <= lag <= 365:
            raise Invalid("{item!r}: the lag must be between -365 and 365 working days", item=item)
        if any(d.predecessor_id == int(parts[0]) for d in result):
            raise Invalid(
                "{item!r}: #{predecessor} is given twice", item=item, predecessor=int(parts[0])
            )
        result.append(
            Dependency.model_construct(
                predecessor_id=int(parts[0]), successor_id=0, type=schedule.DepType(kind), lag=lag
            )
        )
    return result


def write_task(
    tx: Tx,
    task_id: int | None,
    version: int | None,
    values: dict[str, Any],
    after: list[Dependency] | None = None,
    base: dict[str, Any] | None = None,
) -> Task:
    """Write the task form's task and (when ``after`` is given) its predecessors, in
    ``tx`` (``task_form.save_task_form`` adds the rescheduling).

    ``base`` holds the values the form read (its predecessors under
    ``"predecessors"``): when the task moved on meanwhile, fields and predecessors
    are merged three ways and only those both sides changed differently raise
    Conflict. Only the predecessors added, removed or changed since ``base`` are
    written. A status change fills in the actual dates the user left as they were;
    a new owner brings their department unless one is given; a predecessor that
    does not exist, is the task itself or closes a cycle raises
    ``DependencyInvalid``. The task's dates follow its predecessors.
    """
    store = tx.store
    if task_id is None:
        task = _owners_department(store, validate(Task, values))
        if task.status != TaskStatus.TODO:
            auto = status_values(
                task.model_copy(update={"status": TaskStatus.TODO}),
                TaskStatus(task.status),
                clock.today(),
            )
            task = validate(
                Task,
                task.model_dump() | {k: v for k, v in auto.items() if values.get(k) in (None, 0)},
            )
        saved = tx.insert(task)
        for dep in after or ():
            _insert_checked(tx, saved.id, dep)
        return follow_predecessors(tx, saved.id) if after else saved
    base = dict(base or {})
    read_after = base.pop("predecessors", None)
    current = get(store, Task, task_id)
    values = dict(values)
    if "status" in values and values["status"] != current.status:
        auto = status_values(current, TaskStatus(values["status"]), clock.today())
        for name, value in auto.items():
            if name not in values or values[name] == getattr(current, name):
                values[name] = value
    owner = values.get("owner_id")
    if owner and owner != current.owner_id and "department_id" not in values:
        values["department_id"] = _owners_department(
            store, current.model_copy(update={"owner_id": owner, "department_id": None})
        ).department_id
    links = _merge_links(store, task_id, after, read_after) if after is not None else None
    try:
        saved = tx.update(
            Task, task_id, version if version is not None else current.version, base, **values
        )
    except Conflict as conflict:
        raise _with_links(conflict, store, task_id, after, links) from None
    if links is not None and links.conflicts:
        raise _with_links(
            Conflict("tasks", task_id, version or 0, current.to_row(), {}, {}),
            store,
            task_id,
            after,
            links,
        )
    if links is not None and links.write:
        _write_links(tx, task_id, links.write)
        return follow_predecessors(tx, task_id)
    return saved


def link_values(deps: Iterable[Dependency]) -> dict[int, tuple[schedule.DepType, int]]:
    """Predecessor → (type, lag): what a task's predecessors say, to compare."""
    return {d.predecessor_id: (d.type, d.lag) for d in deps}


def _merge_links(
    store: Store, task_id: int, wanted: list[Dependency], read: list[Dependency] | None
) -> Merge:
    """Three-way merge of predecessors: predecessor → (type, lag), or None for none."""
    theirs = link_values(predecessors(store, task_id))
    mine = link_values(wanted)
    base = theirs if read is None else link_values(read)
    ids = mine.keys() | base.keys()
    return merge(
        {i: base.get(i) for i in ids},
        {i: theirs.get(i) for i in ids},
        {i: mine.get(i) for i in ids},
    )


def _with_links(
    conflict: Conflict,
    store: Store,
    task_id: int,
    after: list[Dependency] | None,
    links: Merge | None,
) -> Conflict:
    """The conflict with the task's predecessors as they are now, and as a field of
    its own when both sides changed them differently."""
    now = format_after(predecessors(store, task_id))
    conflict.theirs["predecessors"] = now
    if links is not None and links.conflicts:
        conflict.conflicts = (conflict.conflicts or {}) | {
            "predecessors": (now, format_after(after or ()))
        }
    return conflict


def _insert_checked(tx: Tx, task_id: int, dep: Dependency) -> None:
    """Add a predecessor typed in the form: unknown, own or cyclic ones are named."""
    pred_id = dep.predecessor_id
    if pred_id == task_id:
        raise DependencyInvalid("#{pred_id}: a task cannot depend on itself", pred_id=pred_id)
    if tx.store.scalar("SELECT count(*) FROM tasks WHERE id = ?", [pred_id]) == 0:
        raise DependencyInvalid("#{pred_id}: there is no such task", pred_id=pred_id)
    try:
        _insert_dependency(tx, dep.model_copy(update={"successor_id": task_id}))
    except Invalid as error:
        raise DependencyInvalid(error.template, **error.params) from None


def _write_links(
    tx: Tx, task_id: int, write: dict[int, tuple[schedule.DepType, int] | None]
) -> None:
    """Apply only the predecessors the user added, removed or changed."""
    existing = {d.predecessor_id: d for d in predecessors(tx.store, task_id)}
    for pred_id, wanted in sorted(write.items()):
        old = existing.get(pred_id)
        if wanted is None:
            if old is not None:
                tx.delete(Dependency, old.id)
        elif old is None:
            kind, lag = wanted
            _insert_checked(
                tx,
                task_id,
                Dependency.model_construct(
                    predecessor_id=pred_id, successor_id=task_id, type=kind, lag=lag
                ),
            )
        else:
            tx.update(Dependency, old.id, old.version, type=wanted[0], lag=wanted[1])
    links_changed(tx, task_id)
