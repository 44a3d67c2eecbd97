"""A meeting's minutes (纪要) as the Markdown ``export minutes`` writes, scrollable:
``P`` publishes them (who, when), ``M`` writes them to a file, ``escape`` goes back.

Meeting mode shows this screen once the meeting is closed, and the Meetings tab
opens it for a closed or published meeting. It reads the minutes again when its
meeting, one of its items, or a name in it changes (``apply_changes``). The text is
shown as ``Content``: a title like ``[bold]x[/]`` reads literally.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from store import clock
from store.text import one_line
from tui.i18n import N_, _, say_error
from tui.messages import DataChanged
from tui.screens.base import XdeptScreen
from tui.tcss import css_beside
from tui.tell import say, work

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from store.meeting_list import Minutes
    from store.models import Change, Meeting

# A change to these can alter any meeting's minutes (names of people and departments).
NAMES = ("members", "departments")


class MinutesScreen(XdeptScreen):
    DEFAULT_CSS = css_beside(__file__)
    WRITE_ACTIONS = frozenset({"publish"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("P", "publish", N_("Publish"), id="minutes.publish"),
        Binding("M", "write", N_("Write Markdown file"), id="minutes.write"),
        Binding("escape", "back", N_("Back"), id="minutes.back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.minutes: Minutes | None = None
        self.label = N_("Minutes")

    def compose_body(self) -> ComposeResult:
        yield Static(Content(_("Loading the minutes…")), id="minutes-status")
        with VerticalScroll(id="minutes-scroll"):
            yield Static("", id="minutes-text")

    def on_mount(self) -> None:
        self.query_one("#minutes-scroll").focus()
        self.reload()

    @work(group="minutes-load", exclusive=True)
    async def reload(self) -> None:
        from store.meeting_list import minutes_of

        self.minutes = await self.app.run_db(minutes_of, self.app.store, self.meeting_id, _)
        line = status_line(self.minutes.meeting, self.app.member_names)
        self.query_one("#minutes-status", Static).update(line)
        self.query_one("#minutes-text", Static).update(Content(self.minutes.text))

    def apply_changes(self, message: DataChanged) -> None:
        known = self.minutes.item_ids if self.minutes else set()
        if any(concerns(c, self.meeting_id, known) for c in message.changes):
            self.reload()

    def action_publish(self) -> None:
        if self.minutes is not None:
            publish(self, self.minutes.meeting)

    def action_write(self) -> None:
        if self.minutes is not None:
            write_minutes(self, self.minutes.meeting)

    def action_back(self) -> None:
        self.app.pop_screen()


def concerns(change: Change, meeting_id: int, item_ids: set[int]) -> bool:
    """Whether ``change`` can alter the minutes of ``meeting_id`` (whose items are
    ``item_ids``): the meeting, one of its items, a risk or issue raised in it, a name."""
    if change.entity in NAMES:
        return True
    if change.entity == "meetings":
        return change.record_id == meeting_id
    if change.entity in ("meeting_items", "risks", "issues"):
        if change.entity == "meeting_items" and change.record_id in item_ids:
            return True
        rows = (change.after or {}, change.before or {})
        return any(row.get("meeting_id") == meeting_id for row in rows)
    return False


def status_line(meeting: Meeting, names: dict[str, str]) -> Content:
    """The title, the status (symbol and word) and who published the minutes, when."""
    from tui.screens.meetings.meetings_tab import status_label

    published = published_line(meeting, names)
    return Content.assemble(
        (one_line(meeting.title), "bold"),
        "  ",
        status_label(meeting.status),
        ("  " + published) if published else "",
    )


def published_line(meeting: Meeting, names: dict[str, str]) -> str:
    """ "published by Li Wei at 2026-11-24 17:05" (``names``: logins to members' names),
    or "" while the minutes are not published."""
    if not meeting.published_at:
        return ""
    who = meeting.published_by or "?"
    return _("published by {who} at {when}").format(
        who=one_line(names.get(who, who)), when=clock.local(meeting.published_at)
    )


def publish(node: DOMNode, meeting: Meeting) -> None:
    """Publish a meeting's minutes; the toast says who published them and when."""

    async def job() -> None:
        from store.meetings import publish_minutes

        app: Any = node.app
        saved = await app.run_db(publish_minutes, app.store, meeting.id, meeting.version)
        say(node, f"{one_line(saved.title)}: {published_line(saved, app.member_names)}")

    from tui.tell import run

    run(node, job, group="minutes-publish", exclusive=True)


def write_minutes(node: DOMNode, meeting: Meeting) -> None:
    """Ask where (``minutes-<id>-<date>.md`` in the current folder by default), ask
    before replacing a file, write the Markdown; a refusal is said under the name."""

    async def job() -> None:
        from store import files
        from store.errors import StoreError
        from tui.modals.confirm import Confirm
        from tui.modals.line_prompt import LinePrompt

        app: Any = node.app
        if app.served:
            say(
                node,
                _(
                    "Over SSH the app writes no files on the host: read the minutes here "
                    "(enter), or ask someone there to run: xdept-tui export minutes {id}"
                ).format(id=meeting.id),
                severity="warning",
            )
            return
        default = f"minutes-{meeting.id}-{meeting.date.isoformat()}.md"
        path, error = default, ""
        while True:
            typed = await app.push_screen_wait(
                LinePrompt(_("Write the minutes as Markdown to:"), path, error)
            )
            if typed is None:
                return
            path = typed
            try:
                dest = await app.run_db(
                    files.target, path, app.store.path, force=True, inside_name=default
                )
                if os.path.lexists(dest):
                    question = Confirm(
                        _("{path} exists. Replace it?").format(path=dest), yes=_("Replace")
                    )
                    if not await app.push_screen_wait(question):
                        error = ""
                        continue
                await app.run_db(_write, app.store, meeting.id, dest)
            except StoreError as refused:
                error = say_error(refused)
                continue
            say(node, _("Minutes written to {path}").format(path=dest))
            return

    from tui.tell import run

    run(node, job, group="minutes-write", exclusive=True)


def _write(store: Any, meeting_id: int, dest: Path) -> None:
    from store.exports import minutes
    from store.files import write_text

    write_text(dest, minutes(store, meeting_id, _))
