"""Charter (2): the charter and milestones, sign-offs, requirements and resources, changes.

The README's process steps 1–3 on one screen, one tab each: the project charter (项目章程),
who signed what (签字), each department's requirements (需求清单) and resource
requests (资源需求表), and requirement change approval (变更审批). States are
shown with symbols (store.symbols) as well as words, never by colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs

from store import clock
from store import symbols as sym
from store.text import one_line, strip_controls
from tui.i18n import N_, _, ngettext, say_error
from tui.messages import DataChanged
from tui.modals.charter_form import DATE_LISTS, CharterForm
from tui.modals.confirm import Confirm
from tui.modals.form import FormField, FormSpec, RecordForm
from tui.screens.base import XdeptScreen
from tui.tcss import css_beside
from tui.tell import say, work
from tui.widgets.table import KeyedTable, cell
from tui.working_days import calendar_line, holiday_language

if TYPE_CHECKING:
    from store.calendars import Summary
    from store.models import (
        ChangeRequest,
        Department,
        Member,
        Milestone,
        Project,
        Requirement,
        ResourceRequest,
        SignOff,
    )

# Terminal width from which the screen spreads out (side panels, full sign-off cells).
WIDE = 130
# Longest requirement or description shown in a table cell; the detail line has all of it.
CELL_MAX = {False: 34, True: 90}

TABS = ("tab-charter", "tab-signoffs", "tab-needs", "tab-changes")
# Which tabs show records of each entity: a change reloads only those.
SHOWN_IN: dict[str, tuple[str, ...]] = {
    "project": ("charter",),
    "milestones": ("charter",),
    "departments": ("charter", "signoffs", "needs", "changes"),
    "members": ("charter", "signoffs", "changes"),
    "signoffs": ("signoffs",),
    "baselines": ("signoffs",),
    "requirements": ("needs", "changes"),
    "resource_requests": ("needs",),
    "change_requests": ("changes",),
}
PARTS = frozenset(part for parts in SHOWN_IN.values() for part in parts)

# document → (column label, full name)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "charter": (N_("Charter"), N_("the charter")),
    "collaboration": (N_("Collaboration"), N_("the collaboration confirmation")),
    "baseline": (N_("Baseline"), N_("the plan baseline")),
}
PRIORITY = {
    "high": (sym.HIGH, N_("high")),
    "medium": (sym.MEDIUM, N_("medium")),
    "low": (sym.LOW, N_("low")),
}
REQUIREMENT_STATUS = {
    "proposed": (sym.PENDING, N_("proposed")),
    "accepted": (sym.DONE, N_("accepted")),
    "rejected": (sym.REJECTED, N_("rejected")),
    "delivered": (sym.DELIVERED, N_("delivered")),
}
RESOURCE_STATUS = {
    "gap": (sym.TO_FIX, N_("gap")),
    "approved": (sym.DONE, N_("approved")),
    "requested": (sym.PENDING, N_("requested")),
}
RESOURCE_KIND = {"people": N_("people"), "budget": N_("budget"), "equipment": N_("equipment")}
CHANGE_STATUS = {
    "proposed": (sym.PENDING, N_("proposed")),
    "approved": (sym.DONE, N_("approved")),
    "rejected": (sym.REJECTED, N_("rejected")),
}

CHARTER_TEXTS = (
    ("background", N_("Background")),
    ("goal", N_("Goal")),
    ("expected_results", N_("Expected results")),
    ("scope_in", N_("In scope")),
    ("scope_out", N_("Out of scope")),
    ("success_criteria", N_("Success criteria")),
)
CHARTER_FIELDS = [
    FormField("name", N_("Project name"), optional=False),
    *(FormField(name, label, "text") for name, label in CHARTER_TEXTS),
    FormField("sponsor_department_id", N_("Sponsor"), "department"),
    FormField("pm_member_id", N_("Project manager"), "member"),
    FormField("start", N_("Start"), "date"),
    FormField("target_end", N_("Target end"), "date"),
    FormField("country", N_("Official calendar (country code)"), placeholder=N_("CN")),
    FormField("holidays", N_("Holidays"), placeholder="2026-10-01, 2026-10-02, …"),
    FormField("workdays", N_("Extra working days"), placeholder="2027-02-20, …"),
]
MILESTONE_FIELDS = [
    FormField("name", N_("Milestone"), optional=False),
    FormField("date", N_("Date"), "date", optional=False),
    FormField("description", N_("Description"), "text"),
]


def amount_text(kind: str, amount: float) -> str:
    """A resource amount in its unit, digits grouped: "¥1,200,000", "2 persons", "8 units"."""
    number = f"{amount:,.2f}".rstrip("0").rstrip(".")
    if kind == "budget":
        return _("¥{amount}").format(amount=number)
    # gettext counts whole things: exactly 1 is singular, any other amount plural.
    count = 1 if amount == 1 else 2
    if kind == "people":
        return ngettext("{amount} person", "{amount} persons", count).format(amount=number)
    if kind == "equipment":
        return ngettext("{amount} unit", "{amount} units", count).format(amount=number)
    return number


def _choices(labels: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(translated label with its symbol, value) pairs for a choice field."""
    return tuple(
        (f"{v[0]} {_(v[1])}" if isinstance(v, tuple) else _(v), key) for key, v in labels.items()
    )


def _state(labels: dict[str, tuple[str, str]], value: str) -> str:
    symbol, label = labels.get(value, ("?", value))
    return f"{symbol} {_(label)}"


def _short(value: str, width: int) -> Text:
    """User text as one literal line cut to ``width`` cells with an ellipsis."""
    text = cell(value)
    text.truncate(width, overflow="ellipsis")
    return text


def _read(store: Any, parts: frozenset[str]) -> dict[str, Any]:
    """Everything the tabs in ``parts`` show, read in the database thread."""
    from store import calendars, people, project, tasks
    from store.errors import NotFound

    data: dict[str, Any] = {
        "departments": people.departments(store),
        "members": people.members(store),
    }
    if "charter" in parts:
        try:
            data["project"] = project.project(store)
        except NotFound:
            data["project"] = None
        data["milestones"] = project.milestones(store)
        data["calendar"] = calendars.summary(store, clock.today(), holiday_language())
    if "signoffs" in parts:
        data["signoffs"] = project.signoffs(store)
        data["has_baseline"] = bool(tasks.baselines(store))
        data["me"] = people.member_for_login(store, store.actor or "")
    if parts & {"needs", "changes"}:
        data["requirements"] = project.requirements(store)
    if "needs" in parts:
        data["resource_requests"] = project.resource_requests(store)
    if "changes" in parts:
        data["change_requests"] = project.change_requests(store)
    return data


def signatures(signoffs: list[SignOff]) -> dict[tuple[str, int], SignOff]:
    """(document, department) → the signature that counts: the current one, else the latest."""
    current: dict[tuple[str, int], SignOff] = {}
    for signoff in sorted(signoffs, key=lambda s: (not s.outdated, s.id)):
        current[(signoff.document, signoff.department_id)] = signoff
    return current


class CharterScreen(XdeptScreen):
    # Textual annotates it ClassVar[...] | None, which a checker reads as per instance.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]  # type: ignore[misc]
    DEFAULT_CSS = css_beside(__file__)
    WRITE_ACTIONS = frozenset(
        {"new", "add_milestone", "edit", "delete", "sign", "approve", "reject"}
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "tab(-1)",
            N_("Previous tab"),
            show=False,
            id="charter.previous_tab",
        ),
        Binding("right_square_bracket", "tab(1)", N_("Next tab"), id="charter.next_tab"),
        Binding("e,enter", "edit", N_("Edit"), id="charter.edit"),
        Binding("m", "add_milestone", N_("Add milestone"), id="charter.milestone"),
        Binding("n,a", "new", N_("New"), id="charter.new"),
        Binding("d", "delete", N_("Delete"), id="charter.delete"),
        Binding("s", "sign", N_("Sign"), id="charter.sign"),
        Binding("y", "approve", N_("Approve"), id="charter.approve"),
        Binding("x", "reject", N_("Reject"), id="charter.reject"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.calendar: Summary | None = None
        self.departments: dict[int, Department] = {}
        self.members: dict[int, Member] = {}
        self.milestones: dict[int, Milestone] = {}
        self.signoffs: dict[tuple[str, int], SignOff] = {}
        self.has_baseline = False
        self.me: Member | None = None
        self.requirements: dict[int, Requirement] = {}
        self.resources: dict[int, ResourceRequest] = {}
        self.changes: dict[int, ChangeRequest] = {}
        self._dirty: set[str] = set()
        self._loaded: set[str] = set()
        self._wide = False
        self._last_needs = "#requirements"
        self._tabs: TabbedContent | None = None
        # A record asked for before its rows arrived (dashboard, palette).
        self._wanted: tuple[str, int] | None = None

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="charter-tabs"):
            with TabPane(_("Charter"), id="tab-charter"), Horizontal(classes="pane-body"):
                yield VerticalScroll(
                    Static(Content(_("Loading…")), id="charter-content"),
                    id="charter-text",
                    can_focus=True,
                )
                with Vertical(id="milestone-box"):
                    hint = "" if self.app.read_only else "  ·  m " + _("add")
                    yield Static(
                        Content(f"{sym.MILESTONE} " + _("Milestones") + hint),
                        classes="section-title",
                    )
                    yield KeyedTable([_("Milestone"), _("Date"), _("From today")], id="milestones")
            with TabPane(_("Sign-offs"), id="tab-signoffs"), Vertical():
                # The department stays in view when the documents scroll sideways (80 columns).
                yield KeyedTable(
                    [_("Department"), *(_(label) for label, _full in DOCUMENTS.values())],
                    id="signoffs",
                    fixed_columns=1,
                )
                yield Static("", id="signoff-detail", classes="detail")
            with TabPane(_("Requirements & resources"), id="tab-needs"), Vertical():
                with Vertical(id="requirement-box", classes="box"):
                    yield Static(Content(_("Requirements")), classes="section-title")
                    yield KeyedTable(
                        [_("Department"), _("Priority"), _("Status"), _("Requirement")],
                        id="requirements",
                    )
                with Vertical(id="resource-box", classes="box"):
                    yield Static(Content(_("Resource requests")), classes="section-title")
                    yield KeyedTable(
                        [
                            _("Status"),
                            _("Department"),
                            _("Kind"),
                            _("Amount"),
                            _("Description"),
                            _("Resolution"),
                        ],
                        id="resources",
                    )
                yield Static("", id="needs-detail", classes="detail")
            with TabPane(_("Change requests"), id="tab-changes"), Vertical():
                yield KeyedTable(
                    [
                        _("Status"),
                        "#",
                        _("Title"),
                        _("Requirement"),
                        _("Proposed by"),
                        _("Decided by"),
                    ],
                    id="changes",
                )
                yield Static("", id="change-detail", classes="detail")

    def on_mount(self) -> None:
        super().on_mount()
        # Kept: the footer asks check_action (which needs the tab) on every refresh.
        self._tabs = self.query_one(TabbedContent)
        self.query_one("#signoffs", KeyedTable).cursor_type = "cell"
        self._wide = self.size.width >= WIDE
        self.query_one("#charter-text").focus()
        self.reload()

    # -- loading -----------------------------------------------------------------
    def reload(self, parts: frozenset[str] = PARTS) -> None:
        self._dirty |= parts
        self._load()

    @work(group="charter-load", exclusive=True)
    async def _load(self) -> None:
        from store.errors import StoreError

        parts = frozenset(self._dirty)
        try:
            data = await self.app.run_db(_read, self.app.store, parts)
        except StoreError as error:
            say(self, say_error(error), severity="error")
            return
        # A newer load cancels this one before here; then it reads these parts itself.
        self._dirty -= parts
        self._loaded |= parts
        self.departments = {d.id: d for d in data["departments"]}
        self.members = {m.id: m for m in data["members"]}
        if "requirements" in data:
            self.requirements = {r.id: r for r in data["requirements"]}
        if "charter" in parts:
            self.project = data["project"]
            self.calendar = data["calendar"]
            self.milestones = {m.id: m for m in data["milestones"]}
            self._show_charter()
        if "signoffs" in parts:
            self.signoffs = signatures(data["signoffs"])
            self.has_baseline = data["has_baseline"]
            self.me = data["me"]
            self._show_signoffs()
        if "needs" in parts:
            self.resources = {r.id: r for r in data["resource_requests"]}
            self._show_needs()
        if "changes" in parts:
            self.changes = {c.id: c for c in data["change_requests"]}
            self._show_changes()
        if self._wanted is not None:
            self.show_record(*self._wanted)

    def apply_changes(self, message: DataChanged) -> None:
        touched = message.touched(*SHOWN_IN)
        parts = frozenset(part for entity in touched for part in SHOWN_IN[entity])
        if parts:
            self.reload(parts)

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        if wide != self._wide:
            self._wide = wide
            self._show_signoffs()
            self._show_needs()
            self._show_changes()

    # -- names ----------------------------------------------------------
    def _department(self, department_id: int | None) -> str:
        department = self.departments.get(department_id or 0)
        return one_line(department.name) if department else ""

    def _member(self, member_id: int | None) -> str:
        member = self.members.get(member_id or 0)
        return one_line(member.name) if member else ""

    def _login(self, login: str) -> str:
        """A login as the person's name when the roster knows it."""
        return one_line(next((m.name for m in self.members.values() if m.login == login), login))

    # -- the charter tab ---------------------------------------------------------
    def _show_charter(self) -> None:
        p = self.project
        box = self.query_one("#charter-content", Static)
        if p is None:
            box.update(Content(_("This database has no project yet.")))
            return
        missing = ("—", "dim")
        parts: list[Any] = [(strip_controls(p.name), "bold"), "\n\n"]
        facts = (
            (_("Sponsor department"), self._department(p.sponsor_department_id)),
            (_("Project manager"), self._member(p.pm_member_id)),
            (_("Start"), p.start.isoformat() if p.start else ""),
            (_("Target end"), p.target_end.isoformat() if p.target_end else ""),
            (_("Calendar"), calendar_line(self.calendar) if self.calendar else ""),
        )
        for label, value in facts:
            parts += [(f"{label}: ", "bold"), strip_controls(value) or missing, "\n"]
        for name, label in CHARTER_TEXTS:
            value = strip_controls(getattr(p, name))
            parts += ["\n", (_(label), "bold $accent"), "\n", value or missing, "\n"]
        if not self.app.read_only:
            parts += ["\n", (_("e edit the charter · m add a milestone"), "dim")]
        box.update(Content.assemble(*parts))
        today = clock.today()
        rows = []
        for m in sorted(self.milestones.values(), key=lambda m: (m.date, m.id)):
            days = (m.date - today).days
            if days > 0:
                when = f"{sym.MILESTONE} " + ngettext("in {n} day", "in {n} days", days).format(
                    n=days
                )
            elif days == 0:
                when = f"{sym.MILESTONE} " + _("today")
            else:
                when = ngettext("{n} day ago", "{n} days ago", -days).format(n=-days)
            rows.append((str(m.id), [cell(m.name), cell(m.date.isoformat()), cell(when)]))
        self.query_one("#milestones", KeyedTable).sync(rows)

    # -- the sign-off tab --------------------------------------------------------
    def _signoff_cell(self, document: str, department_id: int) -> Text:
        signoff = self.signoffs.get((document, department_id))
        if signoff is None:
            if document == "baseline" and not self.has_baseline:
                return cell("— " + _("no baseline"), "dim")
            return cell(f"{sym.TO_FIX} " + _("missing"), "bold")
        name = self._member(signoff.signed_by_id)
        if signoff.outdated and self._wide:
            return cell(
                f"{sym.OUTDATED} " + _("outdated — signed by {name}").format(name=name), "italic"
            )
        if signoff.outdated:  # short enough for the three documents to fit 80 columns
            return cell(
                f"{sym.OUTDATED} {name} {signoff.signed_at[5:10]} " + _("outdated"), "italic"
            )
        if self._wide:
            text = f"{sym.DONE} " + _("signed by {name} {date}").format(
                name=name, date=signoff.signed_at[:10]
            )
        else:
            text = f"{sym.DONE} {name} {signoff.signed_at[5:10]}"
        if signoff.on_behalf:
            text += " " + _("(for head)")
        return cell(text)

    def _show_signoffs(self) -> None:
        if "signoffs" not in self._loaded:
            return
        rows = [
            (
                str(d.id),
                [cell(d.name), *(self._signoff_cell(doc, d.id) for doc in DOCUMENTS)],
            )
            for d in sorted(self.departments.values(), key=lambda d: d.name.casefold())
        ]
        table = self.query_one("#signoffs", KeyedTable)
        first = not table.row_count
        table.sync(rows)
        if first and rows:  # start on the first document, not on the department's name
            table.move_cursor(column=1, animate=False)
        self._show_signoff_detail()

    def _signoff_target(self) -> tuple[str, int] | None:
        """(document, department id) under the sign-off table's cursor."""
        table = self.query_one("#signoffs", KeyedTable)
        key = table.cursor_key
        if key is None or not 1 <= table.cursor_column <= len(DOCUMENTS):
            return None
        return list(DOCUMENTS)[table.cursor_column - 1], int(key)

    def _show_signoff_detail(self) -> None:
        target = self._signoff_target()
        parts: list[Any] = []
        if target is not None:
            document, department_id = target
            head = next(
                (
                    m.name
                    for m in self.members.values()
                    if m.department_id == department_id and m.is_head
                ),
                None,
            )
            parts += [
                (self._department(department_id), "bold"),
                " · ",
                _(DOCUMENTS[document][1]),
                ": ",
                self._signoff_cell(document, department_id).plain,
                "\n",
                _("Head: {name}").format(name=head)
                if head
                else f"{sym.TO_FIX} " + _("no head named"),
                "\n",
            ]
            signoff = self.signoffs.get(target)
            if signoff is not None:
                parts += [
                    (
                        _("Signed {at} by {name}{behalf}, document version {v}.").format(
                            at=signoff.signed_at[:16].replace("T", " "),
                            name=self._member(signoff.signed_by_id),
                            behalf=" " + _("on behalf of the head") if signoff.on_behalf else "",
                            v=signoff.document_version,
                        ),
                        "dim",
                    ),
                    "\n",
                ]
        rule = _("The head signs; the PM may sign on the head's behalf.")
        if self.app.read_only:
            who = _("Read-only: signing is off.")
        elif self.me is None:
            who = _("You ({login}) are not on the roster: set your login there to sign.").format(
                login=one_line(self.app.store.actor or "")
            )
        else:
            who = _("s signs as {name}.").format(name=one_line(self.me.name))
        parts += [(f"{rule} {who}", "dim")]
        self.query_one("#signoff-detail", Static).update(Content.assemble(*parts))

    @on(DataTable.CellHighlighted, "#signoffs")
    def _signoff_moved(self) -> None:
        self._show_signoff_detail()

    @on(DataTable.CellSelected, "#signoffs")
    def _signoff_selected(self) -> None:
        if self.check_action("sign", ()):
            self.action_sign()

    @work(group="charter-sign", exclusive=True)
    async def action_sign(self) -> None:
        from store import people, project
        from store.errors import StoreError
        from store.models import Document

        target = self._signoff_target()
        if target is None:
            say(self, _("Move to a document's column (← →) to sign it."), severity="warning")
            return
        document, department_id = target
        department = self.departments.get(department_id)
        if department is None:
            return
        if document == "baseline" and not self.has_baseline:
            say(
                self,
                _("There is no plan baseline to sign yet: fix the plan first."),
                severity="warning",
                timeout=6,
            )
            return
        signer = await self.app.run_db(
            people.member_for_login, self.app.store, self.app.store.actor or ""
        )
        if signer is None:
            say(
                self,
                _(
                    "You ({login}) are not on the roster: set your login on the Roster (3) to sign."
                ).format(login=self.app.store.actor),
                severity="error",
                timeout=8,
            )
            return
        try:
            on_behalf = project.signs_on_behalf(signer, department)
        except StoreError as error:
            say(self, say_error(error), severity="error")
            return
        question = (
            _("Sign {document} for {department} as {name} (on behalf of the head)?")
            if on_behalf
            else _("Sign {document} for {department} as {name}?")
        ).format(
            document=_(DOCUMENTS[document][1]),
            department=one_line(department.name),
            name=one_line(signer.name),
        )
        current = self.signoffs.get(target)
        detail = ""
        if current is not None:
            state = self._signoff_cell(document, department_id).plain
            detail = (
                _("Now: {state}").format(state=state)
                if current.outdated
                else _("Already signed: {state}. Signing again records a new signature.").format(
                    state=state
                )
            )
        if await self.app.push_screen_wait(Confirm(question, yes=_("Sign"), detail=detail)):
            try:
                await self.app.run_db(
                    project.sign,
                    self.app.store,
                    Document(document),
                    department_id,
                    signer,
                )
            except StoreError as error:
                say(self, say_error(error), severity="error")
                return
            say(
                self,
                _("Signed {document} for {department}").format(
                    document=_(DOCUMENTS[document][1]), department=one_line(department.name)
                ),
            )
            self.reload(frozenset({"signoffs"}))

    # -- requirements and resources ----------------------------------------------
    def _show_needs(self) -> None:
        if "needs" not in self._loaded:
            return
        width = CELL_MAX[self._wide]
        order = {"high": 0, "medium": 1, "low": 2}
        requirements = sorted(
            self.requirements.values(),
            key=lambda r: (
                self._department(r.department_id).casefold(),
                order.get(r.priority, 3),
                r.id,
            ),
        )
        self.query_one("#requirements", KeyedTable).sync(
            [
                (
                    str(r.id),
                    [
                        cell(self._department(r.department_id)),
                        cell(_state(PRIORITY, r.priority), "bold" if r.priority == "high" else ""),
                        cell(_state(REQUIREMENT_STATUS, r.status)),
                        _short(r.text, width),
                    ],
                )
                for r in requirements
            ]
        )
        rank = {"gap": 0, "requested": 1, "approved": 2}

        def resource_order(r: ResourceRequest) -> tuple[Any, ...]:
            unresolved = r.status == "gap" and not r.resolution
            return (
                not unresolved,
                rank.get(r.status, 3),
                self._department(r.department_id).casefold(),
                r.id,
            )

        rows = []
        for r in sorted(self.resources.values(), key=resource_order):
            if r.status == "gap" and r.resolution:
                status = cell(f"{sym.IN_PROGRESS} " + _("gap, resolved"))
            else:
                status = cell(
                    _state(RESOURCE_STATUS, r.status), "bold" if r.status == "gap" else ""
                )
            rows.append(
                (
                    str(r.id),
                    [
                        status,
                        cell(self._department(r.department_id)),
                        cell(_(RESOURCE_KIND.get(r.kind, r.kind))),
                        Text(amount_text(r.kind, r.amount), justify="right"),
                        _short(r.description, width),
                        _short(r.resolution, width // 2),
                    ],
                )
            )
        self.query_one("#resources", KeyedTable).sync(rows)
        self._show_needs_detail()

    def _needs_table(self) -> KeyedTable:
        """The requirements or resources table, whichever was focused last."""
        focused = self.focused
        if isinstance(focused, KeyedTable) and focused.id in ("requirements", "resources"):
            return focused
        return self.query_one(self._last_needs, KeyedTable)

    def _current_need(self) -> Requirement | ResourceRequest | None:
        table = self._needs_table()
        records = self.requirements if table.id == "requirements" else self.resources
        return records.get(int(table.cursor_key or 0))

    def _show_needs_detail(self) -> None:
        record = self._current_need()
        box = self.query_one("#needs-detail", Static)
        if record is None:
            box.update(
                Content(
                    _("n adds a requirement or resource request to the focused list."),
                )
            )
            return
        from store.models import Requirement

        if isinstance(record, Requirement):
            parts: list[Any] = [
                (self._department(record.department_id), "bold"),
                " · ",
                _state(PRIORITY, record.priority),
                " · ",
                _state(REQUIREMENT_STATUS, record.status),
                "\n",
                strip_controls(record.text),
            ]
        else:
            parts = [
                (self._department(record.department_id), "bold"),
                " · ",
                _(RESOURCE_KIND.get(record.kind, record.kind)),
                f" · {amount_text(record.kind, record.amount)} · ",
                _state(RESOURCE_STATUS, record.status),
                "\n",
                strip_controls(record.description),
            ]
            if record.resolution:
                parts += ["\n", (_("Resolution: "), "bold"), strip_controls(record.resolution)]
        box.update(Content.assemble(*parts))

    @on(DataTable.RowHighlighted, "#requirements, #resources")
    def _need_moved(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.has_focus:
            self._show_needs_detail()

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, KeyedTable) and widget.id in ("requirements", "resources"):
            self._last_needs = f"#{widget.id}"
            self._show_needs_detail()

    def _department_choices(self) -> list[tuple[str, int]]:
        return [
            (d.name, d.id)
            for d in sorted(self.departments.values(), key=lambda d: d.name.casefold())
        ]

    def _member_choices(self) -> list[tuple[str, int]]:
        return [
            (f"{m.name} ({self._department(m.department_id)})", m.id)
            for m in sorted(self.members.values(), key=lambda m: m.name.casefold())
        ]

    def _need_spec(self, kind: str, record: Any = None) -> FormSpec:
        """The form of a requirement or resource request, new (record None) or existing."""
        from store import project
        from store.models import Requirement, ResourceRequest

        store = self.app.store
        if kind == "requirements":
            model: type[Requirement | ResourceRequest] = Requirement
            title = _("Edit requirement") if record else _("New requirement")
            fields = [
                FormField("department_id", N_("Department"), "department", optional=False),
                FormField("text", N_("Requirement"), "text"),
                FormField("priority", N_("Priority"), "choice", _choices(PRIORITY), optional=False),
                FormField(
                    "status", N_("Status"), "choice", _choices(REQUIREMENT_STATUS), optional=False
                ),
            ]
        else:
            model = ResourceRequest
            title = _("Edit resource request") if record else _("New resource request")
            fields = [
                FormField("department_id", N_("Department"), "department", optional=False),
                FormField("kind", N_("Kind"), "choice", _choices(RESOURCE_KIND), optional=False),
                FormField("description", N_("Description"), optional=False),
                FormField(
                    "amount", N_("Amount"), "float", placeholder=_("persons, ¥ or units, by kind")
                ),
                FormField(
                    "status", N_("Status"), "choice", _choices(RESOURCE_STATUS), optional=False
                ),
                FormField("resolution", N_("Resolution"), "text"),
            ]
        if record is None:
            current = self._current_need()
            # The model's defaults (medium, proposed…), in the department under the cursor.
            values = {
                f.name: model.model_fields[f.name].default
                for f in fields
                if not model.model_fields[f.name].is_required()
            }
            values["department_id"] = current.department_id if current else None
            return FormSpec(
                title,
                model,
                fields,
                lambda values, _v: project.save_department_record(store, model(**values)),
                values=values,
                entity=kind,
                departments=self._department_choices(),
            )
        return FormSpec(
            title,
            model,
            fields,
            lambda values, version, base: project.save_department_record(
                store, record, version, base, **values
            ),
            values=record.model_dump(),
            entity=kind,
            record_id=record.id,
            version=record.version,
            departments=self._department_choices(),
            create=lambda values: project.save_department_record(store, model(**values)),
        )

    # -- change requests ----------------------------------------------------------
    def _show_changes(self) -> None:
        if "changes" not in self._loaded:
            return
        rows = []
        for c in sorted(self.changes.values(), key=lambda c: (c.status != "proposed", -c.id)):
            decided = ""
            if c.decided_by:
                decided = f"{self._login(c.decided_by)} {(c.decided_at or '')[:10]}"
            rows.append(
                (
                    str(c.id),
                    [
                        cell(
                            _state(CHANGE_STATUS, c.status),
                            "bold" if c.status == "proposed" else "",
                        ),
                        cell(c.id),
                        _short(c.title, CELL_MAX[self._wide]),
                        cell(f"#{c.requirement_id}" if c.requirement_id else ""),
                        cell(self._login(c.proposed_by)),
                        cell(decided),
                    ],
                )
            )
        self.query_one("#changes", KeyedTable).sync(rows)
        self._show_change_detail()

    def _current_change(self) -> ChangeRequest | None:
        return self.changes.get(int(self.query_one("#changes", KeyedTable).cursor_key or 0))

    def _show_change_detail(self) -> None:
        change = self._current_change()
        box = self.query_one("#change-detail", Static)
        if change is None:
            box.update(Content(_("n proposes a requirement change; y approves, x rejects.")))
            return
        parts: list[Any] = [(strip_controls(change.title), "bold"), "\n"]
        requirement = self.requirements.get(change.requirement_id or 0)
        if requirement is not None:
            parts += [
                (_("Requirement: "), "bold"),
                f"#{requirement.id} {self._department(requirement.department_id)}: ",
                one_line(requirement.text),
                "\n",
            ]
        parts += [strip_controls(change.description) or (_("(no description)"), "dim")]
        box.update(Content.assemble(*parts))

    @on(DataTable.RowHighlighted, "#changes")
    def _change_moved(self) -> None:
        self._show_change_detail()

    def _requirement_choices(self) -> tuple[tuple[str, int], ...]:
        return tuple(
            (_short(f"#{r.id} {self._department(r.department_id)}: {r.text}", 56).plain, r.id)
            for r in self.requirements.values()
        )

    def _decide(self, approve: bool) -> None:
        change = self._current_change()
        if change is None:
            return
        if change.status != "proposed":
            say(
                self,
                _("Change request #{id} was already {status}.").format(
                    id=change.id, status=_state(CHANGE_STATUS, change.status)
                ),
                severity="warning",
            )
            return
        question = (
            _("Approve change request #{id} “{title}”?")
            if approve
            else _("Reject change request #{id} “{title}”?")
        ).format(id=change.id, title=one_line(change.title))

        def answered(yes: bool | None) -> None:
            if yes:
                self.decide(change, approve)

        self.app.push_screen(
            Confirm(question, yes=_("Approve") if approve else _("Reject")), answered
        )

    @work(group="charter-write")
    async def decide(self, change: ChangeRequest, approve: bool) -> None:
        from store import project
        from store.errors import StoreError

        try:
            saved = await self.app.run_db(
                project.decide_change, self.app.store, change.id, change.version, approve
            )
        except StoreError as error:
            say(self, say_error(error), severity="error")
            return
        say(
            self,
            _("Change request #{id} is {status}").format(
                id=saved.id, status=_state(CHANGE_STATUS, saved.status)
            ),
        )
        self.reload(frozenset({"changes"}))

    # -- actions ------------------------------------------------------------------
    @property
    def tab(self) -> str:
        """The active tab's id ("" before the tabs are mounted)."""
        return self._tabs.active if self._tabs is not None else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        tab = self.tab
        wanted = {
            "sign": tab == "tab-signoffs",
            "approve": tab == "tab-changes",
            "reject": tab == "tab-changes",
            "add_milestone": tab == "tab-charter",
            "new": tab in ("tab-needs", "tab-changes"),
            "edit": tab in ("tab-charter", "tab-needs"),
            "delete": tab == "tab-needs" or self._milestone_focused() is not None,
        }
        return wanted.get(action, True)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + step) % len(TABS)]
        self._focus_tab()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        if not isinstance(self.focused, Tabs):
            self._focus_tab()
        self.refresh_bindings()

    def _focus_tab(self) -> None:
        """Focus the tab's main widget unless focus is already inside it."""
        pane = self.query_one(f"#{self.tab}", TabPane)
        if self.focused is not None and pane in self.focused.ancestors_with_self:
            return
        main = {
            "tab-charter": "#charter-text",
            "tab-signoffs": "#signoffs",
            "tab-needs": self._last_needs,
            "tab-changes": "#changes",
        }[self.tab]
        self.query_one(main).focus()

    def _milestone_focused(self) -> Milestone | None:
        table = self.focused
        if not isinstance(table, KeyedTable) or table.id != "milestones":
            return None
        return self.milestones.get(int(table.cursor_key or 0))

    @on(DataTable.RowSelected, "#milestones, #requirements, #resources")
    def _row_selected(self) -> None:
        if self.check_action("edit", ()):
            self.action_edit()

    def action_edit(self) -> None:
        tab = self.tab
        if tab == "tab-charter":
            milestone = self._milestone_focused()
            if milestone is not None:
                self._open(self._milestone_spec(milestone))
            else:
                self._edit_charter()
        elif tab == "tab-needs":
            record = self._current_need()
            if record is not None:
                self._open(self._need_spec(self._needs_table().id or "", record))

    def _edit_charter(self) -> None:
        from store import project
        from store.models import Project

        if self.project is None:
            return
        store = self.app.store
        values = self.project.model_dump()
        for name in DATE_LISTS:
            values[name] = ", ".join(d.isoformat() for d in getattr(self.project, name))
        spec = FormSpec(
            _("Edit the charter"),
            Project,
            CHARTER_FIELDS,
            lambda values, version, base: project.update_charter(store, version, base, **values),
            values=values,
            entity="project",
            record_id=self.project.id,
            version=self.project.version,
            members=self._member_choices(),
            departments=self._department_choices(),
        )
        self._open(spec, CharterForm)

    def _milestone_spec(self, milestone: Milestone | None = None) -> FormSpec:
        from store import project
        from store.models import Milestone

        store = self.app.store
        if milestone is None:
            return FormSpec(
                _("New milestone"),
                Milestone,
                MILESTONE_FIELDS,
                lambda values, _v: project.add_milestone(store, Milestone(**values)),
                entity="milestones",
            )
        return FormSpec(
            _("Edit milestone"),
            Milestone,
            MILESTONE_FIELDS,
            lambda values, version, base: project.update_milestone(
                store, milestone.id, version, base, **values
            ),
            values=milestone.model_dump(),
            entity="milestones",
            record_id=milestone.id,
            version=milestone.version,
            create=lambda values: project.add_milestone(store, Milestone(**values)),
        )

    def action_add_milestone(self) -> None:
        self._open(self._milestone_spec())

    def action_new(self) -> None:
        from store import project
        from store.models import ChangeRequest

        tab = self.tab
        if tab == "tab-needs":
            self._open(self._need_spec(self._needs_table().id or ""))
        elif tab == "tab-changes":
            store = self.app.store
            fields = [
                FormField("title", N_("Title"), optional=False),
                FormField("description", N_("Description"), "text"),
                FormField(
                    "requirement_id", N_("Requirement"), "choice", self._requirement_choices()
                ),
            ]
            self._open(
                FormSpec(
                    _("Propose a requirement change"),
                    ChangeRequest,
                    fields,
                    lambda values, _v: project.propose_change(store, ChangeRequest(**values)),
                    entity="change_requests",
                )
            )

    def _open(self, spec: FormSpec, form: type[RecordForm] = RecordForm) -> None:
        self.app.forms.open(spec, self._saved, form)

    def _saved(self, record: Any) -> None:
        if record is None:
            return
        say(self, _("Saved {name}").format(name=one_line(record.display_name)))
        part = {
            "project": "charter",
            "milestones": "charter",
            "requirements": "needs",
            "resource_requests": "needs",
            "change_requests": "changes",
        }[record.TABLE]
        # The charter and department records outdate sign-offs: show that too.
        self.reload(frozenset({part, "signoffs"}))
        self._wanted = (record.TABLE, record.id)

    @work(group="charter-write")
    async def action_delete(self) -> None:
        from store.records import uses
        from tui.in_use import in_use_message

        record: Any = self._milestone_focused()
        if record is not None:
            detail = _("The change log keeps a copy.")
        else:
            record = self._current_need()
            if record is None:
                return
            detail = _("{department}'s collaboration confirmation will need signing again.").format(
                department=one_line(self._department(record.department_id))
            )
        name = one_line(record.display_name)
        name = name[:60] + ("…" if len(name) > 60 else "")
        # Say why not before asking, rather than refuse after "Delete?".
        used = await self.app.run_db(uses, self.app.store, type(record), record.id)
        if used:
            say(self, in_use_message(f"“{name}”", used), severity="warning", timeout=8)
            return
        question = Confirm(_("Delete “{name}”?").format(name=name), yes=_("Delete"), detail=detail)
        if await self.app.push_screen_wait(question):
            self.delete(record)

    @work(group="charter-write")
    async def delete(self, record: Any) -> None:
        from store import project
        from store.errors import StoreError

        try:
            if record.TABLE == "milestones":
                await self.app.run_db(
                    project.delete_milestone, self.app.store, record.id, record.version
                )
            else:
                await self.app.run_db(
                    project.delete_department_record,
                    self.app.store,
                    type(record),
                    record.id,
                    record.version,
                )
        except StoreError as error:
            say(self, say_error(error), severity="error")
            return
        say(self, _("Deleted {name}").format(name=one_line(record.display_name)[:60]))
        self.reload(frozenset({"charter", "needs", "signoffs"}))

    def action_approve(self) -> None:
        self._decide(True)

    def action_reject(self) -> None:
        self._decide(False)

    # -- going to a record -----------------------------------------------------------
    def show_record(self, entity: str, record_id: int) -> None:
        """Select the tab and row of a record; sign-offs and departments by department id."""
        tab, table_id = {
            "project": ("tab-charter", None),
            "milestones": ("tab-charter", "#milestones"),
            "signoffs": ("tab-signoffs", "#signoffs"),
            "departments": ("tab-signoffs", "#signoffs"),
            "requirements": ("tab-needs", "#requirements"),
            "resource_requests": ("tab-needs", "#resources"),
            "change_requests": ("tab-changes", "#changes"),
        }.get(entity, ("tab-charter", None))
        self.query_one(TabbedContent).active = tab
        if table_id is None:
            self._wanted = None
            self.query_one("#charter-text").focus()
            return
        table = self.query_one(table_id, KeyedTable)
        table.focus()
        found = table.seek(str(record_id))
        # Not there yet (still loading, or just saved): try again after the next load.
        self._wanted = None if found or self._loaded - self._dirty >= PARTS else (entity, record_id)
