"""A table drawn line by line, for lists that grow to thousands of rows (the register).

A DataTable measures and lays out every cell it holds, so a few thousand rows take
seconds to appear and again after every filter or sort. This one keeps the rows
as plain text and draws only the lines on screen (``render_line``), so filling,
filtering and sorting 2,000 rows costs what the visible ones do. Columns have fixed
widths; rows are keyed by record id and the cursor stays on its record through
every ``sync``. A row's text is asked for only when its line is drawn, so a list
of thousands costs only the rows on screen. User text is data: plain strings as
``Segment``s, never markup. A row whose record another app has open in a form
shows "EDITING name" before one of its cells (``mark``: only those rows are drawn again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.text import one_line
from tui.i18n import N_
from tui.tcss import css_beside

Row = tuple[str, Sequence[str]]  # (key, the text of each cell)


def fit(text: str, width: int) -> str:
    """``text`` on one line in exactly ``width`` cells, cut with an ellipsis."""
    line = one_line(text)
    if len(line) > width // 2 and cell_len(line) > width:  # a character is at most 2 cells
        line = set_cell_size(line, width - 1) + "…"
    return set_cell_size(line, width)


class LineTable(ScrollView, can_focus=True):
    """A header line and rows of fixed-width cells; a row cursor; ``sync`` shows rows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--cursor",
        "line-table--cursor-blur",
        "line-table--even",
    }
    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", N_("Up"), show=False, id="line_table.up"),
        Binding("down", "move(1)", N_("Down"), show=False, id="line_table.down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="line_table.page_up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="line_table.page_down"),
        Binding("home", "move(-1000000)", N_("First"), show=False, id="line_table.first"),
        Binding("end", "move(1000000)", N_("Last"), show=False, id="line_table.last"),
        Binding("enter", "select", N_("Select"), show=False, id="line_table.select"),
        Binding("left", "scroll_left", N_("Scroll Left"), show=False, id="line_table.scroll_left"),
        Binding(
            "right", "scroll_right", N_("Scroll Right"), show=False, id="line_table.scroll_right"
        ),
    ]

    class Highlighted(Message):
        """The cursor is on another row (``key`` None: the table is empty)."""

        def __init__(self, table: LineTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> LineTable:
            return self.table

    class Selected(Highlighted):
        """``enter`` or a double click on a row."""

    class HeaderClicked(Message):
        """A click on a column's title."""

        def __init__(self, table: LineTable, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

        @property
        def control(self) -> LineTable:
            return self.table

    def __init__(
        self,
        labels: Sequence[str],
        widths: Sequence[int],
        *,
        mark_column: int = 0,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.labels = list(labels)
        self.mark_column = mark_column  # the cell that "EDITING name" goes before
        self.widths = list(widths)
        # As wide as its columns from the start: the first rows change no scrollbar.
        self.set_reactive(LineTable.virtual_size, Size(sum(w + 2 for w in self.widths), 1))
        self.keys: list[str] = []
        self._cells: Callable[[str], Sequence[str]] = lambda _key: ()
        self._index: dict[str, int] = {}
        self.cursor = 0
        self._told: str | None = None  # the key last announced as highlighted
        # Worked out once per style change: the line styles (``rich_style`` walks the
        # ancestors), and each row's text while its cells are the same list.
        self._styles: dict[str, Style] = {}
        self._texts: dict[str, tuple[Sequence[str], str, str]] = {}
        self._marks: dict[str, str] = {}  # row key → "EDITING name"

    # -- reading ---------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def rows(self) -> list[Row]:
        """Every row with its cells (tests, the bench: the table itself reads only
        the rows it draws)."""
        return [(key, self._cells(key)) for key in self.keys]

    @property
    def cursor_key(self) -> str | None:
        return self.keys[self.cursor] if self.keys else None

    def row_text(self, key: str) -> list[str]:
        """The cells of one row as drawn (tests, the hostile walk)."""
        return [one_line(text) for text in self._marked(key)]

    # -- changing ----------------------------------------------------------------------------
    def sync(self, keys: Sequence[str], cells: Callable[[str], Sequence[str]]) -> None:
        """Show the rows of exactly ``keys`` in this order, ``cells(key)`` giving a row's
        text when it is drawn; the cursor stays on its record (or at the same place,
        when its record is gone)."""
        keep = self.cursor_key
        self.keys = list(keys)
        self._cells = cells
        self._index = {key: index for index, key in enumerate(self.keys)}
        self.cursor = self._index.get(keep or "", min(self.cursor, max(0, len(self.keys) - 1)))
        size = Size(sum(w + 2 for w in self.widths), len(self.keys) + 1)
        if self.show_vertical_scrollbar:
            # The ``virtual_size`` reactive lays out the whole screen; with the scrollbar
            # always shown, other rows change only its thumb and the scroll's range.
            self.set_reactive(LineTable.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = size.height
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
        else:  # not laid out yet
            self.virtual_size = size
        self._follow()
        self.refresh()

    def mark(self, marks: dict[str, str]) -> None:
        """Rows other apps edit: row key → "EDITING name" (``Presence.editing``), shown before
        the row's ``mark_column`` cell; only the rows whose mark changed are drawn again."""
        keys = marks.keys() | self._marks.keys()
        changed = {k for k in keys if marks.get(k) != self._marks.get(k)}
        self._marks = dict(marks)
        for key in changed:
            index = self._index.get(key)
            if index is not None:
                self._refresh_row(index)

    def _marked(self, key: str) -> Sequence[str]:
        cells = self._cells(key)
        mark = self._marks.get(key)
        column = self.mark_column
        if not mark or len(cells) <= column:
            return cells
        return [*cells[:column], f"{mark} {cells[column]}", *cells[column + 1 :]]

    def set_label(self, index: int, label: str) -> None:
        if self.labels[index] != label:
            self.labels[index] = label
            self.refresh(Region(0, 0, self.size.width, 1))

    def seek(self, key: str | None) -> bool:
        """Put the cursor on the row with ``key``; False if there is no such row."""
        index = self._index.get(key or "")
        if index is None:
            return False
        self._go(index)
        return True

    def _go(self, index: int) -> None:
        index = max(0, min(index, len(self.keys) - 1))
        if index != self.cursor:
            self._refresh_row(self.cursor)
            self.cursor = index
            self._refresh_row(index)
        self._follow()

    def _refresh_row(self, index: int) -> None:
        """Draw one row again (the cursor left or reached it), not the whole table."""
        y = index + 1 - int(self.scroll_offset.y)
        if 0 < y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _follow(self) -> None:
        """Scroll the cursor into view and say which row it is on, once per change."""
        shown = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + shown:
            self.scroll_to(y=self.cursor - shown + 1, animate=False, immediate=True)
        key = self.cursor_key
        if key != self._told:
            self._told = key
            self.post_message(self.Highlighted(self, key))

    # -- keys and mouse ---------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.keys:
            self._go(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.action_move(step * max(1, self.size.height - 2))

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            edge = 0
            x = event.x + int(self.scroll_offset.x)
            for index, width in enumerate(self.widths):
                edge += width + 2
                if x < edge:
                    self.post_message(self.HeaderClicked(self, index))
                    return
            return
        index = event.y - 1 + int(self.scroll_offset.y)
        if 0 <= index < len(self.keys):
            self._go(index)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self) -> None:
        self._follow()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self) -> None:
        self._styles.clear()  # a :focus rule may style it
        self.refresh()

    def on_blur(self) -> None:
        self._styles.clear()
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        """The widget's style, with a component's (``name``) on top."""
        found = self._styles.get(name)
        if found is None:
            found = self.rich_style
            if name:
                found += self.get_component_rich_style(name)
            self._styles[name] = found
        return found

    def _text(self, key: str) -> str:
        """A row's line, built again only when its cells are another list or its mark
        changed."""
        cells = self._cells(key)
        mark = self._marks.get(key, "")
        found = self._texts.get(key)
        if found is None or found[0] is not cells or found[1] != mark:
            text = "".join(
                f" {fit(cell, width)} "
                for cell, width in zip(self._marked(key), self.widths, strict=False)
            )
            found = self._texts[key] = (cells, mark, text)
        return found[2]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        x = int(self.scroll_offset.x)
        if y == 0:
            style = self._style("line-table--header")
            text = "".join(
                f" {fit(label, width)} "
                for label, width in zip(self.labels, self.widths, strict=False)
            )
        else:
            index = y - 1 + int(self.scroll_offset.y)
            if index >= len(self.keys):
                return Strip.blank(width, self._style(""))
            if index == self.cursor:
                style = self._style(
                    "line-table--cursor" if self.has_focus else "line-table--cursor-blur"
                )
            else:
                style = self._style("line-table--even" if index % 2 else "")
            text = self._text(self.keys[index])
        return Strip([Segment(text, style)]).crop_extend(x, x + width, style)
