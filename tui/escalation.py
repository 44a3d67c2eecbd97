"""Issues going up a level (问题升级): who an issue waits on, the app's minute check,
and the toast every open app shows.

An issue not resolved by its due date waits on the next person of the chain
(store/issues.py: the department's interface person, then the project manager,
then the sponsor department's head). Every writable app runs
``escalate_overdue`` at start and then every ``ESCALATE_SECONDS`` in a worker
(several apps at once escalate an issue once: the store reads the candidates
inside its transaction). Each escalation reaches every open app once, from its own
commit or from the change log, and each says it in a toast naming the person
the issue now waits on; the generic "edited issue" toast leaves it out
(``describe.is_told``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from store import symbols as sym
from store.models import Escalation
from store.text import one_line
from tui.i18n import N_, _, ngettext
from tui.tell import run, say

if TYPE_CHECKING:
    from collections.abc import Iterable

    from store.issue_view import Escalated
    from store.models import Change, Member
    from tui.app import XdeptApp

ESCALATE_SECONDS = 60.0
SHOWN = 3  # escalations named in one toast; more are counted

# level → (symbol of the person, role, short role for a table column)
ROLES: dict[Escalation, tuple[str, str, str]] = {
    Escalation.INTERFACE: (sym.INTERFACE, N_("interface person"), N_("interface")),
    Escalation.PM: (sym.PM, N_("project manager"), N_("PM")),
    Escalation.SPONSOR: (sym.HEAD, N_("sponsor department's head"), N_("sponsor")),
}


def role(level: Escalation) -> str:
    """ "project manager": who an issue at ``level`` waits on, in the user's language."""
    return _(ROLES[level][1])


def waits_on(level: Escalation, member: Member | None) -> str:
    """The person with their role's symbol, or "nobody" when the roster has no one there."""
    return f"{ROLES[level][0]} {one_line(member.name) if member else _('nobody')}"


def raised_to(change: Change) -> int | None:
    """The level an issue reached in ``change``, when the change took it up a level."""
    if change.entity != "issues" or change.op != "update":
        return None
    before, after = change.before or {}, change.after or {}
    new, old = after.get("escalation"), before.get("escalation")
    if (
        isinstance(new, int)
        and isinstance(old, int)
        and new > old
        and new in {int(e) for e in Escalation}
    ):
        return new
    return None


def start(app: XdeptApp) -> None:
    """Escalate overdue issues now and every minute (not in a read-only app)."""
    if app.read_only:
        return
    check = partial(escalate_overdue, app)
    check()
    app.set_interval(ESCALATE_SECONDS, check, name="escalate overdue issues")


def escalate_overdue(app: XdeptApp) -> None:
    """One check in the database thread; what it escalates is told at its commit."""
    from store.issues import escalate_overdue as escalate

    async def job() -> Any:
        return await app.run_db(escalate, app.store)

    run(app, job, name="escalate_overdue", group="escalate", exclusive=True)


def announce(app: XdeptApp, changes: Iterable[Change]) -> None:
    """Say the escalations among ``changes`` (anyone's, this app's own included)."""
    raised = [
        (c.record_id, level)
        for c in changes
        if c.record_id is not None and (level := raised_to(c)) is not None
    ]
    if not raised:
        return

    async def job() -> None:
        from store.issue_view import escalated

        found = await app.run_db(escalated, app.store, raised)
        if found:
            title, message = toast(found)
            say(app, message, title=title, severity="warning", timeout=8)

    run(app, job, name="announce_escalations", group="escalations")


def sentence(item: Escalated) -> str:
    """ "Issue #12 escalated: now waits on Zhang Wei (project manager)"."""
    if item.waits_on is None:
        return _("Issue #{id} escalated to the {role}: nobody in the roster has that role").format(
            id=item.issue_id, role=role(item.level)
        )
    return _("Issue #{id} escalated: now waits on {name} ({role})").format(
        id=item.issue_id, name=one_line(item.waits_on.name), role=role(item.level)
    )


def toast(found: list[Escalated]) -> tuple[str, str]:
    """(title, message): the first few escalations, one line each, and how many more."""
    title = ngettext("{n} issue escalated", "{n} issues escalated", len(found)).format(n=len(found))
    lines = [sentence(item) for item in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(_("… and {n} more (screen 6, Issues)").format(n=len(found) - SHOWN))
    return title, "\n".join(lines)
