"""Waiting and reading helpers for Pilot tests: conditions, never fixed sleeps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from textual.notifications import Notification
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable

# Textual 8.2.8 has no public name for the toast widget or the tabs' underline (read
# by the theme tests), and no public way to read the toasts an app holds, the current
# screen as lines, or to shut an app down and await it inside ``run_test``. Tests
# reach Textual's private names only through this module.
from textual.widgets._tabs import Underline  # noqa: F401  (re-exported for tests)
from textual.widgets._toast import Toast  # noqa: F401  (re-exported for tests)

from store.db import Store
from store.people import members
from tui.app import XdeptApp
from tui.i18n import set_language
from tui.widgets.table import KeyedTable

SIZE = (100, 30)


async def until(
    pilot: Pilot, predicate: Callable[[], Any], tries: int = 200, what: str = ""
) -> None:
    """Wait until ``predicate()`` is true, letting the app run; fail clearly otherwise."""
    error: Exception | None = None
    for _ in range(tries):
        try:
            if predicate():
                return
            error = None
        except Exception as exc:  # e.g. the widget is not mounted yet
            error = exc
        await pilot.pause(0.02)
    detail = f" (last error: {error!r})" if error else ""
    # Not pytest.fail: Textual's auto-pilot (snapshots) only stops on an Exception.
    raise AssertionError(f"timed out waiting for {what or predicate.__name__}{detail}")


async def ready(pilot: Pilot) -> None:
    """The app has read the project's health (the header and dashboard show it)."""
    app = pilot.app
    assert isinstance(app, XdeptApp)
    await until(pilot, lambda: app.health is not None, what="the project's health")
    await pilot.pause()


async def settled(pilot: Pilot) -> None:
    """Every change written so far has reached the screens and what they started
    has finished: the app followed the change log to its newest row, and no worker
    is running (what a test counts after a save is then all there will be)."""
    from store import changes

    app = pilot.app
    assert isinstance(app, XdeptApp)
    newest = changes.cursor(app.store)
    await until(pilot, lambda: (app._cursor or 0) >= newest, what="the change log followed")
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()


class Counted:
    """Wraps a store function and counts its calls (``monkeypatch.setattr`` it in)."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.fn(*args, **kwargs)


async def show(pilot: Pilot, key: str, screen_name: str) -> Any:
    """Press a mode key and wait for that screen."""
    await pilot.press(key)
    await until(pilot, lambda: type(pilot.app.screen).__name__ == screen_name, what=screen_name)
    return pilot.app.screen


async def open_roster(pilot: Pilot) -> KeyedTable:
    """Show the roster and wait until its members table has rows."""
    await ready(pilot)
    roster = await show(pilot, "3", "RosterScreen")
    table = roster.query_one("#members", KeyedTable)
    await until(pilot, lambda: table.row_count, what="the members table")
    return table


async def open_palette(pilot: Pilot, query: str) -> Any:
    """Open the command palette on a ready app and type ``query``; returns the palette."""
    from textual.command import CommandPalette

    await ready(pilot)
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), what="the palette")
    await pilot.press(*query)
    return pilot.app.screen


def notifications(app: XdeptApp) -> list[Notification]:
    """The toasts the app holds now (Textual's private list; see the imports)."""
    return list(app._notifications)


async def shut_down(app: XdeptApp) -> None:
    """What leaving ``run_test`` (or ctrl+q) does, awaited here (Textual's private
    ``App._shutdown``; see the imports)."""
    await app._shutdown()


def screen_strips(app: XdeptApp) -> list[Strip]:
    """What the terminal shows for the current screen, line by line, with styles
    (Textual's private compositor; see the imports)."""
    return app.screen._compositor.render_strips()


def screen_text(app: XdeptApp) -> str:
    """What the terminal shows for the current screen, as plain text lines."""
    return "\n".join(strip.text for strip in screen_strips(app))


def row_texts(table: DataTable) -> dict[str, list[str]]:
    """Row key → the plain text of each cell, in order."""
    return {
        row.key.value: [str(getattr(c, "plain", c)) for c in table.get_row(row.key)]
        for row in table.ordered_rows
    }


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """The interface in ``lang`` for one test (the language is the whole process's)."""
    set_language(lang)
    try:
        yield
    finally:
        set_language("en")


def speaker_for(store: Store, department_id: int | None) -> str:
    """The login of someone else who may change a department's records (its head or
    interface person): the second user of a test where another process writes."""
    return next(
        m.login
        for m in members(store, department_id)
        if m.login and m.login != store.actor and (m.is_head or m.is_interface)
    )
