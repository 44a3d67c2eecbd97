"""Tasks on the frozen clock's calendar, shared by the store tests of the plan."""

from __future__ import annotations

from datetime import date

from store.db import Store
from store.models import Task
from store.tasks import add_task, parse_after, tasks

MON = date(2026, 11, 23)  # the frozen clock's Monday
FRI = date(2026, 11, 27)


def day(month: int, d: int, year: int = 2026) -> date:
    return date(year, month, d)


def task(store: Store, title: str, start: date, end: date, *after: str, **fields) -> Task:
    return add_task(
        store,
        Task(title=title, start=start, end=end, **fields),
        after=[parse_after(a) for a in after],
    )


def dates(store: Store) -> dict[int, tuple[date, date]]:
    return {t.id: (t.start, t.end) for t in tasks(store)}
