"""What every screen shares: the header, vim keys, live updates, read-only mode."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.i18n import N_
from tui.keep_styles import KeepsStyles
from tui.messages import DataChanged, PresenceChanged
from tui.widgets.footer import KeyFooter
from tui.widgets.header import ProjectHeader

if TYPE_CHECKING:
    from textual import getters
    from textual.worker import Worker

    from store.db import Store
    from tui.app import XdeptApp

T = TypeVar("T")


class XdeptScreen(KeepsStyles, Screen):
    """A mode's screen. Subclasses add ``compose_body`` and ``apply_changes``.

    Changes that arrive while the screen is hidden are kept and applied when it
    is shown again, so hidden screens cost nothing.
    """

    if TYPE_CHECKING:
        # The app as XdeptApp, so its store and database thread are type-checked
        # (at run time Textual's own property returns the same object).
        app = getters.app(XdeptApp)

    # Actions that write: hidden and refused in read-only mode.
    WRITE_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "vim('down')", N_("Down"), show=False, id="screen.vim_down"),
        Binding("k", "vim('up')", N_("Up"), show=False, id="screen.vim_up"),
        Binding("h", "vim('left')", N_("Left"), show=False, id="screen.vim_left"),
        Binding("l", "vim('right')", N_("Right"), show=False, id="screen.vim_right"),
        # On the screens that say which record is under the cursor (``shown_record``).
        Binding("H", "history", N_("History"), show=False, id="screen.history"),
    ]

    # Which screen this is, untranslated ("Roster"): the header names it. The app
    # sets it when it builds the screen for its mode.
    label = ""

    # Store function whose result the screen shows first: started with the screen,
    # so the database thread reads while the interface thread builds the widgets.
    # A staticmethod, so that it is not bound to the screen.
    FIRST_LOAD: ClassVar[staticmethod[[Store], Any] | None] = None

    def __init__(self) -> None:
        # The width class the terminal gives (HORIZONTAL_BREAKPOINTS) from the start:
        # the first Resize then changes no class, so the widgets are not styled twice
        # before the first frame.
        super().__init__(classes=self._width_class())
        self._pending: list[DataChanged] = []
        self._presence_pending = True  # its tables get the rows others edit when first shown
        self._first_load: asyncio.Future[Any] | None = None
        if self.FIRST_LOAD is not None:
            app = self.app
            self._first_load = app.submit_db(self.FIRST_LOAD, app.store)

    def _width_class(self) -> str | None:
        breakpoints = self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or []
        width = self.app.size.width
        return next(
            (name for edge, name in sorted(breakpoints, reverse=True) if width >= edge), None
        )

    async def load(self, fn: Callable[[Store], T]) -> T:
        """``fn(store)`` in the database thread; the first call takes the early start."""
        early, self._first_load = self._first_load, None
        if early is not None and fn is self.FIRST_LOAD:
            return await self.app.wait_db(early)
        return await self.app.run_db(fn, self.app.store)

    def compose(self) -> ComposeResult:
        yield ProjectHeader()
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.app.live_screens.add(self)

    def on_unmount(self) -> None:
        self.app.live_screens.discard(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "history":
            return type(self).shown_record is not XdeptScreen.shown_record
        return not (action in self.WRITE_ACTIONS and self.app.read_only)

    def action_vim(self, direction: str) -> None:
        """hjkl move whatever cursor the focused widget has, like the arrow keys."""
        target = self.focused
        method = getattr(target, f"action_cursor_{direction}", None) or getattr(
            target, f"action_scroll_{direction}", None
        )
        if method is not None:
            method()

    def on_data_changed(self, message: DataChanged) -> None:
        self.query_one(ProjectHeader).show_health(self.app.health)
        if message.health_only:
            self.health_changed()
        elif self.is_current:
            self.apply_changes(message)
        else:
            self._pending.append(message)

    def on_presence_changed(self, _message: PresenceChanged) -> None:
        if self.is_current:
            self.query_one(ProjectHeader).show_health(self.app.health)
            self.presence_changed()
        else:
            self._presence_pending = True

    def on_screen_resume(self) -> None:
        self.query_one(ProjectHeader).show_health(self.app.health)
        pending, self._pending = self._pending, []
        if pending:
            self.apply_changes(DataChanged([c for m in pending for c in m.changes]))
        if self._presence_pending:
            self._presence_pending = False
            self.presence_changed()

    def apply_changes(self, message: DataChanged) -> None:
        """Update the records ``message`` names; the default reloads the screen."""
        self.reload()

    def presence_changed(self) -> None:
        """Someone came, left, or opened or closed a form: rows another app edits show
        "EDITING name" (``app.presence.editing(entity)``), set on the screen's tables."""

    def health_changed(self) -> None:
        """The health summary was recomputed (the dashboard redraws from it)."""

    def reload(self) -> Worker[None] | None:
        """Read this screen's records again (in a worker)."""

    def show_record(self, entity: str, record_id: int) -> None:
        """Move the cursor to one record (from the dashboard or the palette)."""

    def shown_record(self) -> tuple[str, int] | None:
        """(entity, id) of the record under the cursor, the one ``H`` shows the history of
        (None: no record is selected)."""
        return None

    def action_history(self) -> None:
        """The history of the record under the cursor."""
        from tui.modals.history import open_history

        open_history(self, self.shown_record())
