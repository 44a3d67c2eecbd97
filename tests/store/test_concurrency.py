"""Several real processes writing one file at once: nothing lost, nothing overwritten.

Workers run in spawned processes (a fresh interpreter each, as separate users'
sessions are) and start together at a barrier. The environment the autouse
fixture sets (frozen clock, isolated folders) is inherited by them.
"""

from __future__ import annotations

import multiprocessing
import traceback
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store.db import Store
from store.errors import Conflict
from store.models import Risk, Task
from store.records import get
from store.risks import add_risk
from store.tasks import add_task, update_task

WORKERS = 4
ACTIONS = 100  # per worker: half new risks, half edits of one shared task
TIMEOUT = 60  # seconds: only reached if something hangs


def worker(path: str, actor: str, task_id: int, barrier: Any, results: Any) -> None:
    """One user's session: ACTIONS writes, re-reading the shared task after a conflict."""
    try:
        store = Store(path, actor)
        risks = updates = conflicts = 0
        barrier.wait(TIMEOUT)
        version = get(store, Task, task_id).version
        for n in range(ACTIONS):
            if n % 2 == 0:
                add_risk(store, Risk(title=f"{actor} risk {n}"))
                risks += 1
                continue
            while True:
                try:
                    version = update_task(store, task_id, version, title=f"{actor} {n}").version
                    updates += 1
                    break
                except Conflict:
                    conflicts += 1
                    version = get(store, Task, task_id).version
        store.close()
        results.put((actor, risks, updates, conflicts, None))
    except BaseException:  # report anything else to the test instead of dying silently
        results.put((actor, 0, 0, 0, traceback.format_exc()))


@pytest.mark.slow
def test_many_processes_write_at_once_and_every_write_counts(db_path: Path, store: Store) -> None:
    shared = add_task(store, Task(title="shared", start=date(2026, 11, 23), end=date(2026, 11, 27)))
    logged_before = store.scalar("SELECT count(*) FROM changes")
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    actors = [f"user{i}" for i in range(WORKERS)]
    processes = [
        ctx.Process(target=worker, args=(str(db_path), actor, shared.id, barrier, results))
        for actor in actors
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=TIMEOUT) for _ in processes]
    for process in processes:
        process.join(TIMEOUT)
        assert process.exitcode == 0

    assert [error for *_, error in reports if error] == []
    by_actor = {actor: (risks, updates) for actor, risks, updates, _, _ in reports}
    assert sorted(by_actor) == actors
    assert all(risks + updates == ACTIONS for risks, updates in by_actor.values())

    # Every insert is there, once.
    titles = [r["title"] for r in store.query("SELECT title FROM risks")]
    expected = [f"{a} risk {n}" for a in actors for n in range(0, ACTIONS, 2)]
    assert sorted(titles) == sorted(expected)

    # No update was lost: each successful one moved the version by exactly one.
    total_updates = sum(updates for _, updates in by_actor.values())
    final = get(store, Task, shared.id)
    assert final.version == 1 + total_updates
    assert final.title.split()[0] in actors

    # One log row per write, by the right actor; a refused write logs nothing.
    logged = store.query(
        "SELECT actor, entity, op, count(*) AS n FROM changes WHERE id > ? "
        "GROUP BY actor, entity, op ORDER BY actor, entity",
        [logged_before],
    )
    assert logged == [
        row
        for actor in actors
        for row in (
            {"actor": actor, "entity": "risks", "op": "create", "n": by_actor[actor][0]},
            {"actor": actor, "entity": "tasks", "op": "update", "n": by_actor[actor][1]},
        )
    ]
    # The log of the shared task replays its versions in order.
    versions = [
        c["version"]
        for c in store.query(
            "SELECT json_extract(after, '$.version') AS version FROM changes "
            "WHERE entity = 'tasks' AND op = 'update' ORDER BY id"
        )
    ]
    assert versions == list(range(2, 2 + total_updates))
    assert store.check()["integrity"] == "ok"
