"""A meeting's clock: each point's time and the whole meeting's against their boxes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from store.meeting_clock import meeting_clock, minutes_seconds, point_clock
from store.models import AgendaItem, Meeting, MeetingStatus

START = "2026-11-23T09:00:00+00:00"


def meeting(**values: object) -> Meeting:
    agenda = [AgendaItem(title="R&D", minutes=5, spent=90), AgendaItem(title="Sales", minutes=10)]
    return Meeting(title="Weekly", date=date(2026, 11, 23), planned_minutes=15, agenda=agenda,
                   **values)  # fmt: skip


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_a_planned_meeting_has_spent_nothing() -> None:
    planned = meeting()
    assert point_clock(planned, 1, at(START)).spent == 0
    assert meeting_clock(planned, at(START)).spent == 0


def test_the_current_point_runs_on_from_what_it_had() -> None:
    running = meeting(
        status=MeetingStatus.IN_PROGRESS, current=0, current_since=START, started_at=START
    )
    box = point_clock(running, 0, at("2026-11-23T09:04:00+00:00"))
    assert (box.spent, box.allowed, box.over) == (90 + 240, 300, True)
    assert box.left == -30
    other = point_clock(running, 1, at("2026-11-23T09:04:00+00:00"))
    assert (other.spent, other.over) == (0, False)
    whole = meeting_clock(running, at("2026-11-23T09:16:00+00:00"))
    assert (whole.spent, whole.allowed, whole.over) == (960, 900, True)


def test_a_closed_meeting_stops_at_its_end() -> None:
    closed = meeting(
        status=MeetingStatus.CLOSED, started_at=START, closed_at="2026-11-23T09:10:00+00:00"
    )
    assert meeting_clock(closed, at("2026-11-23T12:00:00+00:00")).spent == 600
    assert point_clock(closed, 0, at("2026-11-23T12:00:00+00:00")).spent == 90


def test_minutes_and_seconds_read_as_a_clock() -> None:
    assert [minutes_seconds(s) for s in (0, 65, 3725, -130)] == ["0:00", "1:05", "1:02:05", "-2:10"]
