"""``xdept-tui export gantt``: Markdown to stdout or a file; mistakes refused in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.db import Store
from store.models import Task
from store.tasks import add_task, parse_after
from tests.cli.test_cli import TODAY as MON
from tests.cli.test_cli import ok, refused, run


def plan(store: Store) -> None:
    a = add_task(store, Task(title="设计 [bold]x[/]", start=MON, end=MON, phase="原型"))
    add_task(
        store,
        Task(title="Build", start=MON, end=MON, phase="原型"),
        after=[parse_after(str(a.id))],
    )


def test_to_stdout(store: Store, db_path: Path) -> None:
    plan(store)
    out = ok(run(db_path, "export", "gantt"))
    assert out.startswith("# Gantt chart: Test project\n")
    assert "## 原型" in out
    assert "| 1 | 设计 [bold]x[/] | — | 2026-11-23 | 2026-11-23 | 0 | yes | — |" in out
    assert out.count("```") == 2
    assert "Legend:" in out


def test_to_a_file(store: Store, db_path: Path, tmp_path: Path) -> None:
    plan(store)
    target = tmp_path / "plan.md"
    result = run(db_path, "export", "gantt", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "wrote" in result.stderr
    assert target.read_text(encoding="utf-8") == ok(run(db_path, "export", "gantt"))


def test_in_chinese(store: Store, db_path: Path) -> None:
    plan(store)
    out = ok(run(db_path, "--lang", "zh", "export", "gantt"))
    assert "## 原型" in out


def test_bad_output_path_is_one_line(store: Store, db_path: Path, tmp_path: Path) -> None:
    plan(store)
    refused(run(db_path, "export", "gantt", "-o", str(tmp_path / "no" / "such" / "dir.md")))


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    refused(run(tmp_path / "none.db", "export", "gantt"), "no such database")


def test_a_cycle_is_named(store: Store, db_path: Path) -> None:
    plan(store)
    store.conn.execute(
        "INSERT INTO dependencies (predecessor_id, successor_id, type, lag, version, "
        "created_at, updated_at, updated_by) VALUES (2, 1, 'FS', 0, 1, '', '', 'x')"
    )
    refused(run(db_path, "export", "gantt"), "cycle", "#1 → #2 → #1")


def test_extra_argument_is_a_usage_error(store: Store, db_path: Path) -> None:
    result = run(db_path, "export", "gantt", "extra")
    assert result.exit_code == 2


def test_real_process_and_csv_tasks(store: Store, db_path: Path) -> None:
    plan(store)
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(db_path), "export", "gantt"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Legend:" in done.stdout
    csv = ok(run(db_path, "export", "csv", "tasks"))
    assert csv.splitlines()[0].startswith("id,version,")
    assert len(csv.splitlines()) == 3
