"""This app's heartbeat (store/presence.py): others see who is where, and when it went.

The app beats when it starts, whenever the user goes to another screen, record or
form (``App.screen_change_signal``), and every ``BEAT`` seconds; it leaves when it
stops. Each beat is written in the database thread, from a worker: the interface
thread only notices that the place changed. A screen says which record it shows
with a ``presence_record`` attribute ("meetings:12"); a form open over it keeps
that record and adds the one it edits ("meeting_items:40", "" for a new one).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from store.presence import BEAT

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.db import Store
    from tui.app import XdeptApp

Where = tuple[str, str, str]  # (screen, record, editing)


def _beat(store: Store, session: str, where: Where) -> None:
    """In the database thread: who this app's user is (the roster's login), and where."""
    from store import presence
    from store.db import default_actor
    from store.people import member_for_login

    member = member_for_login(store, store.actor)
    screen, record, editing = where
    presence.beat(
        store,
        session,
        login=store.actor,
        os_login=default_actor(),
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
        self.started = False

    def start(self) -> None:
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
