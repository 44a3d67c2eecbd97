"""Editing a meeting or a daily update from a stale read: the form's values as read
(``base``) merge the edit with another's change of other fields; only a field both
changed differently is a conflict."""

from __future__ import annotations

from datetime import date

import pytest

from store.db import Store
from store.errors import Conflict
from store.meetings import add_meeting, edit_update, mark_present, post_update, update_meeting
from store.models import DailyUpdate, Meeting, Member
from store.people import add_department, add_member

MON = date(2026, 11, 23)


@pytest.fixture
def li(store: Store) -> Member:
    rd = add_department(store, "R&D")
    return add_member(store, Member(name="Li Wei", department_id=rd.id, is_interface=True))


def test_a_stale_meeting_edit_keeps_the_attendance_marked_meanwhile(store, li) -> None:
    read = add_meeting(store, Meeting(title="Weekly", date=MON, attendees=[li.id]))
    mark_present(store, read.id, li.id)  # someone in the room, after the form opened
    saved = update_meeting(store, read.id, read.version, read.model_dump(), title="Weekly 48")
    assert saved.title == "Weekly 48" and saved.present == [li.id]


def test_a_meeting_field_both_changed_is_a_conflict(store, li) -> None:
    read = add_meeting(store, Meeting(title="Weekly", date=MON))
    update_meeting(store, read.id, read.version, title="Theirs")
    with pytest.raises(Conflict) as found:
        update_meeting(store, read.id, read.version, read.model_dump(), title="Mine")
    assert set(found.value.fields) == {"title"}


def test_a_stale_update_edit_keeps_anothers_change_of_another_field(store, li) -> None:
    read = post_update(store, DailyUpdate(member_id=li.id, date=MON, done="Specs"))
    edit_update(store, read.id, read.version, blockers="Lab closed")
    saved = edit_update(store, read.id, read.version, read.model_dump(), next="Tests")
    assert (saved.next, saved.blockers, saved.done) == ("Tests", "Lab closed", "Specs")
