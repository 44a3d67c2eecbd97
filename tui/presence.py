"""This app's heartbeat (store/presence.py): others see who is where, and when it went.

The app beats when it starts, whenever the user goes to another screen, record or
form (``App.screen_change_signal``), and every ``BEAT`` seconds; it leaves when it
stops. Each beat is written in the database thread, from a worker: the interface
thread only notices that the place changed. A screen says which record it shows
with a ``presence_record`` attribute ("meetings:12"); a form open over it keeps
that record and adds the one it edits ("meeting_items:40", "" for a new one).

It also reads who else is here, for the header, the rows others edit (``EDITING``) and the
forms: whenever ``PRAGMA data_version`` moves (a beat moves it without a change-log
row; ``XdeptApp._poll``) and every ``READ_SECONDS``, so that an app that crashed
drops out once its last beat is ``GONE`` seconds old. Each read is one small query in
the database thread; screens hear of it (``PresenceChanged``) only when it differs.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from store.presence import BEAT
from store.text import one_line
from tui.messages import PresenceChanged

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.db import Store
    from store.presence import Here
    from tui.app import XdeptApp

Where = tuple[str, str, str]  # (screen, record, editing)
READ_SECONDS = 5.0  # who is here is read at least this often: the silent drop out


def _beat(store: Store, session: str, where: Where) -> None:
    """In the database thread: who this app's user is (the roster's login), and where."""
    from store import presence
    from store.people import member_for_login

    member = member_for_login(store, store.actor)
    screen, record, editing = where
    presence.beat(
        store,
        session,
        login=store.actor,
        os_login=store.os_login,
        member_id=member.id if member else None,
        screen=screen,
        record=record,
        editing=editing,
    )


class Presence:
    """One app's heartbeat: ``start`` once the first frame is shown, ``leave`` at exit."""

    def __init__(self, app: XdeptApp) -> None:
        self.app = app
        self.session = uuid.uuid4().hex
        self.where: Where | None = None  # what the last beat said
        self.started = False  # beating (a read-only app reads who is here, never beats)
        self.watching = False
        self.others: tuple[Here, ...] = ()  # the other apps here now, earliest first
        self._reading = self._read_again = False

    def start(self) -> None:
        if not self.watching:
            self.watching = True
            self.app.set_interval(READ_SECONDS, self.read, name="presence read")
            self.read()
        if self.app.read_only or self.started:
            return
        self.started = True
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        self.app.set_interval(BEAT, self.beat, name="presence beat")
        self.moved()

    def place(self) -> Where:
        """The mode, the record the topmost screen that names one shows, and the record
        a form above it edits."""
        from tui.modals.form import RecordForm

        record = editing = ""
        for screen in reversed(self.app.screen_stack):
            if not editing and isinstance(screen, RecordForm) and screen.spec.entity:
                editing = f"{screen.spec.entity}:{screen.spec.record_id or ''}"
            record = str(getattr(screen, "presence_record", ""))
            if record:
                break
        return self.app.current_mode or "", record, editing

    def _screen_changed(self, _screen: Screen) -> None:
        self.moved()

    def moved(self) -> None:
        """Beat now if the user is somewhere else than the last beat said."""
        if self.started and self.place() != self.where:
            self.beat()

    def beat(self) -> None:
        from tui.tell import run

        if not self.started:  # read-only, or left already
            return
        self.where = where = self.place()

        async def job() -> None:
            await self.app.run_db(_beat, self.app.store, self.session, where)

        run(self.app, job, name="presence", group="presence")

    def leave(self) -> None:
        """At exit: queued in the database thread, which finishes it before the store
        closes (``XdeptApp.on_unmount``)."""
        if self.started:
            from store import presence

            self.started = False  # once: the app may be unmounted twice (tests)
            self.app.submit_db(presence.leave, self.app.store, self.session)

    # -- who else is here ---------------------------------------------------------
    def read(self) -> None:
        """Read who is here again; a read asked for while one runs follows it."""
        from tui.tell import run

        if not self.watching:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        run(self.app, self._read, name="presence read", group="presence-read")

    async def _read(self) -> None:
        from store.presence import here

        try:
            found: list[Here] = []
            self._read_again = True
            while self._read_again:
                self._read_again = False
                found = await self.app.run_db(here, self.app.store)
        finally:
            self._reading = False
        others = tuple(h for h in found if h.session != self.session)
        if others != self.others:
            self.others = others
            message = PresenceChanged()
            for screen in list(self.app.live_screens):
                screen.post_message(message)

    def people(self) -> list[str]:
        """The names of the others here (a login on no roster entry by its login), each
        once, the user's own other apps left out."""
        me = self.app.store.actor
        return list(dict.fromkeys(shown(h) for h in self.others if h.login != me))

    def editors(self, entity: str) -> dict[int, Here]:
        """The records of ``entity`` another app has open in a form, with that app."""
        found: dict[int, Here] = {}
        for entry in self.others:
            kind, _sep, record_id = entry.editing.partition(":")
            if kind == entity and record_id.isdigit():
                found.setdefault(int(record_id), entry)
        return found

    def editing(self, entity: str) -> dict[str, str]:
        """``editors`` as the tables show them: a row's key (the record id) → "EDITING name"."""
        from store.symbols import EDITING

        found = self.editors(entity)
        return {str(key): f"{EDITING} {shown(entry)}" for key, entry in found.items()}


def since_time(entry: Here) -> str:
    """When the app came where it is, as the user's wall clock says it ("14:05")."""
    from datetime import datetime

    return datetime.fromisoformat(entry.since).astimezone().strftime("%H:%M")


def shown(entry: Here) -> str:
    """An app's user as others see them: the roster name, else the login, one line."""
    return one_line(entry.name or entry.login)
