"""``meeting``: list the meetings (their minutes are exported by ``export minutes``)."""

from __future__ import annotations

import click

from tui.cli.language import Group
from tui.cli.output import json_option, print_records
from tui.cli.session import open_store
from tui.i18n import _


@click.group(cls=Group, help=_("Meetings and their minutes."))
def meeting() -> None:
    pass


@meeting.command("list", help=_("List the meetings, newest first."))
@json_option
def meeting_list(as_json: bool) -> None:
    from store.meetings import meetings

    store = open_store(write=False)
    print_records(
        meetings(store),
        as_json,
        [_("ID"), _("Date"), _("Time"), _("Kind"), _("Title"), _("Status"), _("Attendees")],
        lambda m: [m.id, m.date, m.start, m.kind, m.title, m.status, len(m.attendees)],
    )
