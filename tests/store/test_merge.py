"""Three-way merge: a stale save keeps what only the other side changed.

The values when the form opened are the base, the stored row is theirs, the
form's values are mine. Only fields both sides changed, to different values,
are a conflict; a task's predecessors merge the same way, link by link, and a
change to them moves the task's version (checked with a real second process).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import changes
from store.db import Store
from store.errors import Conflict, NotFound
from store.models import Dependency, Member, Task
from store.people import add_department, add_member, update_member
from store.records import get, merge
from store.task_form import save_task_form
from store.tasks import (
    add_task,
    delete_task,
    format_after,
    parse_after_list,
    predecessors,
    update_task,
)

MON = date(2026, 11, 23)
FRI = date(2026, 11, 27)

values = st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 2), min_size=6)


@given(values, values, values)
def test_merge_keeps_each_sides_own_changes_and_lists_only_true_conflicts(
    base: dict, theirs: dict, mine: dict
) -> None:
    result = merge(base, theirs, mine)
    merged = theirs | result.write
    for name, was in base.items():
        mine_changed, theirs_changed = mine[name] != was, theirs[name] != was
        both_differ = mine_changed and theirs_changed and mine[name] != theirs[name]
        assert (name in result.conflicts) == both_differ
        if both_differ:
            assert result.conflicts[name] == (theirs[name], mine[name])
            assert name not in result.write
        elif mine_changed:
            assert merged[name] == mine[name]
        else:
            assert merged[name] == theirs[name]
            assert name not in result.write


def test_without_a_base_every_disagreement_is_a_conflict() -> None:
    result = merge({}, {"a": 1, "b": 2}, {"a": 1, "b": 3})
    assert (result.write, result.conflicts) == ({}, {"b": (2, 3)})


@pytest.fixture
def other(db_path: Path, store: Store):
    """Alice, on the same file through a connection of her own."""
    with Store(db_path, "alice") as alice:
        yield alice


def spec_task(store: Store) -> Task:
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    return add_task(
        store,
        Task(title="Spec", phase="design", owner_id=li.id, start=MON, end=FRI, progress=55),
    )


def form_values(task: Task) -> dict:
    """Every field of the task form, as a form holds them (dates, not ISO text)."""
    return {k: v for k, v in task.model_dump().items() if k in Task.content_fields()}


def test_keep_mine_does_not_revert_their_progress(store: Store, other: Store) -> None:
    """Alice sets progress 55→60; Bob, in a form opened before, changes only the phase."""
    task = spec_task(store)
    base = form_values(task)
    update_task(other, task.id, task.version, progress=60)
    saved = save_task_form(store, task.id, task.version, {"phase": "pilot"}, base=base).task
    assert (saved.phase, saved.progress, saved.version) == ("pilot", 60, task.version + 2)


def test_only_fields_both_changed_differently_conflict(store: Store, other: Store) -> None:
    task = spec_task(store)
    base = form_values(task)
    update_task(other, task.id, task.version, progress=60, title="Spec v2", phase="pilot")
    mine = {"progress": 70, "title": "Spec v2", "end": date(2026, 11, 30)}
    with pytest.raises(Conflict) as caught:
        save_task_form(store, task.id, task.version, mine, base=base)
    # Equal values (title) and fields only one side changed (phase, end) are not listed.
    assert caught.value.fields == {"progress": (60, 70)}
    assert get(store, Task, task.id).end == FRI  # nothing of mine written
    # Keeping mine: my changes at their version, from their values as the base.
    theirs = caught.value.theirs
    saved = save_task_form(
        store, task.id, theirs["version"], mine, base=base | {"progress": 60}
    ).task
    assert (saved.progress, saved.phase, saved.end) == (70, "pilot", date(2026, 11, 30))


def test_an_owner_form_merge_is_generic(store: Store, other: Store) -> None:
    """The same merge for any record: a member's post and contact, changed apart."""
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, post="dev"))
    base = li.model_dump()
    update_member(other, li.id, li.version, contact="li@x.org")
    saved = update_member(store, li.id, li.version, base=base, post="lead")
    assert (saved.post, saved.contact) == ("lead", "li@x.org")


def test_a_deleted_record_is_not_found_not_a_conflict(store: Store, other: Store) -> None:
    task = spec_task(store)
    delete_task(other, task.id, task.version)
    with pytest.raises(NotFound):
        save_task_form(store, task.id, task.version, {"phase": "x"}, base=form_values(task))


def link_in_another_process(db_path: Path, successor: int, spec: str) -> None:
    """Carol runs ``xdept-tui task link`` in a process of her own."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui.cli",
            "--db",
            str(db_path),
            "task",
            "link",
            str(successor),
            spec,
        ],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"XDEPT_USER": "carol"},
    )
    assert done.returncode == 0, done.stderr


def test_a_link_added_by_another_process_survives_a_stale_form_save(
    store: Store, db_path: Path
) -> None:
    first = add_task(store, Task(title="Design", start=MON, end=MON))
    second = add_task(store, Task(title="Order parts", start=MON, end=MON))
    task = add_task(store, Task(title="Build", start=MON, end=FRI), [parse_after_list("1")[0]])
    # Bob's form opens: the task and its predecessors as read.
    base = form_values(task) | {"predecessors": predecessors(store, task.id)}
    read_after = parse_after_list(format_after(predecessors(store, task.id)))
    link_in_another_process(db_path, task.id, str(second.id))
    moved = get(store, Task, task.id)
    assert moved.version > task.version  # the link is part of the task
    assert changes.history(store, "tasks", task.id)[-1].actor == "carol"
    saved = save_task_form(
        store, task.id, task.version, {"title": "Build v2"}, read_after, base
    ).task
    assert saved.title == "Build v2"
    assert sorted(d.predecessor_id for d in predecessors(store, task.id)) == [first.id, second.id]


def test_only_the_links_i_changed_are_written(store: Store, other: Store) -> None:
    a, b, c = (add_task(store, Task(title=t, start=MON, end=MON)) for t in "ABC")
    task = add_task(store, Task(title="D", start=MON, end=FRI), parse_after_list(f"{a.id}"))
    base = form_values(task) | {"predecessors": predecessors(store, task.id)}
    # Alice adds C; Bob (stale) removes A and adds B.
    save_task_form(other, task.id, task.version, {}, parse_after_list(f"{a.id}, {c.id}"))
    save_task_form(store, task.id, task.version, {}, parse_after_list(f"{b.id}"), base)
    assert sorted(d.predecessor_id for d in predecessors(store, task.id)) == [b.id, c.id]


def test_a_link_both_changed_differently_is_a_conflict(store: Store, other: Store) -> None:
    a = add_task(store, Task(title="A", start=MON, end=MON))
    task = add_task(store, Task(title="B", start=MON, end=FRI), parse_after_list(f"{a.id}"))
    base = form_values(task) | {"predecessors": predecessors(store, task.id)}
    save_task_form(other, task.id, task.version, {}, parse_after_list(f"{a.id}:SS:1"))
    with pytest.raises(Conflict) as caught:
        save_task_form(store, task.id, task.version, {}, parse_after_list(f"{a.id}:FF:2"), base)
    assert caught.value.fields == {"predecessors": (f"{a.id}:SS:1", f"{a.id}:FF:2")}
    assert caught.value.theirs["predecessors"] == f"{a.id}:SS:1"


def test_one_save_moves_the_version_once(store: Store) -> None:
    a = add_task(store, Task(title="A", start=MON, end=MON))
    task = add_task(store, Task(title="B", start=MON, end=FRI))
    saved = save_task_form(
        store, task.id, task.version, {"title": "B2"}, parse_after_list(f"{a.id}")
    ).task
    assert saved.version == task.version + 1
    assert [d.predecessor_id for d in predecessors(store, task.id)] == [a.id]
    assert isinstance(predecessors(store, task.id)[0], Dependency)


def test_links_imported_from_csv_move_their_tasks_version(store: Store) -> None:
    from store.exports import import_csv

    a = add_task(store, Task(title="A", start=MON, end=MON))
    b = add_task(store, Task(title="B", start=FRI, end=FRI))
    import_csv(store, "dependencies", f"predecessor_id,successor_id\n{a.id},{b.id}\n")
    assert get(store, Task, b.id).version == b.version + 1
    assert get(store, Task, a.id).version == a.version


CHOICES = {
    "title": ["Spec", "Spec A", "Spec B"],
    "phase": ["", "pilot", "ramp"],
    "progress": [0, 40, 60],
    "deliverable": ["", "report", "slides"],
}
sides = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CHOICES.items()})


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(theirs=sides, mine=sides)
def test_a_stale_update_merges_as_the_pure_merge_says(tmp_path: Path, theirs, mine) -> None:
    """Through real connections: the row ends as the merge says, or nothing is written."""
    path = tmp_path / f"m{abs(hash((str(theirs), str(mine))))}.db"
    path.unlink(missing_ok=True)
    with Store(path, "bob", create=True) as bob, Store(path, "alice") as alice:
        base = {k: v[0] for k, v in CHOICES.items()}
        task = add_task(bob, Task(start=MON, end=FRI, **base))
        update_task(alice, task.id, task.version, **theirs)
        expected = merge(base, theirs, mine)
        changes_mine = {k: v for k, v in mine.items() if v != base[k]}
        try:
            saved = update_task(bob, task.id, task.version, base=base, **changes_mine)
        except Conflict as conflict:
            assert conflict.fields == expected.conflicts
            assert {k: getattr(get(bob, Task, task.id), k) for k in CHOICES} == theirs
        else:
            assert not expected.conflicts
            assert {k: getattr(saved, k) for k in CHOICES} == theirs | expected.write
    path.unlink(missing_ok=True)
