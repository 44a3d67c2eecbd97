"""``serve``, ``key`` and ``sessions``: the project over SSH (README, "Serving over SSH")."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui.cli import PROG
from tui.cli.language import Command, Group, option
from tui.cli.output import json_option, print_json, print_table
from tui.cli.session import global_options, open_store
from tui.i18n import _

if TYPE_CHECKING:
    import asyncssh

    from tui.ssh.server import Settings

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> float:
    """``2h``, ``90m``, ``1h30m``, ``600`` (seconds); ``0`` is never."""
    from store.errors import Invalid

    cleaned = text.strip().lower()
    parts = re.findall(r"(\d+(?:\.\d+)?)([smhd]?)", cleaned)
    if not parts or "".join(n + u for n, u in parts) != cleaned:
        raise Invalid(
            _("--idle-timeout {text!r}: give a time such as 2h, 90m, 1h30m or 0 for never").format(
                text=text
            )
        )
    return sum(float(n) * _UNITS[u or "s"] for n, u in parts)


@click.command(
    cls=Command,
    help=_(
        "Serve the project over SSH: each member signs in with their key "
        "(xdept-tui key add) and gets the app as themselves, with no shell and no "
        "files. Stop it with ctrl+c."
    ),
)
@option("--host", default="127.0.0.1", show_default=True, help=_("Address to listen on."))
@option(
    "--port",
    type=click.IntRange(0, 65535),
    default=2222,
    show_default=True,
    help=_("Port to listen on (0: any free port, printed)."),
)
@option(
    "--max-sessions",
    type=click.IntRange(1, 10_000),
    default=50,
    show_default=True,
    help=_("Sessions open at once; more are refused."),
)
@option(
    "--idle-timeout",
    default="2h",
    show_default=True,
    metavar="TIME",
    help=_("Close a session after this long without a key (2h, 90m, 0 for never)."),
)
def serve(host: str, port: int, max_sessions: int, idle_timeout: str) -> None:
    import asyncio

    import platformdirs

    from store.db import Store
    from store.errors import InvalidDatabase, ReadOnly
    from tui.ssh.host_key import load_or_create
    from tui.ssh.server import Settings

    options = global_options()
    if options.read_only:
        raise ReadOnly(_("--read-only is set, and the served app changes the database"))
    idle = duration(idle_timeout)
    if not options.path.exists():
        raise InvalidDatabase(
            _("no database at {path}; create one with: {prog} init --name NAME").format(
                path=options.path, prog=PROG
            )
        )
    with Store(options.path, options.actor) as store:  # refuse a foreign or newer file now
        from store.ssh_keys import members_with_keys

        signing_in = members_with_keys(store)
    data_dir = platformdirs.user_data_path("xdept-tui")
    key, key_path, made = load_or_create(data_dir)
    settings = Settings(
        database=options.path.resolve(),
        host=host,
        port=port,
        max_sessions=max_sessions,
        idle_timeout=idle,
        idle_text=idle_timeout,
        data_dir=data_dir,
    )
    asyncio.run(_listen(settings, key, key_path, made, signing_in))


async def _listen(
    settings: Settings, key: asyncssh.SSHKey, key_path: Path, made: bool, signing_in: int
) -> None:
    import asyncio
    import errno
    import signal

    from store.errors import Invalid
    from tui.ssh.server import serve as start

    try:
        server, acceptor = await start(settings, key)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise Invalid(
                _(
                    "cannot listen on {host}:{port}: {reason}; choose another with --host or --port"
                ).format(host=settings.host, port=settings.port, reason=error.strerror)
            ) from None
        raise
    said = _("new host key") if made else _("host key")
    for line in (
        _("{prog} serve: {db}").format(prog=PROG, db=settings.database),
        _("{said} {fingerprint} ({path})").format(
            said=said, fingerprint=key.get_fingerprint("sha256"), path=key_path
        ),
        _("listening on {host}:{port}; connect with: ssh -p {port} {shown}").format(
            host=settings.host, port=server.settings.port, shown=settings.shown_host
        ),
        _("members sign in with their keys: {prog} key add NAME FILE; ctrl+c stops").format(
            prog=PROG
        ),
        _("members with a key: {n}").format(n=signing_in)
        if signing_in
        else _("no member has a key yet: nobody can sign in until one is added"),
    ):
        click.echo(line)
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    acceptor.close()
    await server.stop()
    click.echo(_("{prog} serve: stopped").format(prog=PROG))


@click.group(
    cls=Group,
    help=_(
        "Members' SSH keys, for xdept-tui serve: a key signs its member in as themselves. "
        "Only the project manager adds, lists and removes keys."
    ),
)
def key() -> None:
    pass


@key.command(
    "add",
    help=_(
        "Add a member's public key(s): FILE is their .pub file, or - to read it from "
        "the input (several lines: several keys)."
    ),
)
@click.argument("member_name", metavar="MEMBER")
@click.argument("source", metavar="FILE|-")
@option(
    "--login",
    metavar="L",
    help=_("Give a member who has no login this one (the served app acts as it)."),
)
def key_add(member_name: str, source: str, login: str | None) -> None:
    from store.errors import Invalid
    from store.people import member_named
    from store.ssh_keys import add_keys

    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise Invalid(
                _("{path} is not a public key file (not text)").format(path=path)
            ) from None
    store = open_store(write=True)
    member = member_named(store, member_name)
    for added in add_keys(store, member.id, text, login):
        click.echo(
            _("added key #{id} {fingerprint} for {name}").format(
                id=added.id, fingerprint=added.fingerprint, name=member.name
            )
        )


@key.command("list", help=_("List every member's keys."))
@json_option
def key_list(as_json: bool) -> None:
    from store.ssh_keys import keys

    found = keys(open_store(write=False))
    if as_json:
        print_json([k.model_dump(mode="json") | {"member": name} for k, name in found])
        return
    print_table(
        [_("ID"), _("Member"), _("Fingerprint"), _("Type"), _("Comment"), _("Added")],
        [
            [k.id, name, k.fingerprint, k.public_key.split()[0], k.comment, _local(k.created_at)]
            for k, name in found
        ],
        whole=(2,),
    )


@key.command("remove", help=_("Remove a key: its member can no longer sign in with it."))
@click.argument("key_id", metavar="ID", type=int)
def key_remove(key_id: int) -> None:
    from store.people import names
    from store.ssh_keys import remove_key

    store = open_store(write=True)
    removed = remove_key(store, key_id)
    name = names(store).members.get(removed.member_id, ("", ""))[0]
    click.echo(
        _("removed key #{id} {fingerprint} of {name}").format(
            id=removed.id, fingerprint=removed.fingerprint, name=name
        )
    )


@click.command(
    cls=Command,
    help=_(
        "The SSH server's log, newest first: every session (who, from where, when, how "
        "long) and every refusal. Only the project manager sees it."
    ),
)
@option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help=_("How many lines."),
)
@json_option
def sessions(limit: int, as_json: bool) -> None:
    from dataclasses import asdict

    from store.ssh_log import events

    found = events(open_store(write=False), limit)
    if as_json:
        print_json([asdict(e) for e in found])
        return
    print_table(
        [_("When"), _("Who"), _("From"), _("What")],
        [[_local(e.at), _who(e), e.address, _what(e)] for e in found],
    )


def _local(at: str | None) -> str:
    from store.clock import local

    return local(at) if at else ""


def _who(event: Any) -> str:
    if event.name:
        return event.name
    return event.login or (f"({event.username})" if event.username else "")


def _what(event: Any) -> str:
    from store.ssh_log import REASONS
    from tui.i18n import say_error

    if event.event == "refused":
        what = _("refused: {reason}").format(reason=say_error(REASONS[event.reason]))
        detail = event.detail or event.fingerprint
        return f"{what} ({detail})" if detail else what
    if event.ended_at is None:
        return _("session, open")
    from datetime import datetime

    span = datetime.fromisoformat(event.ended_at) - datetime.fromisoformat(event.at)
    length = _("{minutes} min").format(minutes=round(span.total_seconds() / 60))
    if not event.exit_status:
        return _("session until {until} ({length})").format(
            until=_local(event.ended_at)[-5:], length=length
        )
    return _("session until {until} ({length}), exit {status}").format(
        until=_local(event.ended_at)[-5:], length=length, status=event.exit_status
    )
