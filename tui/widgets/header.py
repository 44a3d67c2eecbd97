"""The header: the screen's name, the project, today, who is acting, and its health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from store import clock
from store.symbols import DONE, HIGH, SLIPPING, TO_FIX
from store.text import one_line
from tui.i18n import _
from tui.tcss import css_beside

if TYPE_CHECKING:
    from textual import getters

    from store.health import Health
    from tui.app import XdeptApp


class ProjectHeader(Static):
    """One line: which screen this is, the project, today, who, and its health
    (with symbols and counts, never by colour alone)."""

    if TYPE_CHECKING:
        app = getters.app(XdeptApp)  # its store, type-checked

    DEFAULT_CSS = css_beside(__file__)

    def on_mount(self) -> None:
        self.show_health(getattr(self.app, "health", None))

    def show_health(self, health: Health | None) -> None:
        app = self.app
        label = getattr(self.screen, "label", "")
        screen = Content.styled(f" {_(label)} ", "bold reverse") if label else Content()
        who = app.store.actor + (" " + _("(read-only)") if app.read_only else "")
        today = clock.today().isoformat()
        if health is None:
            self.update(
                Content.assemble(screen, " xdept-tui · ", today, " · ", who, " · ", _("loading…"))
            )
            return
        if health.problems == 0 and not health.schedule_error:
            status = (f"{DONE} " + _("on track"), "$success")
        else:
            counts = [
                _("{symbol} {n} slipping").format(symbol=SLIPPING, n=len(health.slipping)),
                _("{symbol} {n} high risks").format(symbol=HIGH, n=len(health.high_risks)),
                _("{symbol} {n} to fix").format(symbol=TO_FIX, n=health.problems),
            ]
            status = (" · ".join(counts), "$warning")
        width = self.content_size.width
        # On a narrow terminal today's date, then who, then the project's name give way,
        # so the screen's name and the health stay visible.
        for facts in ((today, who), (who,), ()):
            rest = Content.assemble(
                *(part for fact in facts for part in (" · ", fact)), " · ", status
            )
            room = width - rest.cell_length - screen.cell_length - 1
            if not width or room >= 16:
                break
        name = Text(one_line(health.project_name) or _("(no project)"))
        if width:
            name.truncate(max(8, room), overflow="ellipsis")
        self.update(Content.assemble(screen, " ", (name.plain, "bold"), rest))

    def on_resize(self) -> None:
        self.show_health(getattr(self.app, "health", None))
