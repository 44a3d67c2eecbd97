"""What the meetings list and one meeting show, each read in one call: the meeting
screen, meeting mode, the minutes and ``meeting show`` all build on ``meeting_view``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from store import clock
from store.db import Store
from store.errors import Unreadable
from store.meeting_plan import carried_actions
from store.meetings import items, minutes_overdue
from store.models import (
    Change,
    Department,
    Issue,
    Meeting,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
    Member,
    Risk,
)
from store.records import find, get, read


@dataclass
class MeetingView:
    """One meeting with everything its mode and its minutes show."""

    meeting: Meeting
    items: list[MeetingItem]  # position order
    names: dict[int, str]  # member id → name
    departments: dict[int, str]  # department id → name
    carried: list[MeetingItem]  # open action items of earlier weekly meetings
    risks: list[Risk]  # raised in it
    issues: list[Issue]  # raised in it
    next: Meeting | None  # the next meeting of the same kind after it

    def absent(self) -> list[int]:
        """Attendees not marked present."""
        return [m for m in self.meeting.attendees if m not in self.meeting.present]

    def of_kind(self, *kinds: str) -> list[MeetingItem]:
        return [i for i in self.items if i.kind in kinds]


def meeting_view(store: Store, meeting_id: int) -> MeetingView:
    meeting = get(store, Meeting, meeting_id)
    later = find(
        store,
        Meeting,
        "kind = ? AND id != ? AND (date > ? OR (date = ? AND start > ?))",
        [
            meeting.kind.value,
            meeting_id,
            meeting.date.isoformat(),
            meeting.date.isoformat(),
            meeting.start,
        ],
        "date, start, id",
    )
    return MeetingView(
        meeting=meeting,
        items=items(store, meeting_id),
        names={m.id: m.name for m in find(store, Member)},
        departments={d.id: d.name for d in find(store, Department)},
        carried=carried_actions(store, meeting_id),
        risks=find(store, Risk, "meeting_id = ?", [meeting_id], "id"),
        issues=find(store, Issue, "meeting_id = ?", [meeting_id], "id"),
        next=later[0] if later else None,
    )


def with_own_items(view: MeetingView, changes: Iterable[Change]) -> MeetingView | None:
    """The view after changes to the meeting's own items, built from the change log's
    rows (validated as any row read): in a meeting every app on it would otherwise
    read it all again for each item typed, the live delay of five apps on two cores.
    None when a change is not one of them: then the meeting is read again."""
    meeting_id = view.meeting.id
    by_id = {item.id: item for item in view.items}
    carried = {item.id for item in view.carried}
    for change in changes:
        record_id = change.record_id or 0
        if change.entity != "meeting_items" or record_id in carried:
            return None
        known = by_id.get(record_id)
        row = change.after or {}
        if change.op == "delete":
            by_id.pop(record_id, None)
            continue
        if change.op == "create":
            merged = row
        elif known is None:
            return None  # an item of another meeting, perhaps moved here
        elif row.get("version", 0) <= known.version:
            continue  # already read with the view
        else:
            fields = MeetingItem.model_fields
            merged = known.to_row() | {k: v for k, v in row.items() if k in fields}
        try:
            item = read(MeetingItem, merged)
        except Unreadable:
            return None
        if item.meeting_id != meeting_id:
            return None  # another meeting's (an action carried to this one?)
        by_id[item.id] = item
    items = sorted(by_id.values(), key=lambda i: (i.position, i.id))
    return replace(view, items=items)


@dataclass
class MeetingRow:
    """One line of the meetings list."""

    id: int
    version: int
    kind: MeetingKind
    title: str
    date: date
    start: str
    planned_minutes: int
    status: MeetingStatus
    decisions: int
    open_actions: int
    # Its minutes are not published 24 hours after it ended.
    overdue: bool


def meeting_rows(store: Store, ids: set[int] | None = None) -> list[MeetingRow]:
    """Every meeting, newest first, or only those ``ids`` (a live refresh)."""
    where, params = "", []
    if ids is not None:
        where = f"id IN ({', '.join('?' for _ in ids)})" if ids else "0"
        params = sorted(ids)
    found = find(store, Meeting, where, params, "date DESC, start DESC, id DESC")
    within = f"WHERE i.meeting_id IN ({', '.join('?' for _ in params)}) " if ids else ""
    counts: dict[int, tuple[int, int]] = {
        row["meeting_id"]: (row["decisions"], row["actions"])
        for row in store.query(
            "SELECT i.meeting_id, sum(i.kind = 'decision') AS decisions, "
            "sum(i.kind = 'action' AND (t.status IS NULL OR t.status != 'done')) AS actions "
            f"FROM meeting_items i LEFT JOIN tasks t ON t.id = i.task_id {within}"
            "GROUP BY i.meeting_id",
            params,
        )
    }
    now = clock.now()
    return [
        MeetingRow(
            id=m.id,
            version=m.version,
            kind=m.kind,
            title=m.title,
            date=m.date,
            start=m.start,
            planned_minutes=m.planned_minutes,
            status=m.status,
            decisions=counts.get(m.id, (0, 0))[0],
            open_actions=counts.get(m.id, (0, 0))[1],
            overdue=minutes_overdue(m, now),
        )
        for m in found
    ]
