"""Messages the app sends to its screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from store.models import Change


class DataChanged(Message):
    """Records changed in the file (by anyone); screens update only those.

    ``health_only`` means no record changed but the project's health summary
    was recomputed (the header and dashboard show it). ``mine`` means this app
    made them (told at its commit, not read from the log): a form does not warn
    about its own save.
    """

    def __init__(
        self, changes: list[Change], *, health_only: bool = False, mine: bool = False
    ) -> None:
        super().__init__()
        self.changes = changes
        self.health_only = health_only
        self.mine = mine

    def touched(self, *entities: str) -> dict[str, set[int]]:
        """Entity → ids changed, limited to ``entities`` when given."""
        result: dict[str, set[int]] = {}
        for change in self.changes:
            if not entities or change.entity in entities:
                result.setdefault(change.entity, set()).add(change.record_id or 0)
        return result

    def touches(self, entity: str, record_id: int | None = None) -> bool:
        return any(
            c.entity == entity and (record_id is None or c.record_id == record_id)
            for c in self.changes
        )


class Committed(Message):
    """This app's own write was committed, with the changes it logged (posted from
    the database thread by ``Store.on_commit``)."""

    def __init__(self, changes: list[Change]) -> None:
        super().__init__()
        self.changes = changes


class WaitingForFile(Message):
    """A write has waited a second for another program's lock (posted from the
    database thread: posting never blocks, even while the app shuts down)."""


class PresenceChanged(Message):
    """Someone came, left, or opened or closed a form (``tui/presence.py``): the header,
    the rows being edited and the forms read ``app.presence`` again."""
