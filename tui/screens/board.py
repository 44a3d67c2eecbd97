"""Task board (4): the tasks in columns by status, moved by keyboard or mouse.

The cards are drawn by one line-API widget (``tui.widgets.board.TaskBoard``),
so 10,000 tasks open as fast as 20. The cards are read column by column
(``store.board.cards``) and the schedule's flags — critical path, slip days,
unfinished FS predecessors — follow in a second read, because they need the
CPM, the slowest read; both run in the app's database thread.

A move shows at once and is written in the database thread with the version
the board read and the status it showed, so quick moves of one card chain there
(``store.tasks.move_task``); a move that an FS predecessor forbids asks first and
names it; a change by someone else meanwhile is a conflict: the card is read
again and the board says so, never overwrites. Every change, the board's own
included, arrives once as ``DataChanged`` and re-reads only the tasks it names
(a move the board already shows is not read again); the focused card stays
focused (same record, wherever it moved).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Static

from store.symbols import TO_FIX
from store.text import one_line
from tui.collector import many_objects
from tui.describe import task_saved
from tui.i18n import N_, _, say_error
from tui.messages import DataChanged
from tui.modals.board_help import FILTER_HINT, QUICK_HINT, BoardHelp
from tui.modals.confirm import Confirm
from tui.screens.base import XdeptScreen
from tui.task_issue import ACTION, raise_issue
from tui.task_issue import binding as issue_binding
from tui.tcss import css_beside
from tui.tell import say, work
from tui.widgets.board import STATUS_NAMES, STATUSES, TaskBoard, legend

if TYPE_CHECKING:
    from store.board import BoardFlags, Card
    from store.db import Store
    from store.errors import StoreError
    from store.models import Task
    from store.task_form import TaskSaved

# More changed tasks than this at once (an import, a reschedule): read them all.
FULL_RELOAD = 2000
DRAWN_WAIT = 0.05  # s a card's move waits for the frame that shows it before it is written
FLAGS_PAUSE = 0.25  # s without changes before the board's markers are recomputed


def _flags(store: Store) -> BoardFlags:
    from store.board import board_flags

    return board_flags(store)


def _move_when_drawn(
    drawn: threading.Event,
    store: Store,
    card_id: int,
    version: int,
    status: str,
    confirmed: tuple[int, ...],
    shown: str,
) -> None:
    """``move_task`` once the frame that shows the move is drawn (or a frame's time at
    most has passed): its write no longer slows that frame down."""
    from store.tasks import move_task

    drawn.wait(DRAWN_WAIT)
    move_task(store, card_id, version, status, confirmed, shown)


def _load_all(store: Any) -> dict[str, Any]:
    from store.board import cards
    from store.people import names

    return {"cards": cards(store), "names": names(store)}


@dataclass
class Moving:
    """The moves of one card on their way to the file, written one after another."""

    writes: int = 0
    # A change of the card arrived meanwhile (the moves' own, or someone else's): the
    # card is read once the last move is written, never in between, so the board
    # never shows a status the next move already left.
    heard: bool = False
    # The first move refused (its status, why): those sent after it fail too, quietly.
    refused: tuple[str, StoreError] | None = None


class BoardScreen(XdeptScreen):
    DEFAULT_CSS = css_beside(__file__)
    WRITE_ACTIONS = frozenset({"move", "quick_add", "new_form", "edit", "delete", ACTION})
    FIRST_LOAD = staticmethod(_load_all)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "edit", N_("Open task"), id="board.edit"),
        Binding("n,a", "quick_add", N_("Quick add"), id="board.quick"),
        Binding("N", "new_form", N_("New task (form)"), show=False, id="board.new"),
        Binding("shift+left", "move(-1)", N_("Move left"), show=False, id="board.left"),
        Binding("shift+right", "move(1)", N_("Move right"), show=False, id="board.right"),
        Binding("left_square_bracket", "move(-1)", N_("Move left"), id="board.move_left"),
        Binding("right_square_bracket", "move(1)", N_("Move right"), id="board.move_right"),
        Binding("d", "delete", N_("Delete"), show=False, id="board.delete"),
        Binding("slash", "filter", N_("Filter"), id="board.filter"),
        Binding("escape", "escape", N_("Clear filter / cancel"), show=False, id="board.escape"),
        Binding("question_mark", "board_help", N_("Help"), id="board.help"),
        issue_binding("board"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._stale: set[int] = set()
        self._stale_lookups = False
        self._stale_flags = False
        self._flags_timer: Timer | None = None
        self._refreshing = False
        self._wanted: int | None = None
        self._moving: dict[int, Moving] = {}  # card → its moves being written
        # The markers, sent to the database thread right after the cards (FIRST_LOAD),
        # not once the cards are laid out: the first flags the refresher reads.
        self._first_flags: asyncio.Future[BoardFlags] | None = self.app.submit_db(
            _flags, self.app.store
        )

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=_("filter: ") + FILTER_HINT, id="board-filter", compact=True)
        yield TaskBoard(id="board")
        with Vertical(id="quick"):
            yield Input(id="quick-input", compact=True)
            yield Static("", id="quick-error", classes="-empty")
        yield Static(Content(legend() + "  " + _("? help")), id="board-hint")

    @property
    def board(self) -> TaskBoard:
        return self.query_one(TaskBoard)

    def presence_changed(self) -> None:
        self.board.mark(self.app.presence.editing("tasks"))

    def on_mount(self) -> None:
        super().on_mount()
        self.board.focus()
        self.reload()

    # -- loading -------------------------------------------------------------------------
    @work(group="board-load", exclusive=True)
    async def reload(self) -> None:
        from store import clock

        with many_objects():
            data = await self.load(_load_all)
        who = data["names"]
        self.board.set_data(
            data["cards"],
            members=who.members,
            departments=who.departments,
            me=who.me,
            today=clock.today(),
        )
        if self._wanted is not None:
            self.show_record("tasks", self._wanted)
        self._stale_flags = True
        self._kick()

    def apply_changes(self, message: DataChanged) -> None:
        touched = message.touched(
            "tasks", "dependencies", "members", "departments", "project", "milestones"
        )
        if not touched:
            return
        changed = touched.get("tasks", set())
        for card_id in changed & self._moving.keys():
            self._moving[card_id].heard = True
        self._stale |= changed - self._moving.keys()
        if "members" in touched or "departments" in touched:
            self._stale_lookups = True
        if {"tasks", "dependencies", "project"} & touched.keys():
            self._first_flags = None  # they may have been read before this change
            self._flags_after_pause()
        self._kick()

    def _flags_after_pause(self) -> None:
        """Recompute the markers once changes pause. Their CPM (the slowest read, slower
        while keys are drawn) took the interpreter from the keys of someone moving cards
        one after another: slow moves were the ones that overlapped it (``bench.app``).
        A move a dependency forbids is still refused by the store and asked about."""
        if self._flags_timer is not None:
            self._flags_timer.stop()
        self._flags_timer = self.set_timer(FLAGS_PAUSE, self._flags_due)

    def _flags_due(self) -> None:
        self._flags_timer = None
        self._stale_flags = True
        self._kick()

    def _kick(self) -> None:
        if not self._refreshing and self.board.loaded:
            self._refreshing = True
            self.refresher()

    @work(group="board-refresh")
    async def refresher(self) -> None:
        """Apply what changed, one read at a time, until nothing is stale."""
        from store.board import board_flags, cards
        from store.people import names

        try:
            while self._stale or self._stale_lookups or self._stale_flags:
                if self._stale_lookups:
                    self._stale_lookups = False
                    who = await self.app.run_db(names, self.app.store)
                    self.board.set_lookups(who.members, who.departments, who.me)
                if len(self._stale) > FULL_RELOAD:
                    self._stale.clear()
                    self.board.set_data(await self.app.run_db(cards, self.app.store))
                elif self._stale:
                    ids, self._stale = self._stale, set()
                    found = await self.app.run_db(cards, self.app.store, ids)
                    # A card moved meanwhile is read again once its moves are written.
                    for card_id in ids & self._moving.keys():
                        self._moving[card_id].heard = True
                    ids -= self._moving.keys()
                    found = [c for c in found if c.id in ids]
                    self.board.update_cards(found, ids - {c.id for c in found})
                    if self._wanted in ids:
                        self.show_record("tasks", self._wanted)
                if self._stale_flags:
                    self._stale_flags = False
                    early, self._first_flags = self._first_flags, None
                    with many_objects():
                        if early is not None:
                            flags = await self.app.wait_db(early)
                        else:
                            flags = await self.app.run_db(
                                board_flags, self.app.store, previous=self.board.flags
                            )
                    self.board.set_flags(flags)
                    if flags.error:
                        say(self, say_error(flags.error), severity="warning", timeout=8)
        finally:
            self._refreshing = False

    # -- moving ----------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        board = self.board
        card = board.focused_card
        if card is None:
            self.app.bell()
            return
        index = STATUSES.index(card.status) + step
        if not 0 <= index < len(STATUSES):
            self.app.bell()
            return
        self.request_move(card.id, STATUSES[index])

    @on(TaskBoard.MoveRequested)
    def _mouse_move(self, event: TaskBoard.MoveRequested) -> None:
        if self.check_action("move", ()):
            self.request_move(event.card_id, event.status)

    @on(TaskBoard.Open)
    def _mouse_open(self, event: TaskBoard.Open) -> None:
        if self.check_action("edit", ()):
            self._open(event.card_id)

    def request_move(self, card_id: int, status: str) -> None:
        """Move now, or ask first when unfinished FS predecessors forbid it."""
        board = self.board
        card = board.cards.get(card_id)
        if card is None or card.status == status:
            return
        blockers = board.flags.blockers.get(card_id, []) if board.flags else []
        if status in ("doing", "done") and blockers:
            self._ask_blocked(card_id, status, blockers)
        else:
            self._move(card_id, status, ())

    def _ask_blocked(self, card_id: int, status: str, blockers: list[int]) -> None:
        board = self.board
        card = board.cards[card_id]
        lines = []
        for pred in blockers:
            other = board.cards.get(pred)
            if other is None:
                lines.append(f"#{pred}")
            else:
                state = _(STATUS_NAMES.get(other.status, other.status))
                lines.append(f"#{pred} {one_line(other.title)} ({state})")
        question = _("Move #{id} {title} to {status}?").format(
            id=card.id, title=one_line(card.title), status=_(STATUS_NAMES[status])
        )
        detail = (
            _("It must wait for these predecessors (finish-to-start), not done yet:")
            + "\n"
            + "\n".join(lines)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._move(card_id, status, tuple(blockers))

        self.app.push_screen(Confirm(question, yes=_("Move anyway"), detail=detail), answered)

    def _move(self, card_id: int, status: str, confirmed: tuple[int, ...]) -> None:
        """Show the move at once; the database thread writes it after the card's earlier
        moves, with the version the board read and the status it showed until now."""
        card = self.board.cards[card_id]
        self.board.move_local(card_id, status)
        self._moving.setdefault(card_id, Moving()).writes += 1
        drawn = threading.Event()
        self.call_after_refresh(drawn.set)
        self.write_move(card_id, card.version, card.status, status, confirmed, drawn)

    @work(group="board-write")
    async def write_move(
        self,
        card_id: int,
        version: int,
        shown: str,
        status: str,
        confirmed: tuple[int, ...],
        drawn: threading.Event,
    ) -> None:
        from store.errors import StoreError

        moving = self._moving[card_id]
        try:
            await self.app.run_db(
                _move_when_drawn, drawn, self.app.store, card_id, version, status, confirmed, shown
            )
        except StoreError as error:
            moving.refused = moving.refused or (status, error)
        finally:
            moving.writes -= 1
        if moving.writes:
            return
        del self._moving[card_id]
        if moving.refused is not None:
            await self._reread(card_id)
            self._refused(card_id, *moving.refused)
        elif moving.heard:
            self._stale.add(card_id)
            self._kick()

    def _refused(self, card_id: int, status: str, error: StoreError) -> None:
        """Say why a move was not saved, its card read again."""
        from store.errors import Conflict
        from store.tasks import BlockedBy

        if isinstance(error, BlockedBy):
            self._ask_blocked(card_id, status, [t.id for t in error.blockers])
        elif isinstance(error, Conflict):
            say(
                self,
                _(
                    "#{id} was changed by {who} meanwhile: the board shows their "
                    "version and your move was not saved."
                ).format(id=card_id, who=error.theirs.get("updated_by") or "?"),
                title=_("Not saved"),
                severity="warning",
                timeout=8,
            )
        else:
            say(self, say_error(error), severity="error")

    async def _reread(self, card_id: int) -> None:
        from store.board import cards

        found = await self.app.run_db(cards, self.app.store, [card_id])
        self.board.update_cards(found, [] if found else [card_id])

    # -- quick add ---------------------------------------------------------------------------
    def action_quick_add(self) -> None:
        box = self.query_one("#quick-input", Input)
        status = _(STATUS_NAMES[self.board.focused_status])
        box.placeholder = _("New task in {column}: ").format(column=status) + QUICK_HINT
        self.query_one("#quick").add_class("-shown")
        box.focus()

    @on(Input.Submitted, "#quick-input")
    def _quick_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.quick_add(event.value, self.board.focused_status)
        else:
            self._close_quick()

    @work(group="board-quick", exclusive=True)
    async def quick_add(self, line: str, status: str) -> None:
        from store.errors import StoreError
        from store.models import TaskStatus
        from store.quick_task import add_quick_task
        from tui.describe import follows

        try:
            added = await self.app.run_db(add_quick_task, self.app.store, line, TaskStatus(status))
        except StoreError as error:
            box = self.query_one("#quick-error", Static)
            box.update(Content(f"{TO_FIX} " + one_line(say_error(error))))
            box.remove_class("-empty")
            return
        self._close_quick()
        saved = added.task
        if self._follow(saved):
            say(self, _("Added #{id} {title}").format(id=saved.id, title=one_line(saved.title)))
        else:
            say(
                self, _("Added #{id}; the filter hides it.").format(id=saved.id), severity="warning"
            )
        if added.held is not None:
            say(self, follows(saved.id, saved.start, added.held))

    def _follow(self, task: Task) -> bool:
        """Put the cursor on a task this screen saved, now or once its change arrives,
        unless the filter hides it (then say so: False)."""
        from store.board import card_of

        if not self.board.matches(card_of(task)):
            return False
        self.show_record("tasks", task.id)
        return True

    def _close_quick(self) -> None:
        box = self.query_one("#quick-input", Input)
        box.value = ""
        error = self.query_one("#quick-error", Static)
        error.update("")
        error.add_class("-empty")
        self.query_one("#quick").remove_class("-shown")
        self.board.focus()

    @on(Input.Changed, "#quick-input")
    def _quick_typed(self) -> None:
        error = self.query_one("#quick-error", Static)
        if not error.has_class("-empty"):
            error.update("")
            error.add_class("-empty")

    # -- the form ------------------------------------------------------------------------------
    def action_edit(self) -> None:
        card = self.board.focused_card
        if card is not None:
            self._open(card.id)

    def _open(self, card_id: int) -> None:
        from tui.modals.task_form import open_task_form

        open_task_form(self, card_id, self._saved)

    def action_new_form(self) -> None:
        from tui.modals.task_form import open_task_form

        open_task_form(self, None, self._saved, {"status": self.board.focused_status})

    def _saved(self, result: TaskSaved) -> None:
        self._follow(result.task)
        title, text = task_saved(result)
        say(self, text, title=title)

    def action_raise_issue(self) -> None:
        card = self.board.focused_card
        raise_issue(self, card.id if card else None)

    @work(group="board-write")
    async def action_delete(self) -> None:
        from store.models import Task
        from store.records import uses
        from tui.in_use import in_use_message

        card = self.board.focused_card
        if card is None:
            return
        # Say why not before asking, rather than refuse after "Delete?".
        used = await self.app.run_db(uses, self.app.store, Task, card.id)
        if used:
            message = in_use_message(f"#{card.id} {card.title}", used)
            say(self, message, severity="warning", timeout=8)
            return
        question = Confirm(
            _("Delete task #{id} {title}?").format(id=card.id, title=one_line(card.title)),
            yes=_("Delete"),
            detail=_("Its dependencies go with it; the change log keeps a copy."),
        )
        if await self.app.push_screen_wait(question):
            self.delete(card)

    @work(group="board-write")
    async def delete(self, card: Card) -> None:
        from store.errors import StoreError
        from store.tasks import delete_task

        try:
            await self.app.run_db(delete_task, self.app.store, card.id, card.version)
        except StoreError as error:
            say(self, say_error(error), severity="error")
            await self._reread(card.id)
        else:
            say(self, _("Deleted #{id}").format(id=card.id))

    # -- the filter ------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#board-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.board.set_filter(event.value)

    @on(Input.Submitted, "#board-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._clear_filter()
        self.board.focus()

    def _clear_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        box.value = ""
        box.remove_class("-shown")
        self.board.set_filter("")

    def action_escape(self) -> None:
        if self.query_one("#quick").has_class("-shown"):
            self._close_quick()
        elif self.query_one("#board-filter", Input).has_class("-shown"):
            self._clear_filter()
            self.board.focus()

    def action_board_help(self) -> None:
        self.app.push_screen(BoardHelp(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":
            return self.query_one("#quick").has_class("-shown") or self.query_one(
                "#board-filter"
            ).has_class("-shown")
        return super().check_action(action, parameters)

    def shown_record(self) -> tuple[str, int] | None:
        card = self.board.focused_card
        return ("tasks", card.id) if card is not None else None

    def show_record(self, entity: str, record_id: int) -> None:
        if entity != "tasks":
            return
        board = self.board
        if not board.loaded or record_id not in board.cards:
            self._wanted = record_id
            return
        self._wanted = None
        if not board.seek(record_id):
            self._clear_filter()
            board.seek(record_id)
        board.focus()
