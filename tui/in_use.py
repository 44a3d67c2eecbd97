"""Why a record cannot be deleted yet, said before asking "Delete?".

The store counts what still refers to the record (``store.records.uses``);
this turns those counts into one sentence: "李伟 owns 4 tasks: reassign or
remove them first."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.text import one_line
from tui.i18n import _, ngettext

if TYPE_CHECKING:
    from store.records import Use


def _phrase(use: Use) -> str:
    """One use as a verb phrase about the record: "owns 4 tasks"."""
    n = use.count
    phrases = {
        ("tasks", "owner_id"): ngettext("owns {n} task", "owns {n} tasks", n),
        ("risks", "owner_id"): ngettext("owns {n} risk", "owns {n} risks", n),
        ("issues", "owner_id"): ngettext("owns {n} issue", "owns {n} issues", n),
        ("meeting_items", "owner_id"): ngettext(
            "owns {n} meeting action", "owns {n} meeting actions", n
        ),
        ("daily_updates", "member_id"): ngettext(
            "posted {n} daily update", "posted {n} daily updates", n
        ),
        ("signoffs", "signed_by_id"): ngettext("signed {n} sign-off", "signed {n} sign-offs", n),
        ("project", "pm_member_id"): _("is the project manager in the charter"),
        ("project", "sponsor_department_id"): _("is the charter's sponsor"),
        ("members", "department_id"): ngettext("has {n} member", "has {n} members", n),
        ("tasks", "department_id"): ngettext("has {n} task", "has {n} tasks", n),
        ("requirements", "department_id"): ngettext(
            "has {n} requirement", "has {n} requirements", n
        ),
        ("resource_requests", "department_id"): ngettext(
            "has {n} resource request", "has {n} resource requests", n
        ),
        ("signoffs", "department_id"): ngettext("has {n} sign-off", "has {n} sign-offs", n),
        ("meeting_items", "department_id"): ngettext(
            "has {n} meeting item", "has {n} meeting items", n
        ),
        ("tasks", "milestone_id"): ngettext("has {n} linked task", "has {n} linked tasks", n),
        ("change_requests", "requirement_id"): ngettext(
            "has {n} change request", "has {n} change requests", n
        ),
    }
    found = phrases.get((use.table, use.column))
    if found is None:
        found = _("is used by {n} {table} records").format(n=n, table=use.table)
    return found.format(n=n)


def in_use_message(name: str, uses: list[Use]) -> str:
    """ "李伟 owns 4 tasks, posted 2 daily updates: reassign or remove them first." """
    said = _(", ").join(_phrase(use) for use in uses)
    return _("{name} {uses}: reassign or remove them first.").format(name=one_line(name), uses=said)
