"""``task add --after``, ``task link`` and ``task unlink``: the dates printed are the
schedule's, a link is part of the task (its version moves), and the user is told
when a task had to start later than asked."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from store.db import Store
from store.models import Member, Task
from store.people import add_department, add_member
from store.records import get
from store.tasks import add_task, predecessors
from tests.cli.test_cli import run

MON = date(2026, 11, 23)  # the frozen clock's today


@pytest.fixture
def plan(store: Store, db_path: Path) -> Path:
    """#1 runs Mon 11-30 to Fri 12-04, a week after today."""
    add_task(store, Task(title="Prototype", start=date(2026, 11, 30), end=date(2026, 12, 4)))
    return db_path


def printed_dates(output: str) -> tuple[str, str]:
    found = re.search(r"\((\d{4}-\d\d-\d\d) → (\d{4}-\d\d-\d\d)\)", output)
    assert found, output
    return found[1], found[2]


@pytest.mark.parametrize(
    ("spec", "extra", "start", "end"),
    [
        ("1", [], "2026-12-07", "2026-12-07"),
        ("1:SS:2", [], "2026-12-02", "2026-12-02"),
        ("1:FF", ["--end", "+1d"], "2026-12-03", "2026-12-04"),
        ("1:FS:-2", ["--start", "11-24", "--end", "11-26"], "2026-12-03", "2026-12-07"),
    ],
)
def test_task_add_after_prints_the_dates_the_schedule_reports(
    plan: Path, spec: str, extra: list[str], start: str, end: str
) -> None:
    done = run(plan, "task", "add", "Follow-up", "--after", spec, *extra)
    assert done.exit_code == 0, done.output
    assert printed_dates(done.output) == (start, end)
    assert f"#2 starts {start}, after #1" in done.output
    rows = json.loads(run(plan, "schedule", "--json").output)
    row = next(r for r in rows if r["id"] == 2)
    assert (row["es"], row["ef"]) == (start, end)


def test_a_task_already_after_its_predecessor_is_left_alone(plan: Path) -> None:
    done = run(plan, "task", "add", "Later", "--after", "1", "--start", "12-10", "--end", "12-11")
    assert printed_dates(done.output) == ("2026-12-10", "2026-12-11")
    assert "starts" not in done.output


def test_task_link_moves_the_task_and_its_version_and_says_so(plan: Path, store: Store) -> None:
    second = add_task(store, Task(title="Spec", start=MON, end=date(2026, 11, 24)))
    done = run(plan, "task", "link", str(second.id), "1")
    assert done.exit_code == 0, done.output
    assert f"#{second.id} starts 2026-12-07, after #1 (FS +0)" in done.output
    moved = get(store, Task, second.id)
    assert (moved.start, moved.end) == (date(2026, 12, 7), date(2026, 12, 8))  # 2 days kept
    assert moved.version == second.version + 1  # one action, one version
    done = run(plan, "task", "unlink", str(second.id), "1")
    assert done.exit_code == 0, done.output
    assert predecessors(store, second.id) == []
    assert get(store, Task, second.id).version == moved.version + 1
    done = run(plan, "task", "unlink", str(second.id), "1")
    assert done.exit_code == 1
    assert f"task #{second.id} does not follow #1" in done.output


def test_a_task_is_in_its_owners_department_unless_one_is_given(plan: Path, store: Store) -> None:
    rd = add_department(store, "R&D")
    sales = add_department(store, "Sales")
    add_member(store, Member(name="Li Wei", department_id=rd.id))
    run(plan, "task", "add", "Owned", "--owner", "Li Wei")
    run(plan, "task", "add", "Lent", "--owner", "Li Wei", "--department", "Sales")
    tasks = {t["title"]: t for t in json.loads(run(plan, "task", "list", "--json").output)}
    assert tasks["Owned"]["department_id"] == rd.id
    assert tasks["Lent"]["department_id"] == sales.id
