"""The plan as the critical path reads it: the scheduling columns, straight from the file.

No models here: the screens recompute the schedule after every change, and
``xdept-tui schedule`` should not pay for importing pydantic before it answers
(``python -m bench.cli`` times it; ``store.tasks`` re-exports these for the rest).
A row another program wrote wrong is still the store's own one-line error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

from store import clock
from store.errors import Unreadable
from store.schedule import Activity, Calendar, DepType, Link
from store.text import one_line

if TYPE_CHECKING:
    from store.db import Store

T = TypeVar("T")
N = TypeVar("N", bound=tuple[Any, ...])

# A dependency type by its stored text: a dict look-up instead of an enum call per link.
_TYPES = {kind.value: kind for kind in DepType}


def calendar(store: Store) -> Calendar:
    """Working days: the project's official calendar with its own holidays and working days."""
    from store.calendars import project_calendar

    return project_calendar(store, clock.today())


def plan_inputs(store: Store) -> tuple[list[Activity], list[Link], Calendar]:
    """What the critical path needs, read column by column.

    Only the scheduling columns are read and checked (ISO dates, known
    dependency types): going through the full models costs many times more
    (``python -m bench.store`` times both), and the header recomputes health after
    every change. Each column comes as one JSON array, turned into values by
    ``map`` (a loop in C): a third less than a row at a time at 100,000 tasks.
    """
    try:
        activities, links = _by_column(store)
    except (AttributeError, KeyError, TypeError, ValueError):
        activities, links = _by_row(store)  # names the row another program wrote wrong
    return activities, links, calendar(store)


def _by_column(store: Store) -> tuple[list[Activity], list[Link]]:
    """Equal values are one object: each distinct date is parsed once, and the links name
    the tasks' own ids (a date and an int per value were 15 MB at 100,000 tasks)."""
    parse = lru_cache(maxsize=None)(date.fromisoformat)
    ids, starts, ends, milestones = _columns(store, "tasks", "id", "start", '"end"', "milestone")
    activities = _tuples(Activity, ids, map(parse, starts), map(parse, ends), map(bool, milestones))
    del starts, ends, milestones
    before, after, kinds, lags = _columns(
        store, "dependencies", "predecessor_id", "successor_id", "type", "lag"
    )
    task = dict(zip(ids, ids, strict=True)).setdefault
    links = _tuples(
        Link,
        map(task, before, before),
        map(task, after, after),
        map(_TYPES.__getitem__, kinds),
        map(int, lags),
    )
    return activities, links


def _tuples(kind: type[N], *columns: Iterable[Any]) -> list[N]:
    """Named tuples of ``kind`` from its columns: ``tuple.__new__`` is called from C, where
    the named tuple's own ``__new__`` is a Python function (a seventh of the read)."""
    return list(map(partial(tuple.__new__, kind), zip(*columns, strict=True)))


def _columns(store: Store, table: str, *columns: str) -> list[list[Any]]:
    """Every row's ``columns`` of ``table``, one list per column (one row of JSON)."""
    arrays = (f"json_group_array({column})" for column in columns)
    return [json.loads(values) for values in store.aggregates(arrays, table)]


def _by_row(store: Store) -> tuple[list[Activity], list[Link]]:
    parse = date.fromisoformat
    kind = _TYPES.get
    activities = _each(
        "tasks",
        store.rows('id, start, "end", milestone', "tasks"),
        lambda row: Activity(row[0], parse(row[1]), parse(row[2]), bool(row[3])),
    )
    links = _each(
        "dependencies",
        store.rows("id, predecessor_id, successor_id, type, lag", "dependencies"),
        lambda row: Link(row[1], row[2], kind(row[3]) or DepType(row[3]), int(row[4])),
    )
    return activities, links


def titles(store: Store) -> dict[int, str]:
    """Id → title of every task, cleaned to one line as the task model reads it."""
    rows = store.conn.execute("SELECT id, title FROM tasks").fetchall()
    return dict(_each("tasks", rows, lambda row: (row[0], one_line(row[1]))))


def _each(table: str, rows: Sequence[Any], make: Callable[[Any], T]) -> list[T]:
    """``make`` of every row (its id first); a row another program wrote wrong (a
    date that is no date, a number for a title) is ``Unreadable``, naming it."""
    try:
        return list(map(make, rows))
    except (AttributeError, TypeError, ValueError):
        for row in rows:
            try:
                make(row)
            except (AttributeError, TypeError, ValueError) as error:
                raise Unreadable(table, row[0], str(error)) from None
        raise
