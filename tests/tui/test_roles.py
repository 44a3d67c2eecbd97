"""Roles from the app: a refused action says who may and writes nothing; the project
manager's role is handed over after a question."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from store import changes, people
from store.db import Store
from store.models import Member
from store.records import get
from tests.tui.helpers import SIZE, notifications, open_roster, ready, screen_text, show, until
from tests.tui.test_gantt import open_gantt
from tests.tui.test_quick_risk import open_line, typed
from tests.tui.test_quick_risk import said as said_under
from tests.tui.test_roster import put_cursor_on
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.form import RecordForm


def said(app: XdeptApp, text: str) -> bool:
    return any(text in n.message for n in notifications(app))


async def test_a_member_giving_a_role_is_refused_with_who_may(demo_db: Path) -> None:
    with Store(demo_db, "zhaolei") as zhao:  # a member of R&D in the demo
        someone = next(
            m for m in people.members(zhao) if not m.is_interface and m.login != "zhaolei"
        )
        start = changes.cursor(zhao)
        app = XdeptApp(zhao)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            table = await open_roster(pilot)
            await put_cursor_on(pilot, table, someone.id)
            await pilot.press("i")
            await until(
                pilot,
                lambda: said(app, "only the project manager, 杨帆, can change roles"),
                what="the refusal",
            )
        assert changes.cursor(zhao) == start
        assert not get(zhao, Member, someone.id).is_interface


async def test_p_hands_the_pm_role_over_after_a_question(demo_store: Store) -> None:
    wang = people.member_named(demo_store, "wangfang")
    pm = people.project_manager(demo_store)
    assert pm is not None and pm.login == demo_store.actor
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_roster(pilot)
        await put_cursor_on(pilot, table, wang.id)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        assert app.screen.question.startswith("Hand the project manager's role from 杨帆 to 王芳?")
        await pilot.press("n")
        await until(pilot, lambda: not isinstance(app.screen, Confirm), what="the answer")
        assert get(demo_store, Member, wang.id).is_pm is False
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(
            pilot,
            lambda: said(app, "王芳 is now the project manager (was 杨帆)"),
            what="who has the role now",
        )
    assert get(demo_store, Member, wang.id).is_pm
    assert not get(demo_store, Member, pm.id).is_pm


async def test_a_login_outside_the_roster_is_told_under_the_risk_line(demo_db: Path) -> None:
    with Store(demo_db, "visitor") as visitor:
        start = changes.cursor(visitor)
        app = XdeptApp(visitor)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            line = await open_line(pilot)
            line.query_one("#quick-risk-input", Input).value = "Supplier late !high"
            await pilot.press("enter")
            await until(
                pilot,
                lambda: "you (visitor) are not on the roster" in said_under(line),
                what="the refusal under the line",
            )
            assert typed(line) == "Supplier late !high"  # kept
        assert changes.cursor(visitor) == start


async def test_only_the_pm_sets_the_baseline_from_the_gantt(demo_db: Path) -> None:
    with Store(demo_db, "liwei") as head:  # the head of R&D
        start = changes.cursor(head)
        app = XdeptApp(head)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_gantt(pilot)
            await pilot.press("b")
            await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
            await pilot.press("y")
            await until(
                pilot,
                lambda: said(app, "only the project manager, 杨帆, can set the baseline"),
                what="the refusal",
            )
        assert changes.cursor(head) == start


async def test_a_member_saves_their_own_daily_update_but_not_the_charter(demo_db: Path) -> None:
    with Store(demo_db, "zhaolei") as zhao:
        app = XdeptApp(zhao)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await ready(pilot)
            await show(pilot, "2", "CharterScreen")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
            form = app.screen
            form.query_one("#field-goal", TextArea).text = "My own goal"
            start = changes.cursor(zhao)
            await pilot.press("ctrl+s")
            await until(
                pilot,
                lambda: (
                    "only the project manager, 杨帆, can change the charter" in screen_text(app)
                ),
                what="the refusal beside the form",
            )
            assert app.screen is form  # kept open, with what was typed
            assert form.query_one("#field-goal", TextArea).text == "My own goal"
            assert changes.cursor(zhao) == start
