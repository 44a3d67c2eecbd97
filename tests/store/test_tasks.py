"""Tasks, dependencies, baselines and slipping, through the store functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import changes, schedule, shifting
from store.board import board_flags
from store.db import Store
from store.errors import Conflict, Invalid, NotFound
from store.models import Dependency, Document, Member, Task
from store.people import add_department, add_member
from store.project import missing_signoffs, sign, signoffs, update_charter
from store.records import count, get
from store.task_form import save_task_form
from store.tasks import (
    BlockedBy,
    DependencyInvalid,
    add_dependency,
    add_task,
    baselines,
    blocking_predecessors,
    calendar,
    compute_schedule,
    delete_dependency,
    delete_task,
    dependencies,
    due_between,
    format_after,
    move_task,
    parse_after,
    parse_after_list,
    plan_inputs,
    predecessors,
    set_baseline,
    slipping,
    successors,
    tasks,
    update_dependency,
    update_task,
)
from tests.store.helpers import dates

MON = date(2026, 11, 23)  # "today" in every test
FRI = date(2026, 11, 27)


def day(month: int, d: int) -> date:
    return date(2026, month, d)


def task(store: Store, title: str, start: date, end: date, *after: str) -> Task:
    return add_task(
        store, Task(title=title, start=start, end=end), after=[parse_after(a) for a in after]
    )


@pytest.fixture
def chain(store: Store) -> list[Task]:
    """A → B → C, one working week each."""
    a = task(store, "A", MON, FRI)
    b = task(store, "B", day(11, 30), day(12, 4), str(a.id))
    c = task(store, "C", day(12, 7), day(12, 11), str(b.id))
    return [a, b, c]


def writes(store: Store) -> int:
    return store.scalar("SELECT count(*) FROM changes")


def test_tasks_crud(store: Store) -> None:
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    spec = add_task(
        store,
        Task(title="Spec", owner_id=li.id, department_id=rd.id, start=MON, end=FRI, phase="Design"),
    )
    assert (spec.id, spec.version, spec.status, spec.progress) == (1, 1, "todo", 0)
    spec = update_task(store, spec.id, spec.version, progress=40, deliverable="spec.pdf")
    assert get(store, Task, spec.id).progress == 40
    task(store, "Earlier", day(11, 16), day(11, 18))
    assert [t.title for t in tasks(store)] == ["Earlier", "Spec"]
    delete_task(store, spec.id, spec.version)
    assert [t.title for t in tasks(store)] == ["Earlier"]


def test_a_task_needs_a_valid_owner(store: Store) -> None:
    with pytest.raises(Invalid, match="refers to a record that does not exist"):
        add_task(store, Task(title="t", owner_id=5, start=MON, end=FRI))
    assert count(store, Task) == 0


def test_doing_records_the_actual_start(store: Store) -> None:
    t = task(store, "t", day(11, 20), FRI)
    t = update_task(store, t.id, t.version, status="doing")
    assert (t.status, t.actual_start, t.actual_end, t.progress) == ("doing", MON, None, 0)


def test_done_records_the_actual_end_and_full_progress(store: Store) -> None:
    t = task(store, "t", day(11, 16), FRI)
    t = update_task(store, t.id, t.version, status="doing", actual_start=day(11, 17))
    t = update_task(store, t.id, t.version, status="done")
    assert (t.actual_start, t.actual_end, t.progress) == (day(11, 17), MON, 100)


def test_done_straight_from_todo_starts_no_later_than_planned(store: Store) -> None:
    t = task(store, "t", day(11, 16), day(11, 20))
    t = update_task(store, t.id, t.version, status="done")
    assert (t.actual_start, t.actual_end) == (day(11, 16), MON)
    future = task(store, "f", day(12, 1), day(12, 4))
    future = update_task(store, future.id, future.version, status="done")
    assert (future.actual_start, future.actual_end) == (MON, MON)


def test_reopening_a_done_task_clears_its_actual_end(store: Store) -> None:
    t = task(store, "t", day(11, 16), FRI)
    t = update_task(store, t.id, t.version, status="done")
    t = update_task(store, t.id, t.version, status="doing")
    assert (t.status, t.actual_start, t.actual_end) == ("doing", day(11, 16), None)


def test_explicit_actual_dates_win_over_the_status_defaults(store: Store) -> None:
    t = task(store, "t", day(11, 16), FRI)
    t = update_task(store, t.id, t.version, status="done", actual_end=day(11, 20), progress=100)
    assert t.actual_end == day(11, 20)


def test_all_four_dependency_types_with_lags(store: Store) -> None:
    ids = [task(store, f"t{i}", MON, FRI).id for i in range(5)]
    for successor, kind, lag in zip(ids[1:], ["FS", "SS", "FF", "SF"], [0, 2, -1, 3], strict=True):
        add_dependency(
            store, Dependency(predecessor_id=ids[0], successor_id=successor, type=kind, lag=lag)
        )
    assert [(d.successor_id, d.type, d.lag) for d in successors(store, ids[0])] == [
        (ids[1], "FS", 0),
        (ids[2], "SS", 2),
        (ids[3], "FF", -1),
        (ids[4], "SF", 3),
    ]
    assert [d.predecessor_id for d in predecessors(store, ids[3])] == [ids[0]]


def test_add_task_links_its_predecessors(store: Store) -> None:
    a = task(store, "A", MON, FRI)
    b = task(store, "B", MON, FRI)
    c = task(store, "C", day(11, 30), day(12, 4), f"{a.id}", f"#{b.id}:ss:-2")
    assert [(d.predecessor_id, d.successor_id, d.type, d.lag) for d in dependencies(store)] == [
        (a.id, c.id, "FS", 0),
        (b.id, c.id, "SS", -2),
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("x", "expected ID"),
        ("1:2:3:4", "expected ID"),
        ("1:XX", "type must be FS, SS, FF or SF"),
        ("1:FS:soon", "lag must be a whole number"),
    ],
)
def test_parse_after_refuses_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        parse_after(spec)


def test_a_lag_out_of_range_is_refused_when_added(store: Store) -> None:
    a = task(store, "A", MON, FRI)
    with pytest.raises(Invalid, match="lag"):
        task(store, "B", MON, FRI, f"{a.id}:FS:400")
    assert count(store, Task) == 1
    assert dependencies(store) == []


def test_a_cycle_is_refused_naming_it_and_nothing_is_written(
    store: Store, chain: list[Task]
) -> None:
    a, _, c = chain
    before = writes(store)
    with pytest.raises(Invalid, match="would make a cycle: #1 → #2 → #3 → #1"):
        add_dependency(store, Dependency(predecessor_id=c.id, successor_id=a.id))
    assert len(dependencies(store)) == 2
    assert writes(store) == before


def test_a_dependency_on_a_missing_task_or_twice_is_refused(
    store: Store, chain: list[Task]
) -> None:
    a, b, _ = chain
    with pytest.raises(NotFound, match="task 99 not found"):
        add_dependency(store, Dependency(predecessor_id=a.id, successor_id=99))
    with pytest.raises(Invalid, match="already has"):
        add_dependency(store, Dependency(predecessor_id=a.id, successor_id=b.id, type="SS"))
    assert len(dependencies(store)) == 2


def test_dependencies_can_be_edited_and_removed(store: Store, chain: list[Task]) -> None:
    dep = dependencies(store)[0]
    dep = update_dependency(store, dep.id, dep.version, type="SS", lag=1)
    assert (get(store, Dependency, dep.id).type, dep.lag) == ("SS", 1)
    delete_dependency(store, dep.id, dep.version)
    assert len(dependencies(store)) == 1


def test_deleting_a_task_removes_its_dependencies_each_logged(
    store: Store, chain: list[Task]
) -> None:
    _, b, last = chain
    dep_ids = [d.id for d in dependencies(store)]
    cursor = changes.cursor(store)
    delete_task(store, b.id, b.version)
    assert dependencies(store) == []
    # c lost a predecessor: its version moves, so a form open on it knows.
    assert [(c.entity, c.record_id, c.op) for c in changes.since(store, cursor)] == [
        ("dependencies", dep_ids[0], "delete"),
        ("dependencies", dep_ids[1], "delete"),
        ("tasks", last.id, "update"),
        ("tasks", b.id, "delete"),
    ]


def test_blocking_predecessors_are_unfinished_fs_ones(store: Store, chain: list[Task]) -> None:
    a, b, _ = chain
    assert [t.id for t in blocking_predecessors(store, b.id)] == [a.id]
    update_task(store, a.id, a.version, status="done")
    assert blocking_predecessors(store, b.id) == []


def test_the_schedule_follows_the_dependencies(store: Store, chain: list[Task]) -> None:
    a, b, c = chain
    update_task(store, a.id, a.version, end=day(12, 1))
    sched = compute_schedule(store)
    assert (sched.tasks[b.id].es, sched.tasks[b.id].ef) == (day(12, 2), day(12, 8))
    assert sched.finish == day(12, 15)
    moved = schedule.reschedule(*plan_inputs(store))
    assert moved == {b.id: (day(12, 2), day(12, 8)), c.id: (day(12, 9), day(12, 15))}


def test_holidays_are_not_working_days(store: Store) -> None:
    update_charter(store, 1, holidays=[day(11, 25)])
    assert not calendar(store).is_working(day(11, 25))
    assert calendar(store).is_working(day(11, 24))


def test_set_baseline_copies_the_dates_and_outdates_baseline_signoffs(
    store: Store, chain: list[Task]
) -> None:
    rd = add_department(store, "R&D")
    head = add_member(store, Member(name="Head", department_id=rd.id, is_head=True))
    first = set_baseline(store)
    assert (first.label, first.task_count, first.taken_at) == (
        "Baseline 1",
        3,
        "2026-11-23T09:00:00+00:00",
    )
    assert [(t.baseline_start, t.baseline_end) for t in tasks(store)] == [
        (t.start, t.end) for t in chain
    ]
    sign(store, Document.BASELINE, rd.id, head)

    b = get(store, Task, chain[1].id)
    update_task(store, b.id, b.version, end=day(12, 7))
    assert get(store, Task, b.id).baseline_end == day(12, 4)
    second = set_baseline(store, "After review")
    assert get(store, Task, b.id).baseline_end == day(12, 7)
    assert [bl.label for bl in baselines(store)] == ["Baseline 1", "After review"]
    assert second.id == 2
    assert [s.outdated for s in signoffs(store, Document.BASELINE)] == [True]


def test_set_baseline_moves_task_versions(store: Store, chain: list[Task]) -> None:
    """A form opened before the baseline must not overwrite it unnoticed."""
    set_baseline(store)
    assert [t.version for t in tasks(store)] == [2, 2, 2]


def slips(store: Store) -> list[tuple[str, int]]:
    return [(s.task.title, s.days) for s in slipping(store)]


def test_no_baseline_no_slipping(store: Store, chain: list[Task]) -> None:
    update_task(store, chain[0].id, 1, end=day(12, 31))
    assert slips(store) == []


@pytest.mark.parametrize(("end", "expected"), [(day(12, 1), []), (day(12, 2), [("A", 3)])])
def test_slipping_by_planned_end(store: Store, end: date, expected: list) -> None:
    a = task(store, "A", MON, FRI)
    set_baseline(store)
    update_task(store, a.id, 2, end=end)
    assert slips(store) == expected


def test_slipping_by_forecast_through_a_predecessor(store: Store, chain: list[Task]) -> None:
    set_baseline(store)
    a = get(store, Task, chain[0].id)
    # Two working days late: tolerated, and so is the knock-on effect.
    a = update_task(store, a.id, a.version, end=day(12, 1))
    assert slips(store) == []
    # Three: A and, by the schedule, B and C, whose own plans did not change.
    update_task(store, a.id, a.version, end=day(12, 2))
    assert slips(store) == [("A", 3), ("B", 3), ("C", 3)]


@pytest.mark.parametrize("actual_end", [day(12, 1), day(12, 2), day(12, 9)])
def test_a_done_task_is_never_slipping_however_late_it_finished(
    store: Store, actual_end: date
) -> None:
    a = task(store, "A", MON, FRI)
    set_baseline(store)
    update_task(store, a.id, 2, status="done", actual_end=actual_end)
    assert slips(store) == []
    assert board_flags(store).slip == {}


def test_an_unfinished_task_past_its_end_slips_with_the_calendar(store: Store) -> None:
    late = task(store, "late", day(11, 9), day(11, 13))
    set_baseline(store)
    assert slipping(store, today=day(11, 17)) == []
    assert [(s.task.id, s.days) for s in slipping(store, today=day(11, 18))] == [(late.id, 3)]
    update_task(store, late.id, 2, status="done", actual_end=day(11, 16))
    assert slipping(store, today=day(11, 18)) == []


def test_due_between_lists_unfinished_tasks(store: Store, chain: list[Task]) -> None:
    a, b, _ = chain
    assert [t.id for t in due_between(store, MON, day(12, 6))] == [a.id, b.id]
    update_task(store, a.id, a.version, status="done")
    assert [t.id for t in due_between(store, MON, day(12, 6))] == [b.id]


def test_the_department_follows_the_owner_unless_set(store: Store) -> None:

    rd, sales = add_department(store, "R&D"), add_department(store, "Sales")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id))
    wang = add_member(store, Member(name="Wang Fang", department_id=sales.id))
    new = save_task_form(
        store, None, None, {"title": "T", "start": MON, "end": FRI, "owner_id": li.id}
    ).task
    assert new.department_id == rd.id
    # A new owner brings their department; a department given with them stays.
    moved = save_task_form(store, new.id, new.version, {"owner_id": wang.id}).task
    assert moved.department_id == sales.id
    kept = save_task_form(
        store, new.id, moved.version, {"owner_id": li.id, "department_id": sales.id}
    ).task
    assert kept.department_id == sales.id
    explicit = add_task(
        store, Task(title="U", start=MON, end=FRI, owner_id=li.id, department_id=sales.id)
    )
    assert explicit.department_id == sales.id


def test_a_task_saved_with_predecessors_starts_where_they_allow(store: Store) -> None:
    from store.tasks import parse_after_list

    a = task(store, "A", MON, FRI)
    new = save_task_form(
        store, None, None, {"title": "B", "start": MON, "end": day(11, 24)}, parse_after_list("1")
    ).task
    assert (new.start, new.end) == (day(11, 30), day(12, 1))  # two working days kept
    later = task(store, "C", MON, MON)
    linked = save_task_form(
        store, later.id, later.version, {}, parse_after_list(f"{a.id}:SS:2")
    ).task
    assert linked.start == day(11, 25)
    assert compute_schedule(store).tasks[linked.id].es == linked.start


def test_a_loop_written_by_another_program_does_not_stop_a_link_edit(store: Store) -> None:
    from store.tasks import held_by

    a, b = task(store, "A", MON, FRI), task(store, "B", MON, FRI)
    c = task(store, "C", day(11, 30), day(12, 4), str(a.id))
    store.conn.executescript(  # what sqlite3 could do: a loop the store would refuse
        f"INSERT INTO dependencies (predecessor_id, successor_id, type, lag, version, created_at,"
        f" updated_at, updated_by) VALUES ({a.id}, {b.id}, 'FS', 0, 1, 'x', 'x', 'x'),"
        f" ({b.id}, {a.id}, 'FS', 0, 1, 'x', 'x', 'x');"
    )
    link = predecessors(store, c.id)[0]
    update_dependency(store, link.id, link.version, lag=2)
    assert (get(store, Task, c.id).start, predecessors(store, c.id)[0].lag) == (day(11, 30), 2)
    assert held_by(store, c.id) is None


# -- move_task -------------------------------------------------------------------------------


def test_move_records_actual_dates(store: Store) -> None:
    t = task(store, "T", day(11, 16), day(11, 27))
    doing = move_task(store, t.id, t.version, "doing")
    assert (doing.status, doing.actual_start, doing.actual_end) == ("doing", MON, None)
    done = move_task(store, t.id, doing.version, "done")
    assert (done.actual_end, done.progress) == (MON, 100)
    back = move_task(store, t.id, done.version, "doing")
    assert back.actual_end is None and back.actual_start == MON


def test_quick_moves_chain_with_the_version_read_but_never_over_someone_else(
    db_path: Path, store: Store
) -> None:
    t = task(store, "T", day(11, 16), day(11, 27))
    move_task(store, t.id, t.version, "doing", shown="todo")
    chained = move_task(store, t.id, t.version, "blocked", shown="doing")
    assert (chained.status, chained.version) == ("blocked", t.version + 2)
    with pytest.raises(Conflict):  # not the status the board showed
        move_task(store, t.id, t.version, "done", shown="doing")
    with Store(db_path, "wang") as wang:
        update_task(wang, t.id, chained.version, title="Renamed")
    with pytest.raises(Conflict):  # someone else changed it meanwhile
        move_task(store, t.id, t.version, "done", shown="blocked")
    with pytest.raises(Conflict):  # without what it showed, only the version read counts
        move_task(store, t.id, chained.version, "done")
    assert get(store, Task, t.id).status == "blocked"


def test_move_refused_for_unfinished_fs_predecessor_until_confirmed(store: Store) -> None:
    a = task(store, "Prototype", MON, day(11, 27))
    b = task(store, "Develop", day(11, 30), day(12, 4), str(a.id))
    ss = task(store, "Parallel", MON, day(11, 27), f"{a.id}:SS")
    with pytest.raises(BlockedBy) as blocked:
        move_task(store, b.id, b.version, "doing")
    assert [t.id for t in blocked.value.blockers] == [a.id]
    assert f"#{a.id} Prototype" in str(blocked.value)
    assert get(store, Task, b.id).status == "todo"
    assert move_task(store, b.id, b.version, "doing", confirmed=[a.id]).status == "doing"
    # Only finish-to-start waits; moving to blocked never asks.
    assert move_task(store, ss.id, ss.version, "doing").status == "doing"
    c = task(store, "Later", day(12, 7), day(12, 8), str(a.id))
    assert move_task(store, c.id, c.version, "blocked").status == "blocked"


def test_move_with_stale_version_is_a_conflict(store: Store) -> None:
    t = task(store, "T", MON, MON)
    update_task(store, t.id, t.version, title="Renamed elsewhere")
    with pytest.raises(Conflict):
        move_task(store, t.id, t.version, "doing")
    assert get(store, Task, t.id).status == "todo"


# -- save_task_form (the task form) ------------------------------------------------------------


def test_save_task_adds_changes_and_removes_predecessors(store: Store) -> None:
    a = task(store, "A", MON, MON)
    b = task(store, "B", MON, MON)
    c = task(store, "C", MON, MON)
    saved = save_task_form(
        store, c.id, c.version, {"title": "C2"}, parse_after_list(f"{a.id}, {b.id}:SS:2")
    ).task
    assert saved.title == "C2"
    assert format_after(predecessors(store, c.id)) == f"{a.id}, {b.id}:SS:2"
    saved = save_task_form(store, c.id, saved.version, {}, parse_after_list(f"{b.id}:FF:-1")).task
    assert format_after(predecessors(store, c.id)) == f"{b.id}:FF:-1"


def test_save_task_refuses_a_cycle_naming_it(store: Store) -> None:
    a = task(store, "A", MON, MON)
    b = task(store, "B", MON, MON, str(a.id))
    c = task(store, "C", MON, MON, str(b.id))
    with pytest.raises(DependencyInvalid, match=f"#{a.id} → #{b.id} → #{c.id} → #{a.id}"):
        save_task_form(store, a.id, a.version, {}, parse_after_list(str(c.id)))
    assert predecessors(store, a.id) == []


def test_save_task_unknown_predecessor_and_new_task_status(store: Store) -> None:
    a = task(store, "A", MON, MON)
    with pytest.raises(DependencyInvalid, match="#999: there is no such task"):
        save_task_form(store, a.id, a.version, {}, parse_after_list("999"))
    new = save_task_form(
        store, None, None, {"title": "New", "start": MON, "end": MON, "status": "done"}, []
    ).task
    assert (new.actual_end, new.progress) == (MON, 100)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12:XX", "type must be FS, SS, FF or SF"),
        ("12:SS:soon", "lag must be a whole number"),
        ("12:SS:400", "between -365 and 365"),
        ("twelve", "expected ID[:TYPE[:LAG]]"),
        ("12, 12:SS", "#12 is given twice"),
    ],
)
def test_parse_after_list_errors(text: str, message: str) -> None:
    with pytest.raises(Invalid) as error:
        parse_after_list(text)
    assert message in str(error.value)


def test_date_edit_that_closes_a_cycle_is_refused(store: Store, phased_chain: list[Task]) -> None:
    """The task form edits dates and predecessors in one save: a loop is refused, named."""
    from store.tasks import parse_after_list

    a = phased_chain[0]
    with pytest.raises(Invalid, match=r"#1 → #2 → #3 → #1"):
        save_task_form(
            store,
            a.id,
            a.version,
            {"start": day(11, 24), "end": FRI},
            parse_after_list(str(phased_chain[2].id)),
        )
    assert dates(store)[a.id] == (MON, FRI)


# --- the baseline, after a shift --------------------------------------------------


def test_set_baseline_logs_each_task_and_outdates_the_signoff(
    store: Store, phased_chain: list[Task]
) -> None:
    rd = add_department(store, "R&D")
    head = add_member(store, Member(name="Head", department_id=rd.id, is_head=True))
    cursor = changes.cursor(store)
    set_baseline(store)
    logged = [c for c in changes.since(store, cursor) if c.entity == "tasks"]
    assert [c.record_id for c in logged] == [t.id for t in phased_chain]
    assert logged[0].before == {"baseline_start": None, "baseline_end": None}
    assert logged[0].after == {
        "baseline_start": "2026-11-23",
        "baseline_end": "2026-11-27",
        "version": 2,
    }
    assert (Document.BASELINE, rd) in [(d, dept) for d, dept in missing_signoffs(store)]
    sign(store, Document.BASELINE, rd.id, head)
    shifting.shift_task(store, phased_chain[3].id, get(store, Task, phased_chain[3].id).version, 1)
    cursor = changes.cursor(store)
    set_baseline(store, "Re-plan")
    logged = [c for c in changes.since(store, cursor) if c.entity == "tasks"]
    assert [c.record_id for c in logged] == [phased_chain[3].id]  # only what moved
    assert [s.outdated for s in signoffs(store, Document.BASELINE)] == [True]
    assert (Document.BASELINE, rd) in [(d, dept) for d, dept in missing_signoffs(store)]


@pytest.mark.parametrize("spec", ["①", "²:FS", "#③:SS:1"])
def test_a_predecessor_written_with_a_digit_int_cannot_read_is_refused(spec: str) -> None:
    """``--after ①`` once ended the command line with a traceback."""
    with pytest.raises(Invalid, match="expected ID"):
        parse_after(spec)
