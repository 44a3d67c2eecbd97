"""Undo: take back the acting user's last action, unless someone changed it since.

An action is one transaction (``changes.tx``; a row logged before schema 6 is an
action of its own). ``undo_last`` takes back the newest action of ``store.actor``
that is neither an undo nor undone already, so pressing it again goes further back.
It refuses when any record the action wrote was changed since by another action
(anyone's, an undone one and its undo excepted), naming who and when. The undo is
an action like any other, through ``Tx``: its change rows note which action it
undid (``{"undo": tx}``), so the history says so and no later undo takes it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from store import changes, clock
from store.errors import StoreError, Term
from store.history import UNDO, login_names, singular
from store.models import MODELS
from store.records import get
from store.text import one_line

if TYPE_CHECKING:
    from store.db import Store
    from store.models import Change, Record
    from store.records import Tx

# The action a change-log row belongs to.
ACTION = "coalesce(tx, id)"
# Rows an undo wrote: (their action, the action they undid). The LIKE skips the
# JSON of every other row; json_valid guards rows another program wrote.
_UNDO_ROWS = (
    f"SELECT DISTINCT {ACTION}, json_extract(after, '$.{UNDO}') FROM changes "
    f"WHERE after LIKE '%\"{UNDO}\"%' AND json_valid(after) "
    f"AND json_extract(after, '$.{UNDO}') IS NOT NULL"
)


class CannotUndo(StoreError):
    """Undo refused: nothing to undo, or a record changed since; ``record`` is the
    (table, id) whose history tells why."""

    record: tuple[str, int] | None = None

    def about(self, entity: str, record_id: int) -> CannotUndo:
        self.record = (entity, record_id)
        return self


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo took back: the action, and the record it is known by."""

    action: int
    entity: str
    record_id: int
    label: str


def undo_last(store: Store) -> Undone:
    """Undo the acting user's newest action not undone yet (CannotUndo: why not)."""
    with store.transaction() as tx:
        cancelled = _cancelled(store)
        action = last_action(store, cancelled)
        if action is None:
            raise CannotUndo("nothing to undo: you have made no change that can be undone")
        rows = changes.where(store, f"{ACTION} = ?", [action])
        _refuse_if_changed(store, action, rows, cancelled)
        for row in reversed(rows):
            _take_back(tx, row, action)
    main = _main(rows)
    assert main.record_id is not None  # _check refused rows of no record
    return Undone(action, main.entity, main.record_id, _label_of(store, main))


def _cancelled(store: Store) -> set[int]:
    """The actions undone and the undos that did it: they cancel out."""
    return {n for pair in store.conn.execute(_UNDO_ROWS).fetchall() for n in pair}


def last_action(store: Store, cancelled: set[int]) -> int | None:
    """The acting user's newest action that is not an undo and not undone."""
    rows = store.conn.execute(
        f"SELECT {ACTION} AS action FROM changes WHERE actor = ? "
        "GROUP BY action ORDER BY max(id) DESC",
        [store.actor],
    )
    return next((action for (action,) in rows if action not in cancelled), None)


def _refuse_if_changed(store: Store, action: int, rows: list[Change], cancelled: set[int]) -> None:
    """Refuse when a record of the action changed since, by anyone else's action."""
    last: dict[tuple[str, int], Change] = {}
    for row in rows:
        if row.entity not in MODELS or row.record_id is None:
            raise CannotUndo("this change cannot be undone: it is not a record's")
        last[(row.entity, row.record_id)] = row
    # An action's rows are contiguous (one writer at a time): what came after is later.
    after: dict[tuple[str, int | None], list[Change]] = {}
    for change in changes.where(store, "id > ?", [rows[-1].id]):
        after.setdefault((change.entity, change.record_id), []).append(change)
    for (entity, record_id), row in last.items():
        since = after.get((entity, record_id), [])
        later = [c for c in since if (c.tx if c.tx is not None else c.id) not in cancelled]
        if later:
            by = later[-1]
            raise CannotUndo(
                "{kind} #{id} “{name}” was changed by {who} since ({when}): see its history (H)",
                kind=Term(singular(entity)),
                id=record_id,
                name=_label_of(store, row),
                who=login_names(store).get(by.actor, by.actor),
                when=clock.local(by.at),
            ).about(entity, record_id)
        newest = since[-1] if since else row  # an undone change and its undo, at most
        exists = store.scalar(f"SELECT version FROM {entity} WHERE id = ?", [record_id])
        produced = None if newest.op == "delete" else (newest.after or {}).get("version")
        if exists != produced:  # written without a change-log row: another program
            raise CannotUndo(
                "{kind} #{id} “{name}” was changed since by another program: see its history (H)",
                kind=Term(singular(entity)),
                id=record_id,
                name=_label_of(store, row),
            ).about(entity, record_id)


def _take_back(tx: Tx, row: Change, action: int) -> None:
    """Undo one change-log row inside the undo's transaction."""
    model = MODELS[row.entity]
    record_id = row.record_id
    assert record_id is not None
    note = {UNDO: action}
    if row.op == "create":
        _refuse_if_referred(tx.store, model, record_id, row)
        tx.delete(model, record_id, note=note)
    elif row.op == "delete":
        tx.insert(model.from_row(row.before or {}), note=note)
    elif row.before is None:  # a touch: the version moved for a linked record
        tx.touch(model, record_id, note)
    else:
        current = get(tx.store, model, record_id)
        values = {
            k: json.loads(v) if k in model.JSON_FIELDS and isinstance(v, str) else v
            for k, v in row.before.items()
            if k in model.content_fields()
        }
        tx.update(model, record_id, current.version, note=note, **values)


def _refuse_if_referred(store: Store, model: type[Record], record_id: int, row: Change) -> None:
    """A record created by the action goes again only if nothing refers to it now
    (a cascade would take those records with it, unlogged)."""
    for (table,) in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        for key in store.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            if key[2] == model.TABLE and store.scalar(
                f"SELECT count(*) FROM {table} WHERE {key[3]} = ?", [record_id]
            ):
                raise CannotUndo(
                    "{kind} #{id} “{name}” cannot be removed again: other records refer "
                    "to it now ({table})",
                    kind=Term(singular(model.TABLE)),
                    id=record_id,
                    name=_label_of(store, row),
                    table=Term(table),
                ).about(model.TABLE, record_id)


def _main(rows: list[Change]) -> Change:
    """The record an action is known by: the first it created or deleted (a task with
    its links), else the first it changed."""
    made = [r for r in rows if r.op in ("create", "delete") and r.entity != "dependencies"]
    return (made or rows)[0]


def _label_of(store: Store, row: Change) -> str:
    """The record's name: as it is now, else as the row carries it, else its number."""
    model = MODELS[row.entity]
    now = changes.labels(store, [(row.entity, row.record_id)]).get((row.entity, row.record_id))
    found = now or (row.after or {}).get(model.LABEL) or (row.before or {}).get(model.LABEL)
    return one_line(str(found)) if found else f"#{row.record_id}"
