"""``H``: the history of the record a screen shows, newest first, from the change log.

Every screen with records says which one is current (``shown_record``, the
counterpart of ``show_record``); this modal reads that record's history in the
database thread and lists who changed what and when (tui/history.py words it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.history import record_name, what, when, who
from tui.i18n import N_, _
from tui.tcss import css_beside
from tui.tell import say, work

if TYPE_CHECKING:
    from textual import getters
    from textual.dom import DOMNode

    from store.history import History
    from tui.app import XdeptApp


class HistoryScreen(ModalScreen[None]):
    """A record's changes; escape closes, the arrows and page keys scroll."""

    if TYPE_CHECKING:
        app = getters.app(XdeptApp)

    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,H", "close", N_("Close"), id="history.close"),
    ]

    def __init__(self, entity: str, record_id: int) -> None:
        super().__init__()
        self.entity = entity
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history-scroll"):
            yield Static(Content(_("Reading the history…")), id="history-text")

    def on_mount(self) -> None:
        self.query_one("#history-scroll").focus()
        self.load()

    @work(group="history", exclusive=True)
    async def load(self) -> None:
        from store.history import record_history

        app = self.app
        found = await app.run_db(record_history, app.store, self.entity, self.record_id)
        self.query_one("#history-text", Static).update(text_of(found))

    def action_close(self) -> None:
        self.dismiss()


def text_of(found: History) -> Content:
    """The modal's text: a title, then each change with who, when and what."""
    title = _("History of {record}").format(
        record=record_name(found.entity, found.record_id, found.label)
    )
    parts: list[Any] = [(title, "bold"), "\n"]
    if not found.entries:
        parts += ["\n", _("No change of it is in the change log.")]
    for entry in found.entries:
        parts += ["\n", (when(entry), "bold $accent"), "  ", (who(entry), "bold"), "\n"]
        parts += [f"  {line}\n" for line in what(entry, found.entity)]
    parts += ["\n", (_("escape closes"), "dim")]
    return Content.assemble(*parts)


def open_history(node: DOMNode, record: tuple[str, int] | None) -> None:
    """Open the history of ``record``, or say there is none selected."""
    if record is None:
        say(node, _("No record is selected: move the cursor to one, then press H."))
        return
    node.app.push_screen(HistoryScreen(*record))
