"""The charter screen: its four tabs, the keys they share, the data they are told about."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, TabbedContent

from store.charter import PARTS, charter_view, parts_showing
from tui.i18n import N_
from tui.messages import DataChanged
from tui.screens.charter.changes import ChangesTab
from tui.screens.charter.needs import NeedsTab
from tui.screens.charter.project import ProjectTab
from tui.screens.charter.signoffs import SignoffsTab
from tui.screens.charter.tab import CharterTab, Names
from tui.screens.tabs import TabbedScreen
from tui.tcss import css_beside
from tui.tell import work
from tui.working_days import holiday_language

# Terminal width from which the screen spreads out (side panels, full sign-off cells).
WIDE = 130


class CharterScreen(TabbedScreen):
    """Composes the tabs, reads what they show (store.charter) and tells each tab
    its part; goes to a record (``show_record``).

    The keys are declared here, once for the screen, so the footer, the help screen
    and the keymap see one list whichever tab is open; each key runs the active
    tab's action of the same name.
    """

    # Textual annotates it ClassVar[...] | None, which a checker reads as per instance.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]  # type: ignore[misc]
    DEFAULT_CSS = css_beside(__file__)
    TABS = "charter-tabs"
    WRITE_ACTIONS = frozenset(
        {"new", "add_milestone", "edit", "delete", "sign", "approve", "reject"}
    )
    # The actions a tab answers (CharterTab.can).
    TAB_ACTIONS = WRITE_ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "tab(-1)",
            N_("Previous tab"),
            show=False,
            id="charter.previous_tab",
        ),
        Binding("right_square_bracket", "tab(1)", N_("Next tab"), id="charter.next_tab"),
        Binding("e,enter", "edit", N_("Edit"), id="charter.edit"),
        Binding("m", "add_milestone", N_("Add milestone"), id="charter.milestone"),
        Binding("n,a", "new", N_("New"), id="charter.new"),
        Binding("d", "delete", N_("Delete"), id="charter.delete"),
        Binding("s", "sign", N_("Sign"), id="charter.sign"),
        Binding("y", "approve", N_("Approve"), id="charter.approve"),
        Binding("x", "reject", N_("Reject"), id="charter.reject"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._dirty: set[str] = set()
        self._loads = 0  # loads started
        self._wide = False
        self._tabs: TabbedContent | None = None
        self._by_id: dict[str, CharterTab] = {}
        # A record asked for before its row arrived (dashboard, palette, a save):
        # (entity, id, loads started when asked).
        self._wanted: tuple[str, int, int] | None = None

    def compose_tabs(self) -> ComposeResult:
        yield ProjectTab()
        yield SignoffsTab()
        yield NeedsTab()
        yield ChangesTab()

    def on_mount(self) -> None:
        super().on_mount()
        # Kept: the footer asks check_action (which needs the tab) on every refresh.
        self._tabs = self.query_one(TabbedContent)
        self._by_id = {tab.id or "": tab for tab in self.query(CharterTab)}
        self._wide = self.size.width >= WIDE
        for tab in self._by_id.values():
            tab.wide = self._wide
        self.reload()

    # -- loading -----------------------------------------------------------------
    def reload(self, parts: frozenset[str] = PARTS) -> None:
        self._dirty |= parts
        self._load()

    @work(group="charter-load", exclusive=True)
    async def _load(self) -> None:
        parts = frozenset(self._dirty)
        self._loads += 1
        started = self._loads
        view = await self.app.run_db(charter_view, self.app.store, parts, None, holiday_language())
        # A newer load cancels this one before here; then it reads these parts itself.
        self._dirty -= parts
        names = Names(view.departments, view.members)
        for tab in self._by_id.values():
            tab.names = names
            if tab.PART in parts:
                tab.show(view)
        if self._wanted is not None:
            entity, record_id, asked = self._wanted
            if self._tab_showing(entity).PART in parts:
                found = self._go(entity, record_id)
                # A load begun before the record was asked for may not have it yet.
                if found or started > asked:
                    self._wanted = None

    def apply_changes(self, message: DataChanged) -> None:
        parts = parts_showing(message.touched())
        if parts:
            self.reload(parts)

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        if wide != self._wide:
            self._wide = wide
            for tab in self._by_id.values():
                tab.wide = wide
                if tab.loaded:
                    tab.redraw()

    # -- the tabs and their keys ---------------------------------------------------
    @property
    def tab(self) -> CharterTab | None:
        """The active tab (None before the tabs are mounted)."""
        return self._by_id.get(self._tabs.active) if self._tabs is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        if action in self.TAB_ACTIONS:
            tab = self.tab
            return tab is not None and tab.can(action)
        return True

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        """Enter on a row edits it (in the tabs that edit)."""
        if self.check_action("edit", ()):
            self.action_edit()

    @on(DataTable.CellSelected)
    def _cell_selected(self) -> None:
        """Enter on a sign-off signs it."""
        if self.check_action("sign", ()):
            self.action_sign()

    def _run(self, action: str) -> None:
        """The active tab's ``action_…`` (check_action let it through: the tab has it)."""
        tab = self.tab
        if tab is not None:
            getattr(tab, f"action_{action}")()

    def action_edit(self) -> None:
        self._run("edit")

    def action_add_milestone(self) -> None:
        self._run("add_milestone")

    def action_new(self) -> None:
        self._run("new")

    def action_delete(self) -> None:
        self._run("delete")

    def action_sign(self) -> None:
        self._run("sign")

    def action_approve(self) -> None:
        self._run("approve")

    def action_reject(self) -> None:
        self._run("reject")

    def shown_record(self) -> tuple[str, int] | None:
        tab = self.tab
        if isinstance(tab, SignoffsTab):  # its cells are (document, department)
            target = tab._target()
            signoff = tab.signatures.get(target) if target is not None else None
            return ("signoffs", signoff.id) if signoff is not None else None
        return super().shown_record()

    # -- going to a record -----------------------------------------------------------
    def _tab_showing(self, entity: str) -> CharterTab:
        """The tab that lists ``entity``; the charter's for anything else."""
        tabs = list(self._by_id.values())
        return next((tab for tab in tabs if entity in tab.SHOWS), tabs[0])

    def _go(self, entity: str, record_id: int) -> bool:
        """Open the tab of a record and put the cursor on it; False if it is not there."""
        tab = self._tab_showing(entity)
        self.query_one(TabbedContent).active = tab.id or ""
        return tab.seek(entity, record_id)  # focuses it: after a focus still on its way

    def show_record(self, entity: str, record_id: int) -> None:
        """Select the tab and row of a record; sign-offs and departments by department id."""
        found = self._go(entity, record_id)
        tab = self._tab_showing(entity)
        settled = tab.loaded and tab.PART not in self._dirty
        # Not there yet (still loading): try again after the next load.
        self._wanted = None if found or settled else (entity, record_id, self._loads)

    @on(CharterTab.Saved)
    def _saved(self, event: CharterTab.Saved) -> None:
        """Go to a record saved from a tab: it arrives with the change it made, if not yet."""
        if not self._go(event.entity, event.record_id):
            self._wanted = (event.entity, event.record_id, self._loads)
