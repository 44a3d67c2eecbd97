"""Hostile or broken input to the real console script: one line on stderr, exit 1.

Each case printed a traceback (or a misleading message) before: bytes that are
not UTF-8 in an argument, a CSV cell over csv's field limit, an unterminated
quote, JSON nested deeper than the recursion limit, our tables with
user_version 0, and a device as --db.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from store.db import Store
from tests.cli.test_cli import ok, refused, run, state


def console(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The installed ``xdept-tui`` script (bytes arguments pass through unchanged)."""
    script = Path(sys.executable).with_name("xdept-tui")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, timeout=60, check=False, env=os.environ
    )


def one_error(
    done: subprocess.CompletedProcess[bytes], *fragments: str, prefix: str = "xdept-tui: error: "
) -> str:
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 1, stderr
    assert done.stdout == b""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(prefix)
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [[b"risk", b"add", b"\xff"], [b"task", b"add", b"a\xffb"], [b"member", b"add", b"\xc3("]],
    ids=["risk", "task", "member"],
)
def test_an_argument_that_is_not_utf8_is_one_line(store: Store, args: list[bytes]) -> None:
    before = state(store)
    one_error(console("--db", str(store.path), *args, cwd=store.path.parent), "not UTF-8")
    assert state(store) == before


def test_an_argument_that_is_not_utf8_is_refused_in_the_language_asked_for(store: Store) -> None:
    args = (b"--lang", b"zh", b"risk", b"add", b"\xff")
    done = console("--db", str(store.path), *args, cwd=store.path.parent)
    one_error(done, "不是 UTF-8", prefix="xdept-tui：错误：")


def test_a_unicode_error_without_a_reason_is_still_said_in_one_line() -> None:
    from tui.cli.errors import _user_message

    # A bare UnicodeError (the idna codec raises one) has no .reason to show.
    assert _user_message(UnicodeError("label too long")) == (
        "text that is not UTF-8 (label too long)"
    )


def test_a_csv_cell_over_the_field_limit_is_one_line(store: Store, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_text(f'title,start,end\nok,2026-12-01,2026-12-02\n"{"x" * 140_000}",2026-12-01,\n')
    before = state(store)
    one_error(
        console("--db", str(store.path), "import", "csv", "tasks", str(big), cwd=tmp_path),
        "malformed",
        "line 3",
        "longer than 131,072 characters",
    )
    assert state(store) == before


def test_an_unterminated_csv_quote_is_called_malformed_with_its_line(
    store: Store, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text('title,start,end\nok,2026-12-01,2026-12-02\n"abc,2026-12-01,2026-12-02\n')
    before = state(store)
    line = one_error(
        console("--db", str(store.path), "import", "csv", "tasks", str(broken), cwd=tmp_path),
        "malformed",
        "line 3",
        "never closed",
    )
    assert "Field required" not in line
    assert state(store) == before


def test_deeply_nested_json_is_one_line(store: Store, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    before = state(store)
    one_error(
        console("--db", str(store.path), "import", "json", str(deep), cwd=tmp_path),
        "nested too deeply",
    )
    assert state(store) == before


def test_our_tables_with_user_version_0_are_one_line(store: Store) -> None:
    path = store.path
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    one_error(console("--db", str(path), "task", "list", cwd=path.parent), "no schema version")
    one_error(console("--db", str(path), "task", "add", "x", cwd=path.parent), "no schema version")


def test_dev_null_as_the_database_is_one_line(tmp_path: Path) -> None:
    for command in (["task", "list"], ["task", "add", "x"], ["check"]):
        one_error(console("--db", "/dev/null", *command, cwd=tmp_path), "/dev/null is not")


def test_a_zero_byte_file_is_one_line_pointing_to_init(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    for command in (["task", "list"], ["task", "add", "x"], ["check"]):
        one_error(console("--db", "empty.db", *command, cwd=tmp_path), "empty", "init")
    assert (tmp_path / "empty.db").stat().st_size == 0


@pytest.mark.parametrize(
    "args",
    [
        ["task", "add", "x", "--start", "0001-01-01"],
        ["task", "add", "x", "--end", "9999-12-31"],
        ["task", "add", "x", "--end", "+99999d"],
        ["update", "add", "--member", "nobody", "--done", "x", "--date", "1999-12-31"],
    ],
    ids=["year-1", "year-9999", "+99999d", "update-1999"],
)
def test_dates_outside_a_plan_are_one_line_with_the_range(store: Store, args: list[str]) -> None:
    before = state(store)
    refused(run(store.path, *args), "between 2000-01-01 and 2100-12-31")
    assert state(store) == before


def test_imported_dates_and_lags_are_bounded_too(store: Store, tmp_path: Path) -> None:
    rows = tmp_path / "tasks.csv"
    rows.write_text("title,start,end\nok,2026-12-01,2026-12-02\nfar,2026-12-01,9999-12-31\n")
    before = state(store)
    refused(run(store.path, "import", "csv", "tasks", str(rows)), "line 3", "2100-12-31")
    assert state(store) == before
    ok(run(store.path, "task", "add", "a"))
    ok(run(store.path, "task", "add", "b"))
    refused(run(store.path, "task", "link", "2", "1:FS:99999"), "between -365 and 365 working")
