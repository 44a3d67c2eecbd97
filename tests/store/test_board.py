"""The board's reads (store.board): cards and the schedule's flags."""

from __future__ import annotations

from store.board import board_flags, cards
from store.db import Store
from store.models import Task
from store.records import get
from store.tasks import compute_schedule, set_baseline, slipping, update_task
from tests.store.helpers import MON, day, task


def test_cards_and_flags_agree_with_the_schedule(store: Store) -> None:
    a = task(store, "A", day(11, 2), day(11, 6))
    b = task(store, "B", day(11, 9), day(11, 13), str(a.id))
    side = task(store, "Side", day(11, 2), day(11, 3), milestone=False)
    set_baseline(store)
    update_task(store, b.id, get(store, Task, b.id).version, end=day(11, 20))
    flags = board_flags(store, MON)
    critical = {t.id for t in compute_schedule(store).tasks.values() if t.critical}
    assert flags.critical == critical and side.id not in critical
    assert flags.slip == {s.task.id: s.days for s in slipping(store, MON)}
    assert flags.slip[b.id] > 2
    assert flags.blockers == {b.id: [a.id]}
    found = {c.id: c for c in cards(store)}
    assert found[b.id].end == "2026-11-20" and found[a.id].status == "todo"
    assert [c.id for c in cards(store, [a.id])] == [a.id]
    assert cards(store, []) == []
