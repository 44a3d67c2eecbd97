"""Everything a person can jump to by name: the palette's "go to" index."""

from __future__ import annotations

from dataclasses import dataclass

from store.db import Store

# entity, label column, detail SQL: what the palette lists for each kind of record.
_SOURCES = (
    (
        "members",
        "SELECT m.id, m.name, d.name FROM members m "
        "LEFT JOIN departments d ON d.id = m.department_id",
    ),
    ("departments", "SELECT id, name, '' FROM departments"),
    ("tasks", "SELECT id, title, phase FROM tasks"),
    ("risks", "SELECT id, title, level FROM risks"),
    ("meetings", "SELECT id, title, date FROM meetings"),
)


@dataclass(frozen=True, slots=True)
class Entry:
    entity: str
    record_id: int
    label: str
    detail: str


def entries(store: Store) -> list[Entry]:
    result = []
    for entity, sql in _SOURCES:
        for record_id, label, detail in store.conn.execute(sql):
            result.append(Entry(entity, record_id, label or "", detail or ""))
    return result
