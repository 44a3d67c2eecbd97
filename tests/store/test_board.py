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


def test_the_task_filter_answers_for_a_card_without_the_interface() -> None:
    """The board's filter, language and answers both, runs on cards alone."""
    from store.board import TASK_FILTER, BoardFlags, Card, card_field, card_flag, card_text

    members = {7: ("Li Wei", "liwei"), 8: ("王芳", "wangfang")}
    departments = {1: "R&D", 2: "Customer service"}
    mine = Card(
        3, 1, "Mould [bold]review", "pilot", 7, 1, "2026-11-23", "2026-11-27", "todo", 0, False
    )
    theirs = Card(4, 1, "Tooling", "", 8, 2, "2026-11-23", "2026-11-27", "doing", 0, False)
    flags = BoardFlags(critical={4}, slip={3: 2})

    def matches(text: str) -> list[int]:
        match = TASK_FILTER.parse(text).matcher(
            lambda card, name: card_flag(card, name, flags, 7),
            lambda card, key: card_field(card, key, members, departments),
            lambda card: card_text(card, members, departments),
        )
        return [card.id for card in (mine, theirs) if match(card)]

    assert matches("") == [3, 4]
    assert matches("dept:r&d") == [3]
    assert matches('dept:"customer service"') == [4]
    assert matches("owner:wangfang") == [4] == matches("负责人:王芳")
    assert matches("phase:pilot mine") == [3]
    assert matches("critical") == [4] and matches("slipping") == [3]
    assert matches("[bold]") == [3] and matches("#4") == [4]
    assert card_text(theirs, {}, {}) == "#4 tooling    "
