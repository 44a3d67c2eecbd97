"""Command palette providers: "go to" any member, department, task, risk or meeting,
and the app's own commands.

Everything shown is ``Content`` built from plain text: Textual reads a hit's
prompt and help as markup when they are strings, and ``Matcher.highlight``
always does (docs/architecture.md, "Text on screen"), so a name like
``[@click=app.quit]x[/]`` would be a link that quits, and one broken name would end the search.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.system_commands import SystemCommandsProvider

from store.text import one_line
from tui.i18n import N_, _

if TYPE_CHECKING:
    from tui.app import XdeptApp

KINDS = {
    "members": N_("member"),
    "departments": N_("department"),
    "tasks": N_("task"),
    "risks": N_("risk"),
    "meetings": N_("meeting"),
}
# Above this many records only substring matches are scored (fuzzy is per keystroke).
FUZZY_LIMIT = 2000


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` literally, with the characters the query matched highlighted."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class GoToProvider(Provider):
    """Searches the records by name; choosing one opens it on its screen."""

    if TYPE_CHECKING:
        # Its store and database thread, type-checked. Textual says App[object], which
        # no App[None] matches (an App's result type is invariant).
        @property
        def app(self) -> XdeptApp: ...  # type: ignore[override]

    async def startup(self) -> None:
        from store.directory import entries

        self.entries = await self.app.run_db(entries, self.app.store)

    def _hit_text(self, entry) -> str:
        return f"{_(KINDS[entry.entity])}: {one_line(entry.label)}"

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        needle = query.strip().casefold()
        many = len(self.entries) > FUZZY_LIMIT
        for entry in self.entries:
            text = self._hit_text(entry)
            if many and needle not in text.casefold():
                continue
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, text),
                    partial(self.app.goto, entry.entity, entry.record_id),
                    text=text,
                    help=Content(one_line(f"#{entry.record_id} {entry.detail}")),  # type: ignore[arg-type]
                )

    async def discover(self) -> Hits:
        for entry in self.entries[:50]:
            text = self._hit_text(entry)
            yield DiscoveryHit(
                Content(text), partial(self.app.goto, entry.entity, entry.record_id), text=text
            )


class SystemCommands(SystemCommandsProvider):
    """Textual's app commands (screens, themes, help, quit), shown as plain text too."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c[0])
        for name, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(
                    Content(name),
                    callback,
                    text=name,
                    help=Content(help_text),  # type: ignore[arg-type]
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_rest in self.app.get_system_commands(self.screen):
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, name),
                    callback,
                    text=name,
                    help=Content(help_text),  # type: ignore[arg-type]
                )
