"""Meetings with their items (reports, decisions, action items, notes, success
criteria, retrospective findings) and daily updates.

A meeting is planned, started (it then moves through its agenda, a clock against
each item's time box), closed and its minutes published. An action item is a task
on the board from the moment it is recorded. Minutes not published within 24 hours
of the meeting's end are flagged: the weekly meeting's minutes are due the next day.

The meeting row is written by everyone in the room at once: moving to another
agenda item checks the item the caller was on (not the row's version, which
attendance also moves), and marking someone present re-reads the list inside the
transaction, so two people marking two others present both count.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from store import clock, people
from store.db import Store
from store.errors import Invalid
from store.models import (
    TITLE_MAX,
    AgendaItem,
    DailyUpdate,
    Department,
    Issue,
    IssueSource,
    ItemKind,
    Meeting,
    MeetingItem,
    MeetingStatus,
    Member,
    Task,
)
from store.records import Tx, find, get, validate

MINUTES_DUE = timedelta(hours=24)


def meetings(store: Store) -> list[Meeting]:
    return find(store, Meeting, order_by="date DESC, start DESC, id DESC")


def items(store: Store, meeting_id: int) -> list[MeetingItem]:
    return find(store, MeetingItem, "meeting_id = ?", [meeting_id], "position, id")


def add_meeting(store: Store, meeting: Meeting) -> Meeting:
    with store.transaction() as tx:
        return tx.insert(meeting)


def update_meeting(
    store: Store, meeting_id: int, version: int, base: dict[str, Any] | None = None, **values: Any
) -> Meeting:
    """Change a meeting read at ``version``; ``base`` (the values as read) merges an edit
    with what others changed meanwhile (attendance, the agenda's clock)."""
    with store.transaction() as tx:
        return tx.update(Meeting, meeting_id, version, base, **values)


def delete_meeting(store: Store, meeting_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        for item in items(store, meeting_id):
            tx.delete(MeetingItem, item.id)
        tx.delete(Meeting, meeting_id, version)


def add_item(store: Store, item: MeetingItem) -> MeetingItem:
    """Add an item at the end of the meeting; published minutes take no new items. An
    action item is a task on the board at once, linked both ways."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, item.meeting_id)
        position = store.scalar(
            "SELECT coalesce(max(position), 0) + 1 FROM meeting_items WHERE meeting_id = ?",
            [item.meeting_id],
        )
        return insert_item(store, tx, meeting, item.model_copy(update={"position": position}))


def insert_item(store: Store, tx: Tx, meeting: Meeting, item: MeetingItem) -> MeetingItem:
    """Insert an item of ``meeting`` inside ``tx``: its owner must be on the roster, an
    action item gets its task on the board; during the meeting, an item is raised
    under the agenda point the meeting is on unless it says otherwise."""
    if meeting.status == MeetingStatus.PUBLISHED:
        raise Invalid(
            "the minutes of {title!r} are published: they take no new items",
            title=meeting.title,
        )
    if item.owner_id is not None:
        get(store, Member, item.owner_id)
    if item.department_id is not None:
        get(store, Department, item.department_id)
    if item.agenda is None and meeting.status == MeetingStatus.IN_PROGRESS:
        item = item.model_copy(update={"agenda": meeting.current})  # raised under it
    if item.kind == ItemKind.ACTION and item.task_id is None:
        item = item.model_copy(update={"task_id": _task_for(store, tx, item).id})
    return tx.insert(item)


def update_item(store: Store, item_id: int, version: int, **values: Any) -> MeetingItem:
    with store.transaction() as tx:
        return tx.update(MeetingItem, item_id, version, **values)


def delete_item(store: Store, item_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        tx.delete(MeetingItem, item_id, version)


def action_to_task(store: Store, item_id: int, version: int) -> Task:
    """Turn an action item recorded without a task (older minutes) into a task on the
    board, linked back from the item."""
    with store.transaction() as tx:
        item = get(store, MeetingItem, item_id)
        if item.kind != ItemKind.ACTION:
            raise Invalid("only an action item becomes a task")
        if item.task_id is not None:
            raise Invalid("this action item is already task #{task_id}", task_id=item.task_id)
        task = _task_for(store, tx, item)
        tx.update(MeetingItem, item_id, version, task_id=task.id)
        return task


def _task_for(store: Store, tx: Tx, item: MeetingItem) -> Task:
    """The board's task for an action item: its owner's, due on its due date."""
    owner = get(store, Member, item.owner_id) if item.owner_id else None
    due = item.due or clock.today()
    with tx.trusted():  # an action agreed in the meeting goes on its owner's board
        return tx.insert(
            Task(
                title=item.text.splitlines()[0][:200],
                owner_id=item.owner_id,
                department_id=owner.department_id if owner else item.department_id,
                start=min(clock.today(), due),
                end=due,
                deliverable=item.text,
            )
        )


def start_meeting(store: Store, meeting_id: int, version: int) -> Meeting:
    """Start a planned meeting: the clock runs on its first agenda item."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, meeting_id)
        if meeting.status != MeetingStatus.PLANNED:
            raise Invalid("{title!r} has already started", title=meeting.title)
        return tx.update(
            Meeting,
            meeting_id,
            version,
            status=MeetingStatus.IN_PROGRESS,
            started_at=tx.at,
            current=0,
            current_since=tx.at,
        )


def _spent(meeting: Meeting, at: str) -> list[AgendaItem]:
    """The agenda with the time since the current item began added to it."""
    agenda = [item.model_copy() for item in meeting.agenda]
    if meeting.current_since and meeting.current < len(agenda):
        since = datetime.fromisoformat(meeting.current_since)
        seconds = max(0, int((datetime.fromisoformat(at) - since).total_seconds()))
        agenda[meeting.current].spent += seconds
    return agenda


def move_to(store: Store, meeting_id: int, seen: int, to: int) -> Meeting:
    """Go from agenda item ``seen`` (the one the caller was on) to item ``to``.

    Someone else may have moved on first: then nothing is written and the message
    says where the meeting is now."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, meeting_id)
        if meeting.status != MeetingStatus.IN_PROGRESS:
            raise Invalid("{title!r} is not in progress", title=meeting.title)
        if not 0 <= to < len(meeting.agenda):
            raise Invalid("the agenda has no item {number}", number=to + 1)
        if meeting.current != seen:
            now_on = meeting.agenda[meeting.current].title if meeting.agenda else ""
            raise Invalid("the meeting has already moved on to {item!r}", item=now_on)
        return tx.update(
            Meeting,
            meeting_id,
            meeting.version,
            agenda=_spent(meeting, tx.at),
            current=to,
            current_since=tx.at,
        )


def mark_present(store: Store, meeting_id: int, member_id: int, present: bool = True) -> Meeting:
    """Mark one member present (or not) at a meeting."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, meeting_id)
        get(store, Member, member_id)
        others = [m for m in meeting.present if m != member_id]
        now_present = [*others, member_id] if present else others
        if now_present == meeting.present:
            return meeting
        return tx.update(Meeting, meeting_id, meeting.version, present=now_present)


def close_meeting(store: Store, meeting_id: int, version: int) -> Meeting:
    """End a running meeting: its clock stops; its minutes are then reviewed and
    published."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, meeting_id)
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.PUBLISHED):
            raise Invalid("{title!r} is already closed", title=meeting.title)
        if meeting.status == MeetingStatus.PLANNED:
            # Else a meeting never held would publish its draft as minutes.
            raise Invalid("{title!r} has not started: start it first", title=meeting.title)
        return tx.update(
            Meeting,
            meeting_id,
            version,
            status=MeetingStatus.CLOSED,
            closed_at=tx.at,
            agenda=_spent(meeting, tx.at),
            current_since=None,
        )


def publish_minutes(store: Store, meeting_id: int, version: int) -> Meeting:
    """Publish a closed meeting's minutes (who, when); an empty meeting has none."""
    with store.transaction() as tx:
        meeting = get(store, Meeting, meeting_id)
        if meeting.status == MeetingStatus.PUBLISHED:
            raise Invalid("the minutes of {title!r} are already published", title=meeting.title)
        if meeting.status != MeetingStatus.CLOSED:
            raise Invalid("close {title!r} before publishing its minutes", title=meeting.title)
        if not store.scalar(
            "SELECT count(*) FROM meeting_items WHERE meeting_id = ?", [meeting_id]
        ):
            raise Invalid(
                "{title!r} has nothing recorded: no minutes to publish", title=meeting.title
            )
        return tx.update(
            Meeting,
            meeting_id,
            version,
            status=MeetingStatus.PUBLISHED,
            published_at=tx.at,
            published_by=tx.actor,
        )


def starts_at(meeting: Meeting) -> datetime:
    """When a meeting begins: its date and start are the host's wall-clock time."""
    return datetime.fromisoformat(f"{meeting.date.isoformat()}T{meeting.start}").astimezone()


def minutes_overdue(meeting: Meeting, now: datetime) -> bool:
    """Its minutes are unpublished 24 hours after it ended (or, not closed, began)."""
    if meeting.status == MeetingStatus.PUBLISHED:
        return False
    held = starts_at(meeting)
    if meeting.closed_at:
        held = datetime.fromisoformat(meeting.closed_at).astimezone()
    return now - held > MINUTES_DUE


def unpublished_overdue(store: Store, now: datetime | None = None) -> list[Meeting]:
    """Meetings that ended (or, not closed, began) over 24 hours ago whose minutes are
    still not published."""
    moment = now or clock.now()
    found = find(store, Meeting, "status != 'published'", order_by="date, start")
    return [m for m in found if minutes_overdue(m, moment)]


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


def update_of(store: Store, member_id: int, day: date) -> DailyUpdate | None:
    """The member's update of ``day``, if posted: there is one a day, edited again."""
    found = find(store, DailyUpdate, "member_id = ? AND date = ?", [member_id, day.isoformat()])
    return found[0] if found else None


def post_update(store: Store, update: DailyUpdate) -> DailyUpdate:
    """Post a member's daily update; a second one the same day is refused with the id
    of the first (``id`` in the error's values), which is then edited instead."""
    with store.transaction() as tx:
        member = get(store, Member, update.member_id)
        posted = update_of(store, update.member_id, update.date)
        if posted is not None:
            raise Invalid(
                "{name} already posted the update of {day} (#{id}): edit it",
                name=member.name,
                day=update.date.isoformat(),
                id=posted.id,
            )
        return tx.insert(update)


def edit_update(
    store: Store, update_id: int, version: int, base: dict[str, Any] | None = None, **values: Any
) -> DailyUpdate:
    """Change a daily update read at ``version``; ``base`` (the values as read) keeps
    another terminal's change of another field."""
    with store.transaction() as tx:
        return tx.update(DailyUpdate, update_id, version, base, **values)


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


def issue_from_blocker(store: Store, update_id: int, owner_id: int, due: date) -> Issue:
    """A daily update's blocker becomes an issue: its first line the title, owned by
    ``owner_id`` in the owner's department, linked back to the update. One blocker
    makes one unresolved issue."""
    with store.transaction() as tx:
        update = get(store, DailyUpdate, update_id)
        if not update.blockers:
            raise Invalid("update #{id} names no blocker", id=update_id)
        get(store, Member, owner_id)
        open_issue = find(store, Issue, "update_id = ? AND status != 'resolved'", [update_id])
        if open_issue:
            raise Invalid(
                "the blocker of update #{id} is already issue #{issue}",
                id=update_id,
                issue=open_issue[0].id,
            )
        return tx.insert(
            validate(
                Issue,
                {
                    "title": update.blockers.splitlines()[0][:TITLE_MAX],
                    "description": update.blockers,
                    "source": IssueSource.UPDATE,
                    "update_id": update_id,
                    "owner_id": owner_id,
                    "department_id": people.department_of(store, owner_id),
                    "raised": clock.today(),
                    "due": due,
                },
            )
        )
