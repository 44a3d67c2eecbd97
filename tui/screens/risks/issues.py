"""The risks screen's "Issues" tab (问题): every problem with its source, owner, due
date, status, escalation level and the person it waits on now, and the keys that
act on one: ``n`` new, ``e``/``enter`` edit, ``s`` start (or stop) work on it,
``x`` resolve (asking how), ``E`` escalate now.

The rows come from ``store.issue_view.issues_view`` in one read; every change,
this tab's own saves included, reaches it once through ``apply_changes``, which
reads again only when the change concerns what the tab shows. The cursor stays
on its record (``KeyedTable``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import DataTable, Static

from store import clock
from store import symbols as sym
from store.text import one_line
from tui.escalation import ROLES, role, waits_on
from tui.history import summary, when
from tui.i18n import N_, _
from tui.messages import DataChanged
from tui.modals.confirm import Confirm
from tui.modals.form import FormField, FormSpec
from tui.screens.risks.tab import RisksTab
from tui.tcss import css_beside
from tui.tell import say, work
from tui.widgets.table import KeyedTable, cell

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from store.history import Entry
    from store.issue_view import IssuesView
    from store.models import Issue

WIDE = 200  # columns from which the detail sits beside the table
TITLE_CELLS = 32  # of a title in the table (the detail shows it whole)
STATUS = {"open": N_("open"), "in_progress": N_("in progress"), "resolved": N_("resolved")}
SOURCE = {
    "risk": N_("risk"),
    "task": N_("slipping task"),
    "update": N_("daily update"),
    "meeting": N_("meeting"),
    "typed": N_("typed"),
}
# What a change of these entities can alter in the rows (names, the chain).
SHOWN_ENTITIES = ("issues", "members", "departments", "project")
COLUMNS = (
    N_("#"),
    N_("Title"),
    N_("Source"),
    N_("Owner"),
    N_("Department"),
    N_("Raised"),
    N_("Due"),
    N_("Status"),
    N_("Escalation"),
    N_("Waits on"),
)


def status_label(status: str) -> str:
    return f"{sym.ISSUE_STATUS.get(status, '?')} {_(STATUS.get(status, status))}"


def overdue(issue: Issue, today: date) -> bool:
    return issue.status != "resolved" and issue.due is not None and issue.due < today


class IssuesTab(RisksTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"issues"})
    DEFAULT_CSS = css_beside(__file__, "issues")
    # Rules for the screen's tabs as well as this tab's own (all prefixed by hand).
    SCOPED_CSS = False
    WRITE_ACTIONS = frozenset({"new", "edit", "progress", "resolve", "escalate"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New issue"), id="issues.new"),
        Binding("e,enter", "edit", N_("Edit"), id="issues.edit"),
        Binding("s", "progress", N_("Start / stop work"), id="issues.progress"),
        Binding("x", "resolve", N_("Resolve"), id="issues.resolve"),
        Binding("E", "escalate", N_("Escalate now"), id="issues.escalate"),
    ]

    def __init__(self) -> None:
        super().__init__(_("Issues"), id="issues")
        self.view: IssuesView | None = None
        self.by_id: dict[int, Issue] = {}
        # A record asked for before the rows arrived (dashboard, palette), or just saved.
        self._wanted: int | None = None

    def compose(self) -> ComposeResult:
        yield Horizontal(
            KeyedTable([_(c) for c in COLUMNS], mark_column=1, id="issues-table"),
            VerticalScroll(
                Static(Content(_("Loading the issues…")), id="issue-detail-text"),
                id="issue-detail",
            ),
            id="issues-body",
        )

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#issues-table", KeyedTable)

    def presence_changed(self) -> None:
        self.table.mark(self.app.presence.editing("issues"))

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    # -- loading ------------------------------------------------------------------
    @work(group="issues-load", exclusive=True)
    async def reload(self) -> None:
        from store.issue_view import issues_view

        self.view = await self.app.run_db(issues_view, self.app.store)
        self.by_id = {i.id: i for i in self.view.issues}
        self._show()

    def apply_changes(self, message: DataChanged) -> None:
        touched = message.touched()
        if any(e in touched for e in SHOWN_ENTITIES):
            self.reload()
        elif self.view is not None:
            sources = self.view.sources
            if any((e, i) in sources for e in ("risks", "tasks") for i in touched.get(e, ())):
                self.reload()

    def _show(self) -> None:
        view = self.view
        if view is None:
            return
        today = clock.today()
        late = f"bold {self.app.theme_variables.get('warning', 'yellow')}"
        rows = []
        for issue in view.issues:
            owner = view.members.get(issue.owner_id or 0)
            department = view.departments.get(issue.department_id or 0)
            due = issue.due.isoformat() if issue.due else ""
            level = issue.escalation
            rows.append(
                (
                    str(issue.id),
                    [
                        cell(issue.id),
                        _cut(issue.title, TITLE_CELLS),
                        cell(self._source(issue)),
                        cell(owner.name if owner else ""),
                        cell(department.name if department else ""),
                        cell(issue.raised.isoformat() if issue.raised else ""),
                        cell(f"{sym.SLIPPING} {due}", late) if overdue(issue, today) else cell(due),
                        cell(status_label(issue.status)),
                        cell(f"{int(level)} · {_(ROLES[level][2])}", "bold" if level else ""),
                        cell(self._waits_on(issue) if issue.status != "resolved" else ""),
                    ],
                )
            )
        self.table.sync(rows)
        if self._wanted is not None:
            self.show_record("issues", self._wanted)
        self._show_detail()

    def _source(self, issue: Issue) -> str:
        """ "risk #3", "slipping task #42", "meeting"…"""
        word = _(SOURCE.get(issue.source, issue.source))
        linked = _linked(issue)
        return f"{word} #{linked[1]}" if linked else word

    def _waits_on(self, issue: Issue) -> str:
        assert self.view is not None
        return waits_on(issue.escalation, self.view.chain.waits_on(issue))

    # -- the detail panel ---------------------------------------------------------
    @property
    def current(self) -> Issue | None:
        key = self.table.cursor_key
        return self.by_id.get(int(key)) if key else None

    def shown_record(self) -> tuple[str, int] | None:
        issue = self.current
        return ("issues", issue.id) if issue is not None else None

    @on(DataTable.RowHighlighted, "#issues-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#issues-table")
    def _row_selected(self) -> None:
        if self.check_action("edit", ()):  # enter and clicks obey read-only too
            self.action_edit()

    def _show_detail(self) -> None:
        issue = self.current
        box = self.query_one("#issue-detail-text", Static)
        if issue is None:
            text = _("No issues: n adds one.") if self.view is not None else ""
            box.update(Content(text))
            return
        self.load_history(issue.id)

    @work(group="issues-detail", exclusive=True)
    async def load_history(self, issue_id: int) -> None:
        from store.issue_view import issue_history

        changes = await self.app.run_db(issue_history, self.app.store, issue_id)
        issue = self.by_id.get(issue_id)
        if issue is None or self.view is None:
            return
        self.query_one("#issue-detail-text", Static).update(self._detail(issue, changes))

    def _detail(self, issue: Issue, changes: list[Entry]) -> Content:
        assert self.view is not None
        view = self.view
        owner = view.members.get(issue.owner_id or 0)
        department = view.departments.get(issue.department_id or 0)
        parts: list[Any] = [(f"#{issue.id} ", "bold"), (one_line(issue.title), "bold"), "\n"]
        parts += [status_label(issue.status)]
        if issue.status != "resolved":
            parts += [
                " · ",
                _("waits on {who} ({role})").format(
                    who=self._waits_on(issue), role=role(issue.escalation)
                ),
            ]
        if issue.due:
            due = _("due {date}").format(date=issue.due.isoformat())
            late = overdue(issue, clock.today())
            parts += [" · ", (f"{sym.SLIPPING} {due}", "bold $warning") if late else due]
        parts += ["\n", (_("Source") + ": ", "bold"), self._source(issue)]
        linked = _linked(issue)
        if linked in view.sources:
            parts += [" ", one_line(view.sources[linked])]
        parts += ["\n", (_("Owner") + ": ", "bold"), one_line(owner.name) if owner else "—"]
        if department:
            parts += [" · ", one_line(department.name)]
        if issue.raised:
            parts += [" · ", _("raised {date}").format(date=issue.raised.isoformat())]
        for label, text in (
            (_("Description"), issue.description),
            (_("Action plan"), issue.plan),
            (_("Resolution"), issue.resolution),
        ):
            if text:
                parts += ["\n", (label + ": ", "bold"), one_line(text)]
        parts += ["\n", (_("History") + f" ({len(changes)})", "bold $accent")]
        for entry in changes[:8]:
            parts += ["\n", f" {when(entry)} ", summary(entry, "issues")]
        return Content.assemble(*parts)

    # -- actions --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.WRITE_ACTIONS and self.app.read_only)

    def _fields(self) -> list[FormField]:
        statuses = tuple((status_label(k), k) for k in STATUS)
        return [
            FormField("title", N_("Title"), optional=False),
            FormField("description", N_("Description"), "text"),
            FormField("plan", N_("Action plan"), "text"),
            FormField("owner_id", N_("Owner"), "member"),
            FormField("department_id", N_("Department"), "department"),
            FormField("due", N_("Due"), "date"),
            FormField("status", N_("Status"), "choice", statuses, optional=False),
        ]

    def _choices(self) -> dict[str, Any]:
        view = self.view
        if view is None:
            return {}
        return {
            "members": sorted(((m.name, m.id) for m in view.members.values()), key=_by_name),
            "departments": sorted(
                ((d.name, d.id) for d in view.departments.values()), key=_by_name
            ),
        }

    def action_new(self) -> None:
        from store.issues import add_issue
        from store.models import Issue

        store, members = self.app.store, self.view.members if self.view else {}
        today = clock.today()

        def save(values: dict[str, Any], _version: object) -> Issue:
            owner = members.get(values.get("owner_id") or 0)
            if values.get("department_id") is None and owner is not None:
                values = values | {"department_id": owner.department_id}  # the owner's
            return add_issue(store, Issue(**values, raised=today))

        spec = FormSpec(
            _("New issue"),
            Issue,
            self._fields(),
            save,
            values={"status": "open"},
            entity="issues",
            **self._choices(),
        )
        self.app.forms.open(spec, self._saved)

    def action_edit(self) -> None:
        from store.issues import add_issue, update_issue
        from store.models import Issue

        issue = self.current
        if issue is None:
            return
        store = self.app.store
        spec = FormSpec.editing(
            _("Edit issue #{id}").format(id=issue.id),
            issue,
            self._fields(),
            lambda values, version, base: update_issue(store, issue.id, version, base, **values),
            create=lambda values: add_issue(store, Issue(**values)),
            **self._choices(),
        )
        self.app.forms.open(spec, self._saved)

    def action_resolve(self) -> None:
        from store.issues import resolve_issue

        issue = self.current
        if issue is None:
            return
        if issue.status == "resolved":
            say(self, _("Issue #{id} is resolved already").format(id=issue.id))
            return
        store = self.app.store
        spec = FormSpec.editing(
            _("Resolve issue #{id} {title}").format(id=issue.id, title=one_line(issue.title)),
            issue,
            [FormField("resolution", N_("Resolution"), "text", optional=False)],
            lambda values, version, base: resolve_issue(
                store, issue.id, version, values.get("resolution", ""), base=base
            ),
        )
        self.app.forms.open(spec, self._saved)

    def _saved(self, record: Issue | None) -> None:
        if record is not None:
            say(
                self,
                _("Saved issue #{id} {title}: {status}").format(
                    id=record.id, title=one_line(record.title), status=status_label(record.status)
                ),
            )
            self.show_record("issues", record.id)

    @work(group="issues-write")
    async def action_progress(self) -> None:
        from store.issues import update_issue
        from store.models import IssueStatus

        issue = self.current
        if issue is None:
            return
        if issue.status == IssueStatus.RESOLVED:
            say(self, _("Issue #{id} is resolved: e reopens it").format(id=issue.id))
            return
        status = IssueStatus.IN_PROGRESS if issue.status == IssueStatus.OPEN else IssueStatus.OPEN
        seen = {"status": issue.status}  # the one field it writes, as the user saw it
        saved = await self.app.run_db(
            update_issue, self.app.store, issue.id, issue.version, seen, status=status
        )
        say(self, _("Issue #{id}: {status}").format(id=saved.id, status=status_label(status)))

    @work(group="issues-write")
    async def action_escalate(self) -> None:
        from store.issues import escalate
        from store.models import Escalation

        issue = self.current
        if issue is None or self.view is None:
            return
        if issue.status == "resolved" or issue.escalation == Escalation.SPONSOR:
            said = (
                _("Issue #{id} is resolved already")
                if issue.status == "resolved"
                else _("Issue #{id} waits on the sponsor department's head already: the top")
            )
            say(self, said.format(id=issue.id), severity="warning")
            return
        level = Escalation(issue.escalation + 1)
        above = self.view.chain.waits_on(issue.model_copy(update={"escalation": level}))
        question = Confirm(
            _("Escalate issue #{id} now?").format(id=issue.id),
            yes=_("Escalate"),
            detail=_("It will wait on {who} ({role}), before its due date.").format(
                who=one_line(above.name) if above else _("nobody"), role=role(level)
            ),
        )
        if await self.app.push_screen_wait(question):
            # The app says it (tui/escalation.py), as it does for every escalation.
            seen = issue.model_dump()
            await self.app.run_db(escalate, self.app.store, issue.id, issue.version, None, seen)

    def show_record(self, entity: str, record_id: int) -> None:
        if record_id not in self.by_id:
            # Not read yet (a fresh screen, a record just saved): ``_show`` comes back.
            self._wanted = record_id
            return
        self._wanted = None
        self.table.seek(str(record_id))
        self.table.focus()


def _linked(issue: Issue) -> tuple[str, int] | None:
    """The risk or task an issue came from, as (entity, id)."""
    if issue.source == "risk" and issue.risk_id is not None:
        return ("risks", issue.risk_id)
    if issue.source == "task" and issue.task_id is not None:
        return ("tasks", issue.task_id)
    return None


def _cut(text: str, cells: int) -> Text:
    """A cell of at most ``cells`` terminal cells, with an ellipsis if cut."""
    line = cell(text)
    line.truncate(cells, overflow="ellipsis")
    return line


def _by_name(pair: tuple[str, int]) -> str:
    return pair[0].casefold()
