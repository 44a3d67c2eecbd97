"""``update``: post daily updates (每日同步) and list them."""

from __future__ import annotations

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, names, print_json, print_records
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
@json_option
def update_add(
    member_name: str | None, done: str, next_: str, blockers: str, day: str | None, as_json: bool
) -> None:
    from store import clock
    from store.errors import Invalid
    from store.meetings import post_update, update_of
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
    posted = update_of(store, person.id, when)
    if posted is not None:
        raise Invalid(
            _("{name} already posted the update of {day} (#{id}): use `update edit {id}`").format(
                name=person.name, day=when.isoformat(), id=posted.id
            )
        )
    saved = post_update(store, new)
    if as_json:
        print_json(saved.model_dump(mode="json"))
        return
    click.echo(
        _("added update #{id}: {name}, {date}").format(id=saved.id, name=person.name, date=when)
    )


@update.command("list", help=_("List the daily updates, newest first."))
@option("--date", "day", metavar="DATE", help=_("Only the updates of this day, e.g. -1d."))
@json_option
def update_list(day: str | None, as_json: bool) -> None:
    from store import clock
    from store.meetings import updates

    store = open_store(write=False)
    members = names(store, "members")
    print_records(
        updates(store, date_option(day, clock.today())),
        as_json,
        [_("ID"), _("Date"), _("Member"), _("Done"), _("Next"), _("Blockers")],
        lambda u: [u.id, u.date, members.get(u.member_id), u.done, u.next, u.blockers],
    )


@update.command("edit", help=_("Change a daily update: only the options given ('' clears one)."))
@click.argument("update_id", metavar="ID", type=int)
@option("--done", help=_("What was done."))
@option("--next", "next_", help=_("What comes next."))
@option("--blockers", help=_("What is in the way."))
@json_option
def update_edit(
    update_id: int, done: str | None, next_: str | None, blockers: str | None, as_json: bool
) -> None:
    from store.meetings import edit_update
    from store.models import DailyUpdate
    from store.records import get
    from tui.cli.issue import given, nothing_to_change

    store = open_store(write=True)
    values = given({"done": done, "next": next_, "blockers": blockers})
    if not values:
        nothing_to_change()
    current = get(store, DailyUpdate, update_id)
    saved = edit_update(store, update_id, current.version, **values)
    if as_json:
        print_json(saved.model_dump(mode="json"))
        return
    click.echo(_("edited update #{id} of {date}").format(id=saved.id, date=saved.date))
