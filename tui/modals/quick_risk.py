"""The quick risk line (``r`` on any screen): one line at the bottom in the language of
``xdept-tui risk add`` (store/quick_risk.py), with owners and tasks completed as typed.

Built once and shown again (``FormPool``), so it opens on the next frame. The
owners and tasks it completes are read in the database thread when it first opens
and again after they change; each keystroke filters that list in memory (10,000
tasks take a loop over 10,000 short strings). A mistake is said under the line and
the text stays; escape closes and forgets it. Saving is one store call; the new
risk reaches every screen (this app's at its commit, other apps' from the log)
through ``DataChanged``, as every change does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from store.symbols import TO_FIX
from store.text import is_number, one_line
from tui.i18n import N_, _, say_error
from tui.messages import DataChanged
from tui.modals.form import Pooled
from tui.tcss import css_beside
from tui.tell import say, work

if TYPE_CHECKING:
    from textual import getters

    from store.quick_risk import Completions
    from tui.app import XdeptApp

# The language as typed (store/quick_risk.py QUICK_HELP); only its placeholders are words.
QUICK_HINT = N_("title !high p4 i5 @owner ~mitigate: plan #task +opp")
SHOWN = 8  # suggestions at most


@dataclass(frozen=True)
class Suggestion:
    """What replaces the typed ``@…``/``#…`` (from ``start`` to the cursor), and its line."""

    start: int
    text: str
    prompt: Content


class CompletingInput(Input):
    """The line: tab, up and down act on the suggestions while typing goes on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab", "screen.accept", N_("Accept suggestion"), show=False, id="quick_risk.accept"
        ),
        Binding("down", "screen.move(1)", N_("Next suggestion"), show=False, id="quick_risk.next"),
        Binding("up", "screen.move(-1)", N_("Previous suggestion"), show=False, id="quick_risk.up"),
    ]


class QuickRiskLine(Pooled):
    """Dismisses with the saved risk, or None when closed."""

    if TYPE_CHECKING:
        app = getters.app(XdeptApp)

    DEFAULT_CSS = css_beside(__file__)
    AUTO_FOCUS = "#quick-risk-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Cancel"), id="quick_risk.cancel"),
    ]

    def __init__(self, text: str = "", links: dict[str, int] | None = None) -> None:
        super().__init__()
        # What the line starts with, and the records the risk is linked to (a daily
        # update's blocker: ``update_id``; the meeting it is raised in: ``meeting_id``),
        # saved with it.
        self.text = text
        self.links = links or {}
        self.completions: Completions | None = None
        self._stale = True  # the owners and tasks changed since they were read
        self._loading = False
        self._saving = False
        self._suggested: list[Suggestion] = []
        self.highlighted = 0

    def compose(self) -> ComposeResult:
        from store.quick_risk import QUICK_HELP

        # The syntax above the line: the screen below is not shown through (see the .tcss).
        yield Static(Content(_(QUICK_HELP)), id="quick-risk-help")
        with Vertical(id="quick-risk"):
            yield Static(
                Content.assemble((_("New risk") + "  ", "bold"), _(QUICK_HINT)),
                id="quick-risk-hint",
            )
            # The cursor after a pre-filled text (a blocker, a meeting's line), not
            # the text selected: the first key typed adds to it.
            yield CompletingInput(
                self.text, id="quick-risk-input", compact=True, select_on_focus=False
            )
            # One Static, not an OptionList: redrawn in one piece as each key changes it.
            yield Static("", id="quick-risk-suggestions")
            yield Static("", id="quick-risk-error", classes="-empty")
            yield Static(
                Content.assemble(
                    ("enter", "bold"),
                    " " + _("Save") + "  ",
                    ("tab", "bold"),
                    " " + _("Complete") + "  ",
                    ("esc", "bold"),
                    " " + _("Cancel"),
                ),
                id="quick-risk-keys",
            )

    @property
    def line(self) -> Input:
        return self.query_one("#quick-risk-input", Input)

    @property
    def suggested(self) -> list[Suggestion]:
        """What is offered now, the highlighted one at ``highlighted``."""
        return self._suggested

    def on_mount(self) -> None:
        self.app.live_screens.add(self)
        # At once, not at the Changed message: the suggestions are in the frame that
        # shows the key typed, not in the next one.
        self.watch(self.line, "selection", self._typed_now, init=False)
        self._read_if_stale()

    def on_unmount(self) -> None:
        self.app.live_screens.discard(self)

    def reuse(self, text: str = "", links: dict[str, int] | None = None) -> None:
        """Shown again: the line holds ``text`` only (escape and saving keep nothing)."""
        self.text, self.links = text, links or {}
        self.line.value = text
        self._say("")
        self._suggest([])
        self._saving = False
        self.line.focus()
        self._read_if_stale()

    # -- what completes -------------------------------------------------------------------
    @on(DataChanged)
    def _changed(self, message: DataChanged) -> None:
        if message.touched("members", "departments", "tasks"):
            self._stale = True
            if self.in_use:
                self._read_if_stale()

    def _read_if_stale(self) -> None:
        if self._stale and not self._loading:
            self._stale, self._loading = False, True
            self._read()

    @work(group="quick-risk-read")
    async def _read(self) -> None:
        from store.quick_risk import completions

        try:
            self.completions = await self.app.run_db(completions, self.app.store)
        finally:
            self._loading = False
        self._read_if_stale()  # changed again while it was read
        if self.in_use:
            self._suggest(self._find())

    def _find(self) -> list[Suggestion]:
        """What the ``@name`` or ``#task`` being typed before the cursor may be."""
        data = self.completions
        if data is None:
            return []
        text = self.line.value[: self.line.cursor_position]
        for start in range(len(text) - 1, -1, -1):
            mark = text[start]
            if mark in "@#" and (start == 0 or text[start - 1].isspace()):
                typed = text[start + 1 :]
                if mark == "#":
                    return [] if not typed or " " in typed else _tasks(data, start, typed)
                return _owners(data, start, typed.casefold())
        return []

    def _suggest(self, found: list[Suggestion], highlighted: int = 0) -> None:
        if found == self._suggested and highlighted == self.highlighted:
            return
        self._suggested, self.highlighted = found, highlighted
        box = self.query_one("#quick-risk-suggestions", Static)
        lines = [
            Content.assemble("> " if i == highlighted else "  ", s.prompt).stylize(
                "reverse" if i == highlighted else ""
            )
            for i, s in enumerate(found)
        ]
        box.update(Content("\n").join(lines))
        box.set_class(bool(found), "-shown")

    def _typed_now(self) -> None:
        self._suggest(self._find())

    @on(Input.Changed, "#quick-risk-input")
    def _typed(self) -> None:
        self._say("")
        self._suggest(self._find())  # a change that left the cursor where it was

    def action_move(self, step: int) -> None:
        if self._suggested:
            self._suggest(self._suggested, (self.highlighted + step) % len(self._suggested))

    def action_accept(self) -> None:
        """Put the highlighted suggestion in the line, in place of what it completes."""
        if not self._suggested:
            return
        chosen = self._suggested[self.highlighted]
        line = self.line
        end = line.cursor_position
        line.value = line.value[: chosen.start] + chosen.text + " " + line.value[end:]
        line.cursor_position = chosen.start + len(chosen.text) + 1

    # -- saving ------------------------------------------------------------------------------
    @on(Input.Submitted, "#quick-risk-input")
    def _entered(self, event: Input.Submitted) -> None:
        if self._suggested:
            self.action_accept()
        elif event.value.strip() and not self._saving:
            self._saving = True
            self.save(event.value)

    @work(group="quick-risk-save", exclusive=True)
    async def save(self, text: str) -> None:
        from store.errors import StoreError
        from store.quick_risk import add_quick_risk

        try:
            risk = await self.app.run_db(add_quick_risk, self.app.store, text, **self.links)
        except StoreError as error:
            self._say(say_error(error))
        else:
            self.dismiss(risk)
        finally:
            self._saving = False

    def _say(self, message: str) -> None:
        box = self.query_one("#quick-risk-error", Static)
        text = message and f"{TO_FIX} " + one_line(message)
        if str(box.content) != text:
            box.update(Content(text))
        box.set_class(not text, "-empty")

    def action_close(self) -> None:
        self.dismiss(None)


def _owners(data: Completions, start: int, typed: str) -> list[Suggestion]:
    """Members whose name, a word of it, or login starts with what was typed; a name
    that two members share is completed as the login (the store refuses it as ambiguous)."""
    names = [one_line(name).casefold() for name, _login, _dept in data.members]
    found = []
    for name, login, department in data.members:
        key = one_line(name).casefold()
        words = key.split()
        if (
            key.startswith(typed)
            or login.casefold().startswith(typed)
            or any(w.startswith(typed) for w in words)
        ):
            shared = names.count(key) > 1 and login
            detail = " · ".join(one_line(p) for p in (login, department) if p)
            found.append(
                Suggestion(
                    start,
                    "@" + (login if shared else one_line(name)),
                    Content.assemble(("@" + one_line(name), "bold"), "  ", (detail, "dim")),
                )
            )
            if len(found) == SHOWN:
                break
    return found


def _tasks(data: Completions, start: int, typed: str) -> list[Suggestion]:
    """Tasks whose id starts with the digits typed (the exact id first), or whose title
    holds the word typed."""
    word = typed.casefold()
    number = is_number(typed)
    hits = [int(typed)] if number and int(typed) in data.tasks else []
    for task_id, digits, title in data.folded:
        if len(hits) == SHOWN:
            break
        if (digits.startswith(typed) if number else word in title) and (task_id not in hits):
            hits.append(task_id)
    return [
        Suggestion(
            start,
            f"#{i}",
            Content.assemble((f"#{i}", "bold"), "  ", one_line(data.tasks[i])),
        )
        for i in hits
    ]


def open_quick_risk(app: XdeptApp, links: dict[str, int] | None = None, text: str = "") -> None:
    """Show the line (built the first time), holding ``text``; ``links`` are saved with
    the risk: what it was raised from (``{"update_id": 12}``, a daily update's blocker).
    A saved risk is toasted with its number."""

    def done(risk: Any) -> None:
        if risk is not None:
            say(app, _("Risk #{id} added: {title}").format(id=risk.id, title=one_line(risk.title)))

    app.forms.show(
        ("quick-risk",),
        lambda: QuickRiskLine(text, dict(links or {})),
        lambda line: line.reuse(text, dict(links or {})),
        done,
    )
