"""Tx: every write validated and versioned; a write from a stale version is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import changes
from store.db import Store
from store.errors import Conflict, Invalid, NotFound
from store.models import UNSAVED, Department, Risk, Task, TaskStatus
from store.records import count, find, get, validate
from store.risks import add_risk, delete_risk, update_risk
from store.tasks import add_task, update_task

MON = date(2026, 11, 23)
FRI = date(2026, 11, 27)


def rows(store: Store, table: str) -> list[dict]:
    return store.query(f"SELECT * FROM {table} ORDER BY id")


def test_insert_fills_in_id_version_and_who(store: Store) -> None:
    with store.transaction() as tx:
        saved = tx.insert(Risk(title="Supplier may slip", level="high"))
    assert saved.id == 1
    assert saved.version == 1
    assert saved.created_at == saved.updated_at == "2026-11-23T09:00:00+00:00"
    assert saved.updated_by == "tester"
    assert get(store, Risk, 1) == saved
    assert rows(store, "risks")[0]["title"] == "Supplier may slip"


def test_a_new_record_is_unsaved_until_the_store_numbers_it(store: Store) -> None:
    new = Risk(title="r")
    assert new.id == UNSAVED == Risk.from_row({"id": None, "title": "r"}).id
    saved = add_risk(store, new)
    assert type(saved.id) is int
    assert saved.id > UNSAVED
    assert [r.id for r in find(store, Risk)] == [saved.id]


def test_update_bumps_the_version_and_keeps_other_fields(store: Store) -> None:
    risk = add_risk(store, Risk(title="r", description="keep me"))
    saved = update_risk(store, risk.id, risk.version, title="r2")
    assert (saved.version, saved.title, saved.description) == (2, "r2", "keep me")
    assert rows(store, "risks")[0]["version"] == 2


def test_an_update_that_changes_nothing_keeps_the_version_and_logs_nothing(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    before = store.scalar("SELECT count(*) FROM changes")
    assert update_risk(store, risk.id, 1, title="  r ").version == 1
    assert store.scalar("SELECT count(*) FROM changes") == before


def test_an_update_writes_fields_that_validation_derives(store: Store) -> None:
    """The level follows probability × impact in the row too, so SQL filters see it."""
    risk = add_risk(store, Risk(title="r", probability=1, impact=1))
    assert risk.level == "low"
    update_risk(store, risk.id, risk.version, probability=5, impact=4)
    assert rows(store, "risks")[0]["level"] == "high"
    assert [r.id for r in find(store, Risk, "level = 'high'")] == [risk.id]


def test_an_invalid_update_writes_nothing(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    with pytest.raises(Invalid, match=r"^risks: level: "):
        update_risk(store, risk.id, 1, level="urgent")
    with pytest.raises(Invalid, match="unknown field colour"):
        update_risk(store, risk.id, 1, colour="red")
    assert rows(store, "risks")[0]["level"] == "medium"
    assert rows(store, "risks")[0]["version"] == 1


def test_unique_and_foreign_keys_become_one_line_errors(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert(Department(name="Sales"))
    with (
        pytest.raises(Invalid, match="another record already has this name"),
        store.transaction() as tx,
    ):
        tx.insert(Department(name="sales"))
    with pytest.raises(Invalid, match="refers to a record that does not exist"):
        add_risk(store, Risk(title="r", owner_id=99))
    assert count(store, Department) == 1
    assert count(store, Risk) == 0


def test_an_error_inside_a_transaction_undoes_all_of_it(store: Store) -> None:
    changes = store.scalar("SELECT count(*) FROM changes")
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.insert(Risk(title="one"))
        tx.insert(Risk(title="two"))
        raise RuntimeError("the user's action failed half-way")
    assert count(store, Risk) == 0
    assert store.scalar("SELECT count(*) FROM changes") == changes
    assert not store.conn.in_transaction


def test_get_find_count_and_not_found(store: Store) -> None:
    for title in ("b", "a", "c"):
        add_risk(store, Risk(title=title, level="high" if title != "c" else "low"))
    assert [r.title for r in find(store, Risk, "level = ?", ["high"], "title")] == ["a", "b"]
    assert count(store, Risk, "level = ?", ["low"]) == 1
    with pytest.raises(NotFound, match=r"^risk 42 not found$"):
        get(store, Risk, 42)


def test_validate_names_the_table_and_field() -> None:
    with pytest.raises(Invalid, match=r"^risks: title: "):
        validate(Risk, {"title": ""})
    assert validate(Risk, {"title": "ok"}).title == "ok"


def test_delete_removes_the_row(store: Store) -> None:
    risk = add_risk(store, Risk(title="r"))
    delete_risk(store, risk.id, risk.version)
    assert count(store, Risk) == 0
    with pytest.raises(NotFound):
        delete_risk(store, risk.id)


@pytest.fixture
def second(db_path: Path, store: Store):
    """Another user on the same file, through a connection of their own."""
    with Store(db_path, "wang") as other:
        yield other


def test_two_stores_use_two_connections(store: Store, second: Store) -> None:
    assert store.conn is not second.conn
    add_risk(second, Risk(title="from wang"))
    assert [r.title for r in find(store, Risk)] == ["from wang"]


def test_the_first_update_wins_and_the_second_gets_a_conflict(store: Store, second: Store) -> None:
    add_risk(store, Risk(title="Supplier may slip", response="call them"))
    mine, theirs = get(store, Risk, 1), get(second, Risk, 1)
    assert mine.version == theirs.version == 1

    update_risk(second, 1, theirs.version, title="Supplier will slip", level="high")
    with pytest.raises(Conflict) as caught:
        update_risk(store, 1, mine.version, title="Supplier is fine", level="high")

    conflict = caught.value
    assert "changed by wang" in str(conflict)
    assert "version 2, you edited version 1" in str(conflict)
    assert conflict.expected_version == 1
    assert conflict.theirs["title"] == "Supplier will slip"
    assert conflict.theirs["version"] == 2
    assert conflict.theirs["updated_by"] == "wang"
    # Only the fields the two sides disagree on: both set the level to high.
    assert conflict.yours == {"title": "Supplier is fine"}
    assert conflict.fields == {"title": ("Supplier will slip", "Supplier is fine")}
    row = rows(store, "risks")[0]
    assert (row["title"], row["version"], row["updated_by"]) == ("Supplier will slip", 2, "wang")


def test_a_conflict_compares_values_as_the_row_holds_them(store: Store, second: Store) -> None:
    """A form sends every field, as dates and enums: only real disagreements are shown."""
    task = add_task(store, Task(title="Spec", start=MON, end=FRI))
    update_task(second, task.id, 1, title="Spec v2")
    with pytest.raises(Conflict) as caught:
        update_task(store, task.id, 1, title="Spec v3", start=MON, end=FRI, status=TaskStatus.TODO)
    assert caught.value.yours == {"title": "Spec v3"}
    assert caught.value.fields == {"title": ("Spec v2", "Spec v3")}


def test_a_conflict_writes_nothing_to_the_log(store: Store, second: Store) -> None:
    add_risk(store, Risk(title="r"))
    update_risk(second, 1, 1, title="theirs")
    logged = store.scalar("SELECT count(*) FROM changes")
    with pytest.raises(Conflict):
        update_risk(store, 1, 1, title="mine")
    assert store.scalar("SELECT count(*) FROM changes") == logged


def test_a_stale_delete_is_refused(store: Store, second: Store) -> None:
    add_risk(store, Risk(title="r"))
    update_risk(second, 1, 1, title="still needed")
    with pytest.raises(Conflict) as caught:
        delete_risk(store, 1, 1)
    assert caught.value.theirs["title"] == "still needed"
    assert caught.value.yours == {}
    assert rows(store, "risks")[0]["title"] == "still needed"
    delete_risk(store, 1, 2)
    assert count(second, Risk) == 0


def test_re_reading_after_a_conflict_lets_the_update_through(store: Store, second: Store) -> None:
    add_risk(store, Risk(title="r"))
    update_risk(second, 1, 1, title="theirs")
    with pytest.raises(Conflict) as caught:
        update_risk(store, 1, 1, title="mine")
    saved = update_risk(store, 1, caught.value.theirs["version"], title="mine")
    assert (saved.title, saved.version, saved.updated_by) == ("mine", 3, "tester")


def test_insert_many_numbers_after_the_highest_id_and_logs_each(store: Store) -> None:
    add_risk(store, Risk(title="existing"))
    start = store.scalar("SELECT max(id) FROM changes")
    with store.transaction() as tx:
        tx.insert_many(
            [Risk(title="a"), Risk(title="b"), Department(name="Sales"), Risk(title="c", id=10)]
        )
    assert [(r.id, r.title) for r in find(store, Risk)] == [
        (1, "existing"),
        (2, "a"),
        (3, "b"),
        (10, "c"),
    ]
    assert [(c.entity, c.record_id, c.op, c.actor) for c in changes.since(store, start)] == [
        ("risks", 2, "create", "tester"),
        ("risks", 3, "create", "tester"),
        ("departments", 1, "create", "tester"),
        ("risks", 10, "create", "tester"),
    ]
    assert get(store, Risk, 2).version == 1


def test_insert_many_is_all_or_nothing(store: Store) -> None:
    changes_before = store.scalar("SELECT count(*) FROM changes")
    with pytest.raises(Invalid, match="already has this name"), store.transaction() as tx:
        tx.insert_many([Department(name="Sales"), Department(name="sales")])
    assert count(store, Department) == 0
    assert store.scalar("SELECT count(*) FROM changes") == changes_before


def test_a_row_another_program_broke_is_the_stores_error_naming_table_and_id(
    store: Store, db_path: Path
) -> None:
    """A 100-character name written with sqlite3 (the model allows 80), and a JSON
    column that is not JSON: the store's Unreadable, never pydantic's ValidationError."""
    import sqlite3

    from store.errors import StoreError, Unreadable
    from store.models import Meeting, Member
    from store.people import add_department

    department = add_department(store, "R&D").id
    with sqlite3.connect(db_path) as raw:
        member = raw.execute(
            "INSERT INTO members (name, department_id, version, created_at, updated_at, "
            "updated_by) VALUES (?, ?, 1, '', '', 'sqlite3')",
            ["x" * 100, department],
        ).lastrowid
        meeting = raw.execute(
            "INSERT INTO meetings (kind, title, date, start, planned_minutes, attendees, status, "
            "version, created_at, updated_at, updated_by) "
            "VALUES ('weekly', 'w', '2026-11-23', '10:00', 60, '[1,', 'planned', 1, '', '', 'x')"
        ).lastrowid
    raw.close()
    with pytest.raises(Unreadable) as caught:
        find(store, Member)
    assert isinstance(caught.value, StoreError)
    assert str(caught.value).startswith(
        f"members record {member} cannot be read: name: must be at most 80 characters"
    )
    with pytest.raises(Unreadable, match=f"meetings record {meeting} cannot be read"):
        get(store, Meeting, meeting)
