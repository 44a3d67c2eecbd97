"""A screen made of tabs, each with its own keys and records (``[`` / ``]`` switch)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane, Tabs

from tui.messages import DataChanged
from tui.screens.base import XdeptScreen

if TYPE_CHECKING:
    from textual import getters

    from tui.app import XdeptApp


class ScreenTab(TabPane):
    """One tab: it reads its records, updates them from ``apply_changes`` only, and
    declares its own keys."""

    if TYPE_CHECKING:
        app = getters.app(XdeptApp)

    # The entities whose records this tab lists (``show_record`` goes to them).
    SHOWS: ClassVar[Collection[str]] = frozenset()
    # Actions that write: hidden and refused in read-only mode.
    WRITE_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.WRITE_ACTIONS and self.app.read_only)

    @on(TabPane.Focused)
    def _stay_on_the_chosen_tab(self, event: TabPane.Focused) -> None:
        """Keys and ``show_record`` choose the tab, focus never does: Textual would make
        this tab active when a focus asked for before another tab was chosen arrives
        late (seen on a busy machine: the dashboard's issue opened on the register)."""
        event.stop()

    def apply_changes(self, message: DataChanged) -> None:
        """Update from committed changes (the tab's own saves included)."""

    def show_record(self, entity: str, record_id: int) -> None:
        """Put the cursor on one record."""

    def shown_record(self) -> tuple[str, int] | None:
        """(entity, id) of the record under the cursor (``XdeptScreen.shown_record``)."""
        return None

    def presence_changed(self) -> None:
        """Someone came, left, or opened or closed a form (``XdeptScreen.presence_changed``)."""

    def main(self) -> Widget:
        """The widget focused when the tab is opened (its first focusable one)."""
        return next((w for w in self.query("*") if w.can_focus), self)

    def help_notes(self) -> list[Content]:
        """What the help screen says about this tab beyond its keys (its filter…)."""
        return []


class TabbedScreen(XdeptScreen):
    """Tabs in a ``TabbedContent`` whose id is ``TABS``; the subclass yields them from
    ``compose_tabs`` and binds ``tab(-1)`` / ``tab(1)`` to keys of its own ids."""

    TABS: ClassVar[str] = "tabs"

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id=self.TABS):
            yield from self.compose_tabs()

    def compose_tabs(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._focus_tab)

    @property
    def tab(self) -> ScreenTab | None:
        active = self.query_one(TabbedContent).active
        return next((t for t in self.query(ScreenTab) if t.id == active), None)

    def apply_changes(self, message: DataChanged) -> None:
        for tab in self.query(ScreenTab):
            tab.apply_changes(message)

    def presence_changed(self) -> None:
        for tab in self.query(ScreenTab):
            tab.presence_changed()

    def show_record(self, entity: str, record_id: int) -> None:
        for tab in self.query(ScreenTab):
            if entity in tab.SHOWS:
                self.query_one(TabbedContent).active = tab.id or ""
                tab.show_record(entity, record_id)
                tab.main().focus()  # after any focus still on its way to the tab before
                return

    def shown_record(self) -> tuple[str, int] | None:
        tab = self.tab
        return tab.shown_record() if tab is not None else None

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [t.id or "" for t in self.query(ScreenTab)]
        tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]
        self._focus_tab()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        if not isinstance(self.focused, Tabs):
            self._focus_tab()
        self.refresh_bindings()

    def _focus_tab(self) -> None:
        """Focus the tab's main widget unless focus is already inside it."""
        tab = self.tab
        if tab is None or (self.focused is not None and tab in self.focused.ancestors_with_self):
            return
        tab.main().focus()
