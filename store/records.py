"""Create, read, update and delete any record: versioned, validated and logged.

Every write of every aggregate goes through ``Tx``: the model validates the
values, an update names the version it started from and is refused with a
``Conflict`` when the row moved on, and each write appends a change-log row
saying who changed what — in the same IMMEDIATE transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pydantic import ValidationError

from store import changes, clock
from store.errors import Conflict, InUse, Invalid, NotFound, Term, Unreadable
from store.models import Record

if TYPE_CHECKING:
    from store.db import Store

R = TypeVar("R", bound=Record)

META = ("id", "version", "created_at", "updated_at", "updated_by")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def validate(model: type[R], data: dict[str, Any]) -> R:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Invalid("{table}: {problems}", table=Term(model.TABLE), problems=error) from None


def _integrity(error: sqlite3.IntegrityError, model: type[Record]) -> Invalid:
    text = str(error)
    if "UNIQUE" in text:
        column = text.rsplit(".", 1)[-1]
        return Invalid(
            "{table}: another record already has this {column}",
            table=Term(model.TABLE),
            column=column,
        )
    if "FOREIGN KEY" in text:
        return Invalid("{table}: refers to a record that does not exist", table=Term(model.TABLE))
    return Invalid("{table}: {text}", table=Term(model.TABLE), text=text)


class Tx:
    """The writes of one transaction (see ``Store.transaction``)."""

    def __init__(self, store: Store, conn: sqlite3.Connection) -> None:
        self.store = store
        self.conn = conn
        self.actor = store.actor
        self.at = clock.timestamp()

    def get(self, model: type[R], record_id: int) -> R:
        return get(self.store, model, record_id)

    def insert(self, record: R) -> R:
        """Insert a validated record; returns it with id, version and timestamps."""
        row = record.to_row()
        row.update(version=1, created_at=self.at, updated_at=self.at, updated_by=self.actor)
        if record.id is None:
            del row["id"]
        columns = ", ".join(_quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        try:
            cursor = self.conn.execute(
                f"INSERT INTO {record.TABLE} ({columns}) VALUES ({marks})", list(row.values())
            )
        except sqlite3.IntegrityError as error:
            raise _integrity(error, type(record)) from None
        row["id"] = cursor.lastrowid
        saved = type(record).from_row(row)
        changes.log(self, record.TABLE, saved.id, "create", None, saved.to_row())
        return saved

    def insert_many(self, records: Sequence[Record]) -> None:
        """Insert many records at once: a demo or an import of thousands.

        The records must be model instances built the validating way (not
        ``model_construct``): they are not validated again, which would double
        the cost. One ``executemany`` per run of records of the same model;
        every record still gets its change-log row. A record without an id is
        numbered after the highest id in its table (or in the batch): safe, as
        the IMMEDIATE transaction holds the write lock.
        """
        for model, group in groupby(records, key=type):
            rows = [
                r.to_row()
                | {
                    "version": 1,
                    "created_at": self.at,
                    "updated_at": self.at,
                    "updated_by": self.actor,
                }
                for r in group
            ]
            next_id = 1 + max(
                [
                    self.store.scalar(f"SELECT coalesce(max(id), 0) FROM {model.TABLE}"),
                    *(row["id"] or 0 for row in rows),
                ]
            )
            for row in rows:
                if row["id"] is None:
                    row["id"], next_id = next_id, next_id + 1
            columns = ", ".join(_quote(c) for c in rows[0])
            marks = ", ".join("?" for _ in rows[0])
            try:
                self.conn.executemany(
                    f"INSERT INTO {model.TABLE} ({columns}) VALUES ({marks})",
                    [list(row.values()) for row in rows],
                )
            except sqlite3.IntegrityError as error:
                raise _integrity(error, model) from None
            for row in rows:
                changes.log(self, model.TABLE, row["id"], "create", None, row)

    def update(self, model: type[R], record_id: int, version: int, **values: Any) -> R:
        """Change some fields of the row at ``version``; Conflict if it moved on."""
        current = get(self.store, model, record_id)
        unknown = set(values) - set(model.content_fields())
        if unknown:
            raise Invalid(
                "{table}: unknown field {fields}",
                table=Term(model.TABLE),
                fields=", ".join(sorted(unknown)),
            )
        if current.version != version:
            raise Conflict(
                model.TABLE, record_id, version, current.to_row(), _as_row(model, current, values)
            )
        merged = validate(model, {**current.model_dump(), **values})
        after = merged.to_row()
        before = current.to_row()
        # Every content field, not just those given: validation may derive others
        # (a risk's level from probability × impact) and the row must hold them.
        changed = {k: after[k] for k in model.content_fields() if after[k] != before[k]}
        if not changed:
            return current
        assignments = ", ".join(f"{_quote(k)} = ?" for k in changed)
        try:
            cursor = self.conn.execute(
                f"UPDATE {model.TABLE} SET {assignments}, version = version + 1, "
                "updated_at = ?, updated_by = ? WHERE id = ? AND version = ?",
                [*changed.values(), self.at, self.actor, record_id, version],
            )
        except sqlite3.IntegrityError as error:
            raise _integrity(error, model) from None
        if cursor.rowcount != 1:  # unreachable inside IMMEDIATE, kept as the last guard
            raise Conflict(model.TABLE, record_id, version, before, values)
        saved = get(self.store, model, record_id)
        changes.log(
            self,
            model.TABLE,
            record_id,
            "update",
            {k: before[k] for k in changed},
            {k: after[k] for k in changed} | {"version": saved.version},
        )
        return saved

    def delete(self, model: type[Record], record_id: int, version: int | None = None) -> None:
        """Delete a row (at ``version`` when given); InUse if other records need it."""
        current = get(self.store, model, record_id)
        if version is not None and current.version != version:
            raise Conflict(model.TABLE, record_id, version, current.to_row(), {})
        try:
            self.conn.execute(f"DELETE FROM {model.TABLE} WHERE id = ?", [record_id])
        except sqlite3.IntegrityError:
            raise InUse(
                "{table} {record_id} ({name}) is still referred to by other records; "
                "reassign or remove those first",
                table=Term(model.TABLE),
                record_id=record_id,
                name=current.display_name,
            ) from None
        changes.log(self, model.TABLE, record_id, "delete", current.to_row(), None)


def _as_row(model: type[R], current: R, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as the row would hold them, so a conflict compares like with like.

    A form sends dates and enums; the row holds ISO strings. Values that do not
    validate are returned as given: the conflict is what the user must see first.
    """
    try:
        row = validate(model, {**current.model_dump(), **values}).to_row()
    except Invalid:
        return values
    return {k: row[k] for k in values}


def read(model: type[R], row: dict[str, Any]) -> R:
    """A row of the file as its record. Rows are validated on the way out too, as
    another program may have written them: one that breaks the model's rules is the
    store's own error (``Unreadable``), never a crash of whoever reads it."""
    try:
        return model.from_row(row)
    except ValueError as error:  # pydantic's ValidationError, or a JSON column's
        problems = error if isinstance(error, ValidationError) else str(error)
        raise Unreadable(model.TABLE, row.get("id"), problems) from None


class Use(NamedTuple):
    """Rows of ``table`` whose ``column`` points at a record."""

    table: str
    column: str
    count: int


def uses(store: Store, model: type[Record], record_id: int) -> list[Use]:
    """What keeps a record from being deleted: the rows referring to it through a key
    that neither cascades nor lets go (ON DELETE CASCADE / SET NULL), counted, read
    from the schema itself. Screens ask this before "Delete?", to say why not."""
    found = []
    tables = store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    for (table,) in tables:
        for key in store.conn.execute(f"PRAGMA foreign_key_list({_quote(table)})").fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if key[2] != model.TABLE or key[6] not in ("NO ACTION", "RESTRICT"):
                continue
            n = store.scalar(
                f"SELECT count(*) FROM {_quote(table)} WHERE {_quote(key[3])} = ?", [record_id]
            )
            if n:
                found.append(Use(table, key[3], n))
    return found


def get(store: Store, model: type[R], record_id: int) -> R:
    rows = store.query(f"SELECT * FROM {model.TABLE} WHERE id = ?", [record_id])
    if not rows:
        raise NotFound(model.TABLE.rstrip("s").replace("_", " "), record_id)
    return read(model, rows[0])


def find(
    store: Store,
    model: type[R],
    where: str = "",
    params: Iterable[Any] = (),
    order_by: str = "id",
) -> list[R]:
    """Records matching an SQL condition (written by the store, never by the UI)."""
    sql = f"SELECT * FROM {model.TABLE}"
    if where:
        sql += f" WHERE {where}"
    sql += f" ORDER BY {order_by}"
    return [read(model, row) for row in store.query(sql, list(params))]


def count(store: Store, model: type[Record], where: str = "", params: Iterable[Any] = ()) -> int:
    sql = f"SELECT count(*) FROM {model.TABLE}" + (f" WHERE {where}" if where else "")
    return store.scalar(sql, list(params))
