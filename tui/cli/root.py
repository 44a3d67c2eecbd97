"""The root command: global options, the dashboard without a command, and every command group."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from tui.cli import (
    PROG,
    calendar,
    database,
    department,
    export,
    history,
    issue,
    keys,
    meeting,
    member,
    people_here,
    project,
    risk,
    schedule,
    serve,
    task,
    update,
)
from tui.cli.errors import funnel, refuse_undecodable
from tui.cli.language import Group, Option, choose_language, option, speak_the_locale
from tui.cli.session import GlobalOptions
from tui.i18n import _


class _Main(Group):
    """The root group: picks the language first and turns user errors into one line."""

    # click annotates it type[Group | type], which mypy reads as type[type] alone.
    group_class = Group  # type: ignore[assignment]

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        speak_the_locale()
        argv = sys.argv[1:] if args is None else list(args)
        refuse_undecodable(argv)
        return super().main(argv, *rest, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        return funnel(ctx, super().invoke)


@click.group(
    name=PROG,
    cls=_Main,
    invoke_without_command=True,
    help=_(
        "Run a project that spans several departments, on one shared SQLite file. "
        "Without a command, open the dashboard."
    ),
)
@option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    envvar="XDEPT_DB",
    show_envvar=True,
    help=_("The database file [default: xdept.db in your user data folder]."),
)
@option(
    "--as",
    "actor",
    metavar="LOGIN",
    envvar="XDEPT_USER",
    show_envvar=True,
    help=_("Who you are in the change log [default: your OS login]."),
)
@option(
    "--lang",
    type=click.Choice(["en", "zh"], case_sensitive=False),
    envvar="XDEPT_LANG",
    show_envvar=True,
    is_eager=True,
    expose_value=False,
    callback=choose_language,
    help=_("Language of the interface [default: from the locale]."),
)
@option(
    "--theme",
    metavar="NAME",
    envvar="XDEPT_THEME",
    show_envvar=True,
    help=_("Colour theme of the app."),
)
@option("--read-only", is_flag=True, help=_("Open the file read-only: no command may change it."))
@click.version_option(
    package_name=PROG,
    prog_name=PROG,
    message="%(prog)s %(version)s",
    cls=Option,
    help=_("Show the version and exit."),
)
@click.pass_context
def main(
    ctx: click.Context, db_path: Path | None, actor: str | None, theme: str | None, read_only: bool
) -> None:
    from store.db import default_actor, default_path

    if theme is not None and (
        ctx.invoked_subcommand is None
        or ctx.get_parameter_source("theme") == ParameterSource.COMMANDLINE
    ):
        project.check_theme(theme)
    ctx.obj = GlobalOptions(
        path=(db_path or default_path()).expanduser(),
        actor=actor or default_actor(),
        read_only=read_only,
        theme=theme,
        db_given=ctx.get_parameter_source("db_path") == ParameterSource.COMMANDLINE,
        actor_given=actor is not None,
    )
    if ctx.invoked_subcommand is None:
        project.open_dashboard(ctx.obj)


for command in (
    project.demo,
    project.init,
    department.department,
    member.member,
    task.task,
    calendar.calendar_command,
    schedule.schedule,
    risk.risk,
    issue.issue,
    update.update,
    meeting.meeting,
    export.export,
    export.import_,
    database.backup,
    database.check,
    keys.keys,
    people_here.whoami,
    people_here.who,
    history.history,
    history.undo,
    serve.serve,
    serve.key,
    serve.sessions,
):
    main.add_command(command)
