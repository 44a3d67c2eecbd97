"""The plan as the critical path reads it: the scheduling columns, straight from the file.

No models here: the screens recompute the schedule after every change, and
``xdept-tui schedule`` should not pay for importing pydantic before it answers
(``python -m bench.cli`` times it; ``store.tasks`` re-exports these for the rest).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from store import clock
from store.schedule import Activity, Calendar, DepType, Link
from store.text import one_line

if TYPE_CHECKING:
    from store.db import Store

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
    every change.
    """
    parse = date.fromisoformat
    activities = [
        Activity(row[0], parse(row[1]), parse(row[2]), bool(row[3]))
        for row in store.rows('id, start, "end", milestone', "tasks")
    ]
    kind = _TYPES.get
    links = [
        Link(row[0], row[1], kind(row[2]) or DepType(row[2]), int(row[3]))
        for row in store.rows("predecessor_id, successor_id, type, lag", "dependencies")
    ]
    return activities, links, calendar(store)


def titles(store: Store) -> dict[int, str]:
    """Id → title of every task, cleaned to one line as the task model reads it."""
    return {
        task_id: one_line(title)
        for task_id, title in store.conn.execute("SELECT id, title FROM tasks")
    }
