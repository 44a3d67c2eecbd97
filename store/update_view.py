"""What the Daily updates tab shows for one day, read in one pass: each department's
updates and who has not posted yet (interface persons first, as they owe one).

Also the acting member's own update of a day (``u`` on any screen): the same record
again once posted, so a member keeps one update a day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from store import meetings, people
from store.db import Store
from store.models import DailyUpdate, Department, Member


@dataclass
class UpdatesDay:
    day: date
    departments: dict[int, Department] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    # Department by department (in the roster's order of departments), then by name.
    updates: list[DailyUpdate] = field(default_factory=list)
    # Members without an update that day: interface persons first, then the others.
    missing: list[Member] = field(default_factory=list)


def updates_day(store: Store, day: date) -> UpdatesDay:
    departments = people.departments(store)
    order = {d.id: n for n, d in enumerate(departments)}
    members = {m.id: m for m in people.members(store)}
    posted = meetings.updates(store, day)

    def by_department(member: Member) -> tuple[int, str]:
        return (order.get(member.department_id, len(order)), member.name.casefold())

    def placed(update: DailyUpdate) -> tuple[tuple[int, str], int]:
        member = members.get(update.member_id)
        return (by_department(member) if member else (len(order), ""), update.id)

    who = {u.member_id for u in posted}
    missing = sorted(
        (m for m in members.values() if m.id not in who),
        key=lambda m: (not m.is_interface, *by_department(m)),
    )
    return UpdatesDay(
        day=day,
        departments={d.id: d for d in departments},
        members=members,
        updates=sorted(posted, key=placed),
        missing=missing,
    )


@dataclass
class MyUpdate:
    """The acting login's member (None: the login is on nobody's roster entry) and
    their update of the day, if posted."""

    member: Member | None
    update: DailyUpdate | None


def my_update(store: Store, day: date) -> MyUpdate:
    member = people.member_for_login(store, store.actor)
    if member is None:
        return MyUpdate(None, None)
    return MyUpdate(member, meetings.update_of(store, member.id, day))
