"""Roles from the app: a refused action says who may and writes nothing; the project
manager's role is handed over after a question."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static, TextArea

from store import changes, people, tasks
from store.db import Store
from store.models import Member, Task
from store.records import get
from tests.tui.helpers import SIZE, notifications, open_roster, ready, screen_text, show, until
from tests.tui.test_board import open_board
from tests.tui.test_charter import to_tab
from tests.tui.test_gantt import open_gantt
from tests.tui.test_quick_risk import open_line, typed
from tests.tui.test_quick_risk import said as said_under
from tests.tui.test_roster import put_cursor_on
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.form import RecordForm
from tui.widgets.table import KeyedTable


async def open_charter_tab(pilot, app: XdeptApp, tab: str):
    await pilot.press("2")
    await until(pilot, lambda: type(app.screen).__name__ == "CharterScreen", what="the charter")
    await to_tab(pilot, app.screen, tab)
    return app.screen


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
            warning = form.query_one("#form-warning", Static)
            await until(  # said as the form opens, before anything is typed
                pilot,
                lambda: (
                    "only the project manager, 杨帆, can change the charter" in str(warning.content)
                ),
                what="the refusal as the form opens",
            )
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


async def test_a_member_moves_their_own_card_but_not_anothers(demo_db: Path) -> None:
    """Members change their own tasks; the board's ] on someone else's is refused, named."""
    with Store(demo_db, "zhaolei") as zhao:
        me = people.member_named(zhao, "zhaolei")
        todo = [t for t in tasks.tasks(zhao) if t.status == "todo"]
        mine = next(t for t in todo if t.owner_id == me.id)
        theirs = next(t for t in todo if t.owner_id not in (None, me.id))
        app = XdeptApp(zhao)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_board(pilot)
            assert screen.board.seek(theirs.id)
            start = changes.cursor(zhao)
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: said(app, "can change task"), what="the refusal")
            assert changes.cursor(zhao) == start
            assert screen.board.seek(mine.id)
            await pilot.press("right_square_bracket")
            await until(
                pilot,
                lambda: (
                    get(zhao, Task, mine.id).status == "doing" or isinstance(app.screen, Confirm)
                ),
                what="my own card moved, or the question about its predecessors",
            )
            if isinstance(app.screen, Confirm):  # it waits for a predecessor: move anyway
                await pilot.press("y")
            await until(pilot, lambda: get(zhao, Task, mine.id).status == "doing", what="my card")


async def test_a_head_cannot_sign_for_another_department(demo_db: Path) -> None:
    with Store(demo_db, "liwei") as head:  # the head of R&D
        own = people.member_named(head, "liwei").department_id
        other = next(d for d in people.departments(head) if d.id != own)
        app = XdeptApp(head)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_charter_tab(pilot, app, "tab-signoffs")
            table = screen.query_one("#signoffs", KeyedTable)
            await until(pilot, lambda: table.row_count, what="the departments")
            table.move_cursor(row=table.get_row_index(str(other.id)), column=1, animate=False)
            start = changes.cursor(head)
            await pilot.press("s")
            await until(
                pilot,
                lambda: said(app, f"cannot sign for {other.name}: only its head"),
                what="the refusal",
            )
            assert changes.cursor(head) == start


async def test_the_pm_is_told_nothing_as_the_charter_form_opens(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await show(pilot, "2", "CharterScreen")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        await until(pilot, lambda: not app.screen.workers, what="the form's checks")
        assert str(app.screen.query_one("#form-warning", Static).content) == ""
