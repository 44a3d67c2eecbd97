"""Several real processes asking for the same thing at once: one daily update a day
per member, one next weekly meeting. The check happens under the write lock, so
exactly one process writes and the others are told why not."""

from __future__ import annotations

import multiprocessing
import traceback
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store.db import Store
from store.meeting_plan import next_weekly, plan_meeting
from store.meetings import post_update
from store.models import DailyUpdate, Meeting, Member
from store.people import add_department, add_member
from store.records import count

WORKERS = 4
TIMEOUT = 60  # seconds: only reached if something hangs


def worker(
    path: str, actor: str, member_id: int, meeting_id: int, barrier: Any, results: Any
) -> None:
    from store.errors import Invalid

    said = []
    try:
        store = Store(path, actor)
        barrier.wait(TIMEOUT)
        for ask in (
            lambda: post_update(
                store, DailyUpdate(member_id=member_id, date=date(2026, 11, 23), done=actor)
            ),
            lambda: next_weekly(store, meeting_id),
        ):
            try:
                ask()
                said.append("saved")
            except Invalid as refused:
                said.append(str(refused))
        store.close()
        results.put((actor, said, None))
    except BaseException:  # report anything else to the test instead of dying silently
        results.put((actor, said, traceback.format_exc()))


@pytest.mark.slow
def test_one_update_a_day_and_one_next_weekly_however_many_ask(db_path: Path, store: Store) -> None:
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    weekly = plan_meeting(store, Meeting(title="W", date=date(2026, 11, 23), start="10:00"), [])
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=worker, args=(str(db_path), f"user{i}", li.id, weekly.id, barrier, results)
        )
        for i in range(WORKERS)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=TIMEOUT) for _ in processes]
    for process in processes:
        process.join(TIMEOUT)
        assert process.exitcode == 0

    assert [error for *_, error in reports if error] == []
    updates = [said[0] for _, said, _ in reports]
    weeklies = [said[1] for _, said, _ in reports]
    assert updates.count("saved") == weeklies.count("saved") == 1
    assert all(
        "Li Wei already posted the update of 2026-11-23" in u for u in updates if u != "saved"
    )
    assert all("already planned" in w for w in weeklies if w != "saved")
    assert count(store, DailyUpdate) == 1
    assert count(store, Meeting) == 2
