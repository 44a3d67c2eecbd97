"""The Gantt screen (5): rows by phase, every key, the baseline, the progress table, live refresh.

Real demo databases (conftest), Pilot with a fixed size, and conditions waited
for with ``until`` — never fixed sleeps. The snapshots freeze the clock
(XDEPT_NOW) and show the CJK titles of the demo.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from datetime import timedelta
from itertools import pairwise

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from store import gantt, project
from store import symbols as sym
from store.models import Document, Task
from store.records import get
from store.tasks import compute_schedule
from tests.tui.helpers import (
    Counted,
    notifications,
    ready,
    screen_text,
    settled,
    show,
    speaker_for,
    until,
)
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.widgets.gantt import BASE, DAY, MONTH, PHASE, TASK, WEEK, GanttChart, GanttRow

SIZE = (120, 36)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def open_gantt(pilot: Pilot) -> GanttChart:
    await ready(pilot)
    screen = await show(pilot, "5", "GanttScreen")
    chart = screen.query_one(GanttChart)
    await until(pilot, lambda: chart.lines, what="the chart's rows")
    await pilot.pause()
    return chart


def cli(db, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def detail(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#detail-text", Static).content)


async def select(pilot: Pilot, chart: GanttChart, task_id: int) -> None:
    assert chart.select_task(task_id)
    await until(pilot, lambda: f"#{task_id} " in detail(pilot), what=f"#{task_id}'s detail")


# --- opening ----------------------------------------------------------------------------


async def test_opens_with_rows_grouped_by_phase(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        phases = [line.key for line in chart.lines if line.kind == PHASE]
        assert phases[:3] == ["调研 Research", "原型 Prototype", "开发测试 Develop & test"]
        # Each task row sits under its own phase's header.
        current = None
        for line in chart.lines:
            if line.kind == PHASE:
                current = line.key
            elif line.kind == TASK:
                assert chart.data.bars[line.key].phase == current
        await pilot.press("home")
        await until(pilot, lambda: chart.cursor == 0 and chart.scroll_y == 0, what="the top")
        text = screen_text(app)
        assert f"{sym.EXPANDED} 调研 Research" in text
        assert "Scale: week" in text
        assert "baseline 10-08 → 10-08" in text  # the baseline row under the bar


async def test_agrees_with_schedule_json(demo_store, demo_db) -> None:
    done = await asyncio.to_thread(cli, demo_db, "schedule", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in json.loads(done.stdout)}
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        bars = chart.data.bars
        assert set(bars) == set(rows)
        for tid, bar in bars.items():
            assert (bar.critical, bar.total_float) == (
                rows[tid]["critical"],
                rows[tid]["total_float"],
            )
        critical = next(b for b in bars.values() if b.critical and not b.milestone)
        relaxed = next(b for b in bars.values() if not b.critical and b.total_float > 5)
        await select(pilot, chart, critical.id)
        assert f"{sym.CRITICAL} critical path" in detail(pilot)
        line = next(ln for ln in screen_text(app).splitlines() if f"#{critical.id} " in ln)
        assert f"{sym.CRITICAL}#{critical.id} " in line
        await select(pilot, chart, relaxed.id)
        assert f"Total float {relaxed.total_float} wd" in detail(pilot)
        assert "critical path" not in detail(pilot)
        assert "┄" in next(ln for ln in screen_text(app).splitlines() if f"#{relaxed.id} " in ln)


async def test_slipping_task_flagged_like_the_dashboard(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        listed = {s.task.id: s.days for s in app.health.slipping}
        assert listed
        worst, days = next(iter(listed.items()))
        await select(pilot, chart, worst)

        def row() -> str:
            return next(ln for ln in screen_text(app).splitlines() if f"#{worst} " in ln)

        # Selecting may scroll the chart sideways to the bar: the next frames draw it.
        slip = f"{sym.SLIPPING}+{days}"
        await until(pilot, lambda: slip in row(), what=f"{slip} on #{worst}'s row")
        assert f"{sym.SLIPPING} slip +{days} wd (late)" in detail(pilot)
        assert {b.id: b.slip for b in chart.data.bars.values() if b.slipping} == listed


# --- keys -------------------------------------------------------------------------------


async def test_zoom_and_today(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        assert chart.zoom == WEEK
        await pilot.press("plus")
        await until(pilot, lambda: "Scale: day" in screen_text(app), what="day scale")
        assert chart.zoom == DAY
        await pilot.press("minus", "minus")
        await until(pilot, lambda: "Scale: month" in screen_text(app), what="month scale")
        assert chart.zoom == MONTH
        await pilot.press("minus")  # no further out than month
        assert chart.zoom == MONTH
        await pilot.press("plus")
        await until(pilot, lambda: chart.zoom == WEEK)
        chart.scroll_to(x=0, animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("t")
        today = chart.column(chart.data.today.toordinal())
        await until(
            pilot,
            lambda: chart.scroll_x <= today < chart.scroll_x + chart.chart_width,
            what="today on screen",
        )
        assert chart.scroll_x > 0
        x = chart.scroll_x
        await pilot.press("l")
        await until(pilot, lambda: chart.scroll_x > x, what="later")
        await pilot.press("left")
        await until(pilot, lambda: chart.scroll_x == x, what="earlier again")


async def test_collapse_and_page_scroll(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        await pilot.press("home")
        await until(pilot, lambda: chart.cursor == 0)
        first = chart.lines[0].key
        count = len(chart.lines)
        await pilot.press("left")
        await until(pilot, lambda: first in chart.collapsed, what="collapsed")
        assert len(chart.lines) < count
        assert chart.lines[1].kind == PHASE
        assert f"{sym.COLLAPSED} {first}" in screen_text(app)
        await pilot.press("right")
        await until(pilot, lambda: len(chart.lines) == count, what="expanded")
        await pilot.press("space")
        await until(pilot, lambda: first in chart.collapsed)
        await pilot.press("enter")
        await until(pilot, lambda: first not in chart.collapsed)
        await pilot.press("pagedown")
        await until(pilot, lambda: chart.cursor >= chart.body_height - 1, what="a page down")
        assert chart.scroll_y > 0
        assert chart.lines[chart.cursor].kind != BASE
        await pilot.press("end")
        await until(pilot, lambda: chart.cursor >= len(chart.lines) - 2, what="the last row")
        await pilot.press("pageup")
        await until(pilot, lambda: chart.cursor < len(chart.lines) - chart.body_height + 1)
        await pilot.press("down", "up", "j", "k")
        await pilot.pause()


def critical_with_successors(store, chart: GanttChart) -> gantt.Bar:
    data = chart.data
    return next(
        b
        for b in data.bars.values()
        if b.critical and b.status == "todo" and data.successors.get(b.id) and not b.milestone
    )


async def test_shift_right_then_left_reschedules_and_reports_the_finish(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        bar = critical_with_successors(demo_store, chart)
        follower = chart.data.successors[bar.id][0].other
        before = get(demo_store, Task, follower).start
        finish = chart.data.finish
        await select(pilot, chart, bar.id)
        # The successor is marked on its row and listed, with type and lag, in the detail.
        assert chart.related[follower] == sym.SUCCESSOR
        index = chart.lines.index(GanttRow(TASK, follower))
        strip = chart._line(chart.lines[index], False, 0, 100)
        assert strip.text.startswith(sym.SUCCESSOR), strip.text
        link = chart.data.successors[bar.id][0]
        assert f"{sym.SUCCESSOR} #{follower} {link.type} {link.lag:+d}".replace(
            "+0", "0"
        ) in detail(pilot)
        await pilot.press("shift+right")
        await until(
            pilot,
            lambda: any("Finish moved +1 wd to" in n.message for n in notifications(app)),
            what="the finish toast",
        )
        assert get(demo_store, Task, follower).start > before
        await until(pilot, lambda: chart.data.finish > finish, what="the new finish")
        assert chart.selected_task == bar.id
        await pilot.press("shift+left")
        await until(pilot, lambda: get(demo_store, Task, follower).start == before, what="back")
        await until(
            pilot,
            lambda: any("Finish moved -1 wd to" in n.message for n in notifications(app)),
            what="the finish toast back",
        )


async def test_shift_before_a_predecessor_is_refused(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        data = chart.data
        bar = next(
            b
            for b in data.bars.values()
            if b.critical and b.status == "todo" and data.predecessors.get(b.id)
        )
        await select(pilot, chart, bar.id)
        await pilot.press("shift+left")
        await until(
            pilot,
            lambda: any("cannot start before" in n.message for n in notifications(app)),
            what="the refusal",
        )
        assert get(demo_store, Task, bar.id).start == bar.start


async def test_form_refuses_a_cycle_naming_it(demo_store) -> None:
    from tui.modals.task_form import TaskForm

    app = XdeptApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        chart = await open_gantt(pilot)
        bar = critical_with_successors(demo_store, chart)
        follower = chart.data.successors[bar.id][0].other
        await select(pilot, chart, bar.id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, TaskForm), what="the task form")
        form = app.screen
        box = form.query_one("#field-predecessors", Input)
        box.value = ", ".join(filter(None, [box.value, str(follower)]))
        await pilot.press("ctrl+s")
        error = form.query_one("#error-predecessors", Static)
        await until(pilot, lambda: "cycle" in str(error.content), what="the cycle error")
        assert f"#{bar.id} → #{follower}" in str(
            error.content
        ) or f"#{follower} → #{bar.id}" in str(error.content)
        assert app.screen is form


async def test_baseline_asks_then_sets_and_the_signoff_is_due(demo_store) -> None:
    before = len(demo_store.query("SELECT id FROM baselines"))
    signed = [s for s in project.signoffs(demo_store, Document.BASELINE) if not s.outdated]
    assert signed
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_gantt(pilot)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("n")
        await until(pilot, lambda: not isinstance(app.screen, Confirm))
        assert len(demo_store.query("SELECT id FROM baselines")) == before
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(
            pilot,
            lambda: len(demo_store.query("SELECT id FROM baselines")) == before + 1,
            what="the new baseline",
        )
        await until(
            pilot,
            lambda: any("sign-off is due again" in n.message for n in notifications(app)),
            what="the toast",
        )
    assert all(s.outdated for s in project.signoffs(demo_store, Document.BASELINE))
    due = {dept.id for doc, dept in project.missing_signoffs(demo_store) if doc == "baseline"}
    assert {s.department_id for s in signed} <= due
    logged = demo_store.scalar(
        "SELECT count(*) FROM changes WHERE entity = 'tasks' AND after LIKE '%baseline_end%'"
    )
    assert logged >= 1


async def test_progress_view_toggle(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_gantt(pilot)
        await pilot.press("w")
        text = app.screen.query_one("#progress-text", Static)
        await until(pilot, lambda: "Plan versus actual" in str(text.content), what="the table")
        shown = screen_text(app)
        assert "Progress tracking table" in shown
        assert "Slipping tasks (> 2 working days past baseline): 2" in str(text.content)
        assert "Changed since the last weekly meeting (2026-11-17)" in str(text.content)
        assert (
            app.screen.query_one(GanttChart).display is False or f"{sym.EXPANDED} 调研" not in shown
        )
        await pilot.press("w")
        await until(pilot, lambda: f"{sym.EXPANDED} " in screen_text(app), what="the chart again")


# --- live refresh and literal text ---------------------------------------------------------


async def test_change_by_another_process_shows_and_selection_stays(
    demo_store, demo_db, monkeypatch
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        bar = critical_with_successors(demo_store, chart)
        await select(pilot, chart, bar.id)
        scroll = chart.scroll_y
        someone = speaker_for(demo_store, get(demo_store, Task, bar.id).department_id)
        monkeypatch.setenv("XDEPT_USER", someone)
        done = await asyncio.to_thread(
            cli,
            demo_db,
            "task",
            "add",
            "Zoë 新任务 live",
            "--owner",
            someone,
            "--phase",
            bar.phase,
            "--start",
            bar.start.isoformat(),
            "--end",
            bar.end.isoformat(),
        )
        assert done.returncode == 0, done.stderr
        await until(
            pilot,
            lambda: any(b.title == "Zoë 新任务 live" for b in chart.data.bars.values()),
            what="the new task",
        )
        assert chart.selected_task == bar.id
        assert chart.scroll_y == scroll
        assert GanttRow(TASK, bar.id) in chart.lines


async def test_markup_and_escape_titles_show_literally(demo_store) -> None:
    # Written by another program: the control characters are not stripped on the way in.
    demo_store.conn.execute(
        "UPDATE tasks SET title = ? WHERE id = 1", ["[bold]x[/] \x1b[31mred [@click=app.quit]q"]
    )
    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 40)) as pilot:
        chart = await open_gantt(pilot)
        await select(pilot, chart, 1)
        text = screen_text(app)
        assert "[bold]x[/] [31mred [@click=app.quit]q" in detail(pilot)
        assert "[bold]x[/] [31mred" in text
        assert "\x1b" not in detail(pilot)


# --- snapshots ---------------------------------------------------------------------------


async def gantt_loaded(pilot: Pilot) -> None:
    chart = await open_gantt(pilot)
    # The chart scrolls to today after its first frame: shoot after that.
    await until(pilot, lambda: chart.placed, what="the scroll to today")
    assert chart.selected_task is not None
    shown = f"#{chart.selected_task} "
    await until(pilot, lambda: detail(pilot).startswith(shown), what="the selection's detail")
    await pilot.pause()


async def progress_loaded(pilot: Pilot) -> None:
    await open_gantt(pilot)
    await pilot.press("w")
    text = pilot.app.screen.query_one("#progress-text", Static)
    await until(pilot, lambda: "Notable changes" in str(text.content), what="the table")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_gantt_snapshot(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=gantt_loaded)


def test_progress_snapshot(snap_compare, demo_store) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=(100, 40), run_before=progress_loaded)


def test_compute_schedule_is_what_the_chart_reads(demo_store) -> None:
    """The store side of the agreement: the chart's data is the CPM's."""
    plan = compute_schedule(demo_store)
    data = gantt.gantt(demo_store)
    assert {t: (s.critical, s.total_float) for t, s in plan.tasks.items()} == {
        b.id: (b.critical, b.total_float) for b in data.bars.values()
    }


@pytest.mark.parametrize("zoom", [DAY, WEEK, MONTH])
async def test_date_header_labels_are_whole_and_apart(demo_store, zoom) -> None:
    """Scrolled to any column, no day/month label is cut by an edge or runs into the next."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        chart = await open_gantt(pilot)
        while chart.zoom != zoom:
            chart.action_zoom(1 if chart.zoom < zoom else -1)
        for x in range(0, 40, 3):
            chart.scroll_to(x=x, animate=False, immediate=True)
            await pilot.pause()
            rows = screen_text(app).splitlines()
            years_or_months = rows[1][chart.label_width :].split()
            digits = re.findall(r"\d+", rows[2][chart.label_width :])  # ▼ marks today
            assert all(len(t) <= 2 for t in digits), rows[2]
            units = [int(t) for t in digits]
            assert all(len(t) in (4, 7) for t in years_or_months), rows[1]
            steps = list(pairwise(units))
            if zoom == DAY:
                assert all(b == a + 1 or b == 1 for a, b in steps), rows[2]
            elif zoom == WEEK:
                assert all(b == a + 7 or b <= 7 for a, b in steps), rows[2]
            else:
                assert all(b == a % 12 + 1 for a, b in steps), rows[2]


@pytest.mark.parametrize("size", SIZES)
async def test_zoom_out_and_in_keeps_the_same_days_in_view(demo_store, size) -> None:
    """`-` then `+` comes back to the weeks around today, not months later."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=size) as pilot:
        chart = await open_gantt(pilot)
        await until(pilot, lambda: chart.placed, what="the scroll to today")
        today = chart.data.today.toordinal()
        before = chart._day_shown()
        for keys in (("minus", "plus"), ("minus", "minus", "plus"), ("plus", "minus")):
            await pilot.press(*keys)
            await until(pilot, lambda: chart.zoom == WEEK, what="week scale again")
            shown = range(
                chart.day_of(round(chart.scroll_x)),
                chart.day_of(round(chart.scroll_x) + chart.chart_width),
            )
            assert today in shown, keys
            assert abs(chart._day_shown() - before) <= 6, keys


async def test_one_shift_lays_the_gantt_out_once(demo_store, monkeypatch) -> None:
    """The shift's own change redraws the chart; the screen does not reload as well."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        bar = critical_with_successors(demo_store, chart)
        await select(pilot, chart, bar.id)
        await settled(pilot)
        layouts = Counted(gantt.gantt)
        monkeypatch.setattr(gantt, "gantt", layouts)
        await pilot.press("shift+right")
        await until(pilot, lambda: chart.data.bars[bar.id].version > bar.version, what="the shift")
        await settled(pilot)
        assert layouts.calls == 1


async def test_a_form_save_that_moves_a_task_reschedules_and_lays_out_once(
    demo_store, monkeypatch
) -> None:
    """Save and rescheduling are one store call; the toast tells the finish; one layout."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        chart = await open_gantt(pilot)
        bar = critical_with_successors(demo_store, chart)
        finish = chart.data.finish
        await select(pilot, chart, bar.id)
        await settled(pilot)
        layouts = Counted(gantt.gantt)
        monkeypatch.setattr(gantt, "gantt", layouts)
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "TaskForm", what="the form")
        end = app.screen.query_one("#field-end", Input)
        end.value = (bar.end + timedelta(days=7)).isoformat()
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: any("Finish moved" in n.message for n in notifications(app)),
            what="the finish toast",
        )
        assert any("following tasks rescheduled" in n.message for n in notifications(app))
        await settled(pilot)
        assert chart.data.finish > finish
        assert layouts.calls == 1
