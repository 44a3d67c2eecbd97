"""The risk register's reading of the file: every risk as a row, what a row answers to
the ``/`` filter (``RISK_FILTER``), the heat map's counts, and one risk's detail.

Rows are read column by column as one JSON row (``Store.rows``), no model per risk,
so 2,000 risks are read in the database thread in a few milliseconds; the screen
builds its cells from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from store.db import Store
from store.errors import Invalid
from store.history import Entry, record_history
from store.models import Risk, score_of
from store.records import get
from store.risks import linked_tasks
from store.text import is_number

if TYPE_CHECKING:
    from store.models import Task
    from store.people import Names


@dataclass(slots=True)
class RiskRow:
    """One risk as the register lists it: plain values, text as stored."""

    id: int
    version: int
    title: str
    kind: str
    level: str
    probability: int | None
    impact: int | None
    residual_probability: int | None
    residual_impact: int | None
    owner_id: int | None
    department_id: int | None
    strategy: str  # "" when none
    status: str
    trigger: str
    category: str
    task_ids: list[int]
    next_review: str  # ISO date, "" when none
    created: str  # ISO date the risk was identified

    @property
    def score(self) -> int | None:
        return score_of(self.probability, self.impact)

    @property
    def residual_score(self) -> int | None:
        return score_of(self.residual_probability, self.residual_impact)


_COLUMNS = (
    "id, version, title, kind, level, probability, impact, residual_probability, "
    "residual_impact, owner_id, department_id, strategy, status, trigger, category, "
    # The linked tasks as a JSON array inside the row (one parse for all rows); a list
    # another program wrote badly links nothing rather than stop the register.
    "CASE WHEN json_valid(task_ids) AND json_type(task_ids) = 'array' "
    "THEN json(task_ids) ELSE json('[]') END, task_id, next_review, created_at"
)


def _task_ids(found: list[object], single: object) -> list[int]:
    """The linked tasks (the old single ``task_id`` when the list is empty)."""
    ids = [i for i in found if isinstance(i, int)]
    return ids or ([single] if isinstance(single, int) else [])


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and 1 <= value <= 5 else None


# Every risk is read this many at a time: a row of JSON per risk holds a list per row
# besides its values, and 20,000 at once peaked 14 MB above 2,000 at a time.
_BATCH = "(SELECT * FROM risks {} ORDER BY id LIMIT 2000)"


def risk_rows(store: Store, ids: Iterable[int] | None = None) -> list[RiskRow]:
    """Every risk as a row (by id, a batch at a time in one snapshot), or only ``ids``
    (those that changed)."""
    # Equal values are one object (a kind, level, owner, status, category or date): 20,000
    # risks kept 9 MB of copies while the app ran.
    shared: dict[Any, Any] = {}
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return []
        source = "(SELECT * FROM risks WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id)"
        return _risk_rows(store.rows(_COLUMNS, source, [json.dumps(wanted)]), shared)
    found: list[RiskRow] = []
    with store.snapshot():
        while True:
            after = [found[-1].id] if found else []
            batch = store.rows(_COLUMNS, _BATCH.format("WHERE id > ?" if after else ""), after)
            if not batch:
                return found
            found += _risk_rows(batch, shared)


def _risk_rows(rows: list[list[Any]], shared: dict[Any, Any]) -> list[RiskRow]:
    one = shared.setdefault
    return [
        RiskRow(
            r[0],
            r[1],
            r[2] or "",
            one(r[3], r[3]) or "threat",
            one(r[4], r[4]) or "medium",
            _number(r[5]),
            _number(r[6]),
            _number(r[7]),
            _number(r[8]),
            one(r[9], r[9]),
            one(r[10], r[10]),
            one(r[11], r[11]) or "",
            one(r[12], r[12]) or "open",
            r[13] or "",
            one(r[14], r[14]) or "",
            _task_ids(r[15], r[16]),
            one(r[17], r[17]) or "",
            one(created := (r[18] or "")[:10], created),
        )
        for r in rows
    ]


# -- what a row answers to the filter (store.risks.RISK_FILTER) ---------------------------

Members = dict[int, tuple[str, str]]  # member id → (name, login)


def week_end(today: date) -> date:
    """The Sunday that ends ``today``'s week: "this week" of ``review``."""
    return today + timedelta(days=6 - today.weekday())


def risk_text(row: RiskRow, members: Members, departments: dict[int, str]) -> str:
    """What the filter's words look in: #id, title, category, trigger, owner's name
    and login, department (casefolded)."""
    name, login = members.get(row.owner_id or 0, ("", ""))
    department = departments.get(row.department_id or 0, "")
    parts = (f"#{row.id}", row.title, row.category, row.trigger, name, login, department)
    return " ".join(parts).casefold()


# The heat map's cell keys of the filter → the row's field.
_NUMBERS = {
    "p": "probability",
    "i": "impact",
    "rp": "residual_probability",
    "ri": "residual_impact",
}


def by_number(rows: Iterable[RiskRow]) -> dict[tuple[str, str], list[RiskRow]]:
    """The rows under each heat-map key's value (``("p", "4")``), in the order given."""
    found: dict[tuple[str, str], list[RiskRow]] = {}
    for row in rows:
        for key, name in _NUMBERS.items():
            number = getattr(row, name)
            if number is not None:
                found.setdefault((key, str(number)), []).append(row)
    return found


def narrowed(
    index: dict[tuple[str, str], list[RiskRow]], values: Mapping[str, list[str]]
) -> list[RiskRow] | None:
    """The only rows a filter's heat-map key can keep (a cell's filter is looked up,
    not tested on every risk), or None when no such key narrows it to one value.
    The rows still need the whole filter's test."""
    for key, wanted in values.items():
        if key not in _NUMBERS:
            continue
        texts = {text for k, text in index if k == key and any(v in text for v in wanted)}
        if not texts:
            return []
        if len(texts) == 1:
            return index[(key, texts.pop())]
    return None


def risk_field(
    row: RiskRow,
    key: str,
    members: Members,
    departments: dict[int, str],
    say: Callable[[str], str] = str,
) -> str:
    """The text a filter's key looks in: ``dept:``, ``owner:`` (name or login),
    ``level:`` ``status:`` ``strategy:`` ``kind:`` (the stored word and, through ``say``,
    the user's), ``category:``, and the heat map's cell ``p:`` ``i:`` (before the
    response) ``rp:`` ``ri:`` (after)."""
    number_field = _NUMBERS.get(key)
    if number_field is not None:  # first: a heat-map cell asks it of every risk
        number = getattr(row, number_field)
        return "" if number is None else str(number)
    if key == "dept":
        return departments.get(row.department_id or 0, "").casefold()
    if key == "owner":
        name, login = members.get(row.owner_id or 0, ("", ""))
        return f"{name}\n{login}".casefold()
    if key in ("level", "status", "strategy", "kind"):
        word = getattr(row, key)
        return f"{word}\n{say(word)}".casefold() if word else ""
    if key == "category":
        return row.category.casefold()
    return ""


def risk_flag(row: RiskRow, name: str, me: int | None, today: date) -> bool:
    """Whether a filter's flag holds: ``review`` (not closed and due for review by the
    end of this week, overdue ones included), ``open`` (not closed), ``mine``."""
    if name == "open":
        return row.status != "closed"
    if name == "review":
        return (
            row.status != "closed"
            and bool(row.next_review)
            and row.next_review <= week_end(today).isoformat()
        )
    return me is not None and row.owner_id == me


# -- the heat map --------------------------------------------------------------------------

Cell = tuple[int, int]  # (probability, impact), each 1–5


@dataclass
class HeatMap:
    """Open (not closed) risks per (probability, impact) cell, before the response
    and after it (residual), and how many open risks are not scored yet."""

    before: dict[Cell, int] = field(default_factory=dict)
    after: dict[Cell, int] = field(default_factory=dict)
    unscored: int = 0
    unscored_after: int = 0


def count_cells(rows: Iterable[RiskRow]) -> HeatMap:
    """The heat map of these rows: the register counts its own rows with it, so the
    maps and the register's cell filter always agree."""
    result = HeatMap()
    for row in rows:
        if row.status == "closed":
            continue
        for counts, p, i in (
            (result.before, row.probability, row.impact),
            (result.after, row.residual_probability, row.residual_impact),
        ):
            if p is not None and i is not None:
                counts[(p, i)] = counts.get((p, i), 0) + 1
            elif counts is result.before:
                result.unscored += 1
            else:
                result.unscored_after += 1
    return result


def heat_map(store: Store) -> HeatMap:
    return count_cells(risk_rows(store))


def cell_filter(cell: Cell, residual: bool) -> str:
    """The register's filter for the open risks of one heat-map cell."""
    p, i = cell
    return f"rp:{p} ri:{i} open" if residual else f"p:{p} i:{i} open"


def parse_task_list(text: str) -> list[int]:
    """``#12 #40`` or ``12, 40`` → the linked task ids; Invalid names a bad item (whether
    the tasks exist is the store's check when the risk is saved)."""
    found: list[int] = []
    for item in re.split(r"[,\s;，；]+", text.strip()):
        number = item.removeprefix("#")
        if not item:
            continue
        if not is_number(number) or int(number) < 1:
            raise Invalid("#{task}: a linked task is #ID, e.g. #42", task=number)
        found.append(int(number))
    return list(dict.fromkeys(found))


def task_list(task_ids: Iterable[int]) -> str:
    """Linked tasks as typed: ``#12 #40``."""
    return " ".join(f"#{i}" for i in task_ids)


# -- one risk in full ------------------------------------------------------------------------


@dataclass
class RiskDetail:
    """What the register's detail panel shows: the risk, its linked tasks that still
    exist, and every change of it from the change log (newest first)."""

    risk: Risk
    tasks: list[Task]
    history: list[Entry]


def risk_detail(store: Store, risk_id: int) -> RiskDetail:
    risk = get(store, Risk, risk_id)
    changes = record_history(store, "risks", risk_id).entries
    return RiskDetail(risk, linked_tasks(store, risk), changes)


def risk_form_data(store: Store, risk_id: int | None) -> tuple[Risk | None, Names]:
    """What the risk's forms show: the risk as it is now (None for a new one) and the
    people to choose from."""
    from store.people import names

    return (None if risk_id is None else get(store, Risk, risk_id)), names(store)
