"""A record's history, read from the change log: who changed what, when, from what.

Each change-log row becomes an ``Entry``: the acting user (and the roster's name for
them), the OS login when it differs (someone acting as someone else shows), the op,
and each field before → after. Bookkeeping (version, timestamps) is left out; what a
row carries beside the fields — why a record's version moved (a ``touch``: "its
predecessors changed") or which action an undo took back — is its ``note``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from store import changes
from store.errors import Invalid, NotFound
from store.models import MODELS, Member
from store.records import META, find
from store.text import one_line

if TYPE_CHECKING:
    from store.db import Store
    from store.models import Change, Record

# Friendly names for the command line (``history task 12``), beside the table names.
ALIASES = {
    "task": "tasks",
    "member": "members",
    "department": "departments",
    "risk": "risks",
    "issue": "issues",
    "meeting": "meetings",
    "item": "meeting_items",
    "meeting_item": "meeting_items",
    "charter": "project",
    "signoff": "signoffs",
    "sign-off": "signoffs",
    "milestone": "milestones",
    "requirement": "requirements",
    "resource_request": "resource_requests",
    "change_request": "change_requests",
    "dependency": "dependencies",
    "baseline": "baselines",
    "update": "daily_updates",
    "daily_update": "daily_updates",
    "key": "ssh_keys",
}
# The key an undo's change rows carry in ``after``: the action (``changes.tx``) undone.
UNDO = "undo"
# Fields that point at another record, and its table: a history names that record
# ("Owner: 王芳 → 李伟"), not its number.
REFERENCES = {
    "owner_id": "members",
    "member_id": "members",
    "signed_by_id": "members",
    "accepted_by": "members",
    "pm_member_id": "members",
    "department_id": "departments",
    "sponsor_department_id": "departments",
    "task_id": "tasks",
    "predecessor_id": "tasks",
    "successor_id": "tasks",
    "risk_id": "risks",
    "meeting_id": "meetings",
    "requirement_id": "requirements",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One change of a record, as its history shows it."""

    id: int
    at: str  # UTC ISO-8601, as stored
    actor: str  # the login the change was made as
    name: str  # the roster's name for that login ("" when none)
    os_login: str  # the OS login, when it is not the actor ("" otherwise)
    op: str  # create, update, delete, or touch (the version moved for a linked record)
    fields: dict[str, tuple[Any, Any]]  # field → (before, after)
    note: dict[str, Any] = field(default_factory=dict)  # why, beside the fields
    tx: int | None = None  # the action it belongs to (None before schema 6)
    # What the records a reference field points at are called now, by (table, id);
    # a record deleted since has none (shown by its number).
    labels: dict[tuple[str, int], str] = field(default_factory=dict)

    def label(self, name: str, value: Any) -> str | None:
        """The name of the record ``value`` points at, for a reference field."""
        table = REFERENCES.get(name)
        if table is None or not isinstance(value, int):
            return None
        return self.labels.get((table, value), f"#{value}")

    @property
    def undid(self) -> int | None:
        """The action this change undid, when it is part of an undo."""
        value = self.note.get(UNDO)
        return value if isinstance(value, int) else None

    def as_json(self) -> dict[str, Any]:
        """The stable form of ``history --json`` (README, "Command line")."""
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "name": self.name,
            "os_login": self.os_login,
            "op": self.op,
            "fields": {k: {"before": b, "after": a} for k, (b, a) in self.fields.items()},
            "note": self.note,
            "tx": self.tx,
        }


def table_of(name: str) -> str:
    """The table a command-line entity names ("task", "tasks", "charter"); Invalid
    listing them all when it names none."""
    wanted = name.strip().lower().replace(" ", "_")
    table = ALIASES.get(wanted, wanted)
    if table not in MODELS:
        kinds = ", ".join(sorted({*ALIASES, *MODELS}))
        raise Invalid("unknown record kind {name!r}; use one of: {kinds}", name=name, kinds=kinds)
    return table


def singular(table: str) -> str:
    """What one record of a table is called in messages ("meeting item")."""
    return table.rstrip("s").replace("_", " ")


def login_names(store: Store) -> dict[str, str]:
    """The roster's name for each login."""
    return {m.login: m.name for m in find(store, Member) if m.login}


@dataclass(frozen=True, slots=True)
class History:
    """A record's changes, newest first, and what it is called (now, or when deleted)."""

    entity: str
    record_id: int
    label: str
    entries: list[Entry]


def record_history(store: Store, entity: str, record_id: int) -> History:
    """Every change of one record, newest first; NotFound when the file has neither
    the record nor any change of it."""
    found = changes.history(store, entity, record_id)
    label = changes.labels(store, [(entity, record_id)]).get((entity, record_id))
    if not found and label is None:
        raise NotFound(singular(entity), record_id)
    if label is None:  # deleted: its name as the log last had it
        field = MODELS[entity].LABEL
        label = next((str(v) for c in reversed(found) for v in _values(c, field) if v), "")
    names = login_names(store)
    pointed = [
        (REFERENCES[name], value)
        for c in found
        for row in (c.before or {}, c.after or {})
        for name, value in row.items()
        if name in REFERENCES and isinstance(value, int)
    ]
    labels = {
        (table, found_id): one_line(text)
        for (table, found_id), text in changes.labels(store, pointed).items()
        if found_id is not None
    }
    entries = [entry(c, names, labels) for c in reversed(found)]
    return History(entity, record_id, label, entries)


def _default(model: type[Record] | None, name: str, value: Any) -> bool:
    """Whether a created record's value is one it would have anyway (not worth listing)."""
    if value in (None, "", [], "[]"):
        return True
    info = model.model_fields.get(name) if model is not None else None
    return info is not None and not info.is_required() and value == info.default


def _values(change: Change, field: str) -> list[Any]:
    return [(change.after or {}).get(field), (change.before or {}).get(field)]


def entry(
    change: Change, names: dict[str, str], labels: dict[tuple[str, int], str] | None = None
) -> Entry:
    """One change-log row as a history entry."""
    model = MODELS.get(change.entity)
    known = set(model.content_fields()) if model is not None else None
    before, after = change.before or {}, change.after or {}
    op = change.op
    if op == "delete":
        values = {k: (v, None) for k, v in before.items()}
        extra = after
    elif op == "update" and change.before is None:
        op, values, extra = "touch", {}, after
    else:  # create, update: a create's values are those it set
        values = {k: (before.get(k), v) for k, v in after.items()}
        if op == "create":
            values = {k: pair for k, pair in values.items() if not _default(model, k, pair[1])}
        extra = {}
    fields, note = {}, {k: v for k, v in extra.items() if k not in META}
    for name, pair in values.items():
        if name in META:
            continue
        if known is None or name in known:
            fields[name] = pair
        else:
            note[name] = pair[1]
    return Entry(
        id=change.id,
        at=change.at,
        actor=change.actor,
        name=names.get(change.actor, ""),
        os_login=change.os_login if change.os_login not in ("", change.actor) else "",
        op=op,
        fields=fields,
        note=note,
        tx=change.tx,
        labels=labels or {},
    )
