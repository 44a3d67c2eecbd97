"""The header: project, today, who is acting, and the project's health at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from store import clock
from store.text import one_line
from tui.i18n import _

if TYPE_CHECKING:
    from store.health import Health


class ProjectHeader(Static):
    """One line; health shown with symbols and counts, never by colour alone."""

    DEFAULT_CSS = """
    ProjectHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.show_health(getattr(self.app, "health", None))

    def show_health(self, health: Health | None) -> None:
        app = self.app
        who = app.store.actor + (" " + _("(read-only)") if app.read_only else "")
        today = clock.today().isoformat()
        if health is None:
            self.update(Content.assemble("xdept-tui · ", today, " · ", who, " · ", _("loading…")))
            return
        if health.problems == 0 and not health.schedule_error:
            status = ("✔ " + _("on track"), "$success")
        else:
            status = (
                "▲ "
                + _("{n} slipping · {r} high risks · {p} to fix").format(
                    n=len(health.slipping), r=len(health.high_risks), p=health.problems
                ),
                "$warning",
            )
        rest = Content.assemble(" · ", today, " · ", who, " · ", status)
        # On a narrow terminal the project's name gives way, so the health stays visible.
        room = max(8, self.content_size.width - rest.cell_length) if self.content_size.width else 0
        name = Text(one_line(health.project_name) or _("(no project)"))
        if room:
            name.truncate(room, overflow="ellipsis")
        self.update(Content.assemble((name.plain, "bold"), rest))

    def on_resize(self) -> None:
        self.show_health(getattr(self.app, "health", None))
