"""``export`` and ``import``: the project out as JSON, CSV, iCalendar, Markdown; JSON or CSV in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui.cli.language import Group, option
from tui.cli.session import global_options, open_store
from tui.i18n import _

if TYPE_CHECKING:
    from store.db import Store


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``-o FILE`` and ``--force``, shared by every export."""
    command = option(
        "--force", is_flag=True, help=_("Replace FILE if it exists (never the database).")
    )(command)
    return option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),  # str: "DIR/" keeps its slash
        help=_("Write to FILE instead of standard output."),
    )(command)


def _emit(output: str | None, force: bool, make: Callable[[Store], str]) -> None:
    """Write an export to ``-o FILE`` (bytes as produced) or to standard output.

    FILE is checked before the export is built: never the database, an existing
    file only with --force.
    """
    from store import files

    dest = None
    if output is not None:
        dest = files.target(
            output, global_options().path, force=force, inside_name=Path(output).name
        )
    text = make(open_store(write=False))
    if dest is None:
        click.echo(text, nl=False)
        return
    files.write_text(dest, text)
    click.echo(_("wrote {path}").format(path=dest), err=True)


@click.group(cls=Group, help=_("Export minutes, JSON, CSV, iCalendar or a Gantt chart."))
def export() -> None:
    pass


@export.command("json", help=_("Everything, change log included, as one JSON document."))
@_output_options
def export_json(output: str | None, force: bool) -> None:
    from store.exports import to_json

    _emit(output, force, to_json)


@export.command("csv", help=_("One table as CSV, e.g. tasks, members, risks."))
@click.argument("table")
@_output_options
def export_csv(table: str, output: str | None, force: bool) -> None:
    from store.exports import to_csv

    _emit(output, force, lambda store: to_csv(store, table))


@export.command("minutes", help=_("The minutes of a meeting as Markdown."))
@click.argument("meeting_id", metavar="MEETING", type=int)
@_output_options
def export_minutes(meeting_id: int, output: str | None, force: bool) -> None:
    from store.exports import minutes

    _emit(output, force, lambda store: minutes(store, meeting_id, _))


@export.command("ics", help=_("Milestones, meetings and task due dates as iCalendar."))
@_output_options
def export_ics(output: str | None, force: bool) -> None:
    from store.exports import to_ics

    _emit(output, force, to_ics)


@export.command(
    "gantt", help=_("The plan as a Markdown Gantt chart: a table per phase and bars by week.")
)
@_output_options
def export_gantt(output: str | None, force: bool) -> None:
    from store.exports import gantt_markdown

    _emit(output, force, lambda store: gantt_markdown(store, None, _))


@click.group("import", cls=Group, help=_("Import a JSON export or CSV rows."))
def import_() -> None:
    pass


@import_.command("json", help=_("Load an export json file into an empty database."))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_json(file: Path) -> None:
    from store.exports import import_json as load

    store = open_store(write=True)
    counts = load(store, file.expanduser().read_bytes())
    summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n) or _("nothing")
    click.echo(_("imported {summary}").format(summary=summary))


@import_.command("csv", help=_("Append the rows of a CSV file to TABLE (all or nothing)."))
@click.argument("table")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_csv(table: str, file: Path) -> None:
    from store.exports import import_csv as load

    store = open_store(write=True)
    added = load(store, table, file.expanduser().read_bytes())
    click.echo(_("imported {n} rows into {table}").format(n=added, table=table))
