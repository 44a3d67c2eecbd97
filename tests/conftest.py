"""Shared fixtures: real SQLite files in tmp_path, never mocks, and a frozen clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store.db import Store
from store.models import Project
from tui.i18n import set_language

# Every test (and every process a test starts) sees the same "now".
FROZEN_NOW = "2026-11-23T09:00:00+00:00"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Freeze the clock and keep the user's own data, config, language and standby
    process out of tests.

    A command-line test run in this process with ``--lang zh`` sets the whole
    process's language, as the command does: it is English again after every test."""
    monkeypatch.setenv("XDEPT_NOW", FROZEN_NOW)
    monkeypatch.setenv("XDEPT_USER", "tester")
    monkeypatch.setenv("XDEPT_LANG", "en")
    monkeypatch.setenv("XDEPT_STANDBY", "0")  # tests/cli/test_standby.py starts its own
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("XDEPT_DB", raising=False)
    monkeypatch.delenv("XDEPT_THEME", raising=False)
    yield
    set_language("en")


# Second users of the tests about live refresh, conflicts and merges: they change
# whatever the test needs, as a second project manager would. The rules themselves
# are tested on their own (tests/store/test_roles.py, tests/cli/test_roles.py, and
# from the app in tests/tui/test_roles.py); every other login stays under them.
SECOND_USERS = {"other", "alice"}


@pytest.fixture(autouse=True)
def _second_users_may_write(monkeypatch: pytest.MonkeyPatch) -> None:
    from store.roles import Rules

    check = Rules.check

    def unless_second_user(rules: Rules, table: str, before: object, after: object) -> None:
        if rules.store.actor not in SECOND_USERS:
            check(rules, table, before, after)  # type: ignore[arg-type]

    monkeypatch.setattr(Rules, "check", unless_second_user)


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Move the frozen clock to an ISO date or time (for this process and its children)."""
    return lambda when: monkeypatch.setenv("XDEPT_NOW", when)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def store(db_path: Path):
    """An empty project database, as ``xdept-tui init`` leaves it."""
    with Store(db_path, "tester", create=True) as s:
        from store.project import create_project

        create_project(s, Project(name="Test project"))
        yield s


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB tmpfs mounted at tmp_path/disk (root with CAP_SYS_ADMIN, as in CI):
    a real full disk and a real read-only mount, not an imitation."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)
