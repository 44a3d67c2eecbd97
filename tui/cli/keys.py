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
        "the settings file rebinds. Keys the settings file changes are shown with the "
        "default beside them, and anything in the file that is ignored is said on stderr."
    ),
)
@json_option
def keys(as_json: bool) -> None:
    from tui.keys import bindings, describe
    from tui.settings import read_settings, unknown_ids
    from tui.settings_file import settings_path

    found = sorted(bindings().items())
    settings, said = read_settings()
    said += unknown_ids(settings, {bid for bid, _b in found})
    for line in said:
        click.echo(line, err=True)
    mine = settings.keymap
    if as_json:
        print_json(
            {
                bid: {"keys": mine.get(bid, b.key), "default": b.key, "description": describe(b)}
                for bid, b in found
            }
        )
        return
    rows = []
    for bid, b in found:
        shown = b.key
        if bid in mine and mine[bid] != b.key:
            shown = _("{keys} (default {default})").format(keys=mine[bid], default=b.key)
        rows.append([bid, shown, describe(b)])
    print_table([_("id"), _("keys"), _("what it does")], rows)
    click.echo(_("settings file: {path}").format(path=settings_path()))
