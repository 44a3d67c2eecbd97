"""A backup taken while another process keeps writing is a consistent, openable copy."""

from __future__ import annotations

import multiprocessing
import traceback
from pathlib import Path
from typing import Any

import pytest

from store import migrations
from store.db import Store, inspect
from store.models import Risk
from store.risks import add_risk

TIMEOUT = 60  # seconds: only reached if something hangs
# Enough rows that the file has more pages than one backup step of the old code copied
# (1,024): a step-wise copy restarts whenever the writer commits and never finishes.
FILLER = 3_000
# The writer stops by itself after this many rows; the backup must be done long before.
WRITER_CAP = 20_000


def writer(path: str, started: Any, stop: Any, capped: Any, results: Any) -> None:
    """Insert risks one transaction at a time until told to stop."""
    try:
        store = Store(path, "writer")
        written = 0
        while not stop.is_set():
            if written == WRITER_CAP:
                capped.set()
                break
            add_risk(store, Risk(title=f"written {written}"))
            written += 1
            if written == 20:
                started.set()
        store.close()
        results.put((written, None))
    except BaseException:
        results.put((0, traceback.format_exc()))


def rows(store: Store, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    return store.query(sql, params)


@pytest.mark.slow
def test_a_backup_while_another_process_writes(tmp_path: Path, db_path: Path, store: Store) -> None:
    with store.transaction() as tx:
        for n in range(FILLER):
            tx.insert(Risk(title=f"filler {n}", description="背景 " * 250))
    assert store.scalar("PRAGMA page_count") > 1024

    ctx = multiprocessing.get_context("spawn")
    started, stop, capped = ctx.Event(), ctx.Event(), ctx.Event()
    results = ctx.Queue()
    process = ctx.Process(target=writer, args=(str(db_path), started, stop, capped, results))
    process.start()
    try:
        assert started.wait(TIMEOUT), "the writer never started"
        committed_before = store.scalar("SELECT max(id) FROM risks")
        dest = store.backup(tmp_path / "backup.db")
        writer_still_running = not capped.is_set()
    finally:
        stop.set()
        written, error = results.get(timeout=TIMEOUT)
        process.join(TIMEOUT)
    assert error is None
    assert writer_still_running, "the backup only finished once the writer had stopped"

    assert inspect(dest) == migrations.SCHEMA_VERSION
    with Store(dest, "tester", read_only=True) as copy:
        assert copy.check()["integrity"] == "ok"
        assert copy.scalar("PRAGMA application_id") == migrations.APPLICATION_ID
        copied = rows(copy, "SELECT * FROM risks ORDER BY id")
        created = rows(
            copy,
            "SELECT record_id FROM changes WHERE entity = 'risks' AND op = 'create' ORDER BY id",
        )
        copied_log = rows(copy, "SELECT * FROM changes ORDER BY id")

    k = len(copied)
    # Everything committed before the backup started is in it…
    assert k >= committed_before >= FILLER + 20
    # …and it holds a prefix of what was committed: ids 1..k, exactly as in the file,
    assert [r["id"] for r in copied] == list(range(1, k + 1))
    assert copied == rows(store, "SELECT * FROM risks WHERE id <= ? ORDER BY id", [k])
    # with the log of the same moment: one create per row, and none for rows it lacks.
    assert [c["record_id"] for c in created] == list(range(1, k + 1))
    assert copied_log == rows(
        store, "SELECT * FROM changes WHERE id <= ? ORDER BY id", [len(copied_log)]
    )
    assert store.scalar("SELECT count(*) FROM risks") == FILLER + written
