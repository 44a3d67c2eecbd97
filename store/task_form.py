"""The task form's side of the store: what it shows (``form_data``) and its save, one
transaction that writes the task and its predecessors, pushes the successors its
new dates reach and says what happened (``TaskSaved``), so a screen only shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store import people, schedule
from store.db import Store
from store.models import Dependency, Task
from store.project import milestones
from store.records import Tx, get
from store.shifting import push
from store.tasks import (
    calendar,
    format_after,
    held_by,
    link_values,
    plan_inputs,
    predecessors,
    write_task,
)


@dataclass(frozen=True)
class TaskFormData:
    """What the task form offers and shows: the choices (label, id), and the task
    with its predecessors as typed (``12, 15:SS:2``), or None for a new one."""

    members: list[tuple[str, int]]
    departments: list[tuple[str, int]]
    milestones: list[tuple[str, int]]
    task: Task | None = None
    after: str = ""


def form_data(store: Store, task_id: int | None) -> TaskFormData:
    """Everything the task form needs, read at once (a deleted task: NotFound)."""
    return TaskFormData(
        [(m.name, m.id) for m in people.members(store)],
        [(d.name, d.id) for d in people.departments(store)],
        [(f"{m.date} {m.name}", m.id) for m in milestones(store)],
        None if task_id is None else get(store, Task, task_id),
        "" if task_id is None else format_after(predecessors(store, task_id)),
    )


@dataclass(frozen=True)
class TaskSaved:
    """One save of a task: the task as saved; its successors' new (start, end); the
    project finish before and after, when the task's dates changed; and the
    predecessor link holding its start, when that is not where it was asked to start."""

    task: Task
    moved: dict[int, tuple[date, date]] = field(default_factory=dict)
    finish_before: date | None = None
    finish_after: date | None = None
    finish_delta: int = 0
    held: Dependency | None = None


def save_task_form(
    store: Store,
    task_id: int | None,
    version: int | None,
    values: dict[str, Any],
    after: list[Dependency] | None = None,
    base: dict[str, Any] | None = None,
) -> TaskSaved:
    """``tasks.write_task`` and the rescheduling its new dates cause, in one transaction.

    An edit that moves the task pushes its successors to where their dependencies
    now allow (as a Gantt shift does) and tells how the project finish moved. A
    plan with a cycle (written by another program) is saved without rescheduling.
    """
    with store.transaction() as tx:
        before = None if task_id is None else get(store, Task, task_id)
        moves = before is not None and _moves(store, before, values, after)
        finish = _finish(store) if moves else None
        saved = write_task(tx, task_id, version, values, after, base)
        if before is None or finish is None or _span(saved) == _span(before):
            return TaskSaved(saved, held=_held(tx, saved, values.get("start")))
        result = push(tx, saved, dates=_span(saved))
        cal = calendar(store)
        delta = cal.working_days_between(finish, result.finish_after) if result.finish_after else 0
        asked = values.get("start", before.start)
        return TaskSaved(
            get(store, Task, saved.id),
            {k: v for k, v in result.moved.items() if k != saved.id},
            finish,
            result.finish_after,
            delta,
            _held(tx, saved, asked),
        )


def _moves(
    store: Store, before: Task, values: dict[str, Any], after: list[Dependency] | None
) -> bool:
    """Might this save change the task's dates (new dates, or other predecessors)?"""
    if any(k in values and values[k] != getattr(before, k) for k in ("start", "end")):
        return True
    return after is not None and link_values(after) != link_values(predecessors(store, before.id))


def _span(task: Task) -> tuple[date, date]:
    return task.start, task.end


def _finish(store: Store) -> date | None:
    """The project finish now; None when the plan holds a cycle (nothing to reschedule)."""
    try:
        return schedule.compute(*plan_inputs(store)).finish
    except schedule.CycleError:
        return None


def _held(tx: Tx, task: Task, asked: date | None) -> Dependency | None:
    if asked is None or task.start == asked:
        return None
    return held_by(tx.store, task.id)
