"""``update``: post daily updates (每日同步) and list them."""

from __future__ import annotations

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, names, print_records
from tui.cli.session import date_option, open_store
from tui.i18n import _


@click.group(cls=Group, help=_("Daily updates (每日同步)."))
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
    from store.meetings import post_update
    from store.models import DailyUpdate, Member
    from store.people import member_for_login, member_named
    from store.records import validate

    today = clock.today()
    when = date_option(day, today) or today
    store = open_store(write=True)
    person: Member | None
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
    saved = post_update(store, new)
    click.echo(
        _("added update #{id}: {name}, {date}").format(id=saved.id, name=person.name, date=when)
    )


@update.command("list", help=_("List the daily updates, newest first."))
@json_option
def update_list(as_json: bool) -> None:
    from store.meetings import updates

    store = open_store(write=False)
    members = names(store, "members")
    print_records(
        updates(store),
        as_json,
        [_("ID"), _("Date"), _("Member"), _("Done"), _("Next"), _("Blockers")],
        lambda u: [u.id, u.date, members.get(u.member_id), u.done, u.next, u.blockers],
    )
