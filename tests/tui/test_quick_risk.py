"""The quick risk line (``r`` on any screen): it opens everywhere, completes owners and
tasks, keeps the text on a mistake, saves hostile text literally, and a risk typed
in one app appears in another app's dashboard."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from store.models import Member, Risk, Task
from store.records import find, get
from tests.tui.helpers import SIZE, notifications, open_palette, ready, show, until
from tui.app import XdeptApp
from tui.modals.quick_risk import QuickRiskLine

SCREENS = [
    ("1", "DashboardScreen"),
    ("2", "CharterScreen"),
    ("3", "RosterScreen"),
    ("4", "BoardScreen"),
    ("5", "GanttScreen"),
    ("6", "RisksScreen"),
]


async def open_line(pilot: Pilot) -> QuickRiskLine:
    await pilot.press("r")
    await until(pilot, lambda: isinstance(pilot.app.screen, QuickRiskLine), what="the line")
    line = pilot.app.screen
    assert isinstance(line, QuickRiskLine)
    await until(pilot, lambda: line.completions is not None, what="the completions")
    return line


def typed(line: QuickRiskLine) -> str:
    return line.query_one("#quick-risk-input", Input).value


def suggested(line: QuickRiskLine) -> list[str]:
    return [str(s.prompt) for s in line.suggested]


def said(line: QuickRiskLine) -> str:
    return str(line.query_one("#quick-risk-error", Static).content)


@pytest.mark.parametrize(("key", "name"), SCREENS)
async def test_r_opens_the_line_on_every_screen(demo_store, key: str, name: str) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await show(pilot, key, name)
        await pilot.pause()
        line = await open_line(pilot)
        assert line.query_one("#quick-risk-input", Input).has_focus
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="back on the screen")


async def test_the_palette_opens_the_line(demo_store) -> None:
    from textual.command import CommandList

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        hits = (await open_palette(pilot, "New risk")).query_one(CommandList)
        await until(pilot, lambda: hits.option_count, what="the command")
        assert str(hits.get_option_at_index(0).prompt).startswith("New risk…")
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, QuickRiskLine), what="the line")


async def test_read_only_has_no_quick_line(demo_db) -> None:
    from store.db import Store

    with Store(demo_db, "tester", read_only=True) as store:
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("r")
            await pilot.pause()
            assert type(app.screen).__name__ == "DashboardScreen"
            assert "risk.quick" not in {b.binding.id for b in app.screen.active_bindings.values()}
            assert all("New risk" not in c.title for c in app.get_system_commands(app.screen))


async def test_r_typed_in_the_boards_quick_add_is_text(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        board = await show(pilot, "4", "BoardScreen")
        await pilot.press("a", "r", "u", "n")
        assert board.query_one("#quick-input", Input).value == "run"
        assert app.screen is board


async def test_owners_complete_by_login_and_by_chinese_name_and_tasks_by_id(
    demo_store,
) -> None:
    wang = next(m for m in find(demo_store, Member) if m.login == "wangfang")
    task = get(demo_store, Task, 22)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        line = await open_line(pilot)
        await pilot.press(*"late parts @wangf")
        await until(pilot, lambda: suggested(line), what="a suggestion for wangf")
        assert suggested(line)[0].startswith(f"@{wang.name}")
        await pilot.press("tab")
        assert typed(line) == f"late parts @{wang.name} "
        await pilot.press("ctrl+u", *"late parts @", *wang.name[0])
        await until(pilot, lambda: any(wang.name in s for s in suggested(line)), what="王")
        while not suggested(line)[line.highlighted].startswith(f"@{wang.name}"):
            await pilot.press("down")
        await pilot.press("enter")  # accepts the suggestion, does not save
        assert typed(line) == f"late parts @{wang.name} "
        await pilot.press(*"p4 i5 #22")
        await until(pilot, lambda: suggested(line), what="tasks for #22")
        assert suggested(line)[0] == f"#22  {task.title}"
        await pilot.press("tab")
        assert typed(line) == f"late parts @{wang.name} p4 i5 #22 "
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, QuickRiskLine), what="saved")
        risk = find(demo_store, Risk)[-1]
        assert (risk.title, risk.owner_id, risk.level, risk.task_ids) == (
            "late parts",
            wang.id,
            "high",
            [22],
        )
        await until(
            pilot,
            lambda: any(
                f"Risk #{risk.id} added: late parts" == n.message for n in notifications(app)
            ),
            what="the toast",
        )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x p9", "p9: the probability is 1 to 5"),
        ("x @nobody", "unknown member 'nobody'"),
        ("x #99999", "task 99999 not found"),
    ],
)
async def test_a_mistake_is_said_under_the_line_and_the_text_kept(
    demo_store, text: str, message: str
) -> None:
    before = len(find(demo_store, Risk))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        line = await open_line(pilot)
        line.query_one("#quick-risk-input", Input).value = text
        await pilot.press("enter")
        await until(pilot, lambda: message in said(line), what="the message")
        assert app.screen is line and typed(line) == text
        await pilot.press("backspace")
        await until(pilot, lambda: said(line) == "", what="the message gone as the text changes")
    assert len(find(demo_store, Risk)) == before


async def test_escape_closes_and_keeps_nothing(demo_store) -> None:
    before = len(find(demo_store, Risk))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first = await open_line(pilot)
        await pilot.press(*"half typed")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, QuickRiskLine), what="closed")
        again = await open_line(pilot)
        assert again is first  # built once, shown again
        assert typed(again) == ""
    assert len(find(demo_store, Risk)) == before


async def test_hostile_text_is_saved_literally_and_the_toast_survives(demo_store) -> None:
    text = "[bold]x[/] [@click=app.quit]q[/] \x1b]0;pwned\x07\x1b]52;c;aGk=\x07\x9b1m end"
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        line = await open_line(pilot)
        line.query_one("#quick-risk-input", Input).value = text
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, QuickRiskLine), what="saved")
        risk = find(demo_store, Risk)[-1]
        assert risk.title == "[bold]x[/] [@click=app.quit]q[/] ]0;pwned]52;c;aGk=1m end"
        await until(
            pilot,
            lambda: any(risk.title in n.message for n in notifications(app)),
            what="the toast",
        )
        await pilot.pause(0.1)
        assert app.is_running


# --- two processes ---------------------------------------------------------------------


def type_a_risk(path: str, text: str) -> None:
    """Another user's app (a process of its own): r, the text, enter, then quit."""
    from store.db import Store

    async def run() -> None:
        with Store(Path(path), "wangfang") as store:
            app = XdeptApp(store)
            async with app.run_test(size=SIZE) as pilot:
                await ready(pilot)
                line = await open_line(pilot)
                await pilot.press(*text, "enter")
                await until(pilot, lambda: app.screen is not line, what="saved")
                print("saved", find(store, Risk)[-1].id, flush=True)

    asyncio.run(run())


async def test_a_risk_typed_in_one_app_appears_in_anothers_dashboard(demo_store, demo_db) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        section = app.screen.query_one("#list-risks", OptionList)
        await until(pilot, lambda: section.option_count, what="the open high risks")
        env = {**os.environ, "XDEPT_CONFIG": str(demo_db.with_name("other.json"))}
        code = (
            "import sys; from tests.tui.test_quick_risk import type_a_risk; "
            "type_a_risk(*sys.argv[1:])"
        )
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", code, str(demo_db), "Cold store floods @wangfang p5 i4"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=Path(__file__).parents[2],
        )
        assert done.returncode == 0 and "saved" in done.stdout, done.stderr[-3000:]
        options = lambda: [  # noqa: E731
            str(section.get_option_at_index(i).prompt) for i in range(section.option_count)
        ]
        await until(
            pilot,
            lambda: any("Cold store floods" in o for o in options()),
            tries=300,
            what="the other app's risk on the dashboard",
        )


# --- snapshots -------------------------------------------------------------------------


async def line_with_a_mistake(pilot: Pilot) -> None:
    await ready(pilot)
    lists = pilot.app.screen.query(OptionList)
    await until(pilot, lambda: all(o.option_count for o in lists), what="every section")
    line = await open_line(pilot)
    await pilot.press(*"Supplier late p9 @wa")
    await until(pilot, lambda: suggested(line), what="suggestions")
    await pilot.press("tab", "enter")
    await until(pilot, lambda: "p9" in said(line), what="the message")


@pytest.mark.parametrize(
    "size", [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
)
def test_quick_line_snapshot(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=line_with_a_mistake)


def test_the_syntax_shown_above_the_line_is_in_chinese_too() -> None:
    """QUICK_HELP is one message: changed in English, its Chinese must follow."""
    from store.quick_risk import QUICK_HELP
    from tests.tui.helpers import speaking
    from tui.i18n import _

    with speaking("zh"):
        assert "快速语法" in _(QUICK_HELP)


async def test_the_dashboard_lists_a_new_high_risk_without_waiting_for_the_health(
    demo_store, other_store, monkeypatch
) -> None:
    """The open high risks are read at the change, not with the next health; a health
    read before them does not undo it."""
    from store.quick_risk import add_quick_risk

    monkeypatch.setattr(XdeptApp, "_health_changed", lambda _app: None)  # only the first
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        dashboard = app.screen
        section = dashboard.query_one("#list-risks", OptionList)
        await until(pilot, lambda: section.option_count, what="the open high risks")
        before = section.option_count
        add_quick_risk(other_store, "Cold store floods p5 i4")
        await until(pilot, lambda: section.option_count == before + 1, what="the new risk")
        assert "Cold store floods" in str(section.get_option_at_index(before).prompt)
        dashboard.health_changed()  # the health, read before the risk
        assert section.option_count == before + 1


def test_the_readme_shows_the_syntax_the_line_reads() -> None:
    from store.quick_risk import QUICK_HELP

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert QUICK_HELP in readme


@pytest.mark.parametrize("digit", ["①", "²", "٣"])
async def test_a_digit_int_cannot_read_is_a_word_not_a_crash(demo_store, digit: str) -> None:
    """``str.isdigit`` says yes to ① and ², which ``int()`` refuses: typed after ``#``
    they once ended the app."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        line = await open_line(pilot)
        await pilot.press("#", digit)
        await pilot.pause()
        assert app.is_running and typed(line) == f"#{digit}"
        await pilot.press("enter")
        await until(pilot, lambda: bool(said(line)), what="the mistake")
        assert app.is_running and isinstance(app.screen, QuickRiskLine)
