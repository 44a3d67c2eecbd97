"""Command palette provider: "go to" any member, department, task, risk or meeting."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from store.text import one_line
from tui.i18n import N_, _

KINDS = {
    "members": N_("member"),
    "departments": N_("department"),
    "tasks": N_("task"),
    "risks": N_("risk"),
    "meetings": N_("meeting"),
}
# Above this many records only substring matches are scored (fuzzy is per keystroke).
FUZZY_LIMIT = 2000


class GoToProvider(Provider):
    """Searches the records by name; choosing one opens it on its screen."""

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
                    matcher.highlight(text),
                    partial(self.app.goto, entry.entity, entry.record_id),
                    text=text,
                    help=one_line(f"#{entry.record_id} {entry.detail}"),
                )

    async def discover(self) -> Hits:
        for entry in self.entries[:50]:
            text = self._hit_text(entry)
            yield DiscoveryHit(
                Content(text), partial(self.app.goto, entry.entity, entry.record_id), text=text
            )
