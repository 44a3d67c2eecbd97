"""Command palette providers: "go to" any member, department, task, risk or meeting,
and the app's own commands.

Everything shown is ``Content`` built from plain text: Textual reads a hit's
prompt and help as markup when they are strings, and ``Matcher.highlight``
always does (docs/architecture.md, "Text on screen"), so a name like
``[@click=app.quit]x[/]`` would be a link that quits, and one broken name would end the search.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.system_commands import SystemCommandsProvider

from store import search
from store.text import one_line
from tui.describe import field_value
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
# The most records one search lists, and how many the empty palette offers.
HITS = 100
DISCOVERED = 50


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` literally, with the characters the query matched highlighted."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _literal(text: str) -> str:
    """A hit's help as Content, so user text is never read as markup. Textual types
    ``Hit.help`` as a string but reads it with ``Content.from_markup``, which takes
    Content as it is."""
    return cast(str, Content(text))


def _hit_text(hit: search.Hit) -> str:
    return f"{_(KINDS[hit.entity])}: {one_line(hit.label)}"


class GoToProvider(Provider):
    """Finds records by any word in them (the store's full-text search, in the database
    thread: one query per keystroke, however many records); choosing one opens it
    on its screen. The store ranks them: the order it gives is the score."""

    if TYPE_CHECKING:
        # Its store and database thread, type-checked. Textual says App[object], which
        # no App[None] matches (an App's result type is invariant).
        @property
        def app(self) -> XdeptApp: ...  # type: ignore[override]

    async def search(self, query: str) -> Hits:
        found = await self.app.run_db(search.search, self.app.store, query, HITS)
        matcher = self.matcher(query)
        for position, hit in enumerate(found):
            text = _hit_text(hit)
            yield Hit(
                1 - position / HITS,
                highlight(matcher, text),
                partial(self.app.goto, hit.entity, hit.record_id),
                text=text,
                help=_literal(one_line(f"#{hit.record_id} {_detail(hit)}")),
            )

    async def discover(self) -> Hits:
        for hit in await self.app.run_db(search.search, self.app.store, "", DISCOVERED):
            text = _hit_text(hit)
            yield DiscoveryHit(
                Content(text), partial(self.app.goto, hit.entity, hit.record_id), text=text
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
                    help=_literal(help_text),
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
                    help=_literal(help_text),
                )


def _detail(hit: search.Hit) -> str:
    """What a hit shows beside its id: a risk's level in the user's language, else
    the record's own text (a task's phase, a meeting's date), as written."""
    return field_value(hit.entity, "level", hit.detail) if hit.entity == "risks" else hit.detail
