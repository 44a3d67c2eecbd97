"""The risk register (风险登记表) and the issues that occurred risks become.

A risk takes a few keystrokes: its one-line language is store/quick_risk.py.
"""

from __future__ import annotations

from typing import Any

from store.db import Store
from store.models import Issue, Risk, RiskStatus
from store.records import find, get


def risks(store: Store, status: RiskStatus | None = None) -> list[Risk]:
    order = "CASE level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id"
    if status is None:
        return find(store, Risk, order_by=order)
    return find(store, Risk, "status = ?", [status.value], order)


def open_high(store: Store) -> list[Risk]:
    """High risks not closed: on the dashboard."""
    return find(store, Risk, "level = 'high' AND status != 'closed'", order_by="id")


def add_risk(store: Store, risk: Risk) -> Risk:
    with store.transaction() as tx:
        return tx.insert(risk)


def update_risk(store: Store, risk_id: int, version: int, **values: Any) -> Risk:
    with store.transaction() as tx:
        return tx.update(Risk, risk_id, version, **values)


def delete_risk(store: Store, risk_id: int, version: int | None = None) -> None:
    """Delete a risk; its issues stay, unlinked in the log (not silently by the schema)."""
    with store.transaction() as tx:
        for issue in find(store, Issue, "risk_id = ?", [risk_id]):
            tx.update(Issue, issue.id, issue.version, risk_id=None)
        tx.delete(Risk, risk_id, version)


def occurred(store: Store, risk_id: int, version: int, issue: Issue) -> tuple[Risk, Issue]:
    """The risk happened: mark it occurred and open the issue that handles it."""
    with store.transaction() as tx:
        risk = get(store, Risk, risk_id)
        saved = tx.update(Risk, risk_id, version, status=RiskStatus.OCCURRED)
        opened = tx.insert(
            issue.model_copy(
                update={"risk_id": risk.id, "owner_id": issue.owner_id or risk.owner_id}
            )
        )
        return saved, opened


def issues(store: Store) -> list[Issue]:
    return find(store, Issue, order_by="status, due IS NULL, due, id")


def add_issue(store: Store, issue: Issue) -> Issue:
    with store.transaction() as tx:
        return tx.insert(issue)


def update_issue(store: Store, issue_id: int, version: int, **values: Any) -> Issue:
    with store.transaction() as tx:
        return tx.update(Issue, issue_id, version, **values)


def delete_issue(store: Store, issue_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        tx.delete(Issue, issue_id, version)
