"""The task board widget: four status columns drawn line by line, however many cards.

One widget, no widget per card (docs/architecture.md, "Speed"): the
cards are plain ``store.board.Card`` values in sorted lists, and ``render_line``
builds only the lines on screen, so 10,000 tasks cost what 20 do. Each column
scrolls on its own and remembers its cursor by task id, so refreshes, filters
and moves keep the same record under the cursor, never the same index.

Markers are symbols (store.symbols), never colour alone: the critical path,
slipping by so many working days ("+3d"), waiting for a finish-to-start
predecessor not done, a milestone. A card another app has open in a form says
"EDITING name" before its owner.

Mouse: a click selects a card (a double click opens it); dragging a card to
another column, or clicking a column's title while a card is selected, moves
the card there; the wheel scrolls the column under the pointer.

User text is data: every line is built from plain strings as ``Segment``s, so
``[bold]x[/]`` shows as typed and control characters are stripped again here.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from store.board import TASK_FILTER, card_field, card_flag, card_text
from store.filters import Filter
from store.symbols import CRITICAL, MILESTONE, SLIPPING, TASK_STATUS, WAITING
from store.text import one_line
from tui.i18n import N_, _
from tui.tcss import css_beside

if TYPE_CHECKING:
    from store.board import BoardFlags, Card

STATUSES = ("todo", "doing", "blocked", "done")
STATUS_NAMES = {
    "todo": N_("Todo"),
    "doing": N_("Doing"),
    "blocked": N_("Blocked"),
    "done": N_("Done"),
}
CARD_HEIGHT = 4  # title, owner · department, due and markers, a blank line


def legend() -> str:
    return "  ".join(
        f"{symbol} {_(label)}"
        for symbol, label in (
            (CRITICAL, N_("critical")),
            (f"{SLIPPING}+3d", N_("slipping")),
            (WAITING, N_("waits for a predecessor")),
            (MILESTONE, N_("milestone")),
        )
    )


# -- the widget -------------------------------------------------------------------------


class TaskBoard(Widget, can_focus=True):
    """Columns todo / doing / blocked / done; ``cards`` and ``flags`` are set by the screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board--header",
        "board--header-focus",
        "board--header-drop",
        "board--card",
        "board--cursor",
        "board--cursor-blur",
        "board--muted",
        "board--marker",
        "board--separator",
    }
    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", N_("Up"), show=False, id="cards.cursor_up"),
        Binding("down", "cursor_down", N_("Down"), show=False, id="cards.cursor_down"),
        Binding("left", "cursor_left", N_("Previous column"), show=False, id="cards.cursor_left"),
        Binding("right", "cursor_right", N_("Next column"), show=False, id="cards.cursor_right"),
        Binding("home", "first", N_("First card"), show=False, id="cards.first"),
        Binding("end", "last", N_("Last card"), show=False, id="cards.last"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="cards.page_up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="cards.page_down"),
    ]

    class Open(Message):
        """A card was double-clicked."""

        def __init__(self, card_id: int) -> None:
            super().__init__()
            self.card_id = card_id

    class MoveRequested(Message):
        """The mouse asked to move a card (a drag or a click on a column's title)."""

        def __init__(self, card_id: int, status: str) -> None:
            super().__init__()
            self.card_id = card_id
            self.status = status

    class CursorMoved(Message):
        """The focused card changed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cards: dict[int, Card] = {}
        self.flags: BoardFlags | None = None
        self.filter = Filter()
        self._match = self.filter.matcher(self._flag, self._field, self._hay)
        self.members: dict[int, tuple[str, str]] = {}  # id → (name, login)
        self.departments: dict[int, str] = {}
        self.me: int | None = None
        self.today = date.today()
        self.loaded = False
        self.columns: list[list[int]] = [[] for _s in STATUSES]
        self.totals = [0] * len(STATUSES)
        self.column = 0
        self._cursor: list[int | None] = [None] * len(STATUSES)  # card id per column
        self._tops = [0] * len(STATUSES)
        self._haystack: dict[int, str] = {}
        self._drag: int | None = None
        self._drop: int | None = None
        self._dropped = False  # the click that ends a drag is not a click on a title
        self._marks: dict[str, str] = {}  # task id → "EDITING name": another app edits it

    def mark(self, marks: dict[str, str]) -> None:
        """Cards other apps edit: task id → "EDITING name" (``Presence.editing``); only the
        lines on screen are drawn again, and only when a mark changed."""
        if marks != self._marks:
            self._marks = dict(marks)
            self.refresh()

    # -- ordering and lookups ----------------------------------------------------------
    def _key(self, card_id: int) -> tuple[str, int]:
        card = self.cards[card_id]
        return (card.end, card.id)

    def _index(self, column: int, card_id: int) -> int | None:
        """Position of ``card_id`` in ``column`` (bisect on its current sort key)."""
        ids = self.columns[column]
        if card_id not in self.cards:
            return None
        i = bisect_left(ids, self._key(card_id), key=self._key)
        return i if i < len(ids) and ids[i] == card_id else None

    def owner_name(self, card: Card) -> str:
        return self.members.get(card.owner_id or 0, ("", ""))[0]

    def department_name(self, card: Card) -> str:
        return self.departments.get(card.department_id or 0, "")

    def _hay(self, card: Card) -> str:
        found = self._haystack.get(card.id)
        if found is None:
            found = self._haystack[card.id] = card_text(card, self.members, self.departments)
        return found

    def matches(self, card: Card) -> bool:
        return self._match(card)

    def _flag(self, card: Card, name: str) -> bool:
        return card_flag(card, name, self.flags, self.me)

    def _field(self, card: Card, key: str) -> str:
        return card_field(card, key, self.members, self.departments)

    # -- data in ---------------------------------------------------------------------------
    def set_data(
        self,
        cards: Iterable[Card],
        *,
        members: dict[int, tuple[str, str]] | None = None,
        departments: dict[int, str] | None = None,
        me: int | None = None,
        today: date | None = None,
    ) -> None:
        """All cards at once (the first load, or after many changes)."""
        keep = self.focused_id
        self.cards = {c.id: c for c in cards}
        if members is not None:
            self.members = members
        if departments is not None:
            self.departments = departments
        self.me = me if me is not None else self.me
        self.today = today or self.today
        self._haystack.clear()
        self.loaded = True
        self._rebuild(keep)

    def set_lookups(
        self, members: dict[int, tuple[str, str]], departments: dict[int, str], me: int | None
    ) -> None:
        self.members, self.departments, self.me = members, departments, me
        self._haystack.clear()
        if self.filter:
            self._rebuild(self.focused_id)
        else:
            self.refresh()

    def set_flags(self, flags: BoardFlags) -> None:
        self.flags = flags
        if self.filter.flags & {"critical", "slipping"}:
            self._rebuild(self.focused_id)
        else:
            self.refresh()

    def set_filter(self, text: str) -> None:
        self.filter = TASK_FILTER.parse(text)
        self._match = self.filter.matcher(self._flag, self._field, self._hay)
        self._rebuild(self.focused_id)

    def _rebuild(self, keep: int | None) -> None:
        """Columns from ``cards`` through the filter; the cursor stays on its records."""
        columns: list[list[int]] = [[] for _s in STATUSES]
        totals = [0] * len(STATUSES)
        where = {s: i for i, s in enumerate(STATUSES)}
        match = self._match
        for card in self.cards.values():
            c = where.get(card.status, 0)
            totals[c] += 1
            if match(card):
                columns[c].append(card.id)
        cards = self.cards
        for ids in columns:
            ids.sort(key=lambda i: (cards[i].end, i))
        old = self.columns
        self.columns, self.totals = columns, totals
        for c in range(len(STATUSES)):
            self._settle_cursor(c, old[c])
        if keep is not None and keep in cards and self.matches(cards[keep]):
            self.seek(keep)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved())

    def _settle_cursor(self, c: int, before: list[int] | None = None) -> None:
        """Keep the column's cursor on its card, or the card now where it was."""
        ids = self.columns[c]
        current = self._cursor[c]
        if current is not None and self._index(c, current) is not None:
            return
        if not ids:
            self._cursor[c] = None
            return
        old_index = 0
        if before and current is not None and current in before:
            old_index = before.index(current)
        self._cursor[c] = ids[min(old_index, len(ids) - 1)]

    def update_cards(self, changed: Iterable[Card], removed: Iterable[int] = ()) -> None:
        """Some cards changed (a refresh): move only those; the focused record stays focused."""
        focused = self.focused_id
        where = {s: i for i, s in enumerate(STATUSES)}
        touched: set[int] = set()
        follow: int | None = None
        for card_id in removed:
            old = self.cards.get(card_id)
            if old is None:
                continue
            c = where.get(old.status, 0)
            index = self._index(c, card_id)
            if index is not None:
                self._drop_at(c, index)
            self.totals[c] -= 1
            del self.cards[card_id]
            self._haystack.pop(card_id, None)
            touched.add(c)
        for card in changed:
            old = self.cards.get(card.id)
            if old is not None:
                c = where.get(old.status, 0)
                index = self._index(c, card.id)
                if index is not None:
                    self._drop_at(c, index, keep=card.id == focused)
                self.totals[c] -= 1
                touched.add(c)
            self.cards[card.id] = card
            self._haystack.pop(card.id, None)
            c = where.get(card.status, 0)
            self.totals[c] += 1
            touched.add(c)
            if self.matches(card):
                insort(self.columns[c], card.id, key=self._key)
                if card.id == focused:
                    follow = card.id
                if self._cursor[c] is None:
                    self._cursor[c] = card.id
        for c in touched:
            self._settle_cursor(c)
        if follow is not None:
            self.seek(follow)
        elif focused is not None and focused not in self.cards:
            self._settle_cursor(self.column)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved())

    def _drop_at(self, c: int, index: int, keep: bool = False) -> None:
        """Remove the card at ``index``; a cursor on it passes to its neighbour."""
        ids = self.columns[c]
        card_id = ids.pop(index)
        if self._cursor[c] == card_id and not keep:
            self._cursor[c] = ids[min(index, len(ids) - 1)] if ids else None
        elif self._cursor[c] == card_id:
            self._cursor[c] = None

    def move_local(self, card_id: int, status: str, **values: Any) -> None:
        """Show a move at once (the write follows in the database thread)."""
        card = self.cards.get(card_id)
        if card is None:
            return
        from dataclasses import replace

        self.update_cards([replace(card, status=status, **values)])

    # -- the cursor ------------------------------------------------------------------------
    @property
    def focused_id(self) -> int | None:
        return self._cursor[self.column]

    @property
    def focused_card(self) -> Card | None:
        card_id = self.focused_id
        return self.cards.get(card_id) if card_id is not None else None

    @property
    def focused_status(self) -> str:
        return STATUSES[self.column]

    def seek(self, card_id: int) -> bool:
        """Put the cursor on ``card_id`` (its column becomes the focused one)."""
        card = self.cards.get(card_id)
        if card is None:
            return False
        c = STATUSES.index(card.status) if card.status in STATUSES else 0
        if self._index(c, card_id) is None:
            return False
        self.column = c
        self._cursor[c] = card_id
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved())
        return True

    def _set_cursor_index(self, c: int, index: int) -> None:
        ids = self.columns[c]
        if not ids:
            return
        index = max(0, min(index, len(ids) - 1))
        old = self._cursor[c]
        self._cursor[c] = ids[index]
        self._scroll_to_cursor()
        if old != ids[index]:
            self.refresh()
            self.post_message(self.CursorMoved())

    def cursor_index(self, c: int | None = None) -> int | None:
        c = self.column if c is None else c
        current = self._cursor[c]
        return None if current is None else self._index(c, current)

    @property
    def visible_cards(self) -> int:
        return max(1, (self.size.height - 1) // CARD_HEIGHT)

    def _scroll_to_cursor(self) -> None:
        c = self.column
        index = self.cursor_index(c)
        if index is None:
            self._tops[c] = min(self._tops[c], max(0, len(self.columns[c]) - 1))
            return
        top, shown = self._tops[c], self.visible_cards
        if index < top:
            self._tops[c] = index
        elif index >= top + shown:
            self._tops[c] = index - shown + 1

    def action_cursor_down(self) -> None:
        index = self.cursor_index()
        self._set_cursor_index(self.column, 0 if index is None else index + 1)

    def action_cursor_up(self) -> None:
        index = self.cursor_index()
        self._set_cursor_index(self.column, 0 if index is None else index - 1)

    def action_first(self) -> None:
        self._set_cursor_index(self.column, 0)

    def action_last(self) -> None:
        self._set_cursor_index(self.column, len(self.columns[self.column]) - 1)

    def action_page(self, step: int) -> None:
        index = self.cursor_index() or 0
        self._set_cursor_index(self.column, index + step * self.visible_cards)

    def _go_column(self, c: int) -> None:
        if not 0 <= c < len(STATUSES) or c == self.column:
            return
        # Land on the card at the same height on screen: the eye stays where it was.
        row = (self.cursor_index() or 0) - self._tops[self.column]
        self.column = c
        card_id = self._cursor[c]
        if card_id is None or self._index(c, card_id) is None:
            self._settle_cursor(c)
        index = self.cursor_index(c)
        if index is not None and not 0 <= index - self._tops[c] < self.visible_cards:
            self._cursor[c] = None
            self._set_cursor_index(c, self._tops[c] + row)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved())

    def action_cursor_left(self) -> None:
        self._go_column(self.column - 1)

    def action_cursor_right(self) -> None:
        self._go_column(self.column + 1)

    # -- drawing ---------------------------------------------------------------------------
    def widths(self) -> list[int]:
        """Cell width of each column; the separators take one cell each."""
        usable = max(len(STATUSES), self.size.width - (len(STATUSES) - 1))
        base, extra = divmod(usable, len(STATUSES))
        return [base + (1 if i < extra else 0) for i in range(len(STATUSES))]

    def column_at(self, x: int) -> int:
        edge = 0
        for c, width in enumerate(self.widths()):
            edge += width + 1
            if x < edge:
                return c
        return len(STATUSES) - 1

    def render_line(self, y: int) -> Strip:
        widths = self.widths()
        base = self.rich_style
        sep = self.get_component_rich_style("board--separator")
        segments: list[Segment] = []
        for c, width in enumerate(widths):
            if c:
                segments.append(Segment("│", base + sep))
            segments.extend(self._column_line(c, y, width, base))
        return Strip(segments, self.size.width)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _column_line(self, c: int, y: int, width: int, base: Style) -> list[Segment]:
        if y == 0:
            return self._header(c, width, base)
        ids = self.columns[c]
        slot, line = divmod(y - 1, CARD_HEIGHT)
        index = self._tops[c] + slot
        if index >= len(ids):
            if not ids and slot == 0 and line == 0 and self.loaded:
                text = _("no match") if self.filter else _("no tasks")
                return [_fit(" " + text, width, base + self._style("board--muted"))]
            return [Segment(" " * width, base)]
        if line == CARD_HEIGHT - 1:
            return [Segment(" " * width, base)]
        card = self.cards[ids[index]]
        is_cursor = c == self.column and ids[index] == self._cursor[c]
        if is_cursor:
            style = base + self._style("board--cursor" if self.has_focus else "board--cursor-blur")
            bar = "▌"
        else:
            style = base + self._style("board--card")
            bar = " "
        muted = style + self._style("board--muted")
        mark = style + self._style("board--marker")
        if line == 0:
            markers = self._markers(card)
            head = [Segment(bar, style)]
            used = 1
            if markers:
                head.append(Segment(markers + " ", mark))
                used += cell_len(markers) + 1
            head.append(_fit(one_line(card.title), width - used, style))
            return head
        if line == 1:
            who = one_line(self.owner_name(card)) or "—"
            dept = one_line(self.department_name(card))
            text = f"{who} · {dept}" if dept else who
            editing = self._marks.get(str(card.id))
            if editing and width > 2:
                shown = _fit(editing + " ", min(width - 1, cell_len(editing) + 1), mark)
                rest = width - 1 - shown.cell_length
                return [Segment(bar, style), shown, _fit(text, rest, muted)]
            return [Segment(bar, style), _fit(text, width - 1, muted)]
        return self._due_line(card, width, bar, style, muted, mark)

    def _markers(self, card: Card) -> str:
        flags = self.flags
        text = ""
        if flags is not None and card.id in flags.critical:
            text += CRITICAL
        if card.milestone:
            text += MILESTONE
        if flags is not None and card.status != "done" and flags.blockers.get(card.id):
            text += WAITING
        return text

    def _due_line(
        self, card: Card, width: int, bar: str, style: Style, muted: Style, mark: Style
    ) -> list[Segment]:
        due = card.end if card.end[:4] != str(self.today.year) else card.end[5:]
        parts: list[Segment] = [Segment(bar, style), Segment(due, style)]
        used = 1 + cell_len(due)
        days = self.flags.slip.get(card.id) if self.flags is not None else None
        if days is not None:
            text = f" {SLIPPING}+{days}d"
            parts.append(Segment(text, mark))
            used += cell_len(text)
        if card.status == "doing" or (card.status == "blocked" and card.progress):
            text = f" {card.progress}%"
            parts.append(Segment(text, muted))
            used += cell_len(text)
        ident = f"#{card.id}"
        room = width - used
        if room >= cell_len(ident) + 1:
            parts.append(Segment(" " * (room - cell_len(ident)) + ident, muted))
        elif room > 0:
            parts.append(Segment(" " * room, style))
        else:
            return [_fit("".join(s.text for s in parts), width, style)]
        return parts

    def _header(self, c: int, width: int, base: Style) -> list[Segment]:
        status = STATUSES[c]
        if self._drop == c:
            style = base + self._style("board--header-drop")
        elif c == self.column:
            style = base + self._style("board--header-focus")
        else:
            style = base + self._style("board--header")
        shown, total = len(self.columns[c]), self.totals[c]
        count = f"{shown}/{total}" if self.filter else str(total)
        name = f"{TASK_STATUS[status]} {_(STATUS_NAMES[status])}"
        room = width - cell_len(count) - 2
        if room < 3:
            return [_fit(f" {name}", width, style)]
        return [_fit(f" {name}", room + 1, style), Segment(count + " ", style)]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    # -- the mouse -------------------------------------------------------------------------
    def _card_at(self, x: int, y: int) -> tuple[int, int | None]:
        c = self.column_at(x)
        if y < 1:
            return c, None
        slot, line = divmod(y - 1, CARD_HEIGHT)
        index = self._tops[c] + slot
        if line == CARD_HEIGHT - 1 or index >= len(self.columns[c]):
            return c, None
        return c, self.columns[c][index]

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self._dropped = False
        c, card_id = self._card_at(event.x, event.y)
        if card_id is not None:
            self.focus()
            self.column = c
            self._cursor[c] = card_id
            self._drag = card_id
            self.capture_mouse()
            self.refresh()
            self.post_message(self.CursorMoved())

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag is None:
            return
        c = self.column_at(event.x)
        drop = c if c != self.column else None
        if drop != self._drop:
            self._drop = drop
            self.refresh()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        dragged, self._drag = self._drag, None
        self.release_mouse()
        drop, self._drop = self._drop, None
        if dragged is not None and drop is not None:
            self.refresh()
            event.stop()
            self._dropped = True
            self.post_message(self.MoveRequested(dragged, STATUSES[drop]))

    def on_click(self, event: events.Click) -> None:
        if self._dropped:
            self._dropped = False
            return
        c, card_id = self._card_at(event.x, event.y)
        if event.y == 0:
            card = self.focused_card
            self.focus()
            if card is not None and card.status != STATUSES[c]:
                self.post_message(self.MoveRequested(card.id, STATUSES[c]))
            elif card is None or c != self.column:
                self._go_column(c)
            return
        if card_id is not None and event.chain >= 2:
            self.post_message(self.Open(card_id))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(self.column_at(event.x), 1)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(self.column_at(event.x), -1)
        event.stop()

    def _scroll(self, c: int, step: int) -> None:
        limit = max(0, len(self.columns[c]) - self.visible_cards)
        top = max(0, min(self._tops[c] + step, limit))
        if top != self._tops[c]:
            self._tops[c] = top
            self.refresh()

    def on_resize(self) -> None:
        self._scroll_to_cursor()


def _fit(text: str, width: int, style: Style) -> Segment:
    """``text`` in exactly ``width`` cells: CJK measured in cells, cut with an ellipsis."""
    if width <= 0:
        return Segment("", style)
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return Segment(set_cell_size(text, width), style)
