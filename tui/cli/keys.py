"""``keys``: every key binding's id, for the keymap in the settings file (README, "Settings")."""

from __future__ import annotations

import click

from tui.cli.language import Command
from tui.cli.output import json_option, print_json, print_table
from tui.i18n import _


@click.command(
    cls=Command,
    help=_(
        "List every key binding's id, its keys and what it does: the ids a keymap in "
        "the settings file rebinds."
    ),
)
@json_option
def keys(as_json: bool) -> None:
    from tui.keys import bindings, describe
    from tui.settings_file import settings_path

    found = sorted(bindings().items())
    if as_json:
        print_json({bid: {"keys": b.key, "description": describe(b)} for bid, b in found})
        return
    print_table(
        [_("id"), _("keys"), _("what it does")], [[bid, b.key, describe(b)] for bid, b in found]
    )
    click.echo(_("settings file: {path}").format(path=settings_path()))
