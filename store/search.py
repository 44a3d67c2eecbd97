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

# entity → (the name column, the detail the palette shows beside it, the tables it
# needs besides the record's own, ``r``): what a hit says about each kind of record.
_SHOWN = {
    "members": (
        "name",
        "coalesce(d.name, '')",
        "LEFT JOIN departments d ON d.id = r.department_id",
    ),
    "departments": ("name", "''", ""),
    "tasks": ("title", "r.phase", ""),
    "risks": ("title", "r.level", ""),
    "meetings": ("title", "r.date", ""),
}
SHORTEST_TOKEN = 3  # a trigram
# The rounds of a search: the name starts with the text, the name holds every word,
# the record holds every word. Each stops at the first ``limit`` records by id, so a
# word found in thousands costs no more than a rare one.
STARTS, NAMED, ANYWHERE = range(3)


@dataclass(frozen=True, slots=True)
class Hit:
    entity: str
    record_id: int
    label: str
    detail: str


def search(store: Store, text: str, limit: int) -> list[Hit]:
    """At most ``limit`` records holding every word of ``text``, the best first.

    A record whose name is the text comes first, then one whose name starts with
    it, then one whose name holds every word (the shorter name first in these),
    then the rest, by kind (members first) and id. Without words: the first
    records of each kind.
    """
    words = text.split()
    if not words:
        return [hit for entity in SEARCHED for hit in _find(store, entity, None, [], limit)][:limit]
    found: dict[tuple[str, int], tuple[tuple[int, int, int, int], Hit]] = {}

    def look(round_: int) -> None:
        for order, entity in enumerate(SEARCHED):
            for hit in _find(store, entity, round_, words, limit):
                found.setdefault((entity, hit.record_id), (_rank(hit, words, order), hit))

    if any(len(word) >= SHORTEST_TOKEN for word in words):
        # Lookups in the index, cheap: the narrowest round first, until a page is full.
        for round_ in (STARTS, NAMED, ANYWHERE):
            look(round_)
            if len(found) >= limit:
                break
    else:
        # No trigram: each round scans every record. One scan finds them all when they
        # are fewer than a page; only a full page makes the names worth a scan apart.
        look(ANYWHERE)
        if len(found) >= limit:
            look(NAMED)
    return [hit for _rank_, hit in sorted(found.values(), key=lambda item: item[0])][:limit]


def _rank(hit: Hit, words: list[str], order: int) -> tuple[int, int, int, int]:
    name, text = hit.label.casefold(), " ".join(words).casefold()
    if name == text:
        closeness = 0
    elif name.startswith(text):
        closeness = 1
    elif all(word.casefold() in name for word in words):
        closeness = 2
    else:
        return (3, 0, order, hit.record_id)
    return (closeness, len(name), order, hit.record_id)


def _phrase(text: str) -> str:
    """A quoted FTS5 string: its characters are data, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _find(store: Store, entity: str, round_: int | None, words: list[str], limit: int) -> list[Hit]:
    """The first ``limit`` records of a kind, by id, that a round of the search finds."""
    label, detail, joins = _SHOWN[entity]
    index = f"{entity}_fts"
    columns = (label,) if round_ in (STARTS, NAMED) else SEARCHED[entity]
    match: list[str] = []
    where: list[str] = []
    params: list[object] = []
    if round_ == STARTS:
        match.append(f"{label} : ^ {_phrase(' '.join(words))}")
    else:
        for word in words:
            if len(word) >= SHORTEST_TOKEN:
                match.append(f"{label} : {_phrase(word)}" if round_ == NAMED else _phrase(word))
                continue
            where.append("(" + " OR ".join(f"r.{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
            params.extend([_like(word)] * len(columns))
    if match:
        source = f"{index} JOIN {entity} r ON r.id = {index}.rowid"
        where.insert(0, f"{index} MATCH ?")
        params.insert(0, " AND ".join(match))
        order = f"{index}.rowid"
    else:
        source, order = f"{entity} r", "r.id"
    sql = f"SELECT r.id, r.{label}, {detail} FROM {source} {joins}"
    sql += f" WHERE {' AND '.join(where)}" if where else ""
    rows = store.conn.execute(f"{sql} ORDER BY {order} LIMIT ?", [*params, limit])
    return [Hit(entity, record_id, name or "", str(shown or "")) for record_id, name, shown in rows]
