"""What every tab of the risks screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.widget import Widget
from textual.widgets import TabPane

from tui.messages import DataChanged

if TYPE_CHECKING:
    from textual import getters

    from tui.app import XdeptApp


class RisksTab(TabPane):
    """One tab: it reads its records, updates them from ``apply_changes`` only, and
    declares its own keys (ids ``risks.…`` / ``issues.…``)."""

    if TYPE_CHECKING:
        app = getters.app(XdeptApp)

    # The entities whose records this tab lists (``show_record`` goes to them).
    SHOWS: ClassVar[frozenset[str]] = frozenset()

    def apply_changes(self, message: DataChanged) -> None:
        """Update from committed changes (the tab's own saves included)."""

    def show_record(self, entity: str, record_id: int) -> None:
        """Put the cursor on one record."""

    def main(self) -> Widget:
        """The widget focused when the tab is opened (its first focusable one)."""
        return next((w for w in self.query("*") if w.can_focus), self)

    def help_notes(self) -> list[Content]:
        """What the help screen says about this tab beyond its keys (its filter…)."""
        return []
