"""TUI fixtures: a copy of the demo database per test, and async tests without a plugin.

The demo is generated once per session into a template file (slow: the whole
project with its schedule) and copied into each test's tmp_path, because tests
write to it.
"""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest
from textual.app import App

from store.db import Store


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = inspect.signature(pyfuncitem.obj).parameters
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def _tui_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Settings in tmp (theme tests) and no animations (stable snapshots)."""
    config = tmp_path / "config" / "settings.json"
    monkeypatch.setenv("XDEPT_CONFIG", str(config))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return config


@pytest.fixture(autouse=True)
def _notifications_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``run_test`` shows toasts, as the real app does: Textual turns them off in
    tests by default, which hid a toast whose markup crashed every open app."""
    run_test = App.run_test

    def with_notifications(self: App, *args: object, **kwargs: object):
        kwargs["notifications"] = True
        return run_test(self, *args, **kwargs)

    monkeypatch.setattr(App, "run_test", with_notifications)


@pytest.fixture
def settings_file(_tui_env: Path) -> Path:
    return _tui_env


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's demo database lives; ``demo_db`` generates it on first use."""
    return tmp_path_factory.mktemp("demo") / "demo.db"


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo project.

    Generated inside the first test that needs it, so the frozen clock and user
    of the autouse fixtures apply; closed before copying, so the WAL is
    checkpointed into the one file copied.
    """
    if not demo_template.exists():
        from store import demo

        building = demo_template.with_name("building.db")
        building.unlink(missing_ok=True)
        with Store(building, "tester", create=True) as store:
            demo.generate(store)
        building.rename(demo_template)
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def demo_store(demo_db: Path):
    with Store(demo_db, "tester") as store:
        yield store


@pytest.fixture
def other_store(demo_db: Path):
    """Another user's connection to the same file: its commits move data_version."""
    with Store(demo_db, "other") as store:
        yield store
