"""XdeptApp: one mode per screen, the shared header, live refresh and the database thread.

Start-up shows the first frame before any store module that pulls in pydantic
is imported; data arrives from a database thread a moment later. The live
refresh lives here, not in the screens. The app's own writes are told at their
commit (``Store.on_commit``); for everyone else's it polls ``PRAGMA data_version``
and reads the change log after its cursor, skipping the changes already told.
Either way each change reaches every live screen once, as ``DataChanged``, and
the screen updates only the records named.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec, TypeVar
from weakref import WeakSet

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from store.db import Store
from themes import ALIASES, DEFAULT, THEMES
from tui.collector import many_objects
from tui.i18n import N_, _, say_error
from tui.messages import Committed, DataChanged, WaitingForFile
from tui.modals.form import FormPool
from tui.presence import Presence
from tui.settings_file import early_setting
from tui.tell import say, work
from tui.textual_internals import QuickModeSwitch

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.timer import Timer
    from textual.widget import AwaitMount

    from store.health import Health
    from store.models import Change

T = TypeVar("T")
P = ParamSpec("P")

POLL_SECONDS = 0.1
GC_YOUNG = 50_000  # allocations between young-generation collections (Python: 700)
# Other people's changes: gathered for a moment, told in one toast at a time.
ANNOUNCE_PAUSE = 0.3  # s a burst is gathered after its first change
ANNOUNCE_SECONDS = 4.0  # how long its toast stays; the next burst waits for it to go
# Changes of these records leave the project's health as it was (store/health.py).
HEALTH_IGNORES = frozenset({"meeting_items"})


def _go_to_provider() -> type:
    from tui.palette import GoToProvider

    return GoToProvider


def _system_provider() -> type:
    from tui.palette import SystemCommands

    return SystemCommands


def _screen(module: str, name: str) -> Callable[[str], Screen]:
    """A mode factory that imports its screen only when first shown; the screen is
    given its label (untranslated), which the header shows."""

    def make(label: str) -> Screen:
        from importlib import import_module

        screen = getattr(import_module(f"tui.screens.{module}"), name)()
        screen.label = label
        return screen

    return make


# (mode, key, label, factory): the order is the number keys' order (README, "Screens").
SCREENS: tuple[tuple[str, str, str, Callable[[str], Screen]], ...] = (
    ("dashboard", "1", N_("Dashboard"), _screen("dashboard", "DashboardScreen")),
    ("charter", "2", N_("Charter"), _screen("charter", "CharterScreen")),
    ("roster", "3", N_("Roster"), _screen("roster", "RosterScreen")),
    ("board", "4", N_("Board"), _screen("board", "BoardScreen")),
    ("gantt", "5", N_("Gantt"), _screen("gantt", "GanttScreen")),
    ("risks", "6", N_("Risks"), _screen("risks", "RisksScreen")),
    ("meetings", "7", N_("Meetings"), _screen("meetings.screen", "MeetingsScreen")),
)


class XdeptApp(QuickModeSwitch[None]):
    """The project room: every department's interface person and the PM share it."""

    TITLE = "xdept-tui"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        mode: partial(factory, label) for mode, _key, label, factory in SCREENS
    }
    DEFAULT_MODE = "dashboard"
    COMMANDS: ClassVar[set] = {_system_provider, _go_to_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"app.show_mode('{mode}')", label, show=False, id=f"mode.{mode}")
            for mode, key, label, _factory in SCREENS
        ),
        Binding("question_mark", "app.help", N_("Help"), id="help"),
        Binding("r", "app.quick_risk", N_("New risk"), show=False, id="risk.quick"),
        Binding("u", "app.my_update", N_("My daily update"), show=False, id="update.mine"),
        Binding("ctrl+z", "app.undo", N_("Undo your last change"), show=False, id="undo"),
        Binding("ctrl+p", "app.command_palette", N_("Palette"), show=False, id="palette"),
        Binding("ctrl+q", "app.quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(
        self,
        store: Store,
        *,
        theme: str | None = None,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        super().__init__()
        if not os.environ.get("TEXTUAL_ANIMATIONS"):
            # Unless the user asks for them: a key's effect is drawn in the next frame,
            # and an SSH session carries no in-between frames.
            self.animation_level = "none"
        self.store = store
        self.read_only = store.read_only
        # Started by ``xdept-tui serve`` for a member without an account here: nothing
        # may touch the host's files (tui/ssh).
        self.served = os.environ.get("XDEPT_SERVED") == "1"
        self.poll_seconds = poll_seconds
        for item in THEMES.values():
            self.register_theme(item)
        wanted = ALIASES.get(theme or "", theme) or early_setting("theme") or DEFAULT
        self.theme = wanted if wanted in self.available_themes else DEFAULT
        # One database thread: its connection is reused, and writes queue in order.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xdept-db")
        # While a write there waits for another program's lock, work goes here, so
        # screens keep loading (reads never wait in WAL); a write sent here waits
        # for the first one (Store keeps its writes in order).
        self._beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xdept-db-beside")
        store.on_wait = self._waiting_for_the_file
        store.on_commit = self._committed
        self._data_version: int | None = None
        self._cursor: int | None = None
        # Ids of changes told at their commit, which the log's follower skips; the
        # database thread adds them, the interface thread drops them once passed.
        self._told: set[int] = set()
        self._told_lock = threading.Lock()
        self.live_screens: WeakSet[Screen] = WeakSet()
        self.forms = FormPool(self)
        self.presence = Presence(self)
        self.health: Health | None = None
        self.health_read_at = 0.0  # time.monotonic() when the health's read began
        self._health_stale = False
        self._health_running = False
        self._health_pause: Timer | None = None
        self.member_names: dict[str, str] = {}
        self._heard: list[Change] = []
        self._announce_timer: Timer | None = None
        self._announced_at = -ANNOUNCE_SECONDS
        self._gc_threshold = gc.get_threshold()

    # -- the database thread ------------------------------------------------
    async def run_db(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run store work off the UI thread and await its result."""
        return await self.wait_db(self.submit_db(fn, *args, **kwargs))

    async def wait_db(self, work: asyncio.Future[T]) -> T:
        """The result of store work, unless the app began to shut down meanwhile: then
        the waiting worker stops, as the widgets it would fill may be gone already."""
        result = await work
        if not self.is_running:
            raise asyncio.CancelledError
        return result

    def submit_db(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> asyncio.Future[T]:
        """Start store work in the database thread now; await the future later."""
        executor = self._beside if self.store.waiting else self._executor
        return asyncio.get_running_loop().run_in_executor(executor, partial(fn, *args, **kwargs))

    def _waiting_for_the_file(self) -> None:
        """Store.on_wait, in the database thread: a write has waited a second for the lock."""
        self.post_message(WaitingForFile())

    def _committed(self, found: list[Change] | None) -> None:
        """Store.on_commit, in the database thread: this app's write is in the file.
        Too many changes to carry (None) are read from the log like anyone's."""
        if found:
            with self._told_lock:
                self._told.update(c.id for c in found)
            self.post_message(Committed(found))

    def on_committed(self, message: Committed) -> None:
        from tui import escalation

        self._tell_screens(DataChanged(message.changes, mine=True))
        escalation.announce(self, message.changes)

    def on_waiting_for_file(self, _message: WaitingForFile) -> None:
        say(
            self, _("waiting for the project file — another program is writing"), severity="warning"
        )

    # -- start-up -----------------------------------------------------------
    def on_mount(self) -> None:
        # A 10,000-task plan keeps ~10^6 objects alive; at Python's default threshold
        # (700 allocations) a full collection lands inside a key press every few
        # seconds and building the Gantt's rows triggered several. Collect the young
        # generation less often; ``python -m bench.app`` measures the keys.
        gc.set_threshold(GC_YOUNG, *self._gc_threshold[1:])
        self.title = _("xdept-tui")
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._data_version = self.store.data_version()
        self.set_interval(self.poll_seconds, self._poll, name="data_version poll")
        # A closed SSH window or terminal (SIGHUP), or the service stopping (SIGTERM):
        # leave as ctrl+q does, finishing what was sent to the database, not killed.
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(number, self.exit)

    def on_ready(self) -> None:
        # After the first frame: reading the data and the settings imports pydantic
        # and builds the models, which the first frame does not need. The health
        # first: the dashboard waits for it.
        self.start_following()
        self.apply_settings()
        self.presence.start()

    @work(group="settings")
    async def apply_settings(self) -> None:
        """Read the settings file through its model (tui/settings.py), apply the user's
        keymap, and say once what was ignored and why."""
        from tui.settings import read_settings

        settings, said = await self.run_db(read_settings)
        if settings.theme is not None and settings.theme not in self.available_themes:
            said.append(
                _("setting theme ignored: there is no theme named {name!r}").format(
                    name=settings.theme
                )
            )
        if settings.keymap:
            from tui.keys import binding_ids
            from tui.settings import unknown_ids

            known = await self.run_db(binding_ids)
            said += unknown_ids(settings, known)
            self.set_keymap({k: v for k, v in settings.keymap.items() if k in known})
        if said:
            say(self, "\n".join(said), title=_("Settings ignored"), severity="warning")

    @work(group="start", exclusive=True)
    async def start_following(self) -> None:
        """Follow the change log from its newest change, and read the health: both sent
        to the database thread at once, which imports the models meanwhile."""
        with many_objects():
            started = time.monotonic()
            cursor = self.submit_db(_cursor, self.store)
            reading = self.submit_db(_health, self.store, None)
            self._cursor = await self.wait_db(cursor)
            from tui import escalation

            escalation.start(self)
            await self.refresh_health(reading, started)

    def _health_changed(self) -> None:
        """Records changed: read the health again now, unless a read is under way or
        pausing after one (then once that is over, with every change since)."""
        self._health_stale = True
        if not self._health_running and self._health_pause is None:
            self._recompute_health()

    def _after_pause(self) -> None:
        self._health_pause = None
        if self._health_stale and not self._health_running:
            self._recompute_health()

    @work(group="health")
    async def _recompute_health(self) -> None:
        await self.refresh_health()

    async def refresh_health(
        self, reading: asyncio.Future[Health] | None = None, started: float | None = None
    ) -> None:
        """Read the health (a changed plan costs a critical-path run: store/plan.py), or
        await ``reading``, sent at ``started``; changes that arrive meanwhile are read
        after a pause as long as this read took, so that a stream of changes leaves the
        database thread half its time."""
        self._health_running = True
        self._health_stale = False
        started = time.monotonic() if started is None else started
        try:
            with many_objects():
                if reading is None:
                    reading = self.submit_db(_health, self.store, self.health)
                self.health = await self.wait_db(reading)
        finally:
            self._health_running = False
            if self._health_stale and self.is_running:
                pause = time.monotonic() - started
                self._health_pause = self.set_timer(pause, self._after_pause, name="health pause")
        self.health_read_at = started
        self.member_names = {m.login: m.name for m in self.health.members.values() if m.login}
        self.sub_title = self.health.project_name
        for screen in list(self.live_screens):
            screen.post_message(DataChanged([], health_only=True))

    # -- live refresh ---------------------------------------------------------
    def _poll(self) -> None:
        """Cheap check, no disk read (``bench.store`` times it): did another connection
        commit? A change, or a heartbeat (no change-log row): who is here is read too."""
        version = self.store.data_version()
        if version != self._data_version and self._cursor is not None:
            self._data_version = version
            self.follow_changes()
            self.presence.read()

    @work(group="follow", exclusive=False)
    async def follow_changes(self) -> None:
        from store import changes

        after = self._cursor
        if after is None:  # not following yet: start_following sets it
            return
        found = await self.run_db(changes.since, self.store, after)
        fresh = [c for c in found if c.id > (self._cursor or 0)]
        if not fresh:
            return
        self._cursor = cursor = fresh[-1].id
        with self._told_lock:
            fresh = [c for c in fresh if c.id not in self._told]
            self._told.difference_update([i for i in self._told if i <= cursor])
        if fresh:
            from tui import escalation

            self._announce(fresh)
            escalation.announce(self, fresh)
            self._tell_screens(DataChanged(fresh))

    def _tell_screens(self, message: DataChanged) -> None:
        """Every live screen gets the same message; the health is read again at once,
        unless only a meeting's items changed: the health counts none of them (an action
        item's task is a change of its own), and a meeting's every item in every app
        would cost a read of the health each."""
        for screen in list(self.live_screens):
            screen.post_message(message)
        if any(c.entity not in HEALTH_IGNORES for c in message.changes):
            self._health_changed()

    def _announce(self, changes: Iterable[Change]) -> None:
        """Toast what other people did ("Li Wei moved #21 … to doing"): changes are
        gathered for a moment and told in one toast, and the next toast waits until
        the last one has gone, so a burst never covers the screen."""
        from tui.describe import is_told

        heard = [c for c in changes if c.actor != self.store.actor and is_told(c)]
        if not heard:
            return
        self._heard += heard
        if self._announce_timer is None:
            free = self._announced_at + ANNOUNCE_SECONDS - time.monotonic()
            self._announce_timer = self.set_timer(max(ANNOUNCE_PAUSE, free), self._tell_heard)

    @work(group="announce")
    async def _tell_heard(self) -> None:
        from store.changes import labels
        from tui.describe import SHOWN, label_in, summary

        self._announce_timer = None
        heard, self._heard = self._heard, []
        if not heard:
            return
        self._announced_at = time.monotonic()
        unnamed = [(c.entity, c.record_id) for c in heard[-SHOWN:] if not label_in(c)]
        names = await self.run_db(labels, self.store, unnamed) if unnamed else {}
        # A toast's text: Toast's CSS (width 60, at most half its rack, border and padding).
        width = min(60, (self.size.width - 2) // 2) - 3
        title, message = summary(heard, self.member_names, names, width)
        say(self, message, title=title, timeout=ANNOUNCE_SECONDS)

    # -- actions -------------------------------------------------------------
    def action_show_mode(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the user's language."""
        from textual.command import CommandPalette

        # is_open says App[object], which no App[None] matches (its result type is
        # invariant), though it only looks at the screen stack.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            prompt = _("Search: actions, people, departments, tasks, risks, meetings…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=prompt))

    def action_quick_risk(self) -> None:
        """The quick risk line, on any screen (a modal's keys come first: not over one)."""
        from tui.modals.quick_risk import open_quick_risk

        open_quick_risk(self)

    def action_my_update(self) -> None:
        """Today's daily update of the user, on any screen."""
        from tui.modals.update_form import open_my_update

        open_my_update(self)

    def action_undo(self) -> None:
        """Take back the user's last change (store/undo.py), on a screen, not in a form."""
        self._undo()

    @work(group="undo", exclusive=True)
    async def _undo(self) -> None:
        from store.undo import CannotUndo, undo_last
        from tui.history import record_name

        try:
            done = await self.run_db(undo_last, self.store)
        except CannotUndo as refused:
            self._refused(say_error(refused), refused.record)
            return
        record = record_name(done.entity, done.record_id, done.label)
        say(self, _("Undone: {record}").format(record=record))

    def _refused(self, message: str, record: tuple[str, int] | None) -> None:
        """Say why nothing was undone, offering the history of the record in the way."""
        if record is None:
            say(self, message, severity="warning")
            return
        from tui.modals.confirm import Confirm
        from tui.modals.history import HistoryScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.push_screen(HistoryScreen(*record))

        self.push_screen(Confirm(message, yes=_("Show its history")), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quick_risk", "my_update"):
            return not self.read_only
        if action == "undo":  # in a form or a text box, ctrl+z is not about the file
            from textual.widgets import Input, TextArea

            from tui.screens.base import XdeptScreen

            typing = isinstance(self.focused, Input | TextArea)
            return not self.read_only and isinstance(self.screen, XdeptScreen) and not typing
        return True

    def action_help(self) -> None:
        from tui.modals.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def goto(self, entity: str, record_id: int) -> None:
        """Show one record on the screen that owns it (dashboard items, palette)."""
        mode = {
            "members": "roster",
            "departments": "roster",
            "project": "charter",
            "milestones": "charter",
            "signoffs": "charter",
            "requirements": "charter",
            "resource_requests": "charter",
            "change_requests": "charter",
            "tasks": "board",
            "risks": "risks",
            "issues": "risks",
            "meetings": "meetings",
            "daily_updates": "meetings",
            "missing_updates": "meetings",
        }.get(entity, "dashboard")
        self.call_next(self._show_record, self.switch_mode(mode), entity, record_id)

    async def _show_record(self, mounted: AwaitMount, entity: str, record_id: int) -> None:
        """Once the screen and its widgets have mounted: a tab chosen earlier would be
        hidden again by its ``ContentSwitcher``'s own mount."""
        await mounted
        show = getattr(self.screen, "show_record", None)
        if show is not None:
            self.screen.call_after_refresh(show, entity, record_id)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for mode, key, label, _factory in SCREENS:
            yield SystemCommand(
                _("Go to {screen}").format(screen=_(label)),
                _("Show the {screen} screen (key {key})").format(screen=_(label), key=key),
                partial(self.action_show_mode, mode),
            )
        if not self.read_only:
            yield SystemCommand(
                _("New risk…"),
                _("Type a risk on one line: !high @owner p4 i5 ~mitigate: plan #task (r)"),
                self.action_quick_risk,
            )
            yield SystemCommand(
                _("My daily update…"),
                _("Today's update: done, next, blockers (u)"),
                self.action_my_update,
            )
        yield SystemCommand(_("Help"), _("Every key of this screen (?)"), self.action_help)
        for name, theme in THEMES.items():
            yield SystemCommand(
                _("Theme: {name}").format(name=name.removeprefix("xdept-")),
                _("Switch to this theme; remembered for next time"),
                partial(setattr, self, "theme", theme.name),
            )
        yield SystemCommand(_("Quit"), _("Quit xdept-tui (ctrl+q)"), self.action_quit)

    def _remember_theme(self, theme: Any) -> None:
        self._save_theme(theme.name)

    @work(group="settings")
    async def _save_theme(self, name: str) -> None:
        from tui.settings import remember_theme

        try:
            await self.run_db(remember_theme, name)
        except OSError as error:
            say(
                self,
                _("Could not save the theme: {error}").format(error=say_error(error)),
                severity="warning",
            )

    async def action_quit(self) -> None:
        self.exit()

    def on_unmount(self) -> None:
        # Finish what was sent to the database thread (a card moved just before ctrl+q
        # is saved) before the store closes its connections; reads left over take a few
        # hundred ms at most.
        self.presence.leave()
        self._executor.shutdown(wait=True, cancel_futures=False)
        self._beside.shutdown(wait=True, cancel_futures=False)
        gc.set_threshold(*self._gc_threshold)


def _cursor(store: Store) -> int:
    """The change log's newest id (in the database thread, which imports the models)."""
    from store import changes

    return changes.cursor(store)


def _health(store: Store, previous: Health | None) -> Health:
    """The project's health (in the database thread, which imports it)."""
    from store.health import health

    return health(store, previous=previous)


def run_app(path: Path, actor: str, lang: str | None, theme: str | None, read_only: bool) -> int:
    """Open the app on a database (the command line has checked it exists); returns the
    exit status: 0 when the user quit, non-zero when the app crashed."""
    from tui.i18n import set_language

    set_language(lang)
    with Store(path, actor, read_only=read_only) as store:
        app = XdeptApp(store, theme=theme)
        app.run()
    return app.return_code or 0
