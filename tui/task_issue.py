"""A slipping task becomes an issue with one key (``!``) on the board, the Gantt and
the dashboard: the store opens it (``issues.issue_from_task``: the task's title,
owner and department, due in two working days) or says why not, and the toast
names the new issue. The issue reaches every screen as any change does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding

from store.text import one_line
from tui.i18n import N_, _, say_error
from tui.tell import run, say

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.app import XdeptApp

ACTION = "raise_issue"


def binding(screen: str) -> Binding:
    """The ``!`` key of ``screen`` (its own id, so a keymap can move it per screen)."""
    return Binding(
        "exclamation_mark",
        ACTION,
        N_("Issue from slipping task"),
        key_display="!",
        id=f"{screen}.issue",
    )


def raise_issue(node: DOMNode, task_id: int | None) -> None:
    """Open an issue for ``task_id`` (the task under the cursor) and say which."""
    if task_id is None:
        say(node, _("Select a slipping task first"), severity="warning")
        return
    app = cast("XdeptApp", node.app)

    async def job() -> None:
        from store.errors import StoreError
        from store.issues import issue_from_task

        try:
            issue = await app.run_db(issue_from_task, app.store, task_id)
        except StoreError as error:
            say(node, say_error(error), severity="warning", timeout=8)
            return
        health = app.health
        owner = health.members.get(issue.owner_id or 0) if health else None
        say(
            node,
            _("Issue #{id} {title}: owner {owner}, due {due}").format(
                id=issue.id,
                title=one_line(issue.title),
                owner=one_line(owner.name) if owner else _("nobody"),
                due=issue.due.isoformat() if issue.due else "—",
            ),
            title=_("Issue opened for task #{task}").format(task=task_id),
        )

    run(node, job, name=ACTION, group=ACTION)
