"""What the issues tab and the escalation toasts show, read in one call each.

The tab lists every issue with the person it waits on now (``Chain``), its
owner's and department's names and the title of the record it came from; a toast
about an escalation names the person the issue went up to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from store.db import Store
from store.history import Entry, record_history
from store.issues import Chain, escalation_chain, issues
from store.models import Department, Escalation, Issue, Member, Risk, Task
from store.records import find


@dataclass
class IssuesView:
    issues: list[Issue]
    chain: Chain
    members: dict[int, Member]
    departments: dict[int, Department]
    # (entity, id) → title of each risk and task an issue came from
    sources: dict[tuple[str, int], str] = field(default_factory=dict)


def _titles(store: Store, model: type[Risk] | type[Task], ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return {r.id: r.title for r in find(store, model, f"id IN ({marks})", sorted(ids))}


def issues_view(store: Store) -> IssuesView:
    found = issues(store)
    sources: dict[tuple[str, int], str] = {}
    for model, column in ((Risk, "risk_id"), (Task, "task_id")):
        ids = {getattr(i, column) for i in found if getattr(i, column) is not None}
        sources |= {(model.TABLE, k): v for k, v in _titles(store, model, ids).items()}
    return IssuesView(
        found,
        escalation_chain(store),
        {m.id: m for m in find(store, Member)},
        {d.id: d for d in find(store, Department)},
        sources,
    )


def issue_history(store: Store, issue_id: int) -> list[Entry]:
    """The issue's changes, newest first (its detail panel)."""
    return record_history(store, Issue.TABLE, issue_id).entries


@dataclass(frozen=True)
class Escalated:
    """An issue that went up a level, and who it waits on there (None: nobody holds
    that role in the roster)."""

    issue_id: int
    title: str
    level: Escalation
    waits_on: Member | None


def escalated(store: Store, raised: Iterable[tuple[int, int]]) -> list[Escalated]:
    """(issue id, level it reached) → who each waits on at that level; issues deleted
    since are left out."""
    chain = escalation_chain(store)
    result = []
    for issue_id, level in raised:
        found = find(store, Issue, "id = ?", [issue_id])
        if found:
            at = found[0].model_copy(update={"escalation": Escalation(level)})
            result.append(Escalated(issue_id, at.title, at.escalation, chain.waits_on(at)))
    return result
