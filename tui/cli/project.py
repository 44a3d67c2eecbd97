"""Creating a project file (init, demo) and opening the app on it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.cli import PROG
from tui.cli.language import Command, option
from tui.cli.session import GlobalOptions, global_options
from tui.i18n import _, language

if TYPE_CHECKING:
    from store.db import Store


def check_theme(name: str) -> None:
    """Refuse an unknown --theme as a usage error that lists the themes.

    Checked when the app opens, or when typed on the command line: XDEPT_THEME
    in a shell profile must not slow every record command down with Textual.
    """
    from textual.theme import BUILTIN_THEMES

    from themes import ALIASES, THEMES

    if name in ALIASES or name in THEMES or name in BUILTIN_THEMES:
        return
    raise click.BadParameter(
        _("unknown theme {name!r}; the themes are {ours} (or Textual's: {builtin})").format(
            name=name, ours=", ".join(ALIASES), builtin=", ".join(sorted(BUILTIN_THEMES))
        ),
        param_hint="--theme",
    )


def open_dashboard(options: GlobalOptions) -> None:
    from store.db import Store

    if not options.path.exists():
        if options.read_only or not _stdin_is_tty():
            from store.errors import InvalidDatabase

            raise InvalidDatabase(
                _(
                    "no database at {path}; create one with: {prog} init --name NAME "
                    "(or try: {prog} demo)"
                ).format(path=options.path, prog=PROG)
            )
        question = _("No database at {path}. Create it?").format(path=options.path)
        if not click.confirm(question, default=True):
            click.get_current_context().exit(1)
        name = click.prompt(_("Project name"), default=_("New project"))
        _create(options.path, options.actor, name).close()
    else:
        # Refuse a foreign, corrupt or newer file with one line before Textual starts.
        Store(options.path, options.actor, read_only=options.read_only).close()
    _run_app(options.path, options)


@click.command(
    cls=Command,
    help=_(
        "Open the dashboard on a fresh demo database: a new file at --db when it is given "
        "on the command line, else demo.db in your user data folder, replaced each time."
    ),
)
@option("--no-open", is_flag=True, help=_("Only create the demo database and print its path."))
def demo(no_open: bool) -> None:
    import platformdirs

    from store.errors import ReadOnly, StoreError

    options = global_options()
    if options.read_only:
        raise ReadOnly(_("--read-only is set, and the demo creates a database"))
    if options.db_given:
        path = options.path
        if path.exists() or path.is_symlink():
            raise StoreError(
                _("{path} already exists; the demo never overwrites a file").format(path=path)
            )
    else:
        path = platformdirs.user_data_path(PROG) / "demo.db"
        _remove_database(path)  # the demo is fresh every time
    if not options.actor_given:  # try every key: the demo project's manager
        from dataclasses import replace

        from store.demo_content import PM_LOGIN

        options = replace(options, actor=PM_LOGIN)
    _create(path, options.actor, None, demo=True).close()
    if no_open:
        click.echo(str(path))
    else:
        _run_app(path, options)


@click.command(
    cls=Command, help=_("Create a database with an empty project, or with the demo project.")
)
@option("--demo", "with_demo", is_flag=True, help=_("Fill it with the demo project."))
@option(
    "--tasks",
    type=click.IntRange(10, 100_000),
    help=_("With --demo: scale the demo to N tasks (for benchmarks)."),
)
@option("--name", help=_("The project's name."))
@option(
    "--country",
    metavar="CODE",
    help=_(
        "Official calendar of working days, e.g. CN (holidays and 调休 working weekends); "
        "empty for Monday to Friday. The demo uses CN."
    ),
)
def init(with_demo: bool, tasks: int | None, name: str | None, country: str | None) -> None:
    from store.errors import ReadOnly
    from store.models import Member, Task
    from store.project import project
    from store.records import count

    if tasks is not None and not with_demo:
        raise click.UsageError(_("--tasks needs --demo"))
    options = global_options()
    if options.read_only:
        raise ReadOnly(_("--read-only is set, and init creates a database"))
    if not with_demo and name is None:
        name = _("New project")
    with _create(
        options.path, options.actor, name, demo=with_demo, tasks=tasks, country=country
    ) as store:
        click.echo(
            _("created {path}: project {name!r}, {tasks} tasks, {members} members").format(
                path=options.path,
                name=project(store).name,
                tasks=count(store, Task),
                members=count(store, Member),
            )
        )


def _stdin_is_tty() -> bool:
    return sys.stdin.isatty()


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _create(
    path: Path,
    actor: str,
    name: str | None,
    *,
    demo: bool = False,
    tasks: int | None = None,
    country: str | None = None,
) -> Store:
    """Create a database with its project (or the demo); remove the new file if that fails.

    ``country`` None keeps the default: China's official calendar for the demo, plain
    Monday–Friday for a new project.
    """
    from store.calendars import check_country
    from store.db import Store
    from store.models import Project
    from store.project import create_project
    from store.records import validate

    # Checked before the file exists (the demo names its project itself).
    checked = validate(Project, {"name": "demo" if demo else name, "country": country or ""})
    check_country(checked.country)
    store = Store(path, actor, create=True)
    try:
        if demo:
            from store.demo import generate
            from tui.collector import many_objects

            kept = {} if country is None else {"country": checked.country}
            with many_objects():  # a scaled demo builds millions
                generate(store, tasks=tasks, name=name, **kept)
        else:
            create_project(store, checked)
    except BaseException:
        store.close()
        _remove_database(path)
        raise
    return store


def _run_app(path: Path, options: GlobalOptions) -> None:
    from tui.app import run_app

    status = run_app(path, options.actor, language(), options.theme, options.read_only)
    if status:  # the app crashed (Textual printed why): say so to the shell
        click.get_current_context().exit(status)
