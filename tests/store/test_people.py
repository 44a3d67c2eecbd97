"""Departments and members: exactly one interface person per department, never a vacuum."""

from __future__ import annotations

from datetime import date

import pytest

from store.db import Store
from store.errors import InUse, Invalid, NotFound
from store.models import Department, Member, Task
from store.people import (
    add_department,
    add_member,
    delete_department,
    delete_member,
    department_named,
    departments,
    interface_of,
    member_for_login,
    member_named,
    members,
    update_department,
    update_member,
    without_interface,
)
from store.records import count, get
from store.tasks import add_task


@pytest.fixture
def rd(store: Store) -> Department:
    return add_department(store, "研发部", "R&D")


def interfaces(store: Store, department_id: int) -> list[str]:
    return [m.name for m in members(store, department_id) if m.is_interface]


def test_departments_crud_and_lookup_by_name(store: Store) -> None:
    sales = add_department(store, "Sales")
    add_department(store, "after-sales")
    assert [d.name for d in departments(store)] == ["after-sales", "Sales"]
    assert department_named(store, "  SALES ").id == sales.id
    with pytest.raises(Invalid, match=r"unknown department 'Ops' \(known: after-sales, Sales\)"):
        department_named(store, "Ops")
    sales = update_department(store, sales.id, sales.version, name="Sales & Marketing")
    assert get(store, Department, sales.id).name == "Sales & Marketing"
    delete_department(store, sales.id, sales.version)
    assert [d.name for d in departments(store)] == ["after-sales"]


def test_department_names_are_unique_ignoring_case(store: Store, rd: Department) -> None:
    add_department(store, "QA")
    with pytest.raises(Invalid, match="already has this name"):
        add_department(store, "qa")
    assert count(store, Department) == 2


def test_a_department_with_members_cannot_be_deleted(store: Store, rd: Department) -> None:
    add_member(store, Member(name="Li Wei", department_id=rd.id))
    with pytest.raises(InUse, match=r"departments 1 \(研发部\) is still referred to"):
        delete_department(store, rd.id)
    assert count(store, Department) == 1


def test_members_crud(store: Store, rd: Department) -> None:
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, post="Engineer"))
    assert (li.id, li.version, li.post) == (1, 1, "Engineer")
    li = update_member(store, li.id, li.version, contact="ext. 1234")
    assert get(store, Member, li.id).contact == "ext. 1234"
    delete_member(store, li.id, li.version)
    assert members(store) == []


def test_a_member_needs_an_existing_department(store: Store) -> None:
    with pytest.raises(NotFound, match="department 7 not found"):
        add_member(store, Member(name="Li Wei", department_id=7))
    assert count(store, Member) == 0


def test_a_new_interface_person_relieves_the_old_one(store: Store, rd: Department) -> None:
    qa = add_department(store, "QA")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, is_interface=True))
    add_member(store, Member(name="Zhao", department_id=qa.id, is_interface=True))
    wang = add_member(store, Member(name="Wang Fang", department_id=rd.id, is_interface=True))
    assert interfaces(store, rd.id) == ["Wang Fang"]
    assert interface_of(store, rd.id).id == wang.id
    # The other department keeps its own.
    assert interfaces(store, qa.id) == ["Zhao"]
    relieved = get(store, Member, li.id)
    assert (relieved.is_interface, relieved.version) == (False, 2)


def test_taking_the_interface_role_by_an_edit_relieves_the_holder(
    store: Store, rd: Department
) -> None:
    add_member(store, Member(name="Li Wei", department_id=rd.id, is_interface=True))
    wang = add_member(store, Member(name="Wang Fang", department_id=rd.id))
    update_member(store, wang.id, wang.version, is_interface=True)
    assert interfaces(store, rd.id) == ["Wang Fang"]


def test_moving_the_interface_person_relieves_the_one_in_the_new_department(
    store: Store, rd: Department
) -> None:
    qa = add_department(store, "QA")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, is_interface=True))
    add_member(store, Member(name="Zhao", department_id=qa.id, is_interface=True))
    update_member(store, li.id, li.version, department_id=qa.id)
    assert interfaces(store, qa.id) == ["Li Wei"]
    assert interfaces(store, rd.id) == []
    assert [d.name for d in without_interface(store)] == ["研发部"]


def test_a_new_head_relieves_the_old_one(store: Store, rd: Department) -> None:
    add_member(store, Member(name="Old head", department_id=rd.id, is_head=True))
    add_member(store, Member(name="New head", department_id=rd.id, is_head=True))
    assert [m.name for m in members(store, rd.id) if m.is_head] == ["New head"]


def test_departments_without_an_interface_person(store: Store, rd: Department) -> None:
    qa = add_department(store, "QA")
    assert [d.name for d in without_interface(store)] == ["QA", "研发部"]
    add_member(store, Member(name="Li Wei", department_id=rd.id))
    assert [d.name for d in without_interface(store)] == ["QA", "研发部"]
    add_member(store, Member(name="Zhao", department_id=qa.id, is_interface=True))
    assert [d.name for d in without_interface(store)] == ["研发部"]


def test_deleting_a_member_who_owns_a_task_is_refused(store: Store, rd: Department) -> None:
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    add_task(
        store, Task(title="Spec", owner_id=li.id, start=date(2026, 11, 23), end=date(2026, 11, 27))
    )
    logged = store.scalar("SELECT count(*) FROM changes")
    with pytest.raises(InUse, match=r"members 1 \(Li Wei\) is still referred to"):
        delete_member(store, li.id, li.version)
    assert get(store, Member, li.id) == li
    assert store.scalar("SELECT owner_id FROM tasks") == li.id
    assert store.scalar("SELECT count(*) FROM changes") == logged


def test_member_named_by_name_or_login(store: Store, rd: Department) -> None:
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, login="liwei"))
    assert member_named(store, "li wei").id == li.id
    assert member_named(store, "@liwei").id == li.id
    assert member_for_login(store, "liwei").id == li.id
    assert member_for_login(store, "nobody") is None
    with pytest.raises(Invalid, match="unknown member 'Wang'"):
        member_named(store, "Wang")


def test_an_ambiguous_name_is_refused_naming_both(store: Store, rd: Department) -> None:
    qa = add_department(store, "QA")
    add_member(store, Member(name="Li Wei", department_id=rd.id))
    add_member(store, Member(name="Li Wei", department_id=qa.id))
    with pytest.raises(Invalid, match=r"'Li Wei' is ambiguous: Li Wei \(#1\), Li Wei \(#2\)"):
        member_named(store, "Li Wei")


def test_logins_are_unique(store: Store, rd: Department) -> None:
    add_member(store, Member(name="Li Wei", department_id=rd.id, login="liwei"))
    with pytest.raises(Invalid, match="already has this login"):
        add_member(store, Member(name="Other", department_id=rd.id, login="liwei"))
    assert count(store, Member) == 1


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\u2066", "\ufeff", "\u200d", "\x1b"])
def test_names_are_looked_up_cleaned_as_they_are_stored(
    store: Store, rd: Department, hidden: str
) -> None:
    li = add_member(store, Member(name=f"Li {hidden}Wei", department_id=rd.id))
    assert li.name == "Li Wei"
    assert member_named(store, "Li Wei").id == li.id
    assert member_named(store, f"@{hidden}li  wei{hidden}").id == li.id
    assert department_named(store, f"研发{hidden}部").id == rd.id


def test_a_row_another_program_wrote_with_hidden_characters_is_found_by_its_shown_name(
    store: Store, rd: Department
) -> None:
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    store.conn.execute("UPDATE members SET name = ? WHERE id = ?", ["Li\u200b Wei\u202e", li.id])
    store.conn.execute("UPDATE departments SET name = ? WHERE id = ?", ["\u2066QA", rd.id])
    assert member_named(store, "li wei").id == li.id
    assert department_named(store, "qa").id == rd.id


def test_quick_syntax_owners_are_cleaned_like_names(store: Store, rd: Department) -> None:
    from store.quick_risk import parse_quick_risk

    add_member(store, Member(name="Li Wei", department_id=rd.id))
    quick = parse_quick_risk("Supplier late @Li\u200b Wei\u202e !high", ["Li Wei"])
    assert (quick.title, quick.owner, quick.level) == ("Supplier late", "Li Wei", "high")


def test_uses_counts_what_keeps_a_record_from_being_deleted(store: Store, rd: Department) -> None:
    from store.meetings import post_update
    from store.models import DailyUpdate, Risk
    from store.records import Use, uses
    from store.risks import add_risk
    from store.tasks import delete_task

    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    assert uses(store, Member, li.id) == []
    spec = add_task(
        store, Task(title="Spec", owner_id=li.id, start=date(2026, 11, 23), end=date(2026, 11, 27))
    )
    add_task(
        store, Task(title="Test", owner_id=li.id, start=date(2026, 11, 30), end=date(2026, 12, 4))
    )
    post_update(store, DailyUpdate(member_id=li.id, date=date(2026, 11, 23), done="spec"))
    add_risk(store, Risk(title="late spec", task_id=spec.id))
    assert uses(store, Member, li.id) == [
        Use("daily_updates", "member_id", 1),
        Use("tasks", "owner_id", 2),
    ]
    assert Use("members", "department_id", 1) in uses(store, Department, rd.id)
    # A risk on a task lets go of it (SET NULL): nothing keeps the task.
    assert uses(store, Task, spec.id) == []
    delete_task(store, spec.id)
