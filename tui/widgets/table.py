"""A DataTable keyed by record id that updates in place and keeps its cursor.

docs/architecture.md, "Speed": ``clear()`` resets the cursor and scroll, so a refresh changes
only the cells that differ, adds and removes rows by key, and puts the cursor
back on the record it was on. Cells are ``rich.text.Text`` built from plain
strings, never markup, so a name like ``[bold]x[/]`` shows literally. A row whose
record another app has open in a form shows "EDITING name" before one of its cells (``mark``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from store.text import one_line

Cell = str | Text


def cell(value: object, style: str = "", cells: int | None = None) -> Text:
    """User text as a literal cell: controls stripped, one line, no markup; at most
    ``cells`` terminal cells when given, with an ellipsis if cut."""
    text = Text(one_line("" if value is None else str(value)), style=style)
    if cells is not None:
        text.truncate(cells, overflow="ellipsis")
    return text


class KeyedTable(DataTable):
    """Rows keyed by record id (as str); ``sync`` brings it to a new list of rows."""

    def __init__(self, columns: Sequence[str], *, mark_column: int = 0, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._labels = list(columns)
        self.mark_column = mark_column  # the cell that "EDITING name" goes before
        # Each row's plain text, by its key as the table holds it (RowKey.value).
        self._plain: dict[str | None, tuple[str, ...]] = {}
        self._unmarked: dict[str | None, Text] = {}  # each row's marked cell, without its mark
        self._marks: dict[str, str] = {}  # row key → "EDITING name"

    def on_mount(self) -> None:
        for index, label in enumerate(self._labels):
            self.add_column(Text(label), key=str(index))

    @property
    def cursor_key(self) -> str | None:
        """Key of the row under the cursor."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None

    def seek(self, key: str | None) -> bool:
        """Put the cursor on the row with ``key``; False if there is no such row."""
        if key is None:
            return False
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False)
        return True

    def sync(self, rows: Sequence[tuple[str, Sequence[Cell]]]) -> None:
        """Show exactly ``rows`` in this order, touching only what changed.

        Rows that stay are updated cell by cell; new rows are appended when they
        belong at the end. Only when the order itself changed is the table
        rebuilt, and then the cursor is put back on the same record.
        """
        keep, keep_index, keep_column = self.cursor_key, self.cursor_row, self.cursor_column
        wanted = [key for key, _cells in rows]
        wanted_set = set(wanted)
        for row in [r for r in self.ordered_rows if r.key.value not in wanted_set]:
            self.remove_row(row.key)
            self._plain.pop(row.key.value, None)
            self._unmarked.pop(row.key.value, None)
        current = [r.key.value for r in self.ordered_rows]
        if wanted[: len(current)] != current:
            self.clear()
            self._plain.clear()
            self._unmarked.clear()
        for key, cells in rows:
            plain = tuple(c.plain if isinstance(c, Text) else c for c in cells)
            old = self._plain.get(key)
            if old == plain:
                continue
            renderables = [c if isinstance(c, Text) else Text(c) for c in cells]
            if len(renderables) > self.mark_column:
                self._unmarked[key] = renderables[self.mark_column]
                renderables[self.mark_column] = self._marked(key)
            if old is None:
                self.add_row(*renderables, key=key)
            else:
                for index, value in enumerate(renderables):
                    if old[index] != plain[index]:
                        self.update_cell(key, str(index), value, update_width=True)
            self._plain[key] = plain
        if not self.seek(keep) and self.row_count:
            self.move_cursor(row=min(keep_index, self.row_count - 1), animate=False)
        if self.row_count and self.cursor_column != keep_column:
            self.move_cursor(column=keep_column, animate=False)

    def mark(self, marks: dict[str, str]) -> None:
        """Rows other apps edit: row key → "EDITING name" (``Presence.editing``), shown before
        the row's ``mark_column`` cell; only the rows whose mark changed are touched."""
        keys = marks.keys() | self._marks.keys()
        changed = {k for k in keys if marks.get(k) != self._marks.get(k)}
        self._marks = dict(marks)
        column = str(self.mark_column)
        for key in changed:
            if key in self._unmarked:
                self.update_cell(key, column, self._marked(key), update_width=True)

    def _marked(self, key: str) -> Text:
        unmarked = self._unmarked[key]
        mark = self._marks.get(key)
        return Text.assemble((mark, "bold"), " ", unmarked) if mark else unmarked
