"""Who may do what: each rule refuses with who may, and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

from store import changes
from store.db import Store
from store.errors import Invalid
from store.issues import add_issue, update_issue
from store.meetings import add_item, add_meeting, edit_update, post_update
from store.models import (
    DailyUpdate,
    Department,
    Document,
    Issue,
    ItemKind,
    Meeting,
    MeetingItem,
    Member,
    Risk,
    Task,
)
from store.people import add_department, add_member, delete_member, give_role, update_member
from store.project import sign, update_charter
from store.records import get
from store.risks import add_risk, update_risk
from store.roles import Refused
from store.tasks import add_task, delete_task, set_baseline, update_task

MON, FRI = date(2026, 11, 23), date(2026, 11, 27)


class Team(NamedTuple):
    rd: Department
    sales: Department
    pm: Member  # login "pm", in R&D
    rd_head: Member  # "rdhead"
    rd_interface: Member  # "rdif"
    engineer: Member  # "li": a member of R&D
    sales_head: Member  # "shead"


@pytest.fixture
def team(store: Store) -> Team:
    """Set up before there is a project manager with a login: no rules yet."""
    rd = add_department(store, "R&D")
    sales = add_department(store, "Sales")
    head = add_member(
        store, Member(name="Li Head", department_id=rd.id, login="rdhead", is_head=True)
    )
    interface = add_member(
        store, Member(name="Chen If", department_id=rd.id, login="rdif", is_interface=True)
    )
    engineer = add_member(store, Member(name="Li Wei", department_id=rd.id, login="li"))
    sales_head = add_member(
        store, Member(name="Zhang Head", department_id=sales.id, login="shead", is_head=True)
    )
    # The last: from here on the rules apply, and "tester" is on no member's record.
    pm = add_member(store, Member(name="Yang PM", department_id=rd.id, login="pm", is_pm=True))
    return Team(rd, sales, pm, head, interface, engineer, sales_head)


@pytest.fixture
def as_user(db_path: Path) -> Iterator:
    opened: list[Store] = []

    def open_as(login: str) -> Store:
        opened.append(Store(db_path, login))
        return opened[-1]

    yield open_as
    for store in opened:
        store.close()


@contextmanager
def refused(store: Store, message: str) -> Iterator[None]:
    """The write is refused with ``message`` and nothing reaches the file or the log."""
    start = changes.cursor(store)
    with pytest.raises(Refused, match=message):
        yield
    assert changes.cursor(store) == start, "something was written"


def test_a_login_on_no_members_record_reads_but_writes_nothing(team: Team, as_user) -> None:
    visitor = as_user("visitor")
    with refused(visitor, r"you \(visitor\) are not on the roster.*Yang PM.*--login visitor"):
        add_risk(visitor, Risk(title="r"))
    assert get(visitor, Member, team.pm.id).name == "Yang PM"  # reading is fine


def test_only_the_pm_changes_the_charter_and_sets_the_baseline(
    store: Store, team: Team, as_user
) -> None:
    head = as_user("rdhead")
    with refused(head, "only the project manager, Yang PM, can change the charter"):
        update_charter(head, 1, goal="mine")
    with refused(head, "only the project manager, Yang PM, can set the baseline"):
        set_baseline(head, "v1")
    pm = as_user("pm")
    update_charter(pm, 1, goal="ours")
    assert set_baseline(pm, "v1").label == "v1"


def test_only_the_pm_gives_roles_and_a_member_cannot_take_another_login(
    team: Team, as_user
) -> None:
    head = as_user("rdhead")
    with refused(head, "only the project manager, Yang PM, can change roles"):
        give_role(head, team.engineer.id, "is_interface")
    with refused(head, "only the project manager, Yang PM, can change roles"):
        update_member(head, team.engineer.id, 1, login="pm2")
    # A head may edit their department's people otherwise; a member only their own record.
    assert update_member(head, team.engineer.id, 1, post="Firmware").post == "Firmware"
    li = as_user("li")
    assert update_member(li, team.engineer.id, 2, contact="li@x").contact == "li@x"
    with refused(li, r"only Li Head themselves.*can change Li Head's record"):
        update_member(li, team.rd_head.id, 1, contact="x")


def test_the_pm_role_is_handed_over_never_cleared(store: Store, team: Team, as_user) -> None:
    pm = as_user("pm")
    with pytest.raises(Invalid, match="Yang PM is the project manager: hand the role"):
        update_member(pm, team.pm.id, 1, is_pm=False)
    with pytest.raises(Invalid, match="hand the role"):
        delete_member(pm, team.pm.id)
    start = changes.cursor(store)
    saved, before = give_role(pm, team.sales_head.id, "is_pm")
    assert saved.is_pm and before is not None and before.id == team.pm.id
    assert not get(store, Member, team.pm.id).is_pm
    handed = [(c.record_id, c.after) for c in changes.since(store, start)]
    assert [(r, a and a.get("is_pm")) for r, a in handed] == [
        (team.pm.id, False),
        (team.sales_head.id, True),
    ]
    # The old PM is now a member like others: the rules apply to them.
    with refused(pm, "only the project manager, Zhang Head, can change the charter"):
        update_charter(pm, 1, goal="still mine?")


def test_a_head_signs_only_for_their_department(team: Team, as_user) -> None:
    head = as_user("rdhead")
    sign(head, Document.CHARTER, team.rd.id, get(head, Member, team.rd_head.id))
    with pytest.raises(Invalid, match="cannot sign for Sales"):
        sign(head, Document.CHARTER, team.sales.id, get(head, Member, team.rd_head.id))
    # Signing as someone else is not theirs to do either.
    with refused(
        head,
        r"only the head of Sales, Zhang Head or the project manager, Yang PM, can sign for Sales",
    ):
        sign(head, Document.CHARTER, team.sales.id, get(head, Member, team.pm.id), reason="x")
    pm = as_user("pm")
    signed = sign(pm, Document.CHARTER, team.sales.id, team.pm, reason="Zhang is travelling")
    assert (signed.on_behalf, signed.reason) == (True, "Zhang is travelling")


def test_interface_persons_edit_their_departments_tasks_members_their_own(
    team: Team, as_user
) -> None:
    pm = as_user("pm")
    rd_task = add_task(pm, Task(title="Spec", start=MON, end=FRI, department_id=team.rd.id))
    own = add_task(pm, Task(title="Mine", start=MON, end=FRI, owner_id=team.engineer.id))
    sales_task = add_task(pm, Task(title="Pitch", start=MON, end=FRI, owner_id=team.sales_head.id))
    interface = as_user("rdif")
    assert update_task(interface, rd_task.id, rd_task.version, progress=10).progress == 10
    assert update_task(interface, own.id, own.version, progress=20).progress == 20
    with refused(
        interface,
        r"only its owner, Zhang Head, the head of Sales, Zhang Head or the project manager, "
        r"Yang PM, can change task #\d+ “Pitch”",
    ):
        update_task(interface, sales_task.id, sales_task.version, progress=5)
    li = as_user("li")
    own = get(li, Task, own.id)
    assert update_task(li, own.id, own.version, progress=30).progress == 30
    with refused(li, "can change task"):
        update_task(li, rd_task.id, get(li, Task, rd_task.id).version, progress=50)
    with refused(li, "can change task"):
        delete_task(li, rd_task.id)
    # Nobody but the PM moves the baseline, even on their own task.
    with refused(li, "only the project manager, Yang PM, can set the baseline"):
        update_task(li, own.id, own.version + 1, baseline_start=MON, baseline_end=FRI)


def test_everyone_adds_risks_and_who_raised_or_owns_one_changes_it(team: Team, as_user) -> None:
    li = as_user("li")
    mine = add_risk(li, Risk(title="Parts late"))
    assert update_risk(li, mine.id, mine.version, probability=3).probability == 3
    theirs = add_risk(as_user("shead"), Risk(title="Price war", department_id=team.sales.id))
    with refused(li, "can change risk"):
        update_risk(li, theirs.id, theirs.version, probability=2)
    owned = add_issue(as_user("pm"), Issue(title="Late", owner_id=team.engineer.id))
    assert update_issue(li, owned.id, owned.version, plan="Chase").plan == "Chase"


def test_daily_updates_are_their_authors_and_reports_their_departments(team: Team, as_user) -> None:
    li = as_user("li")
    update = post_update(li, DailyUpdate(member_id=team.engineer.id, date=MON, done="x"))
    head = as_user("shead")
    with refused(head, "can change Li Wei's daily updates"):
        edit_update(head, update.id, update.version, done="y")
    with refused(head, "can change Li Wei's daily updates"):
        post_update(head, DailyUpdate(member_id=team.engineer.id, date=FRI, done="z"))
    with refused(li, "plan or run meetings"):
        add_meeting(li, Meeting(title="Weekly", date=MON))
    weekly = add_meeting(as_user("rdif"), Meeting(title="Weekly", date=MON))
    report = MeetingItem(
        meeting_id=weekly.id, kind=ItemKind.REPORT, department_id=team.rd.id, done="Spec"
    )
    with refused(head, "record the report of R&D"):
        add_item(head, report)
    add_item(as_user("rdif"), report)
    note = add_item(li, MeetingItem(meeting_id=weekly.id, kind=ItemKind.NOTE, text="fyi"))
    assert note.text == "fyi"  # anyone records a note


def test_writes_that_follow_from_an_allowed_one_are_not_refused(team: Team, as_user) -> None:
    """Deleting your task unlinks another department's risk; the rules judged the delete."""
    pm = as_user("pm")
    own = add_task(pm, Task(title="Mine", start=MON, end=FRI, owner_id=team.engineer.id))
    risk = add_risk(pm, Risk(title="Sales risk", department_id=team.sales.id, task_ids=[own.id]))
    li = as_user("li")
    delete_task(li, own.id)
    assert get(li, Risk, risk.id).task_ids == []


def test_the_change_log_names_the_os_login_beside_the_actor(
    store: Store, team: Team, as_user
) -> None:
    li = as_user("li")
    start = changes.cursor(store)
    add_risk(li, Risk(title="r"))
    (change,) = changes.since(store, start)
    assert (change.actor, change.os_login) == ("li", store.os_login)
