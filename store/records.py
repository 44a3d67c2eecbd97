"""Create, read, update and delete any record: versioned, validated and logged.

Every write of every aggregate goes through ``Tx``: the model validates the
values, an update names the version it started from and, when the row moved on,
is merged three ways with the values it read (``merge``): only fields both sides
changed differently refuse it with a ``Conflict``. Each write appends a
change-log row saying who changed what — in the same IMMEDIATE transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from store import changes, clock
from store.db import insert_rows, quote
from store.errors import Conflict, InUse, Invalid, NotFound, Term, Unreadable
from store.models import UNSAVED, Record
from store.roles import Rules

if TYPE_CHECKING:
    from store.db import Store

R = TypeVar("R", bound=Record)
K = TypeVar("K")

META = ("id", "version", "created_at", "updated_at", "updated_by")
# Rows per INSERT statement in ``insert_many``. The search index's triggers write
# its entries at the end of each statement: a statement per row (executemany) made
# the demo's bulk inserts several times slower than a few hundred rows at a time.
BULK_ROWS = 500


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


@dataclass(frozen=True, slots=True)
class Merge(Generic[K]):
    """What a three-way merge decided: ``write`` holds the values to write (changed
    only on my side), ``conflicts`` field → (theirs, mine) for fields both sides
    changed, to different values."""

    write: dict[K, Any]
    conflicts: dict[K, tuple[Any, Any]]


def merge(base: Mapping[K, Any], theirs: Mapping[K, Any], mine: Mapping[K, Any]) -> Merge[K]:
    """Merge my values into theirs, both edited from ``base`` (the values as read).

    A field I left as it was in ``base`` keeps their value; one they left keeps
    mine; equal values never conflict. A field missing from ``base`` (the caller
    did not say what it read) counts as changed by both.
    """
    write: dict[K, Any] = {}
    conflicts: dict[K, tuple[Any, Any]] = {}
    for name, value in mine.items():
        now = theirs.get(name)
        known = name in base
        if (known and value == base[name]) or value == now:
            continue
        if known and now == base[name]:
            write[name] = value
        else:
            conflicts[name] = (now, value)
    return Merge(write, conflicts)


@cache
def _adapter(model: type[Record], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation  # a field's type, read at run time
    if not info.metadata:
        return TypeAdapter(annotation)
    return TypeAdapter(Annotated[annotation, *info.metadata])


def plain(model: type[Record], values: Mapping[str, Any]) -> dict[str, Any]:
    """Field values as ``model_dump(mode="json")`` holds them (ISO dates, enum values,
    cleaned text), so that a form's values compare with the row's. A value that
    does not validate is kept as given: it differs, and the full check reports it."""
    result = {}
    for name, value in values.items():
        adapter = _adapter(model, name)
        try:
            result[name] = adapter.dump_python(adapter.validate_python(value), mode="json")
        except ValidationError:
            result[name] = value
    return result


class Tx:
    """The writes of one transaction (see ``Store.transaction``)."""

    def __init__(self, store: Store, conn: sqlite3.Connection) -> None:
        self.store = store
        self.conn = conn
        self.actor = store.actor
        self.at = clock.timestamp()
        # Rows whose version this transaction already moved: one user action moves a
        # record's version once, however many of its parts it writes.
        self.moved: set[tuple[str, int]] = set()
        self.created: set[tuple[str, int]] = set()  # a new row's links need no new version
        # The change-log rows this transaction appended: how many, and the newest id
        # before the first of them (set with the first).
        self.logged = 0
        self.logged_after: int | None = None
        self.rules = Rules(store)
        self.checking = True

    @contextmanager
    def trusted(self) -> Iterator[None]:
        """Writes that follow from one the rules already allowed (the tasks a moved
        task pushes, the links a deleted task lets go) or that the program makes
        itself (the demo, an overdue issue's escalation): not checked again."""
        checking, self.checking = self.checking, False
        try:
            yield
        finally:
            self.checking = checking

    def check(
        self, table: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        if self.checking:
            self.rules.check(table, before, after)

    def get(self, model: type[R], record_id: int) -> R:
        return get(self.store, model, record_id)

    def insert(self, record: R, *, note: Mapping[str, Any] | None = None) -> R:
        """Insert a validated record (with its own id when it has one: an undone delete);
        returns it with id, version and timestamps. ``note`` is logged with it."""
        row = record.to_row()
        row.update(version=1, created_at=self.at, updated_at=self.at, updated_by=self.actor)
        if record.id == UNSAVED:
            del row["id"]
        self.check(record.TABLE, None, row)
        columns = ", ".join(quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        try:
            cursor = self.conn.execute(
                f"INSERT INTO {record.TABLE} ({columns}) VALUES ({marks})", list(row.values())
            )
        except sqlite3.IntegrityError as error:
            raise _integrity(error, type(record)) from None
        row["id"] = cursor.lastrowid
        self.created.add((record.TABLE, row["id"]))
        saved = type(record).from_row(row)
        changes.log(self, record.TABLE, saved.id, "create", None, saved.to_row() | dict(note or {}))
        return saved

    def insert_many(self, records: Sequence[Record]) -> None:
        """Insert many records at once: a demo or an import of thousands.

        The records must be model instances built the validating way (not
        ``model_construct``): they are not validated again, which would double
        the cost. A run of records of the same model goes in a few INSERT
        statements of many rows each; every record still gets its change-log
        row. A record without an id is numbered after the highest id in its
        table (or in the batch): safe, as the IMMEDIATE transaction holds the
        write lock.
        """
        model: type[Record]
        for model, group in groupby(records, key=type):
            rows = model.to_rows(list(group))
            next_id = 1 + max(
                [
                    self.store.scalar(f"SELECT coalesce(max(id), 0) FROM {model.TABLE}"),
                    *(row["id"] for row in rows),
                ]
            )
            for row in rows:
                row.update(version=1, created_at=self.at, updated_at=self.at, updated_by=self.actor)
                if row["id"] == UNSAVED:
                    row["id"], next_id = next_id, next_id + 1
                self.check(model.TABLE, None, row)
            try:
                insert_rows(
                    self.conn, model.TABLE, list(rows[0]), [r.values() for r in rows], BULK_ROWS
                )
            except sqlite3.IntegrityError as error:
                raise _integrity(error, model) from None
            self.created.update((model.TABLE, row["id"]) for row in rows)
            changes.log_many(self, ((model.TABLE, row["id"], "create", None, row) for row in rows))

    def update(
        self,
        model: type[R],
        record_id: int,
        version: int,
        base: Mapping[str, Any] | None = None,
        *,
        note: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> R:
        """Change some fields of the row read at ``version``.

        When the row moved on since, the change is merged three ways with ``base``,
        the values as read: fields only this change touches are written, fields only
        the other side changed keep their value, and only fields both changed to
        different values raise ``Conflict``. Without ``base`` every given field that
        now differs is a conflict. ``note`` is logged with the change (why it was made).
        """
        current = get(self.store, model, record_id)
        unknown = set(values) - set(model.content_fields())
        if unknown:
            raise Invalid(
                "{table}: unknown field {fields}",
                table=Term(model.TABLE),
                fields=", ".join(sorted(unknown)),
            )
        if current.version != version:
            values = _rebase(model, current, version, base or {}, values)
            version = current.version
        merged = validate(model, {**current.model_dump(), **values})
        after = merged.to_row()
        before = current.to_row()
        # Every content field, not just those given: validation may derive others
        # (a risk's level from probability × impact) and the row must hold them.
        changed = {k: after[k] for k in model.content_fields() if after[k] != before[k]}
        if not changed:
            return current
        self.check(model.TABLE, before, after)
        assignments = ", ".join(f"{quote(k)} = ?" for k in changed)
        step = 0 if (model.TABLE, record_id) in self.moved else 1
        try:
            cursor = self.conn.execute(
                f"UPDATE {model.TABLE} SET {assignments}, version = version + ?, "
                "updated_at = ?, updated_by = ? WHERE id = ? AND version = ?",
                [*changed.values(), step, self.at, self.actor, record_id, version],
            )
        except sqlite3.IntegrityError as error:
            raise _integrity(error, model) from None
        if cursor.rowcount != 1:  # unreachable inside IMMEDIATE, kept as the last guard
            raise Conflict(model.TABLE, record_id, version, before, values)
        self.moved.add((model.TABLE, record_id))
        saved = get(self.store, model, record_id)
        changes.log(
            self,
            model.TABLE,
            record_id,
            "update",
            {k: before[k] for k in changed},
            {k: after[k] for k in changed} | dict(note or {}) | {"version": saved.version},
        )
        return saved

    def touch(self, model: type[Record], record_id: int, why: dict[str, Any]) -> None:
        """Move a record's version for a change kept in another table (a task's
        predecessors), so that a form opened before sees it; logged with ``why``."""
        if (model.TABLE, record_id) in self.moved | self.created:
            return
        self.conn.execute(
            f"UPDATE {model.TABLE} SET version = version + 1, updated_at = ?, updated_by = ? "
            "WHERE id = ?",
            [self.at, self.actor, record_id],
        )
        self.moved.add((model.TABLE, record_id))
        version = self.store.scalar(f"SELECT version FROM {model.TABLE} WHERE id = ?", [record_id])
        changes.log(self, model.TABLE, record_id, "update", None, why | {"version": version})

    def delete(
        self,
        model: type[Record],
        record_id: int,
        version: int | None = None,
        *,
        note: Mapping[str, Any] | None = None,
    ) -> None:
        """Delete a row (at ``version`` when given); InUse if other records need it.
        ``note`` is logged with it (as the change's ``after``)."""
        current = get(self.store, model, record_id)
        if version is not None and current.version != version:
            raise Conflict(model.TABLE, record_id, version, current.to_row(), {})
        self.check(model.TABLE, current.to_row(), None)
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
        changes.log(
            self, model.TABLE, record_id, "delete", current.to_row(), dict(note) if note else None
        )


def _rebase(
    model: type[R], current: R, version: int, base: Mapping[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """The values to write onto ``current``, which moved on from ``version``; Conflict
    naming only the fields both sides changed differently."""
    theirs = current.model_dump(mode="json")
    mine = plain(model, values)
    found = merge(plain(model, {k: base[k] for k in values if k in base}), theirs, mine)
    if found.conflicts:
        raise Conflict(
            model.TABLE,
            current.id,
            version,
            current.to_row(),
            {k: mine[k] for k in found.conflicts},
            found.conflicts,
        )
    return {k: values[k] for k in found.write}


def read(model: type[R], row: dict[str, Any]) -> R:
    """A row of the file as its record. Rows are validated on the way out too, as
    another program may have written them: one that breaks the model's rules is the
    store's own error (``Unreadable``), never a crash of whoever reads it."""
    try:
        return model.from_row(row)
    except ValueError as error:  # pydantic's ValidationError, or a JSON column's
        problems = error if isinstance(error, ValidationError) else str(error)
        raise Unreadable(model.TABLE, row.get("id"), problems) from None


@dataclass(frozen=True, slots=True)
class Use:
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
        for key in store.conn.execute(f"PRAGMA foreign_key_list({quote(table)})").fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if key[2] != model.TABLE or key[6] not in ("NO ACTION", "RESTRICT"):
                continue
            n = store.scalar(
                f"SELECT count(*) FROM {quote(table)} WHERE {quote(key[3])} = ?", [record_id]
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
