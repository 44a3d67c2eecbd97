"""Click in the user's language: help texts translated when shown, click's own messages, --lang."""

from __future__ import annotations

from typing import Any

import click

from tui.i18n import _, ngettext, set_language


def _shown(text: Any) -> str | None:
    """A help text in the current language (``\\b`` keeps click from re-wrapping).

    A callable is called first: it supplies text that lives in a module this
    package does not import until a command needs it.
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


class Option(click.Option):
    help = _translated("help")


class Command(click.Command):
    help = _translated("help")
    short_help = _translated("short_help")
    epilog = _translated("epilog")


class Group(click.Group):
    help = _translated("help")
    short_help = _translated("short_help")
    epilog = _translated("epilog")
    command_class = Command
    group_class = type  # subgroups are Group too


def option(*names: str, **attrs: Any) -> Any:
    return click.option(*names, cls=Option, **attrs)


def speak_the_locale() -> None:
    """XDEPT_LANG or the locale, before anything is parsed, so even --help is translated."""
    set_language()
    _click_speaks_our_language()


def choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """The --lang option's callback."""
    set_language(value.lower() if value else None)


def _click_speaks_our_language() -> None:
    """Click words its own messages ("Missing option", "Usage:") through gettext's global
    ``_`` and ``ngettext``, read from .mo files of the default domain; point those names
    in click's modules at our catalog instead, so they follow --lang like the rest."""
    from click import core, decorators, exceptions, formatting, parser, termui, types

    for module in (core, decorators, exceptions, formatting, parser, termui, types):
        module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
