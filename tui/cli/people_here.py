"""``whoami`` and ``who``: the member this command acts as, and who has the app open."""

from __future__ import annotations

import click

from tui.cli.language import Command
from tui.cli.output import json_option, print_json, print_table
from tui.cli.session import open_store
from tui.i18n import N_, _

ROLE_WORDS = (
    ("is_pm", N_("project manager")),
    ("is_head", N_("department head")),
    ("is_interface", N_("interface person")),
)


@click.command(
    "whoami", cls=Command, help=_("The member you act as (--as, XDEPT_USER or your login).")
)
@json_option
def whoami(as_json: bool) -> None:
    from store.errors import Invalid
    from store.models import Department
    from store.people import member_for_login
    from store.records import get
    from store.text import one_line

    store = open_store(write=False)
    login = store.actor
    me = member_for_login(store, login)
    if me is None:
        raise Invalid(
            "{login} is on no member's roster entry: the project manager adds it with "
            "xdept-tui member add NAME --department D --login {login}",
            login=login,
        )
    department = get(store, Department, me.department_id).name if me.department_id else ""
    roles = [word for field, word in ROLE_WORDS if getattr(me, field)]
    if as_json:
        print_json(
            {"id": me.id, "name": me.name, "login": login, "department": department}
            | {"roles": roles}
        )
        return
    said = ", ".join(_(word) for word in roles) or _("member")
    parts = [f"{one_line(me.name)} ({login})", one_line(department), said]
    click.echo(" · ".join(p for p in parts if p))


@click.command("who", cls=Command, help=_("Who has the project open now, and where."))
@json_option
def who(as_json: bool) -> None:
    from store.models import Member
    from store.presence import here
    from store.records import find

    store = open_store(write=False)
    names = {m.id: m.name for m in find(store, Member)}
    found = here(store)
    rows = [
        {
            "login": h.login,
            "name": names.get(h.member_id or 0, ""),
            "screen": h.screen,
            "record": h.record,
            "editing": h.editing,
            "since": h.since,
        }
        for h in found
    ]
    if as_json:
        print_json(rows)
        return
    headers = [_("Login"), _("Name"), _("Screen"), _("Record"), _("Editing"), _("Since")]
    print_table(headers, [list(row.values()) for row in rows])
