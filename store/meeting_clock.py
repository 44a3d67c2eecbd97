"""A running meeting's clock: the time spent on each agenda point and on the whole
meeting, against their time boxes, at a given moment.

The meeting row keeps the seconds spent on each point before it last became the
current one (``AgendaItem.spent``) and since when the current one runs
(``current_since``); the meeting runs from ``started_at`` to ``closed_at``. Every
terminal works the clock out from those and its own clock, so it ticks without
anyone writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.models import Meeting, MeetingStatus


@dataclass(frozen=True)
class Clock:
    """Seconds spent and allowed, for one point or the whole meeting."""

    spent: int
    allowed: int

    @property
    def over(self) -> bool:
        return self.spent > self.allowed

    @property
    def left(self) -> int:
        """Seconds left (negative: by how much it runs over)."""
        return self.allowed - self.spent


def _seconds(since: str | None, until: datetime) -> int:
    if not since:
        return 0
    return max(0, int((until - datetime.fromisoformat(since)).total_seconds()))


def point_clock(meeting: Meeting, index: int, now: datetime) -> Clock:
    """Agenda point ``index``: what it had before, plus the running time when it is the
    current point of a meeting in progress."""
    point = meeting.agenda[index]
    spent = point.spent
    if meeting.status == MeetingStatus.IN_PROGRESS and index == meeting.current:
        spent += _seconds(meeting.current_since, now)
    return Clock(spent, point.minutes * 60)


def meeting_clock(meeting: Meeting, now: datetime) -> Clock:
    """The whole meeting: from its start to now, or to its end once closed."""
    spent = 0
    if meeting.started_at:
        end = datetime.fromisoformat(meeting.closed_at) if meeting.closed_at else now
        spent = _seconds(meeting.started_at, end)
    return Clock(spent, meeting.planned_minutes * 60)


def minutes_seconds(seconds: int) -> str:
    """``12:05`` (minutes and seconds), ``1:02:05`` from an hour; ``-`` before when negative."""
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
