"""Who is here: the header (who you are, who else), "✎ name" on rows someone else edits,
the form's warning, and another process arriving and going silent."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from store import presence
from store.db import Store
from store.models import Member
from store.people import add_member, departments, member_for_login, members
from store.symbols import EDITING
from tests.tui.helpers import notifications, ready, row_texts, screen_text, until
from tui import presence as app_presence
from tui.app import XdeptApp
from tui.modals.form import RecordForm
from tui.modals.help import HelpScreen
from tui.presence import since_time
from tui.widgets.table import KeyedTable

ROOT = Path(__file__).parents[2]
WIDE = (160, 48)
NARROW = (80, 24)


def header(app: XdeptApp) -> str:
    return screen_text(app).splitlines()[0]


def others(store: Store, n: int) -> list[Member]:
    """``n`` members with a login, the acting user ("tester", 杨帆) left out."""
    return [m for m in members(store) if m.login and m.login != "tester"][:n]


def wangfang(store: Store) -> Member:
    found = member_for_login(store, "wangfang")
    assert found is not None
    return found


def arrive(store: Store, member: Member, session: str = "", **where: str) -> None:
    """Another app of ``member`` beats (from ``store``: another connection than the app's)."""
    assert member.login is not None
    presence.beat(store, session or member.login, login=member.login, member_id=member.id, **where)


async def test_the_header_names_you_and_up_to_five_others_then_a_count(
    demo_store, other_store
) -> None:
    seven = others(other_store, 7)
    for index, member in enumerate(seven):
        arrive(other_store, member, f"s{index}")
    presence.beat(other_store, "mine-too", login="tester")  # another terminal of mine
    app = XdeptApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        names = ", ".join(m.name for m in seven[:5])
        await until(pilot, lambda: f"here: {names} +2 · " in header(app), what="five, then +2")
        assert " · 杨帆 ★ · here: " in header(app)  # who I am, then the others
        assert header(app).count("杨帆") == 1  # my own other app does not count
        for session in ("s0", "s1", "s2"):
            presence.leave(other_store, session)
        rest = ", ".join(m.name for m in seven[3:])
        await until(pilot, lambda: f"here: {rest} · " in header(app), what="three left")


async def test_at_80_columns_the_others_are_short_or_counted(demo_store, other_store) -> None:
    emma = member_for_login(other_store, "emma.clark")
    assert emma is not None
    arrive(other_store, emma)
    app = XdeptApp(demo_store)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("3")
        await until(pilot, lambda: " · 杨帆★ · EC · " in header(app), what="initials")
        more = [m for m in others(other_store, 4) if m.id != emma.id][:3]
        for member in more:
            arrive(other_store, member)
        await until(pilot, lambda: " · 杨帆★ +4 · " in header(app), what="me and a count")
        assert "智能手环" in header(app)  # the project's name stays


async def test_a_login_on_no_roster_entry_is_told_so_and_how_the_pm_adds_it(demo_db) -> None:
    with Store(demo_db, "nobody") as store:
        app = XdeptApp(store)
        async with app.run_test(size=WIDE) as pilot:
            await ready(pilot)
            await until(
                pilot,
                lambda: " · login nobody · not on the roster (read only) · " in header(app),
                what="the long line",
            )
            await pilot.click("ProjectHeader")
            how = "xdept-tui member add NAME --department D --login nobody"
            await until(pilot, lambda: any(how in n.message for n in notifications(app)))
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
            assert how in screen_text(app).replace("\n", " ") or how in str(
                app.screen.query_one(".keys", Static).content
            )
        app = XdeptApp(store)
        async with app.run_test(size=NARROW) as pilot:
            await ready(pilot)
            await until(pilot, lambda: "  nobody: read only · " in header(app), what="short")


async def test_the_header_follows_a_beat_without_waiting_for_its_timer(
    demo_store, other_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A beat moves data_version: the poll reads who is here at once."""
    monkeypatch.setattr(app_presence, "READ_SECONDS", 1000.0)
    wang = wangfang(other_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.presence.watching, what="watching")
        await pilot.pause(0.3)
        assert "王芳" not in header(app)
        arrive(other_store, wang)
        await until(pilot, lambda: "here: 王芳 · " in header(app), what="arrived")
        presence.leave(other_store, "wangfang")
        await until(pilot, lambda: "王芳" not in header(app), what="left")


async def test_hostile_names_show_literally_in_the_header_and_on_rows(
    demo_store, other_store
) -> None:
    department = departments(other_store)[0]
    eve = add_member(
        other_store,
        Member(name="[b]Eve[/] \x1b[31mred", department_id=department.id, login="eve"),
    )
    presence.beat(other_store, "x", login="ev\x1b]0;owned\x07il")  # no roster entry
    app = XdeptApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        table = app.screen.query_one("#members", KeyedTable)
        await until(pilot, lambda: str(eve.id) in row_texts(table), what="the roster")
        arrive(other_store, eve, editing=f"members:{eve.id}")
        await until(pilot, lambda: "[b]Eve[/]" in header(app), what="eve here")
        assert "ev]0;owned" in header(app)  # the controls stripped, the rest as typed
        assert "\x1b" not in header(app) and "\x07" not in header(app)
        await until(
            pilot,
            lambda: row_texts(table)[str(eve.id)][1].startswith(f"{EDITING} [b]Eve[/] [31mred"),
            what="✎ on eve's row",
        )


async def test_a_card_someone_edits_says_who_and_the_cursor_stays(demo_store, other_store) -> None:
    wang = wangfang(other_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("4")
        board = app.screen.board  # type: ignore[attr-defined]
        await until(pilot, lambda: board.focused_id is not None, what="the board")
        await pilot.press("down")
        task_id = board.focused_id
        arrive(other_store, wang, screen="board", editing=f"tasks:{task_id}")
        await until(pilot, lambda: f"{EDITING} 王芳" in screen_text(app), what="✎ 王芳")
        assert board.focused_id == task_id
        arrive(other_store, wang, screen="board")
        await until(pilot, lambda: EDITING not in screen_text(app), what="closed their form")
        assert board.focused_id == task_id


async def test_a_risk_someone_edits_says_who_in_the_register(demo_store, other_store) -> None:
    wang = wangfang(other_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("6")
        table = app.screen.query_one("#risk-table")
        await until(pilot, lambda: table.row_count > 0, what="the register")  # type: ignore[attr-defined]
        key = table.keys[0]  # type: ignore[attr-defined]
        arrive(other_store, wang, screen="risks", editing=f"risks:{key}")
        await until(
            pilot,
            lambda: table.row_text(key)[3].startswith(f"{EDITING} 王芳 "),  # type: ignore[attr-defined]
            what="✎ on the risk",
        )


async def test_a_form_on_a_record_someone_edits_says_who_and_since_when(
    demo_store, other_store
) -> None:
    wang = wangfang(other_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        table = app.screen.query_one("#members", KeyedTable)
        await until(pilot, lambda: table.row_count > 0, what="the roster")
        key = table.cursor_key
        assert key is not None
        arrive(other_store, wang, screen="roster", editing=f"members:{key}")
        await until(pilot, lambda: EDITING in row_texts(table)[key][1], what="✎ on the row")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        (entry,) = app.presence.others
        said = (
            f"{EDITING} 王芳 is editing this record since {since_time(entry)}; "
            "saving will merge with their changes"
        )
        box = app.screen.query_one("#form-here", Static)
        assert str(box.content) == said and box.display
        presence.leave(other_store, "wangfang")
        await until(pilot, lambda: not box.display, what="the warning goes with them")


def beat_and_wait(path: str) -> None:
    """A second process: 王芳's app beats once, says so, and waits to be killed."""
    import time

    with Store(Path(path), "wangfang") as store:
        wang = member_for_login(store, "wangfang")
        assert wang is not None
        presence.beat(store, "child", login="wangfang", member_id=wang.id, screen="board")
        print("beat", flush=True)
        time.sleep(600)


@pytest.mark.slow
async def test_another_process_appears_in_the_header_and_goes_once_silent(
    demo_store,
    demo_db,
    clock_at: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app_presence, "READ_SECONDS", 0.5)  # the silent are noticed soon
    code = "import sys; from tests.tui.test_presence import beat_and_wait as b; b(sys.argv[1])"
    app = XdeptApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        other = subprocess.Popen(
            [sys.executable, "-c", code, str(demo_db)],
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=dict(os.environ),
            text=True,
        )
        try:
            assert other.stdout is not None
            assert (await asyncio.to_thread(other.stdout.readline)).strip() == "beat"
            await until(pilot, lambda: "here: 王芳" in header(app), tries=300, what="arrived")
            other.send_signal(signal.SIGKILL)  # gone without leaving
            await asyncio.to_thread(other.wait, 60)
            clock_at("2026-11-23T09:00:30+00:00")
            await pilot.pause(1.2)
            assert "here: 王芳" in header(app)  # silent for 30 s: still counted
            clock_at("2026-11-23T09:00:46+00:00")
            await until(pilot, lambda: "王芳" not in header(app), tries=300, what="gone")
        finally:
            if other.poll() is None:
                other.kill()
