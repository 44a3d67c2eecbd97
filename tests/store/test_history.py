"""A record's history from the change log: who, when, each field before → after."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import Store
from store.errors import Invalid, NotFound
from store.history import record_history, table_of
from store.models import Member, Task
from store.people import add_department, add_member
from store.records import get
from store.tasks import add_dependency, delete_task, parse_after, update_task
from store.undo import undo_last
from tests.store.helpers import FRI, MON, day, task


def test_a_records_changes_newest_first_with_the_fields_before_and_after(
    store: Store, db_path: Path
) -> None:
    dept = add_department(store, "R&D")
    add_member(store, Member(name="王芳", department_id=dept.id, login="wang"))
    a = task(store, "Design", MON, FRI)
    with Store(db_path, "wang") as wang:
        update_task(wang, a.id, 1, title="Design review", status="doing")
    newest, first = record_history(store, "tasks", a.id).entries
    assert (newest.op, newest.actor, newest.name) == ("update", "wang", "王芳")
    assert newest.fields == {
        "title": ("Design", "Design review"),
        "status": ("todo", "doing"),
        "actual_start": (None, "2026-11-23"),  # doing sets it
    }
    assert first.op == "create" and first.actor == "tester" and first.name == ""
    assert first.fields["title"] == (None, "Design")
    assert "baseline_start" not in first.fields  # a create lists the fields it set
    assert not {"version", "updated_at", "updated_by", "created_at"} & set(first.fields)
    assert newest.tx is not None and newest.tx != first.tx


def test_a_touch_says_why_and_an_undo_says_which_action(store: Store) -> None:
    a = task(store, "A", MON, FRI)
    b = task(store, "B", day(11, 30), day(12, 4))
    dep = parse_after(str(a.id))
    dep.successor_id = b.id
    add_dependency(store, dep)
    touch = record_history(store, "tasks", b.id).entries[0]
    assert (touch.op, touch.fields, touch.note) == ("touch", {}, {"predecessors": str(a.id)})
    update_task(store, a.id, get(store, Task, a.id).version, title="A2")
    done = undo_last(store)
    undo = record_history(store, "tasks", a.id).entries[0]
    assert undo.fields == {"title": ("A2", "A")} and undo.undid == done.action


def test_a_deleted_records_history_ends_with_its_delete(store: Store) -> None:
    a = task(store, "Gone", MON, FRI)
    delete_task(store, a.id)
    found = record_history(store, "tasks", a.id)
    assert found.label == "Gone"
    assert found.entries[0].op == "delete" and found.entries[0].fields["title"] == ("Gone", None)


def test_acting_as_someone_else_shows_the_os_login(store: Store, db_path: Path) -> None:
    with Store(db_path, "boss") as boss:
        a = task(boss, "Design", MON, FRI)
        entry = record_history(boss, "tasks", a.id).entries[0]
    assert entry.actor == "boss" and entry.os_login == store.os_login != "boss"
    mine = record_history(store, "project", 1).entries[0]
    assert mine.os_login in ("", store.os_login)


def test_unknown_records_and_kinds(store: Store) -> None:
    with pytest.raises(NotFound, match="task 99 not found"):
        record_history(store, "tasks", 99)
    assert [table_of(n) for n in ("task", "Tasks", "item", "charter", "sign-off")] == [
        "tasks", "tasks", "meeting_items", "project", "signoffs",
    ]  # fmt: skip
    with pytest.raises(Invalid, match=r"unknown record kind 'tsk'; use one of: .*task"):
        table_of("tsk")


def test_a_field_pointing_at_another_record_is_shown_by_its_name(store: Store) -> None:
    """Owner 王芳 → 李伟, not 1 → 2; a member deleted since is shown by number."""
    dept = add_department(store, "R&D")
    wang = add_member(store, Member(name="王芳", department_id=dept.id))
    li = add_member(store, Member(name="李伟", department_id=dept.id))
    a = task(store, "Design", MON, FRI)
    update_task(store, a.id, 1, owner_id=wang.id)
    update_task(store, a.id, 2, owner_id=li.id)
    latest = record_history(store, "tasks", a.id).entries[0]
    before, after = latest.fields["owner_id"]
    assert (latest.label("owner_id", before), latest.label("owner_id", after)) == ("王芳", "李伟")
    assert latest.label("title", "Design") is None  # not a reference
    assert latest.label("owner_id", 999) == "#999"
