"""``u`` on any screen: today's daily update (日报) of the member the user is — done,
next, blockers — or the same record again once it is posted (one a day).

It opens on the next frame: the acting member and today's updates come from the
project's health the app keeps (``XdeptApp.health``), and the form is a pooled one
(``FormPool``). Only before the health is first read does it ask the database.
A login on nobody's roster entry is told how the project manager adds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from store import clock
from store.text import one_line
from tui.i18n import N_, _
from tui.modals.form import FormField, FormSpec
from tui.tell import run, say

if TYPE_CHECKING:
    from datetime import date

    from store.models import DailyUpdate, Member
    from tui.app import XdeptApp

UPDATE_FIELDS = [
    FormField("done", N_("Done"), "text", optional=False),
    FormField("next", N_("Next"), "text"),
    FormField("blockers", N_("Blockers"), "text"),
]


def open_my_update(app: XdeptApp) -> None:
    """Open the acting member's update of today (a new one if not posted yet)."""
    health, today = app.health, clock.today()
    if health is None or health.today != today:
        run(app, lambda: _read_and_open(app, today), group="my-update", exclusive=True)
        return
    member = next((m for m in health.members.values() if m.login == app.store.actor), None)
    mine = next(
        (u for u in health.updates_today if member is not None and u.member_id == member.id),
        None,
    )
    _open(app, member, mine, today)


async def _read_and_open(app: XdeptApp, today: date) -> None:
    from store.update_view import my_update

    found = await app.run_db(my_update, app.store, today)
    _open(app, found.member, found.update, today)


def _open(app: XdeptApp, member: Member | None, mine: DailyUpdate | None, today: date) -> None:
    from store.meetings import edit_update, post_update
    from store.models import DailyUpdate

    if member is None:
        say(
            app,
            _(
                "Your login {login!r} is on nobody's roster entry, so you have no daily "
                "update. The project manager adds it: on the Roster (3), e on your entry, "
                "Login; or xdept-tui member add NAME --department D --login {login}"
            ).format(login=one_line(app.store.actor)),
            severity="warning",
            timeout=12,
        )
        return
    store, who = app.store, one_line(member.name)
    title = _("Daily update · {name} · {day}").format(name=who, day=today.isoformat())
    if mine is None:
        values = {"member_id": member.id, "date": today}

        def post(typed: dict[str, Any], _version: object) -> DailyUpdate:
            return post_update(store, DailyUpdate(**values, **typed))

        spec = FormSpec(
            title, DailyUpdate, UPDATE_FIELDS, post, values=dict(values), entity="daily_updates"
        )
    else:
        saved = mine

        def edit(typed: dict[str, Any], version: int, _base: dict[str, Any]) -> DailyUpdate:
            return edit_update(store, saved.id, version, **typed)

        spec = FormSpec.editing(title, mine, UPDATE_FIELDS, edit)

    def done(update: DailyUpdate | None) -> None:
        if update is not None:
            say(app, _("Daily update #{id} saved: {name}, {day}").format(
                id=update.id, name=who, day=update.date.isoformat()
            ))  # fmt: skip

    app.forms.open(spec, done)
