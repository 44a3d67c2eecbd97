"""Gantt (5): the plan as a timeline (项目计划甘特图) and the weekly progress tracking table.

The chart is ``tui.widgets.gantt.GanttChart`` (a line-API widget: only the
visible rows are drawn, so 10,000 tasks cost what 40 do); its rows come from
``store.gantt.gantt``, computed in the database thread. Beside it (or under
it on a small terminal) the selected task's dates, floats, slip and
dependencies. ``w`` switches to the progress tracking table (项目进度跟踪表):
plan versus actual per department this week, the slipping tasks with their
cause, and what changed since the last weekly meeting.

Writes: ``shift+←/→`` moves a task one working day and reschedules what follows
it (the toast says how the finish moved), ``b`` fixes the plan baseline after
asking, ``e``/``enter`` opens the task form, whose save reschedules the task's
successors the same way (in the store, in the same transaction). The chart is
redrawn once per write, from the ``DataChanged`` the write brings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from store import symbols as sym
from store.text import one_line
from tui.describe import finish_message, signed, task_saved
from tui.i18n import N_, _, say_error
from tui.messages import DataChanged
from tui.modals.confirm import Confirm
from tui.screens.base import XdeptScreen
from tui.task_issue import ACTION, raise_issue
from tui.task_issue import binding as issue_binding
from tui.tcss import css_beside
from tui.tell import say, work
from tui.widgets.gantt import GanttChart, fit

if TYPE_CHECKING:
    from store.gantt import Bar, Gantt
    from store.progress import WeeklyProgress
    from store.task_form import TaskSaved

# Entities whose changes redraw the chart, and (more) the progress table.
CHART_ENTITIES = ("tasks", "dependencies", "project", "members", "departments", "baselines")
PROGRESS_ENTITIES = (*CHART_ENTITIES, "daily_updates", "meetings", "risks")
STATUS = {"todo": N_("todo"), "doing": N_("doing"), "blocked": N_("blocked"), "done": N_("done")}
OPS = {"create": N_("added"), "update": N_("changed"), "delete": N_("removed")}
ENTITY_NAMES = {
    "tasks": N_("tasks"),
    "dependencies": N_("dependencies"),
    "risks": N_("risks"),
    "issues": N_("issues"),
    "daily_updates": N_("daily updates"),
    "meetings": N_("meetings"),
    "meeting_items": N_("meeting items"),
    "members": N_("members"),
    "departments": N_("departments"),
    "signoffs": N_("sign-offs"),
    "baselines": N_("baselines"),
    "project": N_("charter"),
    "milestones": N_("milestones"),
    "requirements": N_("requirements"),
    "resource_requests": N_("resource requests"),
    "change_requests": N_("change requests"),
}


def _plan(store: Any) -> Gantt:
    from store.gantt import gantt

    return gantt(store)


class GanttScreen(XdeptScreen):
    # Textual annotates it ClassVar[...] | None, which a checker reads as per instance.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (130, "-wide")]  # type: ignore[misc]
    DEFAULT_CSS = css_beside(__file__)
    WRITE_ACTIONS = frozenset({"shift", "baseline", "edit", ACTION})
    FIRST_LOAD = staticmethod(_plan)  # read while the screen is built
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "shift+left",
            "shift(-1)",
            N_("Task 1 wd earlier"),
            key_display="⇧←",
            show=False,
            id="gantt.earlier",
        ),
        Binding(
            "shift+right",
            "shift(1)",
            N_("Task 1 wd later"),
            key_display="⇧→",
            show=False,
            id="gantt.later",
        ),
        Binding("e", "edit", N_("Edit task"), id="gantt.edit"),
        Binding("b", "baseline", N_("Set baseline"), id="gantt.baseline"),
        Binding("w", "progress", N_("Progress table"), id="gantt.progress"),
        issue_binding("gantt"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: Gantt | None = None
        self.progress: WeeklyProgress | None = None
        self._wanted: int | None = None
        self._busy = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="gantt-body"):
            yield GanttChart(id="chart")
            with VerticalScroll(id="gantt-detail"):
                yield Static(Content(_("Loading the plan…")), id="detail-text")
        with VerticalScroll(id="progress"):
            yield Static(Content(_("Loading the progress table…")), id="progress-text")

    def on_mount(self) -> None:
        super().on_mount()
        self.chart.focus()
        self.reload()

    @property
    def chart(self) -> GanttChart:
        return self.query_one(GanttChart)

    def presence_changed(self) -> None:
        self.chart.mark(self.app.presence.editing("tasks"))

    @property
    def showing_progress(self) -> bool:
        return self.has_class("-progress")

    # -- loading ------------------------------------------------------------------
    @work(group="gantt-load", exclusive=True)
    async def reload(self) -> None:
        data = await self.load(_plan)
        self.data = data
        self.chart.set_data(data)
        if self._wanted is not None and self.chart.select_task(self._wanted):
            self._wanted = None
        self._show_detail(self.chart.selected_task)
        if self.showing_progress:
            self.load_progress()

    @work(group="gantt-progress", exclusive=True)
    async def load_progress(self) -> None:
        from store.progress import weekly_progress

        self.progress = await self.app.run_db(weekly_progress, self.app.store)
        self._show_progress()

    def apply_changes(self, message: DataChanged) -> None:
        if message.touched(*CHART_ENTITIES):
            self.reload()
        elif self.showing_progress and message.touched(*PROGRESS_ENTITIES):
            self.load_progress()

    def shown_record(self) -> tuple[str, int] | None:
        task_id = None if self.showing_progress else self.chart.selected_task
        return ("tasks", task_id) if task_id is not None else None

    def show_record(self, entity: str, record_id: int) -> None:
        if entity != "tasks":
            return
        if self.showing_progress:
            self.action_progress()
        if not self.chart.select_task(record_id):
            self._wanted = record_id

    # -- the detail panel -----------------------------------------------------------
    @on(GanttChart.Selected)
    def _selected(self, message: GanttChart.Selected) -> None:
        self._show_detail(message.task_id)

    def _show_detail(self, task_id: int | None) -> None:
        data = self.data
        if data is None:
            return
        if data.error:
            self._set_detail(
                Content(
                    _("No schedule: the dependencies make a cycle: {path}").format(path=data.error)
                )
            )
            return
        bar = data.bars.get(task_id) if task_id is not None else None
        if bar is None:
            line = self.chart.selected_line
            finish = data.finish.isoformat() if data.finish else "—"
            critical, slipping = data.critical, data.slipping
            parts: list[Any] = []
            if line is not None:
                parts += [(str(line.key), "bold"), "\n"]
            parts += [
                _("Project finish {date}").format(date=finish),
                "\n",
                _("{n} tasks · {c} critical ({critical}) · {s} slipping ({slipping})").format(
                    n=len(data.bars),
                    c=critical,
                    s=slipping,
                    critical=sym.CRITICAL,
                    slipping=sym.SLIPPING,
                ),
                "\n",
                _("enter/space/←/→ on a phase row collapses or expands it."),
            ]
            self._set_detail(Content.assemble(*parts))
            return
        self._set_detail(self._task_detail(bar, data))

    def _set_detail(self, content: Content) -> None:
        """The detail panel's text, laid out again (which draws the whole screen again,
        docs/architecture.md "Speed") only when its height may change: another number
        of lines, or a line wider than the panel (wrapped)."""
        detail = self.query_one("#detail-text", Static)
        lines = content.plain.split("\n")
        width, height = detail.size
        same = height == len(lines) and all(cell_len(line) <= width for line in lines)
        detail.update(content, layout=not same)

    def _task_detail(self, bar: Bar, data: Gantt) -> Content:
        symbol = sym.TASK_STATUS.get(bar.status, "?")
        status = STATUS.get(bar.status, bar.status)
        parts: list[Any] = [
            (f"#{bar.id} ", "bold"),
            ((f"{sym.MILESTONE} " if bar.milestone else "") + bar.title, "bold"),
            "\n",
            f"{bar.phase} · {bar.owner or '—'} · {bar.department or '—'}",
            "\n",
            f"{symbol} {_(status)} · {bar.progress} %",
        ]
        if bar.critical:
            parts += [" · ", (f"{sym.CRITICAL} " + _("critical path"), "bold $error")]
        parts += [
            "\n",
            _("Planned {start} → {end}").format(start=bar.start, end=bar.end),
            "\n",
            _("ES/EF {start} → {end}").format(start=bar.es, end=bar.ef),
            "\n",
            _("LS/LF {start} → {end}").format(start=bar.ls, end=bar.lf),
            "\n",
            _("Total float {tf} wd · free float {ff} wd").format(
                tf=bar.total_float, ff=bar.free_float
            ),
            "\n",
        ]
        if bar.baseline_start is not None:
            parts.append(
                _("Baseline {start} → {end}").format(start=bar.baseline_start, end=bar.baseline_end)
            )
            if bar.slip is not None:
                text = _("slip {days} wd").format(days=signed(bar.slip))
                if bar.slipping:
                    parts += [
                        " · ",
                        (f"{sym.SLIPPING} " + text + " " + _("(late)"), "bold $warning"),
                    ]
                else:
                    parts += [" · ", text]
        else:
            parts.append(_("No baseline yet (b sets it)"))
        if bar.actual_start or bar.actual_end:
            parts += [
                "\n",
                _("Actual {start} → {end}").format(
                    start=bar.actual_start or "—", end=bar.actual_end or "—"
                ),
            ]
        for title, relations, mark in (
            (_("Predecessors"), data.predecessors.get(bar.id, []), sym.PREDECESSOR),
            (_("Successors"), data.successors.get(bar.id, []), sym.SUCCESSOR),
        ):
            parts += ["\n", (f"{title} ({len(relations)})", "bold $accent")]
            for rel in relations:
                other = data.bars.get(rel.other)
                name = other.title if other else "?"
                parts += [
                    "\n",
                    (f"{mark} #{rel.other} ", "bold"),
                    f"{rel.type} {signed(rel.lag)} · ",
                    name,
                ]
        return Content.assemble(*parts)

    # -- the progress table -----------------------------------------------------------
    def _show_progress(self) -> None:
        from tui.describe import describe_change

        report = self.progress
        if report is None:
            return
        names = self.app.member_names
        heading = "bold $accent"
        parts: list[Any] = [
            (_("Progress tracking table (项目进度跟踪表)"), "bold"),
            "  ",
            _("week {monday} – {sunday}").format(monday=report.monday, sunday=report.sunday),
            "\n\n",
            (_("Plan versus actual this week, by department"), heading),
            "\n",
        ]
        cols = [(_("Department"), 26), (_("Planned"), 8), (_("Done"), 8)]
        cols += [(_("Finished"), 9), (_("Overdue"), 8)]
        parts.append(("".join(fit(t, w) for t, w in cols), "bold"))
        for row in [*report.departments, report.totals]:
            name = row.department or _("All departments")
            check = sym.DONE if row.planned and row.done == row.planned else " "
            values = [
                fit(name, 26),
                fit(str(row.planned), 8),
                fit(f"{row.done} {check}", 8),
                fit(str(row.finished), 9),
                fit((f"{sym.SLIPPING} " if row.overdue else "") + str(row.overdue), 8),
            ]
            parts += ["\n", ("".join(values), "bold" if not row.department else "")]
        parts += [
            "\n\n",
            (
                _("Slipping tasks (> 2 working days past baseline): {n}").format(
                    n=len(report.slipping)
                ),
                heading,
            ),
        ]
        if not report.slipping:
            parts += ["\n", f"{sym.DONE} " + _("none")]
        for slip in report.slipping:
            parts += [
                "\n",
                (f"{sym.SLIPPING}+{slip.days} " + _("wd") + f" #{slip.id} ", "bold $warning"),
                slip.title,
                f" · {slip.department or '—'} · {slip.owner or '—'}",
                "\n    " + _("cause: "),
                slip.cause or _("not given (post it in the daily update)"),
            ]
        parts += ["\n\n"]
        if report.since is None:
            parts.append((_("No weekly meeting held yet: nothing to compare with."), heading))
        else:
            parts.append(
                (
                    _("Changed since the last weekly meeting ({date})").format(date=report.since),
                    heading,
                )
            )
            parts += ["\n", report.meeting]
            for entity, ops in sorted(report.counts.items()):
                counts = ", ".join(f"{n} {_(OPS.get(op, op))}" for op, n in sorted(ops.items()))
                parts += ["\n", f"  {_(ENTITY_NAMES.get(entity, entity))}: {counts}"]
            if report.notable:
                parts += ["\n", (_("Notable changes"), "bold")]
            for change in report.notable:
                who = names.get(change.actor, change.actor)
                text = describe_change(change, who) or f"{one_line(who)} {change.entity}"
                fields = ", ".join(
                    f"{k} → {one_line(str(v))}"
                    for k, v in (change.after or {}).items()
                    if k in ("start", "end", "status", "level", "baseline_end")
                )
                parts += ["\n", f"  {change.at[5:16].replace('T', ' ')} ", text]
                if fields and change.op == "update":
                    parts.append(f" ({fields})")
        self.query_one("#progress-text", Static).update(Content.assemble(*parts))

    # -- actions ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("shift", "baseline", "edit", ACTION) and self.showing_progress:
            return False
        return super().check_action(action, parameters)

    def action_progress(self) -> None:
        if self.showing_progress:
            self.remove_class("-progress")
            self.chart.focus()
        else:
            self.add_class("-progress")
            self.query_one("#progress", VerticalScroll).focus()
            self.load_progress()
        self.refresh_bindings()

    @work(group="gantt-write", exclusive=True)
    async def action_shift(self, days: int) -> None:
        from store.errors import StoreError
        from store.shifting import shift_task

        task_id = self.chart.selected_task
        if self.data is None or task_id is None or self._busy:
            return
        bar = self.data.bars[task_id]
        self._busy = True
        try:
            result = await self.app.run_db(shift_task, self.app.store, task_id, bar.version, days)
        except StoreError as error:
            say(self, one_line(say_error(error)), severity="error")
            return
        finally:
            self._busy = False
        others = len(result.moved) - 1
        text = finish_message(result)
        if others > 0:
            text += "\n" + _("{n} following tasks rescheduled").format(n=others)
        say(self, text, title=_("#{id} moved {days} wd").format(id=task_id, days=signed(days)))

    def action_raise_issue(self) -> None:
        raise_issue(self, self.chart.selected_task)

    def action_edit(self) -> None:
        task_id = self.chart.selected_task
        if task_id is not None:
            self._open_form(task_id)

    @on(GanttChart.Opened)
    def _opened(self, message: GanttChart.Opened) -> None:
        if self.check_action("edit", ()):
            self._open_form(message.task_id)

    def _open_form(self, task_id: int) -> None:
        from tui.modals.task_form import open_task_form

        open_task_form(self, task_id, self._saved)

    def _saved(self, result: TaskSaved) -> None:
        title, text = task_saved(result)
        say(self, text, title=title)

    def action_baseline(self) -> None:
        if self.data is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_baseline()

        count = len(self.data.bars)
        self.app.push_screen(
            Confirm(
                _("Fix the plan as the new baseline?"),
                yes=_("Set baseline"),
                detail=_(
                    "Every task's planned dates ({n} tasks) become its baseline; slips are "
                    "measured from them. The plan-baseline sign-offs become outdated and "
                    "each department signs again."
                ).format(n=count),
            ),
            answered,
        )

    @work(group="gantt-write", exclusive=True)
    async def set_baseline(self) -> None:
        from store import tasks
        from store.errors import StoreError

        try:
            baseline = await self.app.run_db(tasks.set_baseline, self.app.store)
        except StoreError as error:
            say(self, one_line(say_error(error)), severity="error")
            return
        say(
            self,
            _("{label}: {n} tasks; the plan-baseline sign-off is due again").format(
                label=one_line(baseline.label), n=baseline.task_count
            ),
            title=_("Baseline set"),
        )
