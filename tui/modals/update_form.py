"""``u`` on any screen: today's daily update (日报) of the member the user is — done,
next, blockers — or the same record again once it is posted (one a day).

It opens on the next frame: the acting member and today's updates come from the
project's health the app keeps (``XdeptApp.health``), and the form is a pooled one
(``FormPool``). Only before the health is first read does it ask the database.
A login on nobody's roster entry is told how the project manager adds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from store import clock
from store.symbols import EDITING
from store.text import one_line
from tui.i18n import N_, _, say_error
from tui.modals.form import FormField, FormSpec, RecordForm, _say
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


class UpdateForm(RecordForm):
    """A new update refused because one was posted meanwhile (another terminal of the
    same member) becomes the edit of that one, what was typed kept in it."""

    def show_store_error(self, error: Exception) -> None:
        from store.errors import Invalid

        posted = getattr(error, "params", {}).get("id")
        if isinstance(error, Invalid) and self.spec.record_id is None and isinstance(posted, int):
            run(self, lambda: self._edit_posted(posted, say_error(error)), group="update-posted")
        else:
            super().show_store_error(error)

    async def _edit_posted(self, update_id: int, said: str) -> None:
        from store.models import DailyUpdate
        from store.records import get

        typed = self._raw()
        found = await self.app.run_db(get, self.app.store, DailyUpdate, update_id)
        self.load(_spec(self.app, found.member_id, found, self.spec.title))
        for item in self.spec.fields:
            if typed.get(item.name):
                self._put(item, typed[item.name])
        warning = _("{said}. The form now edits it, with what you typed; esc keeps it as it is")
        _say(self.query_one("#form-warning", Static), f"{EDITING} " + warning.format(said=said))


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
    who = one_line(member.name)
    title = _("Daily update · {name} · {day}").format(name=who, day=today.isoformat())

    def done(update: DailyUpdate | None) -> None:
        if update is not None:
            say(app, _("Daily update #{id} saved: {name}, {day}").format(
                id=update.id, name=who, day=update.date.isoformat()
            ))  # fmt: skip

    app.forms.open(_spec(app, member.id, mine, title), done, UpdateForm)


def _spec(app: XdeptApp, member_id: int, mine: DailyUpdate | None, title: str) -> FormSpec:
    """The form of the member's update of today: posting a new one, or editing ``mine``."""
    from store.meetings import edit_update, post_update
    from store.models import DailyUpdate

    store = app.store
    if mine is None:
        values = {"member_id": member_id, "date": clock.today()}

        def post(typed: dict[str, Any], _version: object) -> DailyUpdate:
            return post_update(store, DailyUpdate(**values, **typed))

        return FormSpec(
            title, DailyUpdate, UPDATE_FIELDS, post, values=dict(values), entity="daily_updates"
        )
    saved = mine

    def edit(typed: dict[str, Any], version: int, base: dict[str, Any]) -> DailyUpdate:
        return edit_update(store, saved.id, version, base, **typed)

    return FormSpec.editing(title, mine, UPDATE_FIELDS, edit)
