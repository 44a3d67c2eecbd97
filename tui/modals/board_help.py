"""The board's help: its keys, plus what the markers mean, the mouse, the filter and
quick add (the two one-line languages, whose syntax is shown as typed)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.i18n import _
from tui.modals.help import HelpScreen
from tui.widgets.board import legend

# The board's two one-line languages as a user types them (store/board.py TASK_FILTER,
# store/quick_task.py): syntax, not prose, so not translated.
FILTER_HINT = "text  dept:R&D  owner:li  phase:pilot  critical  slipping  mine"
QUICK_HINT = "title @owner ^due for:3d after:ID (^+3d: due in 3 days)"


class BoardHelp(HelpScreen):
    """The keys, plus what the markers mean and how the mouse moves cards."""

    def on_mount(self) -> None:
        notes = [
            Content.styled(_("Markers"), "bold"),
            Content(legend()),
            Content(""),
            Content.styled(_("Mouse"), "bold"),
            Content(_("Click a card to select it; double-click opens it.")),
            Content(_("Drag a card onto another column to move it there.")),
            Content(_("Or select a card, then click the title of the column to move it to.")),
            Content(_("The wheel scrolls the column under the pointer.")),
            Content(""),
            Content.styled(_("Filter ( / )"), "bold"),
            Content(FILTER_HINT),
            Content(_("Words match title, phase, owner, department or #id; escape clears.")),
            Content(""),
            Content.styled(_("Quick add ( n )"), "bold"),
            Content(QUICK_HINT),
            Content(
                _(
                    "@owner: a member's name or login · ^due: 2026-12-01, 12-01, fri, "
                    "+3d (today + 3 days, as in every date field) · for:3d: lasts 3 working "
                    "days · after:42 or after:42:SS:2: a predecessor (the task starts where "
                    "its predecessors allow)"
                )
            ),
        ]
        notes.append(Content(""))
        scroll = self.query_one(VerticalScroll)
        scroll.mount(Static(Content("\n").join(notes)), before=0)
