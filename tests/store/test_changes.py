"""The change log: one row per write, with who and what; append-only; followed by cursor."""

from __future__ import annotations

import os
import pwd
import sqlite3
from pathlib import Path

import pytest

from store import changes
from store.db import Store
from store.models import Department, Risk
from store.people import add_department, delete_department, update_department
from store.risks import add_risk, update_risk


def test_create_update_delete_each_log_one_row_with_the_actor(db_path: Path, store: Store) -> None:
    start = changes.cursor(store)
    with Store(db_path, "wang") as wang:
        dept = add_department(store, "Sales", "sells")
        dept = update_department(wang, dept.id, dept.version, description="sells more")
        delete_department(store, dept.id, dept.version)

    logged = changes.since(store, start)
    assert [(c.actor, c.entity, c.record_id, c.op) for c in logged] == [
        ("tester", "departments", dept.id, "create"),
        ("wang", "departments", dept.id, "update"),
        ("tester", "departments", dept.id, "delete"),
    ]
    create, update, delete = logged
    assert create.before is None
    assert create.after == {
        "id": dept.id,
        "version": 1,
        "created_at": "2026-11-23T09:00:00+00:00",
        "updated_at": "2026-11-23T09:00:00+00:00",
        "updated_by": "tester",
        "name": "Sales",
        "description": "sells",
    }
    # An update logs only what changed, and the version it made.
    assert update.before == {"description": "sells"}
    assert update.after == {"description": "sells more", "version": 2}
    assert delete.before["description"] == "sells more"
    assert delete.before["updated_by"] == "wang"
    assert delete.after is None
    assert {c.at for c in logged} == {"2026-11-23T09:00:00+00:00"}


def test_the_project_created_by_the_fixture_is_logged(store: Store) -> None:
    (first,) = changes.since(store, 0)
    assert (first.id, first.actor, first.entity, first.op) == (1, "tester", "project", "create")
    assert first.after["name"] == "Test project"


def test_text_is_logged_as_readable_unicode(store: Store) -> None:
    add_risk(store, Risk(title="供应商延期"))
    assert "供应商延期" in store.scalar("SELECT after FROM changes ORDER BY id DESC LIMIT 1")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE changes SET actor = 'mallory'",
        "DELETE FROM changes",
        "DELETE FROM changes WHERE id = 1",
    ],
)
def test_the_log_is_append_only(store: Store, sql: str) -> None:
    before = store.query("SELECT * FROM changes")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute(sql)
    assert store.query("SELECT * FROM changes") == before


def test_since_returns_only_newer_rows_in_order(store: Store) -> None:
    for title in ("a", "b", "c"):
        add_risk(store, Risk(title=title))
    cursor = changes.cursor(store)
    assert changes.since(store, cursor) == []
    update_risk(store, 2, 1, title="b2")
    add_risk(store, Risk(title="d"))
    newer = changes.since(store, cursor)
    assert [(c.record_id, c.op) for c in newer] == [(2, "update"), (4, "create")]
    assert [c.id for c in newer] == [cursor + 1, cursor + 2]
    assert changes.cursor(store) == cursor + 2
    assert [c.record_id for c in changes.since(store, cursor + 1)] == [4]
    assert len(changes.since(store, 0, limit=2)) == 2


def test_history_and_recent(store: Store) -> None:
    add_risk(store, Risk(title="a"))
    add_risk(store, Risk(title="b"))
    update_risk(store, 1, 1, title="a2")
    assert [c.op for c in changes.history(store, "risks", 1)] == ["create", "update"]
    assert [(c.record_id, c.op) for c in changes.recent(store, 2)] == [(1, "update"), (2, "create")]


def test_another_process_sees_the_log_row_with_the_change(db_path: Path, store: Store) -> None:
    """A reader that sees a change also sees its log row: they commit together."""
    with Store(db_path, "wang") as wang:
        cursor = changes.cursor(wang)
        seen = wang.data_version()
        add_risk(store, Risk(title="r"))
        assert wang.data_version() != seen
        assert [c.entity for c in changes.since(wang, cursor)] == ["risks"]


def test_a_commit_tells_on_commit_what_it_changed(db_path: Path, store: Store) -> None:
    told: list[list | None] = []
    store.on_commit = told.append
    start = changes.cursor(store)
    with Store(db_path, "wang") as wang:
        other = add_department(wang, "Other", "")  # another store's commit: not told here
    dept = add_department(store, "Sales", "sells")
    update_department(store, dept.id, dept.version, description="sells more")
    assert [[(c.id, c.actor, c.op) for c in found or ()] for found in told] == [
        [(c.id, c.actor, c.op)] for c in changes.since(store, start) if c.record_id != other.id
    ]
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as tx:
        tx.insert(Risk(title="never saved"))
        tx.conn.execute("INSERT INTO changes (id) VALUES (1)")  # a failed write tells nothing
    assert len(told) == 2


def test_a_commit_too_big_to_carry_says_read_the_log(store: Store) -> None:
    from store.models import Department

    told: list[list | None] = []
    store.on_commit = told.append
    many = [Department(name=f"D{i}") for i in range(changes.TOLD_AT_COMMIT + 1)]
    with store.transaction() as tx:
        tx.insert_many(many)
    assert told == [None]


def test_each_row_names_the_os_login_and_its_transaction(db_path: Path, store: Store) -> None:
    """``--as`` shows: the OS account is logged beside the actor; the rows of one action
    share its transaction (what an undo takes back), the next action starts another."""
    start = changes.cursor(store)
    with store.transaction() as tx:
        tx.insert(Department(name="A"))
        tx.insert(Department(name="B"))
    add_department(store, "C")
    logged = changes.since(store, start)
    me = pwd.getpwuid(os.getuid()).pw_name
    assert [(c.actor, c.os_login) for c in logged] == [("tester", me)] * 3
    assert [c.tx for c in logged] == [start + 1, start + 1, start + 3]


def test_a_bulk_write_logs_the_rows_a_write_per_record_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``insert_many`` logs in statements of many rows (a demo's 400,000): the same
    rows, in the same order, in one transaction, as inserting each record alone."""
    monkeypatch.setenv("XDEPT_NOW", "2026-11-23T10:00:00+00:00")
    records = [Department(name=f"D{i}") for i in range(2 * changes.ROWS_PER_INSERT + 1)]
    tables = []
    for name, bulk in (("each", False), ("bulk", True)):
        with Store(tmp_path / f"{name}.db", "tester", create=True) as s:
            with s.transaction() as tx:
                if bulk:
                    tx.insert_many(records)
                else:
                    for record in records:
                        tx.insert(record)
            assert tx.logged == len(records)
            tables.append(
                [s.query(f"SELECT * FROM {t} ORDER BY id") for t in ("departments", "changes")]
            )
    assert tables[0] == tables[1]
    assert {row["tx"] for row in tables[1][1]} == {1}
