"""How a record's history reads (store/history.py): who, when, each field before → after.

The one formatter of change-log entries: the history modal (``H``), the risk
register's and the issues tab's detail panels. Field labels and enum values are in
the user's language (``field_label``, ``field_value``); user text never is, and is
shown on one line, cut to a few cells where a panel has one line per change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store import clock
from store.history import singular
from store.text import one_line
from tui.describe import cut, field_value
from tui.i18n import _, field_title

if TYPE_CHECKING:
    from store.history import Entry

VALUE_CELLS = 24  # a value's terminal cells in a one-line summary


def who(entry: Entry) -> str:
    """ "王芳", or "王芳, as wang, logged in as root" when the OS login differs (a login
    on no roster entry as itself)."""
    login, os_login = one_line(entry.actor), one_line(entry.os_login)
    if not entry.name:
        if not os_login:
            return login
        return _("{login}, logged in as {os_login}").format(login=login, os_login=os_login)
    name = one_line(entry.name)
    if not os_login:
        return name
    return _("{name}, as {login}, logged in as {os_login}").format(
        name=name, login=login, os_login=os_login
    )


def when(entry: Entry) -> str:
    """The host's wall-clock time of the change."""
    return clock.local(entry.at)


def record_name(entity: str, record_id: int, label: str) -> str:
    """ "task #12 “Design”": the record's kind, number and name."""
    name = one_line(label)
    kind = _(singular(entity))
    return f"{kind} #{record_id} “{name}”" if name else f"{kind} #{record_id}"


def what(entry: Entry, entity: str, cells: int | None = None) -> list[str]:
    """What one change did, a phrase each: "created", "Title: Design → Design review"…
    Values are cut to ``cells`` terminal cells when given, and a create is just that."""

    def value(name: str, raw: object) -> str:
        text = entry.label(name, raw) or field_value(entity, name, raw)
        return cut(text, cells) if cells else text

    said: list[str] = []
    if entry.undid is not None:
        said.append(_("undo of an earlier change"))
    if entry.op == "create":  # with the values it set, unless cut to one line
        said.append(_("created"))
        if not cells:
            said += [f"{field_title(k)}: {value(k, v)}" for k, (_b, v) in entry.fields.items()]
        return said
    if entry.op == "delete":
        return [*said, _("deleted")]
    for name, (before, after) in entry.fields.items():
        said.append(f"{field_title(name)}: {value(name, before)} → {value(name, after)}")
    for name, note in entry.note.items():
        if name == "pushed_by":
            said.append(_("moved by a shift of #{id}").format(id=note))
        elif name != "undo":
            said.append(f"{field_title(name)}: {value(name, note)}")
    return said or [_("edited")]


def summary(entry: Entry, entity: str) -> str:
    """One line: "王芳: Status open → occurred, Owner …" (a detail panel's history; the
    OS login is in the full history, ``H``)."""
    name = one_line(entry.name or entry.actor)
    return f"{name}: " + ", ".join(what(entry, entity, VALUE_CELLS))
