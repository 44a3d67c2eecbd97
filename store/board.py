"""The task board's reading of the file: every task as a card, and the schedule's flags on them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from store import changes, clock, schedule
from store.db import Store
from store.filters import FilterLanguage
from store.plan import changed_since, late_tasks, plan_schedule
from store.tasks import slip_days_by_task

if TYPE_CHECKING:
    from store.models import Task


@dataclass(slots=True)
class Card:
    """One task as the board shows it: plain values read column by column (no model)."""

    id: int
    version: int
    title: str
    phase: str
    owner_id: int | None
    department_id: int | None
    start: str
    end: str
    status: str
    progress: int
    milestone: bool


# The card's fields by column, in its order.
_CARD_COLUMNS = tuple(
    f"json_group_array({column})"
    for column in (
        "id",
        "version",
        "title",
        "phase",
        "owner_id",
        "department_id",
        "start",
        '"end"',
        "status",
        "progress",
        "milestone",
    )
)


def cards(store: Store, ids: Iterable[int] | None = None) -> list[Card]:
    """Every task as a card, or only ``ids`` (those that changed): read column by column
    (``Store.columns``: a row of JSON per card peaked 60 MB above the cards it made at
    100,000 tasks), no model per card."""
    source, params = "tasks NOT INDEXED", []
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return []
        source += " WHERE id IN (SELECT value FROM json_each(?))"
        params = [json.dumps(wanted)]
    # Equal values are one object: a phase, owner, department, date or status is read
    # once per card, and 100,000 cards kept 30 MB of copies while the app ran.
    shared: dict[Any, Any] = {}
    one = shared.setdefault
    with store.snapshot():
        texts = store.columns(_CARD_COLUMNS, source, 4, params)

        def column(share: bool) -> list[Any]:
            values = json.loads(next(texts))
            return list(map(one, values, values)) if share else values

        task_ids, versions, titles = column(False), column(False), column(False)
        phases, owners, units, starts, ends, status = (column(True) for _ in range(6))
        progress, milestone = column(False), column(False)
    return list(
        map(
            Card,
            task_ids,
            versions,
            titles,
            [phase or "" for phase in phases],
            owners,
            units,
            starts,
            ends,
            status,
            [done or 0 for done in progress],
            map(bool, milestone),
        )
    )


def card_of(task: Task) -> Card:
    """The card of a task the store returned (a save, a quick add)."""
    return Card(
        task.id,
        task.version,
        task.title,
        task.phase,
        task.owner_id,
        task.department_id,
        task.start.isoformat(),
        task.end.isoformat(),
        str(task.status),
        task.progress,
        task.milestone,
    )


# -- what a card answers to the filter (TASK_FILTER) ------------------------------------


def card_text(card: Card, members: dict[int, tuple[str, str]], departments: dict[int, str]) -> str:
    """What the filter's words look in: #id, title, phase, owner's name and login,
    department (casefolded)."""
    name, login = members.get(card.owner_id or 0, ("", ""))
    department = departments.get(card.department_id or 0, "")
    return " ".join((f"#{card.id}", card.title, card.phase, name, login, department)).casefold()


def card_field(
    card: Card, key: str, members: dict[int, tuple[str, str]], departments: dict[int, str]
) -> str:
    """The text a filter's ``dept:``, ``owner:`` (name or login) or ``phase:`` looks in."""
    if key == "dept":
        return departments.get(card.department_id or 0, "").casefold()
    if key == "owner":
        name, login = members.get(card.owner_id or 0, ("", ""))
        return f"{name}\n{login}".casefold()
    return card.phase.casefold()


def card_flag(card: Card, name: str, flags: BoardFlags | None, me: int | None) -> bool:
    """Whether a filter's flag (``critical``, ``slipping``, ``mine``) holds for ``card``."""
    if name == "critical":
        return flags is not None and card.id in flags.critical
    if name == "slipping":
        return flags is not None and card.id in flags.slip
    return me is not None and card.owner_id == me


@dataclass(slots=True)
class BoardFlags:
    """The schedule's view of every task: critical, slip days, unfinished FS predecessors."""

    critical: set[int] = field(default_factory=set)
    slip: dict[int, int] = field(default_factory=dict)
    blockers: dict[int, list[int]] = field(default_factory=dict)
    error: schedule.CycleError | None = None
    # What they were read from: the newest change then, and the plan's schedule.
    cursor: int = 0
    plan: schedule.Schedule | None = None


# Successor → its FS predecessors not done yet, in the predecessors' order.
_BLOCKERS = (
    "SELECT d.successor_id, d.predecessor_id FROM dependencies d "
    "JOIN tasks p ON p.id = d.predecessor_id WHERE d.type = 'FS' AND p.status != 'done'"
)
# The FS successors of the tasks in a JSON list: a change of those tasks may change
# their blockers.
_AFTER = (
    "SELECT successor_id FROM dependencies "
    "WHERE predecessor_id IN (SELECT value FROM json_each(?)) AND type = 'FS'"
)


def board_flags(
    store: Store, today: date | None = None, previous: BoardFlags | None = None
) -> BoardFlags:
    """Critical path, slipping days (only tasks > 2 working days late) and blockers.

    Runs the CPM (``python -m bench.store`` times it): call it off the UI thread. A plan
    with a cycle (written by another program) gives no critical path and says why.
    ``previous`` (the flags these follow) lends what no change since could alter: on
    the same plan, a card moved re-reads the blockers of its successors alone.
    """
    today = today or clock.today()
    flags = BoardFlags(cursor=changes.cursor(store))  # first: later changes are read again
    try:
        flags.plan = plan_schedule(store)
    except schedule.CycleError as error:
        flags.error = error
    kept = previous if previous is not None and previous.plan is flags.plan else None
    if flags.plan is None:
        flags.slip = slip_days_by_task(store, today, None)
    else:
        if kept is not None:
            flags.critical = kept.critical
        else:
            flags.critical = {t.id for t in flags.plan.tasks.values() if t.critical}
        flags.slip = late_tasks(store, today)  # usually judged for the health already
    changed = None
    if kept is not None and kept.plan is not None:
        changed = changed_since(store, kept.cursor, flags.cursor)
    if changed is None or kept is None:
        flags.blockers = _blockers(store, f"({_BLOCKERS} ORDER BY d.predecessor_id)")
        return flags
    flags.blockers = dict(kept.blockers)
    if moved := changed.get("tasks"):
        ids = [json.dumps(sorted(moved))]
        for (successor,) in store.rows("successor_id", f"({_AFTER})", ids):
            flags.blockers.pop(successor, None)
        source = f"({_BLOCKERS} AND d.successor_id IN ({_AFTER}) ORDER BY d.predecessor_id)"
        flags.blockers.update(_blockers(store, source, ids))
    return flags


def _blockers(store: Store, source: str, params: list[str] | None = None) -> dict[int, list[int]]:
    """Successor → its unfinished FS predecessors, from ``source``'s pairs: read as two
    columns, and each task one int (a list per pair and an int per id peaked 24 MB and
    kept 12 at 100,000 tasks)."""
    pairs = ("json_group_array(successor_id)", "json_group_array(predecessor_id)")
    successors, predecessors = map(json.loads, store.aggregates(pairs, source, params or []))
    ints: dict[int, int] = {}
    task = ints.setdefault
    found: dict[int, list[int]] = {}
    for successor, predecessor in zip(successors, predecessors, strict=True):
        found.setdefault(task(successor, successor), []).append(task(predecessor, predecessor))
    return found


TASK_FILTER = FilterLanguage(
    keys={
        "dept": "dept",
        "department": "dept",
        "部门": "dept",
        "owner": "owner",
        "负责人": "owner",
        "phase": "phase",
        "阶段": "phase",
    },
    flags={
        "critical": "critical",
        "crit": "critical",
        "关键": "critical",
        "关键路径": "critical",
        "slipping": "slipping",
        "slip": "slipping",
        "late": "slipping",
        "延误": "slipping",
        "mine": "mine",
        "我的": "mine",
    },
)
"""The board's ``/`` filter: ``dept:`` ``owner:`` ``phase:`` and the flags ``critical``
``slipping`` ``mine``, in English or Chinese (the widget says how a card answers them)."""
