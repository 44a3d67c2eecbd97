"""The header: the screen's name, the project, today, who you are, who else is here,
and the project's health."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from store import clock
from store.symbols import DONE, HIGH, SLIPPING, TO_FIX
from store.text import one_line
from tui.i18n import _
from tui.tcss import css_beside
from tui.tell import say

if TYPE_CHECKING:
    from textual import events, getters

    from store.health import Health
    from store.models import Member
    from tui.app import XdeptApp

SHOWN_HERE = 5  # names of the others here shown before "+N"
NAME_CELLS = 9  # the project's name keeps at least this many cells ("智能手环…")
SHORT_CELLS = 6  # a long name of someone here, cut to this many cells on a narrow terminal


def short_name(name: str) -> str:
    """A name in few cells for a narrow header: "Emma Clark" → "EC"; "王芳" stays."""
    words = name.split()
    if len(words) > 1 and all(w[0].isascii() and w[0].isalpha() for w in words):
        return "".join(w[0].upper() for w in words)
    if cell_len(name) <= SHORT_CELLS:
        return name
    text = Text(name)
    text.truncate(SHORT_CELLS, overflow="ellipsis")
    return text.plain


def acting_member(app: XdeptApp) -> Member | None:
    """The roster member the user acts as (None before the project's health is read)."""
    if app.health is None:
        return None
    login = app.store.actor
    return next((m for m in app.health.members.values() if m.login == login), None)


def not_on_roster(login: str) -> str:
    """How a login on no member's record gets on the roster (the header's click, ``?``)."""
    return _(
        "{login} is on no member's roster entry: the project manager adds it with "
        "xdept-tui member add NAME --department D --login {login}"
    ).format(login=one_line(login))


class ProjectHeader(Static):
    """One line: which screen this is, the project, today, who you are, who else is
    here, and its health (with symbols and counts, never by colour alone)."""

    if TYPE_CHECKING:
        app = getters.app(XdeptApp)  # its store, type-checked

    DEFAULT_CSS = css_beside(__file__)

    _line: Content | None = None  # what it shows

    def on_mount(self) -> None:
        self.show_health(getattr(self.app, "health", None))

    def _who(self, health: Health | None, short: bool) -> str:
        """Who you are: the roster name with its role symbols, or a login on no member's
        record, which can only read."""
        app = self.app
        login = one_line(app.store.actor)
        read_only = " " + _("(read-only)") if app.read_only else ""
        member = acting_member(app)
        if member is not None:
            from tui.screens.roster import roles

            symbols = roles(member)
            name = one_line(member.name)
            if short:
                return short_name(name) + symbols + read_only
            return f"{name} {symbols}".rstrip() + read_only
        if health is None:
            return login + read_only
        if short:
            return _("{login}: read only").format(login=login)
        return _("login {login} · not on the roster (read only)").format(login=login)

    def _here(self, short: bool) -> Iterator[str]:
        """Who else is here, from the most cells to the fewest: up to five names (or
        short ones), then "+N"."""
        people = self.app.presence.people()
        if short:
            people = [short_name(name) for name in people]
        for count in range(min(SHOWN_HERE, len(people)), 0, -1):
            more = len(people) - count
            names = (" " if short else ", ").join(people[:count])
            said = names if short else _("here: {names}").format(names=names)
            yield said + (f" +{more}" if more else "")

    def _facts(self, health: Health | None, today: str) -> Iterator[tuple[tuple[str, ...], int]]:
        """The facts beside the project's name, from the most cells to the fewest, each
        with the cells the project's name keeps at least."""
        who, short_who = self._who(health, short=False), self._who(health, short=True)
        here = list(self._here(short=False))
        yield (today, who, *here[:1]), NAME_CELLS
        for each in here or [""]:
            yield (who, each), NAME_CELLS
        for each in self._here(short=True):
            yield (short_who, each), NAME_CELLS
        others = len(self.app.presence.people())
        yield (short_who + (f" +{others}" if others else ""),), NAME_CELLS
        if health is not None and acting_member(self.app) is None:
            # Saying so matters more than the project's name.
            yield (short_who,), 0
        yield (), NAME_CELLS

    def show_health(self, health: Health | None) -> None:
        label = getattr(self.screen, "label", "")
        screen = Content.styled(f" {_(label)} ", "bold reverse") if label else Content()
        today = clock.today().isoformat()
        if health is None:
            status = (_("loading…"), "")
        elif health.problems == 0 and not health.schedule_error:
            status = (f"{DONE} " + _("on track"), "$success")
        else:
            counts = [
                _("{symbol} {n} slipping").format(symbol=SLIPPING, n=len(health.slipping)),
                _("{symbol} {n} high risks").format(symbol=HIGH, n=len(health.high_risks)),
                _("{symbol} {n} to fix").format(symbol=TO_FIX, n=health.problems),
            ]
            status = (" · ".join(counts), "$warning")
        width = self.content_size.width
        # On a narrow terminal today's date gives way, then names get shorter and
        # fewer, then who you are and who else is here, so that the screen's name,
        # the project's and the health stay visible.
        for facts, name_cells in self._facts(health, today):
            parts: list[str | tuple[str, str]] = [*(fact for fact in facts if fact), status]
            rest = Content.assemble(*(part for fact in parts for part in (" · ", fact)))
            room = width - rest.cell_length - screen.cell_length - 1
            if not width or room >= name_cells:
                break
        if health is None:
            name = Text("xdept-tui")
        else:
            name = Text(one_line(health.project_name) or _("(no project)"))
        if width:
            name.truncate(max(8, room), overflow="ellipsis")
        if width and not name_cells and room < 8:  # it gives way to "login: read only"
            rest = Content.assemble(*(part for fact in parts for part in (fact, " · ")))[:-3]
            self._show(Content.assemble(screen, " ", rest))
            return
        self._show(Content.assemble(screen, " ", (name.plain, "bold"), rest))

    def _show(self, line: Content) -> None:
        """The line, unless it is already shown: every change, a card's move too, reads
        the health again, and an update lays the whole screen out again."""
        if line != self._line:
            self._line = line
            self.update(line)

    def on_click(self, _event: events.Click) -> None:
        """A login on no member's record: how the project manager adds it."""
        if self.app.health is not None and acting_member(self.app) is None:
            say(self, not_on_roster(self.app.store.actor), severity="warning")

    def on_resize(self) -> None:
        self.show_health(getattr(self.app, "health", None))
