"""Typed errors with messages a user can act on.

Every error the store raises on purpose derives from StoreError, so the CLI and
the TUI can show ``str(error)`` as one line instead of a traceback.
"""

from __future__ import annotations

from typing import Any


class StoreError(Exception):
    """A problem the user can understand and fix; ``str()`` is the message."""


class InvalidDatabase(StoreError):
    """The file is not an xdept-tui database, is corrupt, or is from a newer version."""


class ReadOnly(StoreError):
    """A write was attempted on a database opened read-only or without write access."""


class NotFound(StoreError):
    def __init__(self, entity: str, record_id: int | str) -> None:
        super().__init__(f"{entity} {record_id} not found")
        self.entity = entity
        self.record_id = record_id


class InUse(StoreError):
    """A delete was refused because other records still point at this one."""


class Busy(StoreError):
    """The database stayed locked by other writers beyond the retry bound."""


class Unreadable(StoreError):
    """A row in the file breaks the model's rules: another program wrote it (sqlite3,
    an older or newer tool). Names the table and the record, so it can be found."""

    def __init__(self, table: str, record_id: object, detail: str) -> None:
        super().__init__(
            f"{table} record {record_id} cannot be read: {detail} "
            "(written by another program; correct or remove that row)"
        )
        self.table = table
        self.record_id = record_id


class Invalid(StoreError):
    """A value broke a rule that needs the database to check (unknown name, cycle…)."""


class Conflict(StoreError):
    """The row moved on since the caller read it: carries both sides, never overwrites.

    ``theirs`` is the row as it is now, ``yours`` the values the caller tried to
    write; the UI offers to keep either.
    """

    def __init__(
        self,
        entity: str,
        record_id: int,
        expected_version: int,
        theirs: dict[str, Any],
        yours: dict[str, Any],
    ) -> None:
        by = theirs.get("updated_by") or "someone"
        super().__init__(
            f"{entity} {record_id} was changed by {by} "
            f"(version {theirs.get('version')}, you edited version {expected_version})"
        )
        self.entity = entity
        self.record_id = record_id
        self.expected_version = expected_version
        self.theirs = theirs
        self.yours = yours

    @property
    def fields(self) -> dict[str, tuple[Any, Any]]:
        """Field → (their value, your value) for every field the two sides disagree on."""
        return {
            k: (self.theirs.get(k), v) for k, v in self.yours.items() if self.theirs.get(k) != v
        }
