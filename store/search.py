"""Finding any member, department, task, risk or meeting by what is written in it:
the command palette's "go to".

Each kind has a full-text index (schema version 3, ``migrations.SEARCHED``) of
trigram tokens, kept in step by triggers. Every word of the query must appear in
the record, as a part of any indexed field, ignoring case. A word of one or two
characters (手环, "QA") has no trigram: it is looked for with LIKE in the
records the longer words found, or in all of them when there is no longer word.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.db import Store
from store.migrations import SEARCHED

# entity → (the name, the detail the palette shows beside it, the FROM clause with
# the record as ``r``): what a hit says about each kind of record.
_SHOWN = {
    "members": (
        "r.name",
        "coalesce(d.name, '')",
        "members r LEFT JOIN departments d ON d.id = r.department_id",
    ),
    "departments": ("r.name", "''", "departments r"),
    "tasks": ("r.title", "r.phase", "tasks r"),
    "risks": ("r.title", "r.level", "risks r"),
    "meetings": ("r.title", "r.date", "meetings r"),
}
# A hit in a record's name counts this many times one in its other fields.
NAME_WEIGHT = 10.0
SHORTEST_TOKEN = 3  # a trigram


@dataclass(frozen=True, slots=True)
class Hit:
    entity: str
    record_id: int
    label: str
    detail: str


def search(store: Store, text: str, limit: int) -> list[Hit]:
    """At most ``limit`` records holding every word of ``text``, the best first.

    A record whose name is the text comes first, then one whose name starts
    with it, then one whose name holds it, then the rest; within each, by the
    index's relevance (bm25), a hit in the name weighing more. Without words:
    the first records of each kind, members first.
    """
    words = text.split()
    found: list[tuple[tuple[int, float, int], Hit]] = []
    for order, entity in enumerate(SEARCHED):
        for hit, relevance in _kind(store, entity, words, limit):
            found.append(((_closeness(hit.label, text), relevance, order), hit))
    if words:
        found.sort(key=lambda item: item[0])
    return [hit for _key, hit in found[:limit]]


def _closeness(label: str, text: str) -> int:
    """0: the name is the text, 1: starts with it, 2: holds it, 3: the text is elsewhere."""
    name, wanted = label.casefold(), text.strip().casefold()
    if name == wanted:
        return 0
    if name.startswith(wanted):
        return 1
    return 2 if wanted in name else 3


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _kind(store: Store, entity: str, words: list[str], limit: int) -> list[tuple[Hit, float]]:
    columns = SEARCHED[entity]
    label, detail, source = _SHOWN[entity]
    index = f"{entity}_fts"
    long = [w for w in words if len(w) >= SHORTEST_TOKEN]
    short = [w for w in words if len(w) < SHORTEST_TOKEN]
    where: list[str] = []
    params: list[object] = []
    if long:
        weights = ", ".join(["1.0"] * (len(columns) - 1))
        relevance = f"bm25({index}, {NAME_WEIGHT}{', ' if weights else ''}{weights})"
        source = f"{source} JOIN {index} ON {index}.rowid = r.id"
        where.append(f"{index} MATCH ?")
        # Each word a quoted string: its characters are data, never query syntax.
        params.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long))
        order = relevance
    else:
        relevance, order = "0.0", "r.id"
    for word in short:
        where.append("(" + " OR ".join(f"r.{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
        params.extend([_like(word)] * len(columns))
    sql = (
        f"SELECT r.id, {label}, {detail}, {relevance} FROM {source}"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY {order} LIMIT ?"
    )
    rows = store.conn.execute(sql, [*params, limit]).fetchall()
    return [
        (Hit(entity, record_id, name or "", str(shown or "")), score)
        for record_id, name, shown, score in rows
    ]
