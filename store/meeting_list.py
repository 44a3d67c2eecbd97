"""What the Meetings tab and the minutes read beyond ``meeting_view``: the rows of the
meetings a change touched (through their items or their action items' tasks), and
a meeting's minutes with the ids of the items they were written from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from store.db import Store
from store.exports import minutes
from store.meeting_plan import Draft, draft
from store.meeting_view import MeetingRow, meeting_rows
from store.meetings import items
from store.models import Meeting, MeetingKind
from store.people import Names, names
from store.records import get


def changed_rows(
    store: Store, meeting_ids: set[int], item_ids: set[int], task_ids: set[int]
) -> tuple[set[int], list[MeetingRow]]:
    """The meetings named, those holding the items named, and those whose action items
    are the tasks named; with their rows as they are now (a deleted meeting has none)."""
    wanted = set(meeting_ids)
    for column, ids in (("id", item_ids), ("task_id", task_ids)):
        if ids:
            marks = ", ".join("?" * len(ids))
            wanted.update(
                row[0]
                for row in store.conn.execute(
                    f"SELECT DISTINCT meeting_id FROM meeting_items WHERE {column} IN ({marks})",
                    sorted(ids),
                )
            )
    return wanted, meeting_rows(store, wanted) if wanted else []


def plan_data(store: Store, day: date, say: Callable[[str], str]) -> tuple[Draft, Names]:
    """What the form of a new meeting opens with: a weekly meeting's draft on ``day``
    and the people to choose attendees from."""
    return draft(store, MeetingKind.WEEKLY, day, say), names(store)


def edit_data(store: Store, meeting_id: int) -> tuple[Meeting, Names]:
    return get(store, Meeting, meeting_id), names(store)


@dataclass
class Minutes:
    meeting: Meeting
    item_ids: set[int]
    text: str  # Markdown, as ``export minutes`` writes it


def minutes_of(store: Store, meeting_id: int, translate: Callable[[str], str]) -> Minutes:
    return Minutes(
        get(store, Meeting, meeting_id),
        {item.id for item in items(store, meeting_id)},
        minutes(store, meeting_id, translate),
    )
