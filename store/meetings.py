"""Meetings with their items (reports, decisions, action items, notes) and daily updates.

Closing a meeting publishes its minutes; an action item can become a task.
Minutes not published within 24 hours of the meeting are flagged: the weekly
meeting's minutes are due the next day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from store import clock
from store.db import Store
from store.errors import Invalid
from store.models import (
    DailyUpdate,
    ItemKind,
    Meeting,
    MeetingItem,
    MeetingStatus,
    Member,
    Task,
)
from store.records import find, get

MINUTES_DUE = timedelta(hours=24)


def meetings(store: Store) -> list[Meeting]:
    return find(store, Meeting, order_by="date DESC, start DESC, id DESC")


def items(store: Store, meeting_id: int) -> list[MeetingItem]:
    return find(store, MeetingItem, "meeting_id = ?", [meeting_id], "position, id")


def add_meeting(store: Store, meeting: Meeting) -> Meeting:
    with store.transaction() as tx:
        return tx.insert(meeting)


def update_meeting(store: Store, meeting_id: int, version: int, **values: Any) -> Meeting:
    with store.transaction() as tx:
        return tx.update(Meeting, meeting_id, version, **values)


def delete_meeting(store: Store, meeting_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        for item in items(store, meeting_id):
            tx.delete(MeetingItem, item.id)
        tx.delete(Meeting, meeting_id, version)


def add_item(store: Store, item: MeetingItem) -> MeetingItem:
    """Add an item at the end of the meeting; published minutes are not reopened."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, item.meeting_id)
        if meeting.status == MeetingStatus.PUBLISHED:
            raise Invalid(
                "the minutes of {title!r} are published; reopen it first", title=meeting.title
            )
        position = store.scalar(
            "SELECT coalesce(max(position), 0) + 1 FROM meeting_items WHERE meeting_id = ?",
            [item.meeting_id],
        )
        return tx.insert(item.model_copy(update={"position": position}))


def update_item(store: Store, item_id: int, version: int, **values: Any) -> MeetingItem:
    with store.transaction() as tx:
        return tx.update(MeetingItem, item_id, version, **values)


def delete_item(store: Store, item_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        tx.delete(MeetingItem, item_id, version)


def action_to_task(store: Store, item_id: int, version: int) -> Task:
    """Turn an action item into a task on the board, linked back from the item."""
    with store.transaction() as tx:
        item = get(store, MeetingItem, item_id)
        if item.kind != ItemKind.ACTION:
            raise Invalid("only an action item becomes a task")
        if item.task_id is not None:
            raise Invalid("this action item is already task #{task_id}", task_id=item.task_id)
        owner = get(store, Member, item.owner_id) if item.owner_id else None
        due = item.due or clock.today()
        task = tx.insert(
            Task(
                title=item.text.splitlines()[0][:200],
                owner_id=item.owner_id,
                department_id=owner.department_id if owner else item.department_id,
                start=min(clock.today(), due),
                end=due,
                deliverable=item.text,
            )
        )
        tx.update(MeetingItem, item_id, version, task_id=task.id)
        return task


def set_status(store: Store, meeting_id: int, version: int, status: MeetingStatus) -> Meeting:
    """Start, close (publishes the minutes) or reopen a meeting."""
    with store.transaction() as tx:
        values: dict[str, Any] = {"status": status}
        if status in (MeetingStatus.CLOSED, MeetingStatus.PUBLISHED):
            values = {"status": MeetingStatus.PUBLISHED, "closed_at": tx.at}
        return tx.update(Meeting, meeting_id, version, **values)


def unpublished_overdue(store: Store, now: datetime | None = None) -> list[Meeting]:
    """Meetings held over 24 hours ago whose minutes are still not published."""
    now = now or clock.now()
    result = []
    for meeting in find(store, Meeting, "status != 'published'", order_by="date, start"):
        # A meeting's date and start are the host's wall-clock time.
        held = datetime.fromisoformat(f"{meeting.date.isoformat()}T{meeting.start}").astimezone()
        if now - held > MINUTES_DUE:
            result.append(meeting)
    return result


def updates(
    store: Store, day: date | None = None, member_id: int | None = None
) -> list[DailyUpdate]:
    where: list[str] = []
    params: list[Any] = []
    if day is not None:
        where.append("date = ?")
        params.append(day.isoformat())
    if member_id is not None:
        where.append("member_id = ?")
        params.append(member_id)
    return find(store, DailyUpdate, " AND ".join(where), params, "date DESC, id DESC")


def add_update(store: Store, update: DailyUpdate) -> DailyUpdate:
    with store.transaction() as tx:
        get(store, Member, update.member_id)
        return tx.insert(update)


def edit_update(store: Store, update_id: int, version: int, **values: Any) -> DailyUpdate:
    with store.transaction() as tx:
        return tx.update(DailyUpdate, update_id, version, **values)


def delete_update(store: Store, update_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        tx.delete(DailyUpdate, update_id, version)


def missing_updates(store: Store, day: date | None = None) -> list[Member]:
    """Interface persons who have not posted their daily update for ``day``."""
    day = day or clock.today()
    return find(
        store,
        Member,
        "is_interface AND id NOT IN (SELECT member_id FROM daily_updates WHERE date = ?)",
        [day.isoformat()],
        "department_id",
    )
