"""What a command works with: the global options, the database it opens, dates it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.cli import PROG
from tui.i18n import _

if TYPE_CHECKING:
    from store.db import Store


@dataclass(frozen=True)
class GlobalOptions:
    """The global options, shared by every command through ``ctx.obj``."""

    path: Path
    actor: str
    read_only: bool
    theme: str | None
    db_given: bool  # --db on the command line (not the environment)
    actor_given: bool = True  # --as or XDEPT_USER (else the OS login)


def global_options() -> GlobalOptions:
    return click.get_current_context().find_root().obj


def open_store(*, write: bool) -> Store:
    """Open the database for this command; closed when the command ends."""
    from store.db import Store, writable
    from store.errors import ReadOnly

    options = global_options()
    if write and options.read_only:
        raise ReadOnly(_("--read-only is set, and this command would change the database"))
    # A command that only reads works on a file this user may not write, without --read-only.
    read_only = options.read_only or (
        not write and options.path.is_file() and not writable(options.path)
    )
    store = Store(options.path, options.actor, read_only=read_only)
    store.on_wait = _say_waiting
    click.get_current_context().call_on_close(store.close)
    return store


def _say_waiting() -> None:
    """Printed once when a write has waited a second for another program's lock."""
    click.echo(
        _("{prog}: waiting for the project file — another program is writing").format(prog=PROG),
        err=True,
    )


def date_option(text: str | None, today: date, store: Store | None = None) -> date | None:
    """A date option; ``+3wd`` counts the project's working days when ``store`` is given."""
    from store.dates import parse_date

    if text is None:
        return None
    if store is not None and "wd" in text.casefold():
        from store.tasks import calendar

        return parse_date(text, today, calendar(store))
    return parse_date(text, today)


def owner_and_department(
    store: Store, owner: str | None, department: str | None
) -> dict[str, int | None]:
    """``owner_id`` and ``department_id`` for ``--owner NAME`` and ``--department NAME``,
    only those given: ``''`` clears one, and a new owner brings their department
    unless ``--department`` names another."""
    from store.people import department_named, member_named

    values: dict[str, int | None] = {}
    if owner is not None:
        person = member_named(store, owner) if owner.strip() else None
        values["owner_id"] = person.id if person else None
        if person is not None and department is None:
            values["department_id"] = person.department_id
    if department is not None:
        values["department_id"] = (
            department_named(store, department).id if department.strip() else None
        )
    return values


def clearable_date(text: str, store: Store) -> date | None:
    """A date option given to an edit: ``''`` clears the date."""
    from store import clock

    return date_option(text, clock.today(), store) if text.strip() else None
