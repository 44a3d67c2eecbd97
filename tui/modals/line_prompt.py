"""One line to type: where to write a file, why a signature is on the head's behalf.
It holds a default text, the reason the last one was refused under it (the text
stays); enter takes it, escape gives up."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.symbols import TO_FIX
from store.text import one_line
from tui.i18n import N_, _
from tui.tcss import css_beside


class LinePrompt(ModalScreen[str | None]):
    """Dismisses with the text typed (never empty), or None."""

    DEFAULT_CSS = css_beside(__file__)
    AUTO_FOCUS = "#path-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Cancel"), id="path.cancel"),
    ]

    def __init__(self, question: str, path: str, error: str = "", enter: str = "") -> None:
        super().__init__()
        self.question = question
        self.path = path
        self.error = error
        self.enter = enter or _("Write")  # what enter does

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), id="path-question")
            yield Input(self.path, id="path-input", compact=True)
            text = self.error and f"{TO_FIX} " + one_line(self.error)
            yield Static(Content(text), id="path-error", classes="" if text else "-empty")
            yield Static(
                Content.assemble(
                    ("enter", "bold"), " " + self.enter + "  ", ("esc", "bold"), " " + _("Cancel")
                ),
                id="path-keys",
            )

    @on(Input.Submitted, "#path-input")
    def _entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_close(self) -> None:
        self.dismiss(None)
