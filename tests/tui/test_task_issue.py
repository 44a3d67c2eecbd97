"""A slipping task becomes an issue with one key (``!``) on the board, the Gantt and the
dashboard; a task that does not slip enough, or has an open issue, is refused with
the reason. The dashboard lists open issues with who each waits on and its level,
and its issue lines open the issue on screen 6."""

from __future__ import annotations

from textual.widgets import OptionList

from store.db import Store
from store.issues import issues
from store.models import Issue
from store.records import find
from store.tasks import slipping, tasks
from tests.tui.helpers import notifications, ready, settled, show, until
from tui.app import XdeptApp
from tui.screens.risks.issues import IssuesTab
from tui.widgets.gantt import GanttChart

SIZE = (120, 36)


def from_task(store: Store, task_id: int) -> list[Issue]:
    return find(store, Issue, "task_id = ?", [task_id])


def free_slip(store: Store):
    """A slipping task without an issue yet (the demo's occurred risk has one for its task)."""
    return next(s for s in slipping(store) if not from_task(store, s.task.id))


def said(app: XdeptApp, text: str) -> bool:
    return any(text in n.message for n in notifications(app))


async def test_bang_on_the_board_opens_an_issue_then_refuses_a_second(demo_store) -> None:
    slip = free_slip(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await show(pilot, "4", "BoardScreen")
        await until(pilot, lambda: screen.board.loaded, what="the cards")
        assert screen.board.seek(slip.task.id)
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: from_task(demo_store, slip.task.id), what="the issue")
        (issue,) = from_task(demo_store, slip.task.id)
        assert (issue.title, issue.source, issue.owner_id) == (
            slip.task.title,
            "task",
            slip.task.owner_id,
        )
        await until(pilot, lambda: said(app, f"Issue #{issue.id} {slip.task.title}: owner"))
        await pilot.press("exclamation_mark")
        refusal = f"task {slip.task.id} already has an unresolved issue: #{issue.id}"
        await until(pilot, lambda: said(app, refusal), what="the refusal")
        assert len(from_task(demo_store, slip.task.id)) == 1


async def test_bang_on_a_task_on_time_says_how_much_it_slips(demo_store) -> None:
    late = {s.task.id for s in slipping(demo_store)}
    on_time = next(
        t for t in tasks(demo_store) if t.baseline_end and t.id not in late and t.status != "done"
    )
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await show(pilot, "4", "BoardScreen")
        await until(pilot, lambda: screen.board.loaded, what="the cards")
        assert screen.board.seek(on_time.id)
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: said(app, f"task {on_time.id} slips "), what="the refusal")
        assert said(app, "not more than 2: no issue needed")
        await settled(pilot)
        assert from_task(demo_store, on_time.id) == []


async def test_bang_on_the_gantt_opens_an_issue_for_the_selected_task(demo_store) -> None:
    taken = next(s for s in slipping(demo_store) if from_task(demo_store, s.task.id))
    slip = free_slip(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await show(pilot, "5", "GanttScreen")
        chart = screen.query_one(GanttChart)
        await until(pilot, lambda: chart.lines, what="the chart's rows")
        assert chart.select_task(slip.task.id)
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: from_task(demo_store, slip.task.id), what="the issue")
        await until(pilot, lambda: said(app, f"{slip.task.title}: owner"), what="the toast")
        (first,) = from_task(demo_store, taken.task.id)  # the demo's occurred risk's issue
        assert chart.select_task(taken.task.id)
        await pilot.press("exclamation_mark")
        refusal = f"task {taken.task.id} already has an unresolved issue: #{first.id} {first.title}"
        await until(pilot, lambda: said(app, refusal), what="the refusal naming it")


async def test_bang_on_the_dashboard_opens_an_issue_and_its_line_opens_screen_6(
    demo_store,
) -> None:
    slip = free_slip(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        lists = app.screen.query(OptionList)
        await until(pilot, lambda: all(o.option_count for o in lists), what="every section")
        assert app.focused is app.screen.query_one("#list-slipping", OptionList)
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: from_task(demo_store, slip.task.id), what="the issue")
        (issue,) = from_task(demo_store, slip.task.id)
        section = app.screen.query_one("#list-issues", OptionList)
        line = f"issues:{issue.id}"
        await until(pilot, lambda: line in [o.id for o in section.options], what="its line")
        shown = str(section.get_option(line).prompt)
        assert f"#{issue.id} {slip.task.title} · waits on ◉ " in shown
        assert "level" not in shown  # the first level goes unsaid
        (risk_issue,) = [i for i in issues(demo_store) if i.source == "risk"]
        assert "· level 1" in str(section.get_option(f"issues:{risk_issue.id}").prompt)
        section.focus()
        section.highlighted = [o.id for o in section.options].index(line)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "RisksScreen", what="screen 6")
        tab = app.screen.query_one(IssuesTab)
        await until(pilot, lambda: tab.table.cursor_key == str(issue.id), what="the cursor")


async def test_bang_away_from_a_task_line_asks_for_one(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        risks = app.screen.query_one("#list-risks", OptionList)
        await until(pilot, lambda: risks.option_count, what="the risks")
        risks.focus()
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: said(app, "Select a slipping task first"), what="the hint")
        await settled(pilot)
        assert len(issues(demo_store)) == 1
