"""Undo: the acting user's last action taken back, unless someone changed it since."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import changes
from store.db import Store
from store.errors import NotFound
from store.models import Member, Task
from store.people import add_department, add_member
from store.records import count, get
from store.tasks import delete_task, predecessors, set_baseline, update_task
from store.undo import CannotUndo, undo_last
from tests.store.helpers import FRI, MON, day, task


def _rename(store: Store, task_id: int, title: str) -> Task:
    return update_task(store, task_id, get(store, Task, task_id).version, title=title)


def test_an_update_is_undone_and_the_undo_is_logged(store: Store) -> None:
    a = task(store, "Design", MON, FRI)
    _rename(store, a.id, "Design review")
    done = undo_last(store)
    assert get(store, Task, a.id).title == "Design"
    assert (done.entity, done.record_id, done.label) == ("tasks", a.id, "Design")
    last = changes.history(store, "tasks", a.id)[-1]
    assert last.actor == "tester" and last.before == {"title": "Design review"}
    assert last.after is not None and last.after["undo"] == done.action


def test_repeated_undo_goes_further_back(store: Store, db_path: Path) -> None:
    a = task(store, "Design", MON, FRI)
    _rename(store, a.id, "Design v2")
    _rename(store, a.id, "Design v3")
    undo_last(store)
    assert get(store, Task, a.id).title == "Design v2"
    undo_last(store)
    assert get(store, Task, a.id).title == "Design"
    undo_last(store)  # the create
    with pytest.raises(NotFound):
        get(store, Task, a.id)
    with Store(db_path, "newcomer") as newcomer, pytest.raises(CannotUndo, match="nothing to"):
        undo_last(newcomer)


def test_a_delete_is_undone_with_its_links(store: Store) -> None:
    a = task(store, "A", MON, FRI)
    b = task(store, "B", day(11, 30), day(12, 4), str(a.id))
    c = task(store, "C", day(12, 7), day(12, 11), str(b.id))
    links = changes.history(store, "dependencies", predecessors(store, b.id)[0].id)
    delete_task(store, b.id)
    assert count(store, Task) == 2
    done = undo_last(store)
    assert (done.entity, done.record_id, done.label) == ("tasks", b.id, "B")
    assert get(store, Task, b.id).title == "B"
    assert [d.predecessor_id for d in predecessors(store, b.id)] == [a.id]
    assert [d.predecessor_id for d in predecessors(store, c.id)] == [b.id]
    assert links[0].record_id == predecessors(store, b.id)[0].id  # the same ids again


def test_an_action_of_many_rows_is_undone_whole(store: Store) -> None:
    a = task(store, "A", MON, FRI)
    b = task(store, "B", MON, day(12, 4))
    set_baseline(store)
    assert get(store, Task, b.id).baseline_end == day(12, 4)
    undo_last(store)
    assert [get(store, Task, t.id).baseline_end for t in (a, b)] == [None, None]
    assert store.scalar("SELECT count(*) FROM baselines") == 0


def test_refused_after_someone_else_changed_the_record(store: Store, db_path: Path) -> None:
    dept = add_department(store, "R&D")
    add_member(store, Member(name="王芳", department_id=dept.id, login="wang"))
    a = task(store, "Design", MON, FRI)
    _rename(store, a.id, "Design review")
    with Store(db_path, "wang") as wang:
        update_task(wang, a.id, get(wang, Task, a.id).version, deliverable="theirs")
    logged = changes.cursor(store)
    with pytest.raises(CannotUndo) as refused:
        undo_last(store)
    assert str(refused.value) == (
        f"task #{a.id} “Design review” was changed by 王芳 since (2026-11-23 09:00): "
        "see its history (H)"
    )
    assert refused.value.record == ("tasks", a.id)
    assert changes.cursor(store) == logged  # nothing written
    assert get(store, Task, a.id).title == "Design review"


def test_someone_elses_undone_change_no_longer_stands_in_the_way(
    store: Store, db_path: Path
) -> None:
    a = task(store, "Design", MON, FRI)
    _rename(store, a.id, "Design review")
    with Store(db_path, "wang") as wang:
        update_task(wang, a.id, get(wang, Task, a.id).version, deliverable="theirs")
        undo_last(wang)
    undo_last(store)
    assert get(store, Task, a.id).title == "Design"


def test_only_the_acting_users_changes_are_undone(store: Store, db_path: Path) -> None:
    a = task(store, "Mine", MON, FRI)
    with Store(db_path, "wang") as wang:
        task(wang, "Theirs", MON, FRI)
    undo_last(store)  # my task goes, theirs stays
    assert get(store, Task, a.id + 1).title == "Theirs"
    with pytest.raises(NotFound):
        get(store, Task, a.id)


def test_a_record_others_now_refer_to_is_not_removed(store: Store, db_path: Path) -> None:
    dept = add_department(store, "R&D")
    with Store(db_path, "wang") as wang:
        add_member(wang, Member(name="Li", department_id=dept.id))
    with pytest.raises(CannotUndo, match="other records refer to it now"):
        undo_last(store)
    assert get(store, Member, 1).name == "Li"


def test_rows_before_schema_6_are_each_an_action(store: Store) -> None:
    a = task(store, "Design", MON, FRI)
    with store.transaction() as tx:  # two renames logged as before schema 6: no tx
        for version, (was, now) in enumerate([("Design", "v2"), ("v2", "v3")], start=2):
            tx.conn.execute(
                "UPDATE tasks SET title = ?, version = ? WHERE id = ?", [now, version, a.id]
            )
            tx.conn.execute(
                "INSERT INTO changes (at, actor, entity, record_id, op, before, after) "
                "VALUES ('2026-11-23T09:00:00+00:00', 'tester', 'tasks', ?, 'update', ?, ?)",
                [a.id, f'{{"title": "{was}"}}', f'{{"title": "{now}", "version": {version}}}'],
            )
    undo_last(store)
    assert get(store, Task, a.id).title == "v2"
    undo_last(store)
    assert get(store, Task, a.id).title == "Design"
