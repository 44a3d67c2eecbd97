"""Typed errors with messages a user can act on, in English or their own language.

Every error the store raises on purpose derives from StoreError (a broken rule in a
pydantic validator raises Rule), so the CLI and the TUI show one line, never a
traceback. The store knows no language: an error carries an English template
(the gettext msgid) and its values; ``str(error)`` is the English sentence and
``tui.i18n.say_error`` translates the template before filling it in.

To raise a translatable error: ``raise Invalid("unknown member {name!r}", name=key)`` (``Rule``
in a validator): a constant template, never an f-string; then add its Chinese to xdept.po.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


class Term(str):
    """A word of the app's own vocabulary inside a message (a table, a status):
    translated with the message, where a name or a title typed by a user is not."""


class Message(Exception):
    """An exception whose message is a template and its values.

    A template without values is used as it is (braces and all); with values,
    it is filled by ``str.format``. A value may itself be a Message or a
    pydantic ValidationError: it is shown as its own one line.
    """

    def __init__(self, template: str = "", /, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(fill(template, params, english))


def fill(template: str, params: dict[str, Any], say: Callable[[Any], Any]) -> str:
    """``template`` with each value shown through ``say`` (English or translated)."""
    if not params:
        return template
    return template.format(**{name: say(value) for name, value in params.items()})


def english(value: Any) -> Any:
    """A value as an English message shows it (numbers stay numbers for ``{n:d}``)."""
    from pydantic import ValidationError

    if isinstance(value, ValidationError):
        return describe(value)
    if isinstance(value, BaseException):
        return str(value)
    return value


def english_problem(err: ErrorDetails) -> str:
    """One problem of a pydantic error as pydantic words it (without "Value error, ")."""
    return str(err["msg"]).removeprefix("Value error, ")


def problems(
    error: ValidationError, say: Callable[[ErrorDetails], str] = english_problem
) -> list[tuple[tuple[str, ...], str]]:
    """(field path, message) of each problem; an empty path for a rule about the whole
    record. ``say`` words each problem (the interface passes a translating one)."""
    return [(tuple(str(p) for p in err["loc"]), say(err)) for err in error.errors()]


def describe(error: ValidationError) -> str:
    """One line for a pydantic error: ``field: message; field: message``."""
    return "; ".join(
        f"{'.'.join(loc)}: {message}" if loc else message for loc, message in problems(error)
    )


def field_errors(
    error: ValidationError, say: Callable[[ErrorDetails], str] = english_problem
) -> dict[str, str]:
    """Field → message, for forms that show the message beside the field
    ("" for a rule about the whole record)."""
    result: dict[str, str] = {}
    for err in error.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        result.setdefault(field, say(err))
    return result


class Rule(Message, ValueError):
    """A value broke a rule of a model; raised in validators, so pydantic keeps it
    (``ctx["error"]``) and the interface can translate it."""


class StoreError(Message):
    """A problem the user can understand and fix; ``str()`` is the English message."""


class InvalidDatabase(StoreError):
    """The file is not an xdept-tui database, is corrupt, or is from a newer version."""


class ReadOnly(StoreError):
    """A write was attempted on a database opened read-only or without write access."""


class NotFound(StoreError):
    def __init__(self, entity: str, record_id: int | str) -> None:
        super().__init__("{entity} {record_id} not found", entity=Term(entity), record_id=record_id)
        self.entity = entity
        self.record_id = record_id


class InUse(StoreError):
    """A delete was refused because other records still point at this one."""


class Busy(StoreError):
    """The database stayed locked by other writers beyond the retry bound."""


class Unreadable(StoreError):
    """A row in the file breaks the model's rules: another program wrote it (sqlite3,
    an older or newer tool). Names the table and the record, so it can be found."""

    def __init__(self, table: str, record_id: object, problems: Any) -> None:
        super().__init__(
            "{table} record {id} cannot be read: {problems} "
            "(written by another program; correct or remove that row)",
            table=Term(table),
            id=record_id,
            problems=problems,
        )
        self.table = table
        self.record_id = record_id


class Invalid(StoreError):
    """A value broke a rule that needs the database to check (unknown name, cycle…)."""


class Conflict(StoreError):
    """The row moved on since the caller read it: carries both sides, never overwrites.

    ``theirs`` is the row as it is now, ``yours`` the values the caller tried to
    write; ``conflicts`` (when the store merged three ways) field → (theirs, yours)
    for only the fields both sides changed. The UI offers to keep either.
    """

    def __init__(
        self,
        entity: str,
        record_id: int,
        expected_version: int,
        theirs: dict[str, Any],
        yours: dict[str, Any],
        conflicts: dict[str, tuple[Any, Any]] | None = None,
    ) -> None:
        super().__init__(
            "{entity} {record_id} was changed by {by} "
            "(version {version}, you edited version {expected})",
            entity=Term(entity),
            record_id=record_id,
            by=theirs.get("updated_by") or Term("someone"),
            version=theirs.get("version"),
            expected=expected_version,
        )
        self.entity = entity
        self.record_id = record_id
        self.expected_version = expected_version
        self.theirs = theirs
        self.yours = yours
        self.conflicts = conflicts

    @property
    def fields(self) -> dict[str, tuple[Any, Any]]:
        """Field → (their value, your value) for every field the two sides disagree on."""
        if self.conflicts is not None:
            return dict(self.conflicts)
        return {
            k: (self.theirs.get(k), v) for k, v in self.yours.items() if self.theirs.get(k) != v
        }


class DiskFull(StoreError):
    """The disk (or the file's size limit) is full: nothing was written."""
