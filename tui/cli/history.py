"""``history`` and ``undo``: what happened to a record, and taking back your last change."""

from __future__ import annotations

import click

from tui.cli.language import Command
from tui.cli.output import json_option, print_json
from tui.cli.session import open_store
from tui.i18n import _


@click.command(
    "history",
    cls=Command,
    help=_(
        "The changes of one record, newest first: who, when, each field before → after. "
        "ENTITY: task, member, department, risk, issue, meeting, item, charter, signoff… "
        "(or a table's name)."
    ),
)
@click.argument("entity")
@click.argument("record_id", metavar="ID", type=int)
@json_option
def history(entity: str, record_id: int, as_json: bool) -> None:
    from store.history import record_history, table_of
    from tui.history import record_name, what, when, who

    store = open_store(write=False)
    found = record_history(store, table_of(entity), record_id)
    if as_json:
        print_json([e.as_json() for e in found.entries])
        return
    click.echo(
        _("History of {record}").format(record=record_name(found.entity, record_id, found.label))
    )
    for entry in found.entries:
        click.echo(f"\n{when(entry)}  {who(entry)}")
        for line in what(entry, found.entity):
            click.echo(f"  {line}")


@click.command(
    "undo",
    cls=Command,
    help=_(
        "Undo your last change (your --as login's), unless someone changed its records "
        "since; again goes further back."
    ),
)
def undo() -> None:
    from store.undo import undo_last
    from tui.history import record_name

    done = undo_last(open_store(write=True))
    click.echo(
        _("Undone: {record}").format(record=record_name(done.entity, done.record_id, done.label))
    )
