"""The change log: who changed what, and the cursor other processes follow.

Rows are appended in the writer's transaction, so a reader that sees a change
also sees its log row. Ids come from AUTOINCREMENT and, with one writer at a
time, appear in order: a reader keeps the last id it saw and asks for more.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from store.db import insert_rows
from store.models import Change

if TYPE_CHECKING:
    from collections.abc import Iterable

    from store.db import Store
    from store.records import Tx


def log(
    tx: Tx,
    entity: str,
    record_id: int | None,
    op: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    log_many(tx, [(entity, record_id, op, before, after)])


Entry = tuple[str, int | None, str, dict[str, Any] | None, dict[str, Any] | None]


def log_many(tx: Tx, entries: Iterable[Entry]) -> None:
    """Log (entity, record id, op, before, after) rows as ``tx``'s actor, now."""
    append(tx, ((tx.at, tx.actor, *entry) for entry in entries))


COLUMNS = ("at", "actor", "entity", "record_id", "op", "before", "after", "os_login", "tx")
# Log rows per INSERT statement: a statement per row took twice as long in a
# 100,000-task demo's 400,000 rows (each statement also moves AUTOINCREMENT's counter).
ROWS_PER_INSERT = 100


def append(tx: Tx, rows: Iterable[tuple[str, str, *Entry]]) -> None:
    """Append (at, actor, entity, record id, op, before, after) rows in a few statements:
    a demo or an import writes tens of thousands. Each row also gets the OS login and
    the transaction it belongs to (its first row's id: what an undo takes back)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    if tx.logged_after is None:
        tx.logged_after = cursor(tx.store)  # the write lock is held: every later row is ours
    group = tx.logged_after + 1
    os_login = tx.store.os_login
    tx.logged += insert_rows(
        tx.conn,
        "changes",
        COLUMNS,
        [
            (
                at,
                actor,
                entity,
                record_id,
                op,
                None if before is None else dumps(before),
                None if after is None else dumps(after),
                os_login,
                group,
            )
            for at, actor, entity, record_id, op, before, after in rows
        ],
        ROWS_PER_INSERT,
    )


def cursor(store: Store) -> int:
    """The id of the newest change: where a fresh reader starts following."""
    return store.scalar("SELECT coalesce(max(id), 0) FROM changes")


def since(store: Store, after_id: int, limit: int = 10_000) -> list[Change]:
    """Changes after ``after_id``, oldest first."""
    rows = store.query("SELECT * FROM changes WHERE id > ? ORDER BY id LIMIT ?", [after_id, limit])
    return [_change(row) for row in rows]


# More changes than this in one transaction (an import, a demo) are not handed to
# ``Store.on_commit``: followers read them from the log in batches, as anyone's.
TOLD_AT_COMMIT = 2000


def committed(tx: Tx) -> list[Change] | None:
    """The changes ``tx`` logged, read back inside it for ``Store.on_commit``; None when
    there are too many to hand over (the follower reads them from the log)."""
    if tx.logged_after is None or tx.logged > TOLD_AT_COMMIT:
        return None
    return since(tx.store, tx.logged_after, TOLD_AT_COMMIT)


def history(store: Store, entity: str, record_id: int) -> list[Change]:
    """Every change of one record, oldest first."""
    return where(store, "entity = ? AND record_id = ?", [entity, record_id])


def where(store: Store, condition: str, params: Iterable[Any] = ()) -> list[Change]:
    """Change-log rows matching an SQL condition (written by the store), oldest first."""
    rows = store.query(f"SELECT * FROM changes WHERE {condition} ORDER BY id", list(params))
    return [_change(row) for row in rows]


def authors(store: Store, entity: str, record_id: int, after: int, up_to: int) -> list[str]:
    """Who made the changes that took a record from version ``after`` to ``up_to``
    (what a save merged with), in order, each once."""
    found: list[str] = []
    for change in history(store, entity, record_id):
        version = (change.after or {}).get("version")
        if isinstance(version, int) and after < version <= up_to and change.actor not in found:
            found.append(change.actor)
    return found


def recent(store: Store, limit: int = 50) -> list[Change]:
    rows = store.query("SELECT * FROM changes ORDER BY id DESC LIMIT ?", [limit])
    return [_change(row) for row in rows]


def _change(row: dict[str, Any]) -> Change:
    """A change-log row; before/after that another program wrote as something other
    than a JSON object count as unknown, so one bad row never stops the live refresh."""
    for key in ("before", "after"):
        try:
            value = json.loads(row[key]) if row[key] is not None else None
        except ValueError:
            value = None
        row[key] = value if isinstance(value, dict) else None
    return Change.model_validate(row)


def labels(
    store: Store, records: Iterable[tuple[str, int | None]]
) -> dict[tuple[str, int | None], str]:
    """What people call each (entity, id) still in the file — a task's title, a
    member's name — for messages about changes that did not touch the name."""
    from store.models import MODELS

    wanted: dict[str, set[int]] = {}
    for entity, record_id in records:
        if entity in MODELS and record_id is not None:
            wanted.setdefault(entity, set()).add(record_id)
    found: dict[tuple[str, int | None], str] = {}
    for entity, ids in wanted.items():
        column = MODELS[entity].LABEL
        marks = ", ".join("?" for _ in ids)
        sql = f'SELECT id, "{column}" AS label FROM {entity} WHERE id IN ({marks})'
        for row in store.query(sql, sorted(ids)):
            found[(entity, row["id"])] = str(row["label"] or "")
    return found
