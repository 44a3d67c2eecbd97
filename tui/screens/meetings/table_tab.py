"""What both tabs of screen 7 are: a table of records keyed by id, the selected one's
detail beside it (wide) or under it (narrow), and a record asked for before it was
read found once it is."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from tui.i18n import _
from tui.screens.tabs import ScreenTab
from tui.widgets.table import KeyedTable

WIDE = 140  # columns from which the detail sits beside the table (the table keeps 84)


class TableTab(ScreenTab):
    # Names its widgets: #KEY-table and #KEY-detail-text.
    KEY: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    LOADING: ClassVar[str] = ""  # what the detail says until the records are read
    TABLE: ClassVar[type[KeyedTable]] = KeyedTable

    def __init__(self, title: str, tab_id: str) -> None:
        super().__init__(title, id=tab_id)
        self._wanted: int | None = None  # asked for before it was read

    def compose(self) -> ComposeResult:
        yield from self.compose_above()
        with Horizontal(classes="tab-body"):
            yield self.TABLE([_(c) for c in self.COLUMNS], id=f"{self.KEY}-table")
            with VerticalScroll(classes="tab-detail"):
                yield Static(Content(_(self.LOADING)), id=f"{self.KEY}-detail-text")

    def compose_above(self) -> ComposeResult:
        """What the tab shows above its table (nothing here)."""
        yield from ()

    @property
    def table(self) -> KeyedTable:
        return self.query_one(f"#{self.KEY}-table", KeyedTable)

    def main(self) -> KeyedTable:
        return self.table

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    def reload(self) -> object:
        """Read the tab's records (in a worker)."""
        raise NotImplementedError

    def shows(self, record_id: int) -> bool:
        """Whether the table holds ``record_id`` now."""
        raise NotImplementedError

    def show_detail_text(self, content: Content) -> None:
        self.query_one(f"#{self.KEY}-detail-text", Static).update(content)

    def seek(self, record_id: int) -> None:
        """Put the cursor on a record; one not read yet is sought again once it is."""
        if not self.shows(record_id):
            self._wanted = record_id
            return
        self._wanted = None
        self.table.seek(str(record_id))
        self.table.focus()

    def seek_wanted(self) -> None:
        """After the rows changed: the record asked for before, if it is there now."""
        if self._wanted is not None:
            self.seek(self._wanted)
