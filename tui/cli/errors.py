"""The error funnel: a user mistake from any command ends as one line on stderr and exit 1."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from tui.cli import PROG
from tui.i18n import _, say_error, set_language

EXIT_INTERRUPTED = 130


def refuse_undecodable(argv: list[str]) -> None:
    """Exit 1 on an argument holding bytes that are not UTF-8, before click parses it."""
    for position, arg in enumerate(argv, 1):
        if not _is_utf8(arg):
            lang = _lang_option(argv)  # click has not read --lang yet: say it in that language
            if lang:
                set_language(lang.lower())
            message = _("argument {n} is not UTF-8 text (check the terminal's encoding)")
            say(message.format(n=position))
            sys.exit(1)


def say(message: str) -> None:
    """The one line on stderr that says a command failed."""
    click.echo(_("{prog}: error: {message}").format(prog=PROG, message=message), err=True)


def funnel(ctx: click.Context, invoke: Callable[[click.Context], Any]) -> Any:
    """Run the command; a user mistake, ctrl-c or a closed pipe ends it with its exit code."""
    try:
        return invoke(ctx)
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

        say(one_line(message))
        ctx.exit(1)


def _user_message(error: Exception) -> str | None:
    """The one line for a mistake the user can fix; None for a bug (keep the traceback)."""
    import sqlite3

    from pydantic import ValidationError

    from store.errors import StoreError

    if isinstance(error, StoreError | ValidationError | OSError | sqlite3.Error):
        return say_error(error)
    if isinstance(error, UnicodeError):  # e.g. XDEPT_DB holding bytes that are not UTF-8
        reason = getattr(error, "reason", error)  # a bare UnicodeError has no reason
        return _("text that is not UTF-8 ({reason})").format(reason=reason)
    return None


def _lang_option(argv: list[str]) -> str | None:
    """The value of ``--lang X`` or ``--lang=X`` among the arguments, if any."""
    for arg, following in zip(argv, [*argv[1:], None], strict=True):
        if arg == "--lang":
            return following
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


def _is_utf8(text: str) -> bool:
    """False for an argument holding bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which fail later, deep inside, with a traceback)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture output)
        pass
