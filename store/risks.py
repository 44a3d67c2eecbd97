"""The risk register (风险登记表): add, edit, close a risk, and mark it occurred.

A risk takes a few keystrokes: its one-line language is store/quick_risk.py; the
problems occurred risks become are store/issues.py.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from store import clock
from store.db import Store
from store.errors import Invalid, NotFound
from store.filters import FilterLanguage
from store.models import Issue, IssueSource, Risk, RiskStatus, Task
from store.people import department_of
from store.records import Tx, find, get, validate

# The condition "risk links task ?" (linked tasks are a JSON list in the risk).
RISKS_OF_TASK = "EXISTS (SELECT 1 FROM json_each(risks.task_ids) WHERE value = ?)"

_ORDER = "CASE level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id"


def risks(store: Store, statuses: Collection[str] = (), levels: Collection[str] = ()) -> list[Risk]:
    """The register, highest level first; only the given statuses and levels when given."""
    where, params = [], []
    for column, values in (("status", statuses), ("level", levels)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += [str(v) for v in values]
    return find(store, Risk, " AND ".join(where), params, _ORDER)


def open_high(store: Store) -> list[Risk]:
    """High risks not closed: on the dashboard."""
    return find(store, Risk, "level = 'high' AND status != 'closed'", order_by="id")


def check_links(store: Store, task_ids: Iterable[int]) -> None:
    """Every linked task exists (a JSON list has no foreign key to say so)."""
    for task_id in task_ids:
        if not store.scalar("SELECT 1 FROM tasks WHERE id = ?", [task_id]):
            raise NotFound("task", task_id)


def _department(store: Store, risk: Risk) -> Risk:
    """A risk without a department belongs to its owner's."""
    if risk.department_id is None and risk.owner_id is not None:
        department = store.scalar("SELECT department_id FROM members WHERE id = ?", [risk.owner_id])
        return risk.model_copy(update={"department_id": department})
    return risk


def add_risk(store: Store, risk: Risk) -> Risk:
    with store.transaction() as tx:
        return insert_risk(tx, risk)


def insert_risk(tx: Tx, risk: Risk) -> Risk:
    """``add_risk`` inside the caller's transaction (the quick line resolves its owner there)."""
    check_links(tx.store, risk.task_ids)
    return tx.insert(_department(tx.store, risk))


def update_risk(
    store: Store,
    risk_id: int,
    version: int,
    base: Mapping[str, Any] | None = None,
    **values: Any,
) -> Risk:
    """Change some fields of a risk; ``version`` is the one the user saw (links
    included), ``base`` its values then (a change by someone else since merges)."""
    with store.transaction() as tx:
        saved = tx.update(Risk, risk_id, version, base, **values)
        if "task_ids" in values:  # validated first: a link that is no number says so
            check_links(store, saved.task_ids)
        return saved


def close_risk(
    store: Store,
    risk_id: int,
    version: int | None = None,
    base: Mapping[str, Any] | None = None,
) -> Risk:
    """Close a risk (it can no longer happen, or its response worked); ``base``, its
    values as the user saw them, lets a change to other fields since stand."""
    with store.transaction() as tx:
        risk = get(store, Risk, risk_id)
        return tx.update(
            Risk,
            risk_id,
            risk.version if version is None else version,
            base,
            status=RiskStatus.CLOSED,
        )


def delete_risk(store: Store, risk_id: int, version: int | None = None) -> None:
    """Delete a risk; its issues stay, unlinked in the log (not silently by the schema)."""
    with store.transaction() as tx:
        tx.check(Risk.TABLE, get(store, Risk, risk_id).to_row(), None)
        with tx.trusted():
            for issue in find(store, Issue, "risk_id = ?", [risk_id]):
                tx.update(Issue, issue.id, issue.version, risk_id=None)
        tx.delete(Risk, risk_id, version)


def occurred(
    store: Store,
    risk_id: int,
    version: int | None,
    owner_id: int | None = None,
    due: date | None = None,
    today: date | None = None,
    base: Mapping[str, Any] | None = None,
    **values: Any,
) -> tuple[Risk, Issue]:
    """The risk happened: mark it occurred and open the issue that handles it, owned
    by ``owner_id`` (else the risk's owner), its action plan the contingency plan;
    ``values`` give the issue other values than the risk's (its title…). ``base``, the
    risk as the user saw it, lets a change to its other fields since stand."""
    with store.transaction() as tx:
        return _occur(tx, risk_id, version, owner_id, due, today, base, values)


def _occur(
    tx: Tx,
    risk_id: int,
    version: int | None,
    owner_id: int | None,
    due: date | None,
    today: date | None,
    base: Mapping[str, Any] | None,
    values: dict[str, Any],
) -> tuple[Risk, Issue]:
    store = tx.store
    risk = get(store, Risk, risk_id)
    if risk.status == RiskStatus.OCCURRED:  # its issue exists: a second would split the work
        raise Invalid("risk {id} has already occurred", id=risk_id)
    owner = owner_id or risk.owner_id
    department = risk.department_id if owner is None else department_of(store, owner)
    saved = tx.update(
        Risk,
        risk_id,
        risk.version if version is None else version,
        base,
        status=RiskStatus.OCCURRED,
    )
    issue = {
        "title": risk.title,
        "description": risk.effect or risk.description,
        "plan": risk.contingency or risk.response,
        "source": IssueSource.RISK,
        "risk_id": risk.id,
        "task_id": risk.task_ids[0] if risk.task_ids else None,
        "owner_id": owner,
        "department_id": department,
        "raised": today or clock.today(),
        "due": due,
    }
    return saved, tx.insert(validate(Issue, issue | values))


def linked_tasks(store: Store, risk: Risk) -> list[Task]:
    """The risk's linked tasks that still exist, in its order."""
    if not risk.task_ids:
        return []
    marks = ", ".join("?" * len(risk.task_ids))
    found = {t.id: t for t in find(store, Task, f"id IN ({marks})", risk.task_ids)}
    return [found[i] for i in risk.task_ids if i in found]


RISK_FILTER = FilterLanguage(
    keys={
        "dept": "dept",
        "department": "dept",
        "部门": "dept",
        "owner": "owner",
        "负责人": "owner",
        "level": "level",
        "等级": "level",
        "status": "status",
        "状态": "status",
        "strategy": "strategy",
        "策略": "strategy",
        "category": "category",
        "类别": "category",
        "kind": "kind",
        "类型": "kind",
        "p": "p",
        "概率": "p",
        "i": "i",
        "影响": "i",
        "rp": "rp",
        "残余概率": "rp",
        "ri": "ri",
        "残余影响": "ri",
    },
    flags={
        "review": "review",
        "待评审": "review",
        "复核": "review",
        "mine": "mine",
        "我的": "mine",
        "open": "open",
        "未关闭": "open",
    },
)
"""The register's ``/`` filter: the board's ``dept:`` ``owner:`` and ``mine``, plus
``level:`` ``status:`` ``strategy:`` ``category:`` ``kind:``, a heat-map cell ``p:4 i:5``
(``rp:`` ``ri:`` after the response), ``review`` (due for review by the end of this
week) and ``open`` (not closed), in English or Chinese; how a risk answers them is
store/register.py."""
