"""The command line (DESIGN.md §4): open the dashboard, or run one record command.

Help texts are written inside ``_()`` and translated again when shown, because
``--lang`` is only parsed after click has built the commands. Store modules are
imported inside the commands, and Textual only on the way to the app, so a
command such as ``xdept-tui task list`` starts quickly. User mistakes from any
command reach one handler (``_Main.invoke``) that prints one line and exits 1.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from tui.i18n import _, language, ngettext, say_error, set_language

if TYPE_CHECKING:
    from store.db import Store

PROG = "xdept-tui"
# Longest cell of a plain table, in terminal cells; --json has the full text.
CELL_MAX = 48
EXIT_INTERRUPTED = 130


def _shown(text: Any) -> str | None:
    """A help text in the current language (``\\b`` keeps click from re-wrapping).

    A callable is called first: it supplies text that lives in a module this
    file does not import until a command needs it.
    """
    if callable(text):
        text = text()
    if not text:
        return text
    if text.startswith("\b\n"):
        return "\b\n" + _(text[2:])
    return _(text)


def _translated(name: str) -> property:
    """An attribute click reads at display time, translated when read."""
    key = f"_source_{name}"
    return property(
        lambda self: _shown(getattr(self, key)), lambda self, value: setattr(self, key, value)
    )


class _Option(click.Option):
    help = _translated("help")


class _Command(click.Command):
    help = _translated("help")
    short_help = _translated("short_help")
    epilog = _translated("epilog")


class _Group(click.Group):
    help = _translated("help")
    short_help = _translated("short_help")
    epilog = _translated("epilog")
    command_class = _Command
    group_class = type  # subgroups are _Group too


def option(*names: str, **attrs: Any) -> Any:
    return click.option(*names, cls=_Option, **attrs)


def _user_message(error: Exception) -> str | None:
    """The one line for a mistake the user can fix; None for a bug (keep the traceback)."""
    import sqlite3

    from pydantic import ValidationError

    from store.errors import StoreError

    if isinstance(error, StoreError | ValidationError | OSError | sqlite3.Error):
        return say_error(error)
    if isinstance(error, UnicodeError):  # e.g. XDEPT_DB holding bytes that are not UTF-8
        return _("text that is not UTF-8 ({reason})").format(reason=error.reason)
    return None


class _Main(_Group):
    """The root group: picks the language first and turns user errors into one line."""

    group_class = _Group

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        set_language()  # XDEPT_LANG or the locale, so even --help is translated
        _click_speaks_our_language()
        argv = sys.argv[1:] if args is None else list(args)
        for position, arg in enumerate(argv, 1):
            if not _is_utf8(arg):
                message = _("argument {n} is not UTF-8 text (check the terminal's encoding)")
                click.echo(
                    _("{prog}: error: {message}").format(
                        prog=PROG, message=message.format(n=position)
                    ),
                    err=True,
                )
                sys.exit(1)
        return super().main(argv, *rest, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, click.Abort):
            click.echo(err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit):
            raise
        except BrokenPipeError:  # e.g. `xdept-tui export json | head`: stop quietly
            _discard_stdout()
            ctx.exit(1)
        except Exception as error:
            message = _user_message(error)
            if message is None:
                raise
            from store.text import one_line

            click.echo(
                _("{prog}: error: {message}").format(prog=PROG, message=one_line(message)),
                err=True,
            )
            ctx.exit(1)


def _is_utf8(text: str) -> bool:
    """False for an argument holding bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which fail later, deep inside, with a traceback)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _click_speaks_our_language() -> None:
    """Click words its own messages ("Missing option", "Usage:") through gettext's global
    ``_`` and ``ngettext``, read from .mo files of the default domain; point those names
    in click's modules at our catalog instead, so they follow --lang like the rest."""
    from click import core, decorators, exceptions, formatting, parser, termui, types

    for module in (core, decorators, exceptions, formatting, parser, termui, types):
        module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture output)
        pass


@dataclass(frozen=True)
class Settings:
    """The global options, shared by every command through ``ctx.obj``."""

    path: Path
    actor: str
    read_only: bool
    theme: str | None
    db_given: bool  # --db on the command line (not the environment)


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    set_language(value.lower() if value else None)


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
    callback=_set_language,
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
    cls=_Option,
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
        _check_theme(theme)
    ctx.obj = Settings(
        path=(db_path or default_path()).expanduser(),
        actor=actor or default_actor(),
        read_only=read_only,
        theme=theme,
        db_given=ctx.get_parameter_source("db_path") == ParameterSource.COMMANDLINE,
    )
    if ctx.invoked_subcommand is None:
        _open_dashboard(ctx.obj)


# --- helpers -------------------------------------------------------------------


def _check_theme(name: str) -> None:
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


def _settings() -> Settings:
    return click.get_current_context().find_root().obj


def _store(*, write: bool) -> Store:
    """Open the database for this command; closed when the command ends."""
    from store.db import Store, writable
    from store.errors import ReadOnly

    settings = _settings()
    if write and settings.read_only:
        raise ReadOnly(_("--read-only is set, and this command would change the database"))
    # A command that only reads works on a file this user may not write, without --read-only.
    read_only = settings.read_only or (
        not write and settings.path.is_file() and not writable(settings.path)
    )
    store = Store(settings.path, settings.actor, read_only=read_only)
    store.on_wait = _say_waiting
    click.get_current_context().call_on_close(store.close)
    return store


def _say_waiting() -> None:
    """Printed once when a write has waited a second for another program's lock."""
    click.echo(
        _("{prog}: waiting for the project file — another program is writing").format(prog=PROG),
        err=True,
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

            kept = {} if country is None else {"country": checked.country}
            generate(store, tasks=tasks, name=name, **kept)
        else:
            create_project(store, checked)
    except BaseException:
        store.close()
        _remove_database(path)
        raise
    return store


def _open_dashboard(settings: Settings) -> None:
    from store.db import Store

    if not settings.path.exists():
        if settings.read_only or not _stdin_is_tty():
            from store.errors import InvalidDatabase

            raise InvalidDatabase(
                _(
                    "no database at {path}; create one with: {prog} init --name NAME "
                    "(or try: {prog} demo)"
                ).format(path=settings.path, prog=PROG)
            )
        question = _("No database at {path}. Create it?").format(path=settings.path)
        if not click.confirm(question, default=True):
            click.get_current_context().exit(1)
        name = click.prompt(_("Project name"), default=_("New project"))
        _create(settings.path, settings.actor, name).close()
    else:
        # Refuse a foreign, corrupt or newer file with one line before Textual starts.
        Store(settings.path, settings.actor, read_only=settings.read_only).close()
    _run_app(settings.path, settings)


def _run_app(path: Path, settings: Settings) -> None:
    from tui.app import run_app

    status = run_app(path, settings.actor, language(), settings.theme, settings.read_only)
    if status:  # the app crashed (Textual printed why): say so to the shell
        click.get_current_context().exit(status)


def _parse_date(text: str | None, today: date, store: Store | None = None) -> date | None:
    """A date option; ``+3wd`` counts the project's working days when ``store`` is given."""
    from store.dates import parse_date

    if text is None:
        return None
    if store is not None and "wd" in text.casefold():
        from store.tasks import calendar

        return parse_date(text, today, calendar(store))
    return parse_date(text, today)


def _cell(value: Any) -> str:
    from rich.cells import cell_len, set_cell_size

    from store.symbols import DONE
    from store.text import one_line

    if value is None:
        return ""
    if isinstance(value, bool):
        return DONE if value else ""
    text = one_line(value.isoformat() if isinstance(value, date) else str(value))
    if cell_len(text) > CELL_MAX:
        text = set_cell_size(text, CELL_MAX - 1) + "…"
    return text


def _print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """An aligned table measured in terminal cells, so Chinese text lines up."""
    from rich.cells import cell_len

    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [
        bool(rows) and all(isinstance(r[i], int) and not isinstance(r[i], bool) for r in rows)
        for i in range(len(headers))
    ]

    def line(values: list[str]) -> str:
        padded = []
        for text, width, right in zip(values, widths, numeric, strict=True):
            gap = " " * (width - cell_len(text))
            padded.append(gap + text if right else text + gap)
        return "  ".join(padded).rstrip()

    click.echo(line(headers))
    click.echo(line(["-" * w for w in widths]))
    for row in cells:
        click.echo(line(row))


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_records(
    records: list[Any], as_json: bool, headers: list[str], row: Callable[[Any], list[Any]]
) -> None:
    """A list command's output: the models as JSON, or chosen columns as a table."""
    if as_json:
        _print_json([r.model_dump(mode="json") for r in records])
    else:
        _print_table(headers, [row(r) for r in records])


def _names(store: Store, table: str) -> dict[int, str]:
    """Id → name of every member or department, for table columns."""
    from store.models import Department, Member
    from store.records import find

    model = {"members": Member, "departments": Department}[table]
    return {r.id: r.name for r in find(store, model)}


def _emit(output: str | None, force: bool, make: Callable[[Store], str]) -> None:
    """Write an export to ``-o FILE`` (bytes as produced) or to standard output.

    FILE is checked before the export is built: never the database, an existing
    file only with --force.
    """
    from store import files

    dest = None
    if output is not None:
        dest = files.target(output, _settings().path, force=force, inside_name=Path(output).name)
    text = make(_store(write=False))
    if dest is None:
        click.echo(text, nl=False)
        return
    files.write_text(dest, text)
    click.echo(_("wrote {path}").format(path=dest), err=True)


json_option = option("--json", "as_json", is_flag=True, help=_("Print JSON (stable field names)."))


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
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


# --- demo, init ----------------------------------------------------------------


@main.command(
    help=_(
        "Open the dashboard on a fresh demo database: a new file at --db when it is given "
        "on the command line, else demo.db in your user data folder, replaced each time."
    )
)
@option("--no-open", is_flag=True, help=_("Only create the demo database and print its path."))
def demo(no_open: bool) -> None:
    import platformdirs

    from store.errors import ReadOnly, StoreError

    settings = _settings()
    if settings.read_only:
        raise ReadOnly(_("--read-only is set, and the demo creates a database"))
    if settings.db_given:
        path = settings.path
        if path.exists() or path.is_symlink():
            raise StoreError(
                _("{path} already exists; the demo never overwrites a file").format(path=path)
            )
    else:
        path = platformdirs.user_data_path(PROG) / "demo.db"
        _remove_database(path)  # the demo is fresh every time
    _create(path, settings.actor, None, demo=True).close()
    if no_open:
        click.echo(str(path))
    else:
        _run_app(path, settings)


@main.command(help=_("Create a database with an empty project, or with the demo project."))
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
    settings = _settings()
    if settings.read_only:
        raise ReadOnly(_("--read-only is set, and init creates a database"))
    if not with_demo and name is None:
        name = _("New project")
    with _create(
        settings.path, settings.actor, name, demo=with_demo, tasks=tasks, country=country
    ) as store:
        click.echo(
            _("created {path}: project {name!r}, {tasks} tasks, {members} members").format(
                path=settings.path,
                name=project(store).name,
                tasks=count(store, Task),
                members=count(store, Member),
            )
        )


# --- departments and members ---------------------------------------------------


@main.group(help=_("Departments of the project."))
def department() -> None:
    pass


@department.command("add", help=_("Add a department."))
@click.argument("name")
@option("--description", default="", help=_("What the department does in the project."))
def department_add(name: str, description: str) -> None:
    from store.models import Department
    from store.people import add_department
    from store.records import validate

    checked = validate(Department, {"name": name, "description": description})
    store = _store(write=True)
    saved = add_department(store, checked.name, checked.description)
    click.echo(_("added department #{id}: {name}").format(id=saved.id, name=saved.name))


@department.command("list", help=_("List the departments."))
@json_option
def department_list(as_json: bool) -> None:
    from store.people import departments, members

    store = _store(write=False)
    team = members(store)
    interface = {m.department_id: m.name for m in team if m.is_interface}
    size = Counter(m.department_id for m in team)
    _print_records(
        departments(store),
        as_json,
        [_("ID"), _("Name"), _("Interface"), _("Members"), _("Description")],
        lambda d: [d.id, d.name, interface.get(d.id), size.get(d.id, 0), d.description],
    )


@main.group(help=_("The team directory."))
def member() -> None:
    pass


@member.command("add", help=_("Add a member to a department."))
@click.argument("name")
@option("--department", "department_name", required=True, metavar="D", help=_("Department."))
@option("--post", default="", metavar="P", help=_("Post or job title."))
@option("--contact", default="", metavar="C", help=_("Phone, e-mail or chat handle."))
@option("--login", metavar="L", help=_("OS/SSH login that maps a session to this member."))
@option("--interface", is_flag=True, help=_("The department's interface person (接口人)."))
@option("--head", is_flag=True, help=_("The department's head."))
@option("--pm", is_flag=True, help=_("The project manager."))
@option("--duties", default="", help=_("Main duties in the project."))
def member_add(
    name: str,
    department_name: str,
    post: str,
    contact: str,
    login: str | None,
    interface: bool,
    head: bool,
    pm: bool,
    duties: str,
) -> None:
    from store.models import Member
    from store.people import add_member, department_named, interface_of
    from store.records import validate

    store = _store(write=True)
    found = department_named(store, department_name)
    new = validate(
        Member,
        {
            "name": name,
            "department_id": found.id,
            "post": post,
            "contact": contact,
            "login": login,
            "duties": duties,
            "is_interface": interface,
            "is_head": head,
            "is_pm": pm,
        },
    )
    before = interface_of(store, found.id) if interface else None
    saved = add_member(store, new)
    click.echo(
        _("added member #{id}: {name} ({department})").format(
            id=saved.id, name=saved.name, department=found.name
        )
    )
    if interface:
        from tui.roles import interface_moved

        click.echo(interface_moved(saved.name, found.name, before))


@member.command("list", help=_("List the team directory."))
@json_option
def member_list(as_json: bool) -> None:
    from store.people import members

    store = _store(write=False)
    departments = _names(store, "departments")

    def roles(m: Any) -> str:
        flags = ((m.is_pm, _("PM")), (m.is_head, _("head")), (m.is_interface, _("interface")))
        return ", ".join(label for on, label in flags if on)

    _print_records(
        members(store),
        as_json,
        [_("ID"), _("Name"), _("Department"), _("Post"), _("Roles"), _("Login"), _("Contact")],
        lambda m: [
            m.id,
            m.name,
            departments.get(m.department_id),
            m.post,
            roles(m),
            m.login,
            m.contact,
        ],
    )


# --- tasks -----------------------------------------------------------------------


@main.group(help=_("Tasks of the plan."))
def task() -> None:
    pass


@task.command("add", help=_("Add a task (dates default to today)."))
@click.argument("title")
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--department", metavar="D", help=_("Department [default: the owner's]."))
@option(
    "--start",
    metavar="DATE",
    help=_("Planned start: 2026-12-01, 12-01, +3d, +2w, +3wd, tomorrow, fri… [default: today]."),
)
@option("--end", metavar="DATE", help=_("Planned end, the same forms [default: the start]."))
@option(
    "--after",
    multiple=True,
    metavar="ID[:TYPE[:LAG]]",
    help=_("A predecessor, e.g. 12 or 12:SS:2 (repeatable)."),
)
@option("--phase", default="", metavar="P", help=_("Phase, e.g. prototype."))
@option("--deliverable", default="", help=_("What the task delivers."))
@option("--milestone", is_flag=True, help=_("Mark the task as a milestone."))
def task_add(
    title: str,
    owner: str | None,
    department: str | None,
    start: str | None,
    end: str | None,
    after: tuple[str, ...],
    phase: str,
    deliverable: str,
    milestone: bool,
) -> None:
    from store import clock
    from store.models import Task
    from store.people import department_named, member_named
    from store.records import validate
    from store.tasks import add_task, held_by, parse_after
    from tui.describe import follows

    today = clock.today()
    store = _store(write=True)
    first = _parse_date(start, today, store) or today
    last = _parse_date(end, today, store) or first
    predecessors = [parse_after(spec) for spec in after]
    person = member_named(store, owner) if owner else None
    if department:
        department_id = department_named(store, department).id
    else:
        department_id = person.department_id if person else None
    new = validate(
        Task,
        {
            "title": title,
            "owner_id": person.id if person else None,
            "department_id": department_id,
            "start": first,
            "end": last,
            "phase": phase,
            "deliverable": deliverable,
            "milestone": milestone,
        },
    )
    saved = add_task(store, new, predecessors)
    click.echo(
        _("added task #{id}: {title} ({start} → {end})").format(
            id=saved.id, title=saved.title, start=saved.start, end=saved.end
        )
    )
    held = held_by(store, saved.id) if saved.start != first else None
    if held is not None:
        click.echo(follows(saved.id, saved.start, held))


@task.command("link", help=_("Make TASK depend on a predecessor: SPEC is ID[:TYPE[:LAG]]."))
@click.argument("task_id", metavar="TASK", type=int)
@click.argument("spec")
def task_link(task_id: int, spec: str) -> None:
    from store.models import Task
    from store.records import get
    from store.tasks import add_dependency, parse_after
    from tui.describe import follows

    store = _store(write=True)
    dependency = parse_after(spec).model_copy(update={"successor_id": task_id})
    start = get(store, Task, task_id).start
    saved = add_dependency(store, dependency)
    click.echo(
        _("task #{successor} now follows #{predecessor} ({type}, lag {lag})").format(
            successor=saved.successor_id,
            predecessor=saved.predecessor_id,
            type=saved.type,
            lag=saved.lag,
        )
    )
    moved = get(store, Task, task_id)
    if moved.start != start:
        click.echo(follows(task_id, moved.start, saved))


@task.command("unlink", help=_("Remove TASK's dependency on the predecessor PREDECESSOR."))
@click.argument("task_id", metavar="TASK", type=int)
@click.argument("predecessor_id", metavar="PREDECESSOR", type=int)
def task_unlink(task_id: int, predecessor_id: int) -> None:
    from store.tasks import unlink

    unlink(_store(write=True), task_id, predecessor_id)
    click.echo(
        _("task #{successor} no longer follows #{predecessor}").format(
            successor=task_id, predecessor=predecessor_id
        )
    )


@task.command("list", help=_("List the tasks by start date."))
@json_option
def task_list(as_json: bool) -> None:
    from store.tasks import tasks

    store = _store(write=False)
    members = _names(store, "members")
    _print_records(
        tasks(store),
        as_json,
        [_("ID"), _("Title"), _("Owner"), _("Start"), _("End"), _("Status"), _("Done %")],
        lambda t: [t.id, t.title, members.get(t.owner_id), t.start, t.end, t.status, t.progress],
    )


@main.command(
    "calendar",
    help=_(
        "The project's working days: its official calendar, own holidays and extra working "
        "days; the options change them."
    ),
)
@option(
    "--country",
    metavar="CODE",
    help=_("Official calendar, e.g. CN; an empty value means Monday to Friday."),
)
@option("--holiday", "holidays", multiple=True, metavar="DATE", help=_("Add a project holiday."))
@option(
    "--workday",
    "workdays",
    multiple=True,
    metavar="DATE",
    help=_("Add an extra working day, e.g. a Saturday worked."),
)
@option(
    "--remove", multiple=True, metavar="DATE", help=_("Remove a date from both of those lists.")
)
def calendar_command(
    country: str | None,
    holidays: tuple[str, ...],
    workdays: tuple[str, ...],
    remove: tuple[str, ...],
) -> None:
    from store import calendars, clock
    from store.project import project, update_charter
    from tui.working_days import calendar_line, holiday_language

    today = clock.today()
    changing = country is not None or bool(holidays or workdays or remove)
    store = _store(write=changing)
    if changing:
        current = project(store)
        gone = {_parse_date(text, today, store) for text in remove}
        values: dict[str, Any] = {
            name: sorted(
                (set(getattr(current, name)) - gone) | {_parse_date(t, today, store) for t in added}
            )
            for name, added in (("holidays", holidays), ("workdays", workdays))
        }
        if country is not None:
            values["country"] = country
        update_charter(store, current.version, **values)
    click.echo(calendar_line(calendars.summary(store, today, holiday_language())))


@main.command(help=_("The critical-path table: ES, EF, LS, LF, floats (working days)."))
@json_option
def schedule(as_json: bool) -> None:
    from store.errors import Invalid
    from store.schedule import CycleError
    from store.tasks import compute_schedule, tasks

    store = _store(write=False)
    titles = {t.id: t.title for t in tasks(store)}
    try:
        plan = compute_schedule(store)
    except CycleError as error:
        path = " → ".join(f"#{i}" for i in [*error.cycle, error.cycle[0]])
        raise Invalid(_("the dependencies make a cycle: {path}").format(path=path)) from None
    rows = [
        {
            "id": s.id,
            "title": titles.get(s.id, ""),  # a task added meanwhile by someone else
            "es": s.es.isoformat(),
            "ef": s.ef.isoformat(),
            "ls": s.ls.isoformat(),
            "lf": s.lf.isoformat(),
            "total_float": s.total_float,
            "free_float": s.free_float,
            "critical": s.critical,
        }
        for s in sorted(plan.tasks.values(), key=lambda s: (s.es, s.id))
    ]
    if as_json:
        _print_json(rows)
        return
    keys = ["id", "title", "es", "ef", "ls", "lf", "total_float", "free_float", "critical"]
    headers = [_("ID"), _("Title"), "ES", "EF", "LS", "LF", _("TF"), _("FF"), _("Critical")]
    _print_table(headers, [[row[k] for k in keys] for row in rows])
    critical = sum(1 for row in rows if row["critical"])
    click.echo(
        _("project finish: {finish}; critical path: {count}").format(
            finish=plan.finish.isoformat() if plan.finish else "—",
            count=ngettext("{n} task", "{n} tasks", critical).format(n=critical),
        )
    )


# --- risks ----------------------------------------------------------------------


def _quick_help() -> str:
    from store.risks import QUICK_HELP

    return "\b\n" + QUICK_HELP


@main.group(help=_("The risk register."))
def risk() -> None:
    pass


@risk.command(
    "add",
    help=_("Add a risk. TEXT may use the quick syntax below; options override what it says."),
    epilog=_quick_help,
)
@click.argument("text")
@option("--level", help=_("high, medium or low."))
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--response", help=_("The response plan."))
@option("--strategy", help=_("avoid, transfer, mitigate, accept or escalate."))
@option("--task", "task_id", type=int, metavar="ID", help=_("The linked task."))
@option("--probability", type=int, metavar="1-5", help=_("Probability, 1 to 5."))
@option(
    "--impact",
    type=int,
    metavar="1-5",
    help=_("Impact, 1 to 5 (with probability: sets the level)."),
)
def risk_add(
    text: str,
    level: str | None,
    owner: str | None,
    response: str | None,
    strategy: str | None,
    task_id: int | None,
    probability: int | None,
    impact: int | None,
) -> None:
    from store.models import Risk, Task
    from store.people import member_named, members
    from store.records import get, validate
    from store.risks import add_risk, parse_quick

    store = _store(write=True)
    names = [n for m in members(store) for n in (m.name, m.login) if n]
    quick = parse_quick(text, names)
    owner = owner or quick.owner
    task_id = task_id if task_id is not None else quick.task_id
    if task_id is not None:
        get(store, Task, task_id)
    values: dict[str, Any] = {
        "title": quick.title,
        "owner_id": member_named(store, owner).id if owner else None,
        "strategy": strategy.lower() if strategy else quick.strategy,
        "response": response if response is not None else quick.response,
        "task_id": task_id,
        "probability": probability,
        "impact": impact,
    }
    if level or quick.level:
        values["level"] = level.lower() if level else quick.level
    saved = add_risk(store, validate(Risk, values))
    click.echo(
        _("added {level} risk #{id}: {title}").format(
            level=saved.level, id=saved.id, title=saved.title
        )
    )


@risk.command("list", help=_("List the risks, highest first."))
@json_option
def risk_list(as_json: bool) -> None:
    from store.risks import risks

    store = _store(write=False)
    members = _names(store, "members")
    _print_records(
        risks(store),
        as_json,
        [_("ID"), _("Level"), _("Title"), _("Owner"), _("Strategy"), _("Status"), _("Task")],
        lambda r: [
            r.id,
            r.level,
            r.title,
            members.get(r.owner_id),
            r.strategy,
            r.status,
            f"#{r.task_id}" if r.task_id else None,
        ],
    )


# --- daily updates and meetings ------------------------------------------------


@main.group(help=_("Daily updates (每日同步)."))
def update() -> None:
    pass


@update.command("add", help=_("Post a daily update (as yourself unless --member is given)."))
@option("--member", "member_name", metavar="NAME", help=_("Whose update [default: yours]."))
@option("--done", required=True, help=_("What was done."))
@option("--next", "next_", default="", help=_("What comes next."))
@option("--blockers", default="", help=_("What is in the way."))
@option(
    "--date",
    "day",
    metavar="DATE",
    help=_("The day, e.g. 2026-12-01, -1d or yesterday [default: today]."),
)
def update_add(
    member_name: str | None, done: str, next_: str, blockers: str, day: str | None
) -> None:
    from store import clock
    from store.errors import Invalid
    from store.meetings import add_update
    from store.models import DailyUpdate
    from store.people import member_for_login, member_named
    from store.records import validate

    today = clock.today()
    when = _parse_date(day, today) or today
    store = _store(write=True)
    if member_name:
        person = member_named(store, member_name)
    else:
        person = member_for_login(store, store.actor)
        if person is None:
            raise Invalid(
                _(
                    "no member has the login {login!r}: pass --member NAME, "
                    "or set that member's login"
                ).format(login=store.actor)
            )
    new = validate(
        DailyUpdate,
        {"member_id": person.id, "date": when, "done": done, "next": next_, "blockers": blockers},
    )
    saved = add_update(store, new)
    click.echo(
        _("added update #{id}: {name}, {date}").format(id=saved.id, name=person.name, date=when)
    )


@update.command("list", help=_("List the daily updates, newest first."))
@json_option
def update_list(as_json: bool) -> None:
    from store.meetings import updates

    store = _store(write=False)
    members = _names(store, "members")
    _print_records(
        updates(store),
        as_json,
        [_("ID"), _("Date"), _("Member"), _("Done"), _("Next"), _("Blockers")],
        lambda u: [u.id, u.date, members.get(u.member_id), u.done, u.next, u.blockers],
    )


@main.group(help=_("Meetings and their minutes."))
def meeting() -> None:
    pass


@meeting.command("list", help=_("List the meetings, newest first."))
@json_option
def meeting_list(as_json: bool) -> None:
    from store.meetings import meetings

    store = _store(write=False)
    _print_records(
        meetings(store),
        as_json,
        [_("ID"), _("Date"), _("Time"), _("Kind"), _("Title"), _("Status"), _("Attendees")],
        lambda m: [m.id, m.date, m.start, m.kind, m.title, m.status, len(m.attendees)],
    )


# --- export, import, backup, check ---------------------------------------------


@main.group(help=_("Export minutes, JSON, CSV, iCalendar or a Gantt chart."))
def export() -> None:
    pass


@export.command("json", help=_("Everything, change log included, as one JSON document."))
@output_options
def export_json(output: str | None, force: bool) -> None:
    from store.exports import to_json

    _emit(output, force, to_json)


@export.command("csv", help=_("One table as CSV, e.g. tasks, members, risks."))
@click.argument("table")
@output_options
def export_csv(table: str, output: str | None, force: bool) -> None:
    from store.exports import to_csv

    _emit(output, force, lambda store: to_csv(store, table))


@export.command("minutes", help=_("The minutes of a meeting as Markdown."))
@click.argument("meeting_id", metavar="MEETING", type=int)
@output_options
def export_minutes(meeting_id: int, output: str | None, force: bool) -> None:
    from store.exports import minutes

    _emit(output, force, lambda store: minutes(store, meeting_id, _))


@export.command("ics", help=_("Milestones, meetings and task due dates as iCalendar."))
@output_options
def export_ics(output: str | None, force: bool) -> None:
    from store.exports import to_ics

    _emit(output, force, to_ics)


@export.command(
    "gantt", help=_("The plan as a Markdown Gantt chart: a table per phase and bars by week.")
)
@output_options
def export_gantt(output: str | None, force: bool) -> None:
    from store.exports import gantt_markdown

    _emit(output, force, lambda store: gantt_markdown(store, None, _))


@main.group("import", help=_("Import a JSON export or CSV rows."))
def import_() -> None:
    pass


@import_.command("json", help=_("Load an export json file into an empty database."))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_json(file: Path) -> None:
    from store.exports import import_json as load

    store = _store(write=True)
    counts = load(store, file.expanduser().read_bytes())
    summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n) or _("nothing")
    click.echo(_("imported {summary}").format(summary=summary))


@import_.command("csv", help=_("Append the rows of a CSV file to TABLE (all or nothing)."))
@click.argument("table")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_csv(table: str, file: Path) -> None:
    from store.exports import import_csv as load

    store = _store(write=True)
    added = load(store, table, file.expanduser().read_bytes())
    click.echo(_("imported {n} rows into {table}").format(n=added, table=table))


@main.command(
    help=_(
        "Copy the database consistently while others keep working. DEST is a new file, "
        "or an existing folder to copy into."
    )
)
@click.argument("dest", type=click.Path())
@option("--force", is_flag=True, help=_("Replace DEST if it exists (never the database)."))
def backup(dest: str, force: bool) -> None:
    store = _store(write=False)
    copy = store.backup(dest, force=force)
    click.echo(_("backed up {path} to {dest}").format(path=store.path, dest=copy))


@main.command(help=_("Integrity, schema version and counts; exit 1 if the file is damaged."))
@json_option
def check(as_json: bool) -> None:
    report = _store(write=False).check()
    healthy = report["integrity"] == "ok" and not report["foreign_key_violations"]
    if as_json:
        _print_json(report)
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


if __name__ == "__main__":
    main(prog_name=PROG)
