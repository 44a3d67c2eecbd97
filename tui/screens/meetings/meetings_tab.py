"""The meetings screen's "Meetings" tab (会议): every meeting, newest first — kind,
title, date, start, planned minutes, status, decisions and open actions — with the
selected meeting's agenda, attendance and counts beside (wide) or under (narrow).

``n`` plans a meeting (the form comes drafted for its kind), ``W`` the next weekly
from the selected one, ``e`` edits, ``d`` deletes, ``enter`` opens meeting mode (a
planned or running meeting) or the minutes (a closed one), ``P`` publishes the
minutes, ``M`` writes them to a Markdown file.

Rows are read once (``store.meeting_view.meeting_rows``), then only the meetings a
change names, directly or through their items or their action items' tasks. The
cursor stays on its meeting (``KeyedTable``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable

from store import symbols as sym
from store.text import one_line
from tui.i18n import N_, _
from tui.messages import DataChanged
from tui.modals.meeting_form import ITEM_LABELS, kind_label
from tui.screens.meetings.table_tab import TableTab
from tui.tell import say, work
from tui.widgets.table import KeyedTable, cell

if TYPE_CHECKING:
    from store.meeting_view import MeetingRow, MeetingView
    from store.models import Meeting

TITLE_CELLS = 26  # of a title in the table (the detail shows it whole)
STATUS = {
    "planned": N_("planned"),
    "in_progress": N_("in progress"),
    "closed": N_("closed"),
    "published": N_("published"),
}
# What tells meetings apart first, so that it fits in 80 columns; the rest scrolls.
COLUMNS = (
    N_("#"),
    N_("Date"),
    N_("Start"),
    N_("Title"),
    N_("Status"),
    N_("Decisions"),
    N_("Open actions"),
    N_("Kind"),
    N_("Min"),
)
# Names in the detail; a change to them reads the selected meeting again.
NAMES = ("members", "departments")
RUNNING = ("planned", "in_progress")  # enter opens meeting mode; else the minutes
# Changed records looked up one by one up to this many; more (an import, a plan
# shifted) read every meeting again.
FULL_RELOAD = 500


def status_label(status: str) -> str:
    """A meeting's status as its symbol, then its word."""
    return f"{sym.MEETING_STATUS.get(status, '?')} {_(STATUS.get(status, status))}"


class MeetingsTable(KeyedTable):
    """The meetings: enter opens one (its meeting mode or its minutes), and the footer
    and the help say so (they read the focused widget's keys first)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", N_("Open"), id="meetings.open"),
    ]


class MeetingsTab(TableTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"meetings", "meeting_items"})
    WRITE_ACTIONS = frozenset({"new", "next_weekly", "edit", "delete", "publish"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("Plan a meeting"), id="meetings.new"),
        Binding("W", "next_weekly", N_("Next weekly"), id="meetings.next_weekly"),
        Binding("e", "edit", N_("Edit"), id="meetings.edit"),
        Binding("d", "delete", N_("Delete"), show=False, id="meetings.delete"),
        Binding("P", "publish", N_("Publish minutes"), id="meetings.publish"),
        Binding("M", "write", N_("Minutes to file"), id="meetings.write"),
    ]

    KEY = "meetings"
    COLUMNS = COLUMNS
    TABLE = MeetingsTable
    LOADING = N_("Loading the meetings…")

    def __init__(self) -> None:
        super().__init__(_("Meetings"), "meetings-list")
        self.rows: dict[int, MeetingRow] = {}
        self.view: MeetingView | None = None  # the selected meeting's
        self.loaded = False

    # -- loading -------------------------------------------------------------------------
    @work(group="meetings-load", exclusive=True)
    async def reload(self) -> None:
        from store.meeting_view import meeting_rows

        rows = await self.app.run_db(meeting_rows, self.app.store)
        self.rows = {r.id: r for r in rows}
        self.loaded = True
        self._show()

    def apply_changes(self, message: DataChanged) -> None:
        touched = message.touched("meetings", "meeting_items", "tasks", *NAMES)
        if not touched or not self.loaded:
            return
        meetings = touched.get("meetings", set())
        items, tasks = touched.get("meeting_items", set()), touched.get("tasks", set())
        # Items created or deleted name their meeting in the change itself.
        for change in message.changes:
            if change.entity == "meeting_items":
                row = change.after or change.before or {}
                if isinstance(row.get("meeting_id"), int):
                    meetings.add(row["meeting_id"])
        if len(meetings) + len(items) + len(tasks) > FULL_RELOAD:
            self.reload()
        elif meetings or items or tasks:
            self.refresh_rows(meetings, items, tasks)
        if self.view is not None and (
            any(e in touched for e in NAMES) or self.view.meeting.id in meetings
        ):
            self.load_detail(self.view.meeting.id)

    @work(group="meetings-refresh")
    async def refresh_rows(self, meetings: set[int], items: set[int], tasks: set[int]) -> None:
        from store.meeting_list import changed_rows

        ids, rows = await self.app.run_db(changed_rows, self.app.store, meetings, items, tasks)
        for meeting_id in ids:
            self.rows.pop(meeting_id, None)
        self.rows.update((r.id, r) for r in rows)
        self._show()
        current = self.current
        if current is not None and current.id in ids:
            self.load_detail(current.id)

    def _show(self) -> None:
        rows = sorted(self.rows.values(), key=lambda r: (r.date, r.start, r.id), reverse=True)
        late = f"bold {self.app.theme_variables.get('warning', 'yellow')}"
        self.table.sync([(str(r.id), self._cells(r, late)) for r in rows])
        self.seek_wanted()
        self._show_detail()

    @staticmethod
    def _cells(row: MeetingRow, late: str) -> list[Any]:
        status = status_label(row.status)
        return [
            cell(row.id),
            cell(row.date.isoformat()),
            cell(row.start),
            cell(row.title, cells=TITLE_CELLS),
            cell(f"{status} {sym.OVERDUE}", late) if row.overdue else cell(status),
            cell(row.decisions),
            cell(row.open_actions),
            cell(kind_label(row.kind)),
            cell(row.planned_minutes),
        ]

    # -- the detail panel -------------------------------------------------------------
    @property
    def current(self) -> MeetingRow | None:
        key = self.table.cursor_key
        return self.rows.get(int(key)) if key else None

    def shown_record(self) -> tuple[str, int] | None:
        row = self.current
        return ("meetings", row.id) if row is not None else None

    @on(DataTable.RowHighlighted, "#meetings-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#meetings-table")
    def _row_selected(self) -> None:
        self.action_open()

    def _show_detail(self) -> None:
        row = self.current
        if row is None:
            self.view = None
            said = _("No meetings yet: n plans one.") if self.loaded else ""
            self.show_detail_text(Content(said))
        elif self.view is None or self.view.meeting.id != row.id:
            self.load_detail(row.id)

    @work(group="meetings-detail", exclusive=True)
    async def load_detail(self, meeting_id: int) -> None:
        from store.errors import NotFound
        from store.meeting_view import meeting_view

        try:
            view = await self.app.run_db(meeting_view, self.app.store, meeting_id)
        except NotFound:  # deleted meanwhile: its row goes with the same change
            return
        current = self.current
        if current is None or current.id != meeting_id:
            return
        self.view = view
        self.show_detail_text(detail(view, self.app.member_names))

    def shows(self, record_id: int) -> bool:
        return record_id in self.rows

    def show_record(self, entity: str, record_id: int) -> None:
        if entity == "meetings":
            self.seek(record_id)

    # -- actions -------------------------------------------------------------------------
    @work(group="meetings-form", exclusive=True)
    async def action_new(self) -> None:
        from datetime import timedelta

        from store import clock
        from store.meeting_list import plan_data
        from tui.modals.meeting_form import MeetingForm, plan_spec

        day = clock.today() + timedelta(days=1)
        store = self.app.store
        drafted, people = await self.app.run_db(plan_data, store, day, _)
        form = self.app.forms.open(plan_spec(store, day, drafted, people), self._saved, MeetingForm)
        assert isinstance(form, MeetingForm)
        if form.is_mounted:
            form.show_draft(drafted, people)
        else:
            form.call_after_refresh(form.show_draft, drafted, people)

    @work(group="meetings-form", exclusive=True)
    async def action_edit(self) -> None:
        from store.meeting_list import edit_data
        from tui.modals.meeting_form import MeetingForm, edit_spec

        row = self.current
        if row is None:
            return
        store = self.app.store
        found, people = await self.app.run_db(edit_data, store, row.id)
        self.app.forms.open(edit_spec(store, found, people), self._saved, MeetingForm)

    def _saved(self, meeting: Meeting | None) -> None:
        if meeting is not None:
            say(self, _("Saved meeting #{id} {title}").format(
                id=meeting.id, title=one_line(meeting.title)
            ))  # fmt: skip
            self.show_record("meetings", meeting.id)

    @work(group="meetings-write")
    async def action_next_weekly(self) -> None:
        from store.meeting_plan import next_weekly

        row = self.current
        if row is None:
            return
        saved = await self.app.run_db(next_weekly, self.app.store, row.id, _)
        say(
            self,
            _("Planned {title}: {date} {start}").format(
                title=one_line(saved.title), date=saved.date.isoformat(), start=saved.start
            ),
        )
        self.show_record("meetings", saved.id)

    @work(group="meetings-write")
    async def action_delete(self) -> None:
        from store.meetings import delete_meeting
        from tui.modals.confirm import Confirm

        row = self.current
        if row is None:
            return
        question = Confirm(
            _("Delete meeting #{id} {title}?").format(id=row.id, title=one_line(row.title)),
            yes=_("Delete"),
            detail=_("Its items go with it; the tasks of its action items stay on the board."),
        )
        if await self.app.push_screen_wait(question):
            await self.app.run_db(delete_meeting, self.app.store, row.id, row.version)
            say(self, _("Deleted meeting #{id}").format(id=row.id))

    def action_open(self) -> None:
        from tui.screens.meetings.minutes import MinutesScreen

        row = self.current
        if row is None:
            return
        if row.status in RUNNING:
            from tui.screens.meetings.mode import MeetingMode

            self.app.push_screen(MeetingMode(row.id))
        else:
            self.app.push_screen(MinutesScreen(row.id))

    def action_publish(self) -> None:
        from tui.screens.meetings.minutes import publish

        if self.view is not None and self.current is not None:
            publish(self, self.view.meeting)

    def action_write(self) -> None:
        from tui.screens.meetings.minutes import write_minutes

        if self.view is not None and self.current is not None:
            write_minutes(self, self.view.meeting)


def detail(view: MeetingView, logins: dict[str, str]) -> Content:
    """The selected meeting: when, its status, agenda, who came and what it holds."""
    meeting = view.meeting
    parts: list[Any] = [(f"#{meeting.id} ", "bold"), (one_line(meeting.title), "bold"), "\n"]
    parts += [
        f"{kind_label(meeting.kind)} · {meeting.date.isoformat()} {meeting.start} · ",
        _("{n} min").format(n=meeting.planned_minutes),
        " · ",
        status_label(meeting.status),
        "\n",
    ]
    if meeting.published_at:
        from tui.screens.meetings.minutes import published_line

        parts += [published_line(meeting, logins), "\n"]
    parts += [(_("Agenda") + "\n", "bold $accent")]
    running = meeting.status == "in_progress"
    for number, point in enumerate(meeting.agenda, 1):
        where = view.departments.get(point.department_id or 0)
        where = where if where != point.title else None
        now = running and number - 1 == meeting.current  # the point the meeting is on
        parts += [
            f"{sym.IN_PROGRESS if now else ' '}{number}. ",
            (one_line(point.title), "bold" if now else ""),
            (f" · {one_line(where)}" if where else "", "dim"),
            (" · " + _("{n} min").format(n=point.minutes), "dim"),
            "\n",
        ]
    if not meeting.agenda:
        parts.append(" —\n")
    present = [view.names.get(m, "?") for m in meeting.present]
    absent = [view.names.get(m, "?") for m in view.absent()]
    parts += [
        (_("Present") + f" ({len(present)}): ", "bold"),
        ", ".join(one_line(n) for n in present) or "—",
        "\n",
        (_("Absent") + f" ({len(absent)}): ", "bold"),
        ", ".join(one_line(n) for n in absent) or "—",
        "\n",
    ]
    counts: dict[str, int] = {}
    for item in view.items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    said = [f"{_(ITEM_LABELS[k])} {n}" for k, n in counts.items() if k in ITEM_LABELS]
    if view.risks:
        said.append(_("Risks {n}").format(n=len(view.risks)))
    if view.issues:
        said.append(_("Issues {n}").format(n=len(view.issues)))
    if view.carried:
        said.append(_("Carried actions {n}").format(n=len(view.carried)))
    parts += [(_("Recorded") + ": ", "bold"), " · ".join(said) or _("nothing yet")]
    if view.next is not None:
        parts += [
            "\n",
            (_("Next") + ": ", "bold"),
            f"#{view.next.id} ",
            one_line(view.next.title),
            f" · {view.next.date.isoformat()} {view.next.start}",
        ]
    return Content.assemble(*parts)
