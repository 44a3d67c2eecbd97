"""Dashboard (1): the health the store computes, shown item by item; items open records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.widgets import OptionList

from store import health, people, tasks
from store.models import Member, Task
from store.records import get
from tests.tui.helpers import SIZE, ready, screen_text, speaking, until
from tui.app import XdeptApp
from tui.widgets.table import KeyedTable


def items(app: XdeptApp, section: str) -> dict[str | None, str]:
    """Option id → the plain text of one dashboard section's lines."""
    options = app.screen.query_one(f"#list-{section}", OptionList).options
    return {option.id: str(option.prompt) for option in options}


async def test_dashboard_shows_what_the_store_says(demo_store) -> None:
    slipping = tasks.slipping(demo_store)
    lacking = people.without_interface(demo_store)
    assert slipping, "the demo should have a slipping task"
    assert len(lacking) == 1, "the demo has one department without an interface person"
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: items(app, "slipping"), what="the slipping section")
        shown = items(app, "slipping")
        assert list(shown) == [f"tasks:{s.task.id}" for s in slipping]
        for slip in slipping:
            line = shown[f"tasks:{slip.task.id}"]
            assert slip.task.title in line
            assert f"+{slip.days} wd" in line
        assert items(app, "interface") == {f"departments:{lacking[0].id}": lacking[0].name}
        expected = health.health(demo_store)
        assert len(items(app, "signoffs")) == len(expected.missing_signoffs)
        header = screen_text(app).splitlines()[0]
        assert expected.project_name[:10] in header  # the name gives way to the health
        assert f"{len(expected.slipping)} slipping" in header
        assert "2026-11-23" in header  # the frozen clock, not the real one
        assert f"{len(slipping)} slipping" in header


async def test_enter_on_an_item_opens_its_record(demo_store) -> None:
    lacking = people.without_interface(demo_store)[0]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        options = app.screen.query_one("#list-interface", OptionList)
        await until(pilot, lambda: options.option_count and options.options[0].id)
        options.focus()
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "RosterScreen", what="roster")
        table = app.screen.query_one("#departments", KeyedTable)
        await until(pilot, lambda: table.cursor_key == str(lacking.id), what="the department's row")
        assert app.screen.focused is table


async def test_dashboard_follows_another_users_changes(demo_store, other_store) -> None:
    lacking = people.without_interface(demo_store)[0]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: items(app, "interface"), what="the interface section")
        assert f"departments:{lacking.id}" in items(app, "interface")
        people.add_member(
            other_store,
            Member(name="Speaks For Them", department_id=lacking.id, is_interface=True),
        )
        await until(
            pilot,
            lambda: list(items(app, "interface")) == [None],
            what="the department to leave the list",
        )
        assert "none" in items(app, "interface")[None]


async def test_the_counts_follow_another_users_task_and_risk(demo_store, other_store) -> None:
    """Another connection moves a slipping task to done, then adds a high risk: the
    dashboard's sections and the header count them (the health is read again at the
    change, without a critical-path run: store/plan.py)."""
    from store.quick_risk import add_quick_risk
    from tui.widgets.header import ProjectHeader

    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: items(app, "slipping"), what="the slipping section")
        header = app.screen.query_one(ProjectHeader)
        slipping = app.screen.query_one("#section-slipping")
        late = app.health.slipping
        task = get(other_store, Task, late[0].task.id)
        tasks.update_task(other_store, task.id, task.version, status="done")

        def counted(section: Any, n: int, said: str) -> Callable[[], bool]:
            return lambda: f"({n})" in str(section.border_title) and said in str(header.content)

        n = len(late) - 1
        await until(pilot, counted(slipping, n, f"{n} slipping"), what="one fewer slipping")
        assert f"tasks:{task.id}" not in items(app, "slipping")
        risks = app.screen.query_one("#section-risks")
        high = len(app.health.high_risks) + 1
        add_quick_risk(other_store, "Cold store floods p5 i5")
        await until(pilot, counted(risks, high, f"{high} high risks"), what="one more high risk")


async def test_a_health_that_leaves_a_list_as_it_was_leaves_the_list_alone(demo_store) -> None:
    """Another user's change redraws the lists it changed only (the health is read
    again at every change)."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: items(app, "slipping"), what="the slipping section")
        options = app.screen.query_one("#list-slipping", OptionList)
        before = list(options.options)
        app.screen.health_changed()
        assert all(now is was for now, was in zip(options.options, before, strict=True))


async def test_user_text_is_shown_literally_without_escape_codes(demo_store) -> None:
    department = people.departments(demo_store)[0]
    owner = people.add_member(
        demo_store, Member(name="[bold]x[/]", department_id=department.id, is_interface=True)
    )
    task = tasks.add_task(
        demo_store,
        Task(
            title="[@click=app.quit]boom[/] \x1b]0;pwned\x07 done",
            owner_id=owner.id,
            start=date(2026, 11, 23),
            end=date(2026, 11, 25),
        ),
    )
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: items(app, "due"), what="the due section")
        due = [text for text in items(app, "due").values() if "boom" in text]
        assert due == [
            f"#{task.id} [@click=app.quit]boom[/] ]0;pwned done · [bold]x[/] "
            f"({department.name}) · Wed 11-25"
        ]
        assert "[bold]x[/]" in items(app, "updates")[f"missing_updates:{owner.id}"]
        assert "\x1b" not in screen_text(app)


async def test_enter_right_after_opening_opens_the_first_item(demo_store) -> None:
    """Nothing to focus first: the first listed record is under the cursor at once."""
    first = tasks.slipping(demo_store)[0].task
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await until(pilot, lambda: items(app, "slipping"), what="the slipping section")
        assert app.screen.focused is app.screen.query_one("#list-slipping", OptionList)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen", what="the board")
        board = app.screen.board
        await until(pilot, lambda: board.focused_id == first.id, what="the task's card")


async def test_due_dates_name_the_weekday_in_the_users_language(demo_store) -> None:
    due = health.health(demo_store).due_this_week
    assert due, "the demo has tasks due this week"
    with speaking("zh"):
        app = XdeptApp(demo_store)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await until(pilot, lambda: items(app, "due"), what="the due-this-week section")
            shown = items(app, "due")
            for task in due:
                weekday = "一二三四五六日"[task.end.weekday()]
                assert f"周{weekday} {task.end:%m-%d}" in shown[f"tasks:{task.id}"]
