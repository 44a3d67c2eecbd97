"""The risk register (风险登记表) and the issues that occurred risks become.

A risk takes a few keystrokes: ``parse_quick`` reads one line such as
``!high supplier may slip @Li Wei ~mitigate: second supplier #42``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from store.db import Store
from store.errors import Invalid
from store.models import Issue, Level, Risk, RiskStatus, Strategy
from store.people import owner_words
from store.records import find, get
from store.text import one_line

QUICK_HELP = """\
Quick syntax, all parts optional but the title, in any order:
  !high|!medium|!low (or !h !m !l, !高 !中 !低)   the level
  @NAME               the owner (a member's name or login)
  ~STRATEGY: PLAN     the response: avoid, transfer, mitigate, accept or escalate,
                      then the plan (or just ~PLAN)
  #ID                 the linked task
e.g.  "!high supplier may slip @Li Wei ~mitigate: second supplier #42\""""

_LEVELS = {
    "high": Level.HIGH,
    "h": Level.HIGH,
    "高": Level.HIGH,
    "medium": Level.MEDIUM,
    "med": Level.MEDIUM,
    "m": Level.MEDIUM,
    "中": Level.MEDIUM,
    "low": Level.LOW,
    "l": Level.LOW,
    "低": Level.LOW,
}
_STRATEGIES = {s.value for s in Strategy}
_MARKER = re.compile(r"(?:^|(?<=\s))([!@~#])(?=\S)")


@dataclass
class QuickRisk:
    """What one quick line said; owner is a name still to be resolved."""

    title: str = ""
    level: Level | None = None
    owner: str | None = None
    strategy: Strategy | None = None
    response: str = ""
    task_id: int | None = None
    rest: list[str] = field(default_factory=list)


def parse_quick(line: str, names: Iterable[str] = ()) -> QuickRisk:
    """Read the quick syntax; ``names`` are the roster's names and logins.

    An owner's name may contain spaces ("@Li Wei"): the longest run of words
    after ``@`` that names a member is taken, the rest stays in the title.
    """
    line = one_line(line)  # typed names compare as stored ones (store.people.name_key)
    known = {n.casefold() for n in names}
    result = QuickRisk()
    pieces = _MARKER.split(line)
    title = [pieces[0]]
    for marker, text in zip(pieces[1::2], pieces[2::2], strict=True):
        words = text.split()
        if marker == "!":
            level = _LEVELS.get(words[0].casefold())
            if level is None:
                raise Invalid("!{level}: the level must be high, medium or low", level=words[0])
            result.level = level
            title += words[1:]
        elif marker == "#":
            digits = re.match(r"\d+", words[0])
            if not digits or digits.group() != words[0]:
                raise Invalid("#{task}: a linked task is #ID, e.g. #42", task=words[0])
            result.task_id = int(words[0])
            title += words[1:]
        elif marker == "@":
            take = owner_words(words, known)
            result.owner = " ".join(words[:take])
            title += words[take:]
        else:
            head, _, plan = text.partition(":")
            if head.strip().casefold() in _STRATEGIES:
                result.strategy = Strategy(head.strip().casefold())
                result.response = plan.strip()
            else:
                result.response = text.strip()
    result.title = " ".join(" ".join(title).split())
    if not result.title:
        raise Invalid("a risk needs a title")
    return result


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
