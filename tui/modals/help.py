"""The help screen: every key of the screen it was opened on, read from its live bindings.

Built from the bindings themselves, so it cannot disagree with what the keys do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.i18n import N_, _
from tui.tcss import css_beside
from tui.widgets.header import acting_member, not_on_roster

if TYPE_CHECKING:
    from textual import getters

    from tui.app import XdeptApp

# Textual's own widgets describe their keys in English; these are translated here.
TEXTUAL_KEYS = (
    N_("Select"), N_("Cursor up"), N_("Cursor down"), N_("Cursor left"), N_("Cursor right"),
    N_("Page up"), N_("Page down"), N_("Page Up"), N_("Page Down"), N_("Page Left"),
    N_("Page Right"), N_("Top"), N_("Bottom"), N_("Home"), N_("End"), N_("First"), N_("Last"),
    N_("Up"), N_("Down"), N_("Scroll Up"), N_("Scroll Down"), N_("Scroll Left"),
    N_("Scroll Right"), N_("Scroll Home"), N_("Scroll End"), N_("Toggle"), N_("Submit"),
    N_("Focus Next"), N_("Focus Previous"), N_("Copy selected text"), N_("Show menu"),
    N_("Dismiss menu"), N_("Previous tab"), N_("Next tab"), N_("Quit"),
)  # fmt: skip

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "minus": "-",
    "escape": "esc",
}


def key_label(key: str) -> str:
    return "/".join(_KEY_NAMES.get(k, k) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    if TYPE_CHECKING:
        app = getters.app(XdeptApp)  # its store and health, type-checked

    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", N_("Close"), show=True, id="help.close"),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        rows: dict[str, tuple[str, str]] = {}
        for key, active in self.target.active_bindings.items():
            binding = active.binding
            text = _(binding.description or binding.tooltip)
            if not text or not active.enabled:
                continue
            label = key_label(binding.key_display or key)
            rows.setdefault(text, (label, text))
            if label not in rows[text][0].split(" "):
                rows[text] = (rows[text][0] + " " + label, text)
        width = max((len(k) for k, _t in rows.values()), default=4) + 2
        lines = [Content.styled(_("Keys on this screen"), "bold"), Content("")]
        for keys, text in sorted(rows.values(), key=lambda r: r[1].casefold()):
            lines.append(Content.assemble((keys.ljust(width), "bold $accent"), text))
        lines += [
            Content(""),
            Content(_("Number keys 1–7 switch screens; ctrl+p opens the palette.")),
            Content(_("In forms: tab/shift+tab move, ctrl+s saves, escape asks to discard.")),
        ]
        app = self.app
        if getattr(app, "health", None) is not None and acting_member(app) is None:
            lines += [Content(""), Content(not_on_roster(app.store.actor))]
        with VerticalScroll():
            yield Static(Content("\n").join(lines), classes="keys")

    def action_close(self) -> None:
        self.dismiss()
