"""Sentences about changes, for the toasts that say what someone else did."""

from __future__ import annotations

from datetime import date

from store.models import Change, Dependency
from store.text import one_line
from tui.i18n import N_, _

# entity → (added, changed, removed) phrasing; entities not listed stay silent.
_PHRASES = {
    "risks": (N_("added a {level} risk"), N_("updated risk"), N_("removed risk")),
    "tasks": (N_("added task"), N_("updated task"), N_("removed task")),
    "members": (N_("added member"), N_("updated member"), N_("removed member")),
    "departments": (N_("added department"), N_("updated department"), N_("removed department")),
    "meetings": (N_("scheduled meeting"), N_("updated meeting"), N_("removed meeting")),
    "meeting_items": (
        N_("added to the meeting"),
        N_("edited the meeting"),
        N_("edited the meeting"),
    ),
    "daily_updates": (
        N_("posted a daily update"),
        N_("edited a daily update"),
        N_("removed an update"),
    ),
    "signoffs": (N_("signed"), N_("updated a sign-off"), N_("removed a sign-off")),
    "project": (N_("created the project"), N_("edited the charter"), N_("removed the project")),
    "issues": (N_("opened issue"), N_("updated issue"), N_("removed issue")),
    "baselines": (
        N_("fixed the plan baseline"),
        N_("updated the baseline"),
        N_("removed a baseline"),
    ),
}
_LEVELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def describe_change(change: Change, who: str) -> str:
    """ "Li Wei added a high risk: supplier may slip" — or "" for silent changes."""
    phrases = _PHRASES.get(change.entity)
    if phrases is None:
        return ""
    index = {"create": 0, "update": 1, "delete": 2}[change.op]
    row = change.after or change.before or {}
    level = _LEVELS.get(str(row.get("level")))
    verb = _(phrases[index]).format(level=_(level) if level else "")
    title = row.get("title") or row.get("name") or row.get("text") or row.get("done") or ""
    title = one_line(str(title))[:60]
    return f"{one_line(who)} {verb}: {title}" if title else f"{one_line(who)} {verb}"


def follows(task_id: int, start: date, dep: Dependency) -> str:
    """ "#62 starts 2026-12-09, after #21 (FS +0)": why a task starts later than asked."""
    return _("#{id} starts {start}, after #{pred} ({type} {lag:+d})").format(
        id=task_id, start=start.isoformat(), pred=dep.predecessor_id, type=dep.type, lag=dep.lag
    )
