"""Opening the file: created 0660, WAL and foreign keys on, and anything not ours left untouched."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from store import db, migrations
from store.db import Store, default_actor, default_path, inspect
from store.errors import Busy, DiskFull, InvalidDatabase, ReadOnly, StoreError
from store.models import Risk
from store.records import count
from store.risks import add_risk


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes and the folder around it: a refused file must leave both as they were."""
    content = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return content, sorted(p.name for p in path.parent.iterdir())


def make_ours(path: Path) -> None:
    with Store(path, "tester", create=True):
        pass


def text_file(path: Path) -> str:
    path.write_text("name,owner\nspec,li\n")
    return "is not a database"


def empty_directory(path: Path) -> str:
    path.mkdir()
    return "is a directory"


def corrupt(path: Path) -> str:
    make_ours(path)
    data = path.read_bytes()
    garbage = bytes(range(256)) * (len(data) // 256 + 1)
    path.write_bytes(data[:100] + garbage[: len(data) - 100])
    return "corrupt"


def other_program(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
    conn.commit()
    conn.close()
    return "another program"


def newer_version(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE future (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return "schema version 99, newer than this xdept-tui"


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
@pytest.mark.parametrize(
    "make", [text_file, empty_directory, corrupt, other_program, newer_version]
)
def test_files_that_are_not_ours_are_refused_and_left_alone(
    db_path: Path, make: Callable[[Path], str], read_only: bool
) -> None:
    message = make(db_path)
    before = fingerprint(db_path)
    with pytest.raises(InvalidDatabase, match=message) as caught:
        Store(db_path, "tester", read_only=read_only)
    assert "\n" not in str(caught.value)
    assert fingerprint(db_path) == before
    assert not db_path.with_name("project.db-wal").exists()
    assert not db_path.with_name("project.db-shm").exists()


def test_a_missing_file_is_not_created_without_create(db_path: Path) -> None:
    with pytest.raises(InvalidDatabase, match="xdept-tui init"):
        Store(db_path, "tester")
    assert list(db_path.parent.iterdir()) == []


def test_create_refuses_an_existing_file(db_path: Path) -> None:
    text_file(db_path)
    before = fingerprint(db_path)
    with pytest.raises(StoreError, match="already exists"):
        Store(db_path, "tester", create=True)
    assert fingerprint(db_path) == before


def test_create_makes_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "team" / "share" / "x.db"
    with Store(path, "tester", create=True) as store:
        assert store.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o000])
def test_a_new_file_is_readable_by_owner_and_group_only(db_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        with Store(db_path, "tester", create=True) as store:
            add_risk(store, Risk(title="r"))
            wal = db_path.with_name("project.db-wal")
            assert wal.exists()
            # SQLite gives the -wal the database's mode, so the group can write it too.
            assert wal.stat().st_mode & 0o777 == 0o660
    finally:
        os.umask(old)
    assert db_path.stat().st_mode & 0o777 == 0o660


def test_the_connection_settings(store: Store) -> None:
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA busy_timeout") == db.BUSY_TIMEOUT_MS


def test_each_thread_gets_its_own_connection_with_the_same_settings(store: Store) -> None:
    seen: dict[str, object] = {}

    def work() -> None:
        seen["conn"] = store.conn
        seen["foreign_keys"] = store.scalar("PRAGMA foreign_keys")
        add_risk(store, Risk(title="from a worker"))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["conn"] is not store.conn
    assert seen["foreign_keys"] == 1
    assert [r["title"] for r in store.query("SELECT title FROM risks")] == ["from a worker"]


def test_read_only_refuses_every_transaction(db_path: Path, store: Store) -> None:
    add_risk(store, Risk(title="r"))
    with Store(db_path, "reader", read_only=True) as reader:
        assert count(reader, Risk) == 1
        with pytest.raises(ReadOnly, match="open read-only"), reader.transaction():
            pass
        with pytest.raises(ReadOnly):
            add_risk(reader, Risk(title="sneaky"))
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.conn.execute("DELETE FROM risks")
    assert count(store, Risk) == 1


def test_read_only_cannot_create_or_upgrade(db_path: Path) -> None:
    with pytest.raises(ReadOnly):
        Store(db_path, "tester", read_only=True, create=True)
    assert not db_path.exists()
    db_path.touch()
    with pytest.raises(InvalidDatabase, match=r"empty file, not a database.*xdept-tui init"):
        Store(db_path, "tester", read_only=True)
    assert db_path.stat().st_size == 0


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root may write any file: os.access says a 0444 file is writable"
)
def test_a_file_without_write_permission_is_refused(db_path: Path) -> None:
    make_ours(db_path)
    db_path.chmod(0o440)
    before = fingerprint(db_path)
    with pytest.raises(ReadOnly, match="permission denied"):
        Store(db_path, "tester")
    assert fingerprint(db_path) == before
    with Store(db_path, "tester", read_only=True) as reader:
        assert reader.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION


def test_inspect_returns_the_schema_version_without_touching_the_file(db_path: Path) -> None:
    make_ours(db_path)
    before = fingerprint(db_path)
    assert inspect(db_path) == migrations.SCHEMA_VERSION
    assert fingerprint(db_path) == before
    empty = db_path.with_name("empty.db")
    empty.touch()
    assert inspect(empty, new=True) == 0
    with pytest.raises(InvalidDatabase, match="empty file, not a database"):
        inspect(empty)


def test_a_zero_byte_file_is_refused_and_points_to_init(db_path: Path) -> None:
    db_path.touch()
    with pytest.raises(InvalidDatabase, match=r"empty file, not a database.*xdept-tui init"):
        Store(db_path, "tester")
    assert db_path.stat().st_size == 0
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["project.db"]


def test_a_device_is_not_a_database() -> None:
    with pytest.raises(InvalidDatabase, match="not a regular file"):
        Store("/dev/null", "tester")


def test_our_tables_without_a_schema_version_are_refused_untouched(db_path: Path) -> None:
    make_ours(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    before = fingerprint(db_path)
    with pytest.raises(InvalidDatabase, match=r"no schema version.*restore a backup"):
        Store(db_path, "tester")
    assert fingerprint(db_path) == before


def test_a_full_disk_says_so(store: Store) -> None:
    """SQLITE_FULL (here from max_page_count, as a full disk gives it) is not 'corrupt'."""
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull, match="the disk is full; nothing was saved") as caught:
        add_risk(store, Risk(title="big", description="x" * 9_000))
    assert "corrupt" not in str(caught.value)
    assert not store.conn.in_transaction
    assert count(store, Risk) == 0


def test_data_version_moves_when_another_connection_commits(db_path: Path, store: Store) -> None:
    with Store(db_path, "wang") as wang:
        seen = store.data_version()
        assert store.data_version() == seen
        add_risk(wang, Risk(title="r"))
        assert store.data_version() != seen


def test_check_reports_integrity_version_and_counts(store: Store) -> None:
    add_risk(store, Risk(title="r"))
    report = store.check()
    assert report["integrity"] == "ok"
    assert report["schema_version"] == migrations.SCHEMA_VERSION
    assert report["journal_mode"] == "wal"
    assert report["foreign_key_violations"] == 0
    assert report["counts"]["risks"] == 1
    assert report["counts"]["project"] == 1
    assert report["counts"]["changes"] == 2


def test_defaults_for_path_and_actor(tmp_path: Path) -> None:
    assert default_path() == tmp_path / "xdg-data" / "xdept-tui" / "xdept.db"
    assert default_actor()


def test_a_lock_held_too_long_by_someone_else_is_busy(
    db_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(db, "WRITE_WAIT_S", 0.2)
    with Store(db_path, "wang") as wang:
        assert wang.scalar("PRAGMA busy_timeout") == 20
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(Busy, match="stayed locked by other users; nothing was saved"):
                add_risk(wang, Risk(title="blocked"))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert not wang.conn.in_transaction
        assert count(wang, Risk) == 0
        add_risk(wang, Risk(title="after the lock"))
        assert count(store, Risk) == 1


def test_backup_refuses_to_overwrite(tmp_path: Path, store: Store) -> None:
    dest = tmp_path / "copy.db"
    text_file(dest)
    before = fingerprint(dest)
    with pytest.raises(StoreError, match="already exists"):
        store.backup(dest)
    assert fingerprint(dest) == before


def test_a_backup_is_a_private_copy(tmp_path: Path, store: Store) -> None:
    add_risk(store, Risk(title="r"))
    dest = store.backup(tmp_path / "copy.db")
    assert dest.stat().st_mode & 0o777 == 0o660
    with Store(dest, "tester", read_only=True) as copy:
        assert [r["title"] for r in copy.query("SELECT title FROM risks")] == ["r"]


def test_rows_come_back_as_one_json_row_with_order_and_types(store: Store) -> None:
    """Store.rows: what a bulk read in the app's database thread goes through."""
    for title in ("b [bold]x[/]", "a 智能", 'c "quoted"\\'):
        add_risk(store, Risk(title=title, probability=2, impact=3))
    rows = store.rows("id, title, probability, owner_id", "(SELECT * FROM risks ORDER BY title)")
    assert [r[1] for r in rows] == ["a 智能", "b [bold]x[/]", 'c "quoted"\\']
    assert all(isinstance(r[0], int) and r[2] == 2 for r in rows)
    assert store.rows("id", "risks WHERE id < 0") == []
    con = sqlite3.connect(store.path)
    expected = con.execute("SELECT id, title, probability, owner_id FROM risks").fetchall()
    con.close()
    assert sorted(map(tuple, rows)) == sorted(expected)


def test_columns_read_a_few_at_a_time_in_one_snapshot_line_up(db_path: Path, store: Store) -> None:
    """Store.columns inside Store.snapshot: a risk another program adds between two
    groups' scans is in neither, so the columns keep one length and order."""
    for title in ("a", "b"):
        add_risk(store, Risk(title=title))
    expressions = ("json_group_array(id)", "json_group_array(title)")
    with store.snapshot():
        found = store.columns(expressions, "risks NOT INDEXED", 1)
        ids = next(found)
        with Store(db_path, "wang") as wang:
            add_risk(wang, Risk(title="c"))
        titles = next(found)
        assert next(found, None) is None
    assert not store.conn.in_transaction
    assert (len(json.loads(ids)), json.loads(titles)) == (2, ["a", "b"])
    assert store.aggregates(expressions[1:], "risks") == ['["a","b","c"]']


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def hold_write_lock(path: Path) -> subprocess.Popen[str]:
    """Another process holding the write lock until a line is written to its stdin."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def test_a_write_waiting_for_another_program_says_so_once_after_a_second(
    db_path: Path, store: Store
) -> None:
    holder = hold_write_lock(db_path)
    started = time.monotonic()
    told: list[float] = []

    def on_wait() -> None:
        told.append(time.monotonic() - started)
        assert holder.stdin is not None
        holder.stdin.write("release\n")  # the other program finishes after the notice
        holder.stdin.flush()

    store.on_wait = on_wait
    try:
        add_risk(store, Risk(title="after the wait"))
    finally:
        holder.communicate(timeout=30)
    assert len(told) == 1
    assert db.WAIT_NOTICE_S <= told[0] < db.WAIT_NOTICE_S + 0.5
    assert count(store, Risk) == 1
    assert store.scalar("PRAGMA busy_timeout") == db.BUSY_TIMEOUT_MS


def test_the_wait_for_the_lock_is_bounded(
    db_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "WRITE_WAIT_S", 1.5)
    holder = hold_write_lock(db_path)
    told: list[bool] = []
    store.on_wait = lambda: told.append(True)
    started = time.monotonic()
    try:
        with pytest.raises(Busy, match="nothing was saved"):
            add_risk(store, Risk(title="never"))
    finally:
        holder.communicate("release\n", timeout=30)
    waited = time.monotonic() - started
    assert 1.5 <= waited < 1.5 + 0.5
    assert told == [True]
    assert count(store, Risk) == 0


def fill(folder: Path) -> None:
    """Fill the disk holding ``folder`` to the last byte."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb", buffering=0) as out:
        while True:
            out.write(b"\0" * 4096)


def test_a_really_full_disk_says_so_not_corrupt(small_disk: Path) -> None:
    path = small_disk / "team.db"
    make_ours(path)
    fill(small_disk)
    for _ in range(2):  # opening (the -shm cannot grow) or the write: both say so
        with (
            pytest.raises(DiskFull, match="the disk is full; nothing was saved"),
            Store(path, "tester") as store,
        ):
            add_risk(store, Risk(title="big", description="x" * 9_000))
    with pytest.raises(DiskFull, match="the disk is full"):
        inspect(path)
    (small_disk / "filler").unlink()
    with Store(path, "tester") as store:
        add_risk(store, Risk(title="after some space was freed"))
        assert store.check()["integrity"] == "ok"
