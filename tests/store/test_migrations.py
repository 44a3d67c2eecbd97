"""Schema migrations: ordered, tracked by user_version, idempotent, all-or-nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from store import changes, migrations
from store.db import Store, inspect
from store.errors import StoreError
from store.models import MODELS, Escalation, Issue, Meeting, MeetingItem, Member, Risk
from store.records import count, find
from store.risks import add_risk
from store.search import search

# Each full-text index is a virtual table and its four shadow tables, kept by triggers.
SEARCH_TABLES = {
    f"{table}_fts{part}"
    for table in migrations.SEARCHED
    for part in ("", "_data", "_idx", "_docsize", "_config")
}
SEARCH_TRIGGERS = {
    f"{table}_fts_{op}" for table in migrations.SEARCHED for op in ("insert", "update", "delete")
}
TABLES = {*MODELS, "changes", "presence", "ssh_log", *SEARCH_TABLES}


def schema(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {name for (name,) in rows}
    finally:
        conn.close()


def header(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA application_id").fetchone()[0],
        )
    finally:
        conn.close()


def test_a_new_file_gets_the_whole_schema(db_path: Path) -> None:
    Store(db_path, "tester", create=True).close()
    assert tables(db_path) == TABLES
    assert header(db_path) == (migrations.SCHEMA_VERSION, migrations.APPLICATION_ID)
    triggers = {name for name, sql in schema(db_path) if sql and "TRIGGER" in sql}
    assert triggers == {
        "changes_append_only_update",
        "changes_append_only_delete",
        *SEARCH_TRIGGERS,
    }


def test_the_empty_file_init_creates_is_initialised(db_path: Path) -> None:
    """Only the file ``create`` just made: another empty file is refused (test_db)."""
    with Store(db_path, "tester", create=True) as store:
        assert store.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION
        add_risk(store, Risk(title="r"))
    assert tables(db_path) == TABLES
    assert header(db_path) == (migrations.SCHEMA_VERSION, migrations.APPLICATION_ID)


def test_migrate_on_a_bare_connection_then_again_is_a_no_op(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    assert migrations.migrate(conn) == 0
    conn.execute("COMMIT")
    first = schema(db_path)
    conn.execute("BEGIN IMMEDIATE")
    assert migrations.migrate(conn) == migrations.SCHEMA_VERSION
    conn.execute("COMMIT")
    conn.close()
    assert schema(db_path) == first
    assert header(db_path) == (migrations.SCHEMA_VERSION, migrations.APPLICATION_ID)


def test_opening_a_current_file_again_changes_nothing(db_path: Path, store: Store) -> None:
    add_risk(store, Risk(title="r"))
    before = (schema(db_path), store.query("SELECT * FROM changes"))
    with Store(db_path, "wang") as again:
        assert (schema(db_path), again.query("SELECT * FROM changes")) == before
        assert count(again, Risk) == 1


V2 = "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"


def test_an_older_file_is_brought_up_to_date_keeping_its_data(
    db_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_risk(store, Risk(title="kept"))
    store.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, V2))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    assert inspect(db_path) == migrations.SCHEMA_VERSION - 1
    with Store(db_path, "tester") as upgraded:
        assert upgraded.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION
        assert upgraded.scalar("SELECT title FROM risks") == "kept"
    assert "tags" in tables(db_path)


def test_a_failing_migration_leaves_the_file_at_its_old_version(
    db_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.close()
    before = schema(db_path)
    broken = V2 + "\nCREATE TABLE broken (;"
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="syntax error"):
        Store(db_path, "tester")
    assert schema(db_path) == before
    assert header(db_path)[0] == migrations.SCHEMA_VERSION - 1


def test_statements_are_split_without_comments() -> None:
    script = (
        "-- a comment\nCREATE TABLE a (x);\n"
        "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN SELECT 1; END;\n"
    )
    assert migrations._statements(script) == [
        "CREATE TABLE a (x);",
        "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN SELECT 1; END;",
    ]


def _old_file(db_path: Path, monkeypatch: pytest.MonkeyPatch, version: int, sql: str) -> None:
    """A file as xdept-tui made it at schema ``version``, with rows written by ``sql``
    (the records of today have fields the old tables lack)."""
    with monkeypatch.context() as old:
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
        old.setattr(migrations, "SCHEMA_VERSION", version)
        Store(db_path, "tester", create=True).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.executescript(sql)
    conn.close()
    assert header(db_path)[0] == version


_STAMP = "'2026-11-02T09:00:00', '2026-11-02T09:00:00', 'tester'"


def _version_2_file(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A file as xdept-tui made it before the search index (schema 2), with a risk."""
    _old_file(
        db_path,
        monkeypatch,
        2,
        "INSERT INTO risks (title, level, status, created_at, updated_at, updated_by) "
        f"VALUES ('供应商延期交付 Supplier late', 'medium', 'open', {_STAMP});",
    )
    return schema(db_path)


def test_a_version_3_file_keeps_its_risk_links_and_issues(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 4: a risk's one linked task becomes its list, it and its issue take the
    owner's department, and the issue says it came from the risk."""
    _old_file(
        db_path,
        monkeypatch,
        3,
        f"""
        INSERT INTO departments (name, created_at, updated_at, updated_by) VALUES ('R&D', {_STAMP});
        INSERT INTO members (name, department_id, created_at, updated_at, updated_by)
            VALUES ('Li', 1, {_STAMP});
        INSERT INTO tasks (title, start, "end", status, created_at, updated_at, updated_by)
            VALUES ('t', '2026-11-02', '2026-11-06', 'todo', {_STAMP});
        INSERT INTO risks (title, level, status, owner_id, task_id, created_at, updated_at,
            updated_by) VALUES ('r', 'high', 'occurred', 1, 1, {_STAMP});
        INSERT INTO issues (title, risk_id, owner_id, escalation, status, created_at,
            updated_at, updated_by) VALUES ('i', 1, 1, 3, 'open', {_STAMP});
        """,
    )
    with Store(db_path, "tester") as store:
        (risk,) = find(store, Risk)
        (issue,) = find(store, Issue)
    assert (risk.task_ids, risk.department_id, risk.kind) == ([1], 1, "threat")
    assert (issue.source, issue.department_id, issue.raised) == ("risk", 1, date(2026, 11, 2))
    assert issue.escalation == Escalation.SPONSOR  # the old fourth level is the top one


def test_a_version_4_file_keeps_its_meetings_and_their_items(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 5 rebuilds meeting_items to allow the new kinds: every item is kept as it
    was, and published minutes say when and by whom they were published."""
    _old_file(
        db_path,
        monkeypatch,
        4,
        f"""
        INSERT INTO departments (name, created_at, updated_at, updated_by) VALUES ('R&D', {_STAMP});
        INSERT INTO members (name, department_id, created_at, updated_at, updated_by)
            VALUES ('Li', 1, {_STAMP});
        INSERT INTO meetings (kind, title, date, start, planned_minutes, status, closed_at,
            created_at, updated_at, updated_by)
            VALUES ('weekly', 'w', '2026-11-03', '10:00', 45, 'published', '2026-11-03T11:00',
            {_STAMP});
        INSERT INTO meeting_items (meeting_id, kind, owner_id, text, due, position, version,
            created_at, updated_at, updated_by)
            VALUES (1, 'action', 1, 'call', '2026-11-06', 3, 2, {_STAMP});
        """,
    )
    with Store(db_path, "tester") as store:
        (meeting,) = find(store, Meeting)
        (item,) = find(store, MeetingItem)
        store.conn.execute(
            "INSERT INTO meeting_items (meeting_id, kind, text, met, created_at, updated_at,"
            " updated_by) VALUES (1, 'criterion', 'c', 1, 'x', 'x', 'x')"
        )
    assert (meeting.published_at, meeting.published_by) == ("2026-11-03T11:00", "tester")
    assert (meeting.agenda, meeting.present, meeting.current) == ([], [], 0)
    assert (item.text, item.owner_id, item.due, item.position, item.version) == (
        "call",
        1,
        date(2026, 11, 6),
        3,
        2,
    )
    assert tables(db_path) == TABLES


def test_a_version_2_file_gets_a_search_index_of_its_records(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _version_2_file(db_path, monkeypatch)
    with Store(db_path, "tester") as store:
        assert [(h.entity, h.label) for h in search(store, "延期交付", 5)] == [
            ("risks", "供应商延期交付 Supplier late")
        ]
    after = dict(schema(db_path))
    # by schemas 4, 5 and 6
    changed = ("risks", "issues", "meetings", "meeting_items", "signoffs", "changes")
    kept = {name: sql for name, sql in before if name not in changed}
    assert {name: after[name] for name in kept} == kept  # the old schema kept
    assert tables(db_path) == TABLES


def test_a_failure_after_the_search_index_rolls_it_back_too(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite-utils builds the index inside the store's one transaction: nothing of it
    is committed on its own when a later step fails."""
    before = _version_2_file(db_path, monkeypatch)
    monkeypatch.setattr(
        migrations, "MIGRATIONS", (*migrations.MIGRATIONS, "CREATE TABLE broken (;")
    )
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="syntax error"):
        Store(db_path, "tester")
    assert schema(db_path) == before
    assert header(db_path)[0] == 2


def test_a_new_file_is_a_version_2_file_plus_the_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = dict(_version_2_file(tmp_path / "old.db", monkeypatch))
    Store(tmp_path / "new.db", "tester", create=True).close()
    new = dict(schema(tmp_path / "new.db"))
    search_objects = SEARCH_TABLES | SEARCH_TRIGGERS
    # What schemas 4 to 7 changed or added.
    later = {"risks", "issues", "issues_open", "meetings", "meeting_items"}
    later |= {"presence", "sqlite_autoindex_presence_1"}
    later |= {"signoffs", "changes", "members_one_pm", "changes_record"}
    later |= {"ssh_keys", "sqlite_autoindex_ssh_keys_1", "ssh_keys_member", "ssh_log", "ssh_log_at"}
    assert {name: sql for name, sql in new.items() if name not in search_objects | later} == {
        name: sql for name, sql in old.items() if name not in later
    }
    assert search_objects <= set(new)


def test_a_version_5_file_with_two_project_managers_keeps_the_first(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 6: one PM, enforced by the file; the one who lost the role is in the log."""
    _old_file(
        db_path,
        monkeypatch,
        5,
        f"""
        INSERT INTO departments (name, created_at, updated_at, updated_by) VALUES ('R&D', {_STAMP});
        INSERT INTO members (name, department_id, is_pm, created_at, updated_at, updated_by)
            VALUES ('Li', 1, 1, {_STAMP}), ('Wang', 1, 1, {_STAMP});
        """,
    )
    with Store(db_path, "tester") as store:
        assert [(m.name, m.is_pm, m.version) for m in find(store, Member)] == [
            ("Li", True, 1),
            ("Wang", False, 2),
        ]
        (change,) = changes.since(store, 0)
        assert (change.entity, change.record_id, change.before, change.after) == (
            "members",
            2,
            {"is_pm": True},
            {"is_pm": False, "version": 2, "why": "one_pm"},
        )
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE members SET is_pm = 1 WHERE id = 2")
