"""A yes/no question as a modal: y/enter confirms, n/escape declines."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import N_, _
from tui.tcss import css_beside
from tui.widgets.footer import KeyFooter


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, *, yes: str = "", detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes = yes or _("Yes")
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question))
            if self.detail:
                yield Static(Content(self.detail), classes="muted")
            yield Static(
                Content.assemble(
                    "\n",
                    ("y", "bold"),
                    f" {self.yes}   ",
                    ("n", "bold"),
                    " " + _("Keep"),
                )
            )
        yield KeyFooter()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
