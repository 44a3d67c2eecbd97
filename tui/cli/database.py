"""``backup`` and ``check``: the database file itself, copied consistently or examined."""

from __future__ import annotations

import click

from tui.cli.language import Command, option
from tui.cli.output import json_option, print_json
from tui.cli.session import open_store
from tui.i18n import _


@click.command(
    cls=Command,
    help=_(
        "Copy the database consistently while others keep working. DEST is a new file, "
        "or an existing folder to copy into."
    ),
)
@click.argument("dest", type=click.Path())
@option("--force", is_flag=True, help=_("Replace DEST if it exists (never the database)."))
def backup(dest: str, force: bool) -> None:
    store = open_store(write=False)
    copy = store.backup(dest, force=force)
    click.echo(_("backed up {path} to {dest}").format(path=store.path, dest=copy))


@click.command(
    cls=Command, help=_("Integrity, schema version and counts; exit 1 if the file is damaged.")
)
@json_option
def check(as_json: bool) -> None:
    report = open_store(write=False).check()
    healthy = report["integrity"] == "ok" and not report["foreign_key_violations"]
    if as_json:
        print_json(report)
    else:
        labels = {
            "path": _("path"),
            "schema_version": _("schema version"),
            "journal_mode": _("journal mode"),
            "integrity": _("integrity"),
            "foreign_key_violations": _("foreign key violations"),
        }
        for key, label in labels.items():
            click.echo(f"{label}: {report[key]}")
        counts = ", ".join(f"{table} {n}" for table, n in report["counts"].items())
        click.echo(f"{_('records')}: {counts}")
    if not healthy:
        click.get_current_context().exit(1)
