"""The charter tab: the project charter (项目章程) in full, and its milestones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from store import clock
from store import symbols as sym
from store.text import strip_controls
from tui.i18n import N_, _, ngettext
from tui.modals.charter_form import DATE_LISTS, CharterForm
from tui.modals.form import FormField, FormSpec
from tui.screens.charter.tab import CharterTab
from tui.tcss import css_beside
from tui.widgets.table import KeyedTable, cell
from tui.working_days import calendar_line

if TYPE_CHECKING:
    from store.calendars import Summary
    from store.charter import CharterView
    from store.models import Milestone, Project

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


class ProjectTab(CharterTab):
    """The charter's text (e edits it) beside its milestones (m adds one, e edits and
    d deletes the one under the cursor)."""

    # Its layout follows the screen's width class (CharterScreen.-wide), which a
    # scoped rule cannot name.
    SCOPED_CSS = False
    DEFAULT_CSS = css_beside(__file__)
    PART = "charter"
    SHOWS: ClassVar[dict[str, str]] = {"project": "", "milestones": "milestones"}

    def __init__(self) -> None:
        super().__init__(_("Charter"), id="tab-charter")
        self.project: Project | None = None
        self.calendar: Summary | None = None
        self.milestones: dict[int, Milestone] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(classes="pane-body"):
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

    def main(self) -> Widget:
        return self.query_one("#charter-text")

    def show(self, view: CharterView) -> None:
        self.project = view.project
        self.calendar = view.calendar
        self.milestones = {m.id: m for m in view.milestones}
        super().show(view)

    def redraw(self) -> None:
        p = self.project
        box = self.query_one("#charter-content", Static)
        if p is None:
            box.update(Content(_("This database has no project yet.")))
            return
        names = self.names
        missing = ("—", "dim")
        parts: list[Any] = [(strip_controls(p.name), "bold"), "\n\n"]
        facts = (
            (_("Sponsor department"), names.department(p.sponsor_department_id)),
            (_("Project manager"), names.member(p.pm_member_id)),
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

    # -- actions ------------------------------------------------------------------
    def can(self, action: str) -> bool:
        if action == "delete":
            return self._milestone_focused() is not None
        return action in ("add_milestone", "edit")

    def shown_record(self) -> tuple[str, int] | None:
        milestone = self._milestone_focused()
        if milestone is not None:
            return ("milestones", milestone.id)
        return ("project", self.project.id) if self.project is not None else None

    def _milestone_focused(self) -> Milestone | None:
        table = self.screen.focused
        if not isinstance(table, KeyedTable) or table.id != "milestones":
            return None
        return self.milestones.get(int(table.cursor_key or 0))

    def action_edit(self) -> None:
        milestone = self._milestone_focused()
        if milestone is not None:
            self.open_form(self._milestone_spec(milestone))
        else:
            self._edit_charter()

    def action_add_milestone(self) -> None:
        self.open_form(self._milestone_spec())

    def _edit_charter(self) -> None:
        from store import project

        if self.project is None:
            return
        store = self.app.store
        values = self.project.model_dump()
        for name in DATE_LISTS:
            values[name] = ", ".join(d.isoformat() for d in getattr(self.project, name))
        spec = FormSpec.editing(
            _("Edit the charter"),
            self.project,
            CHARTER_FIELDS,
            lambda values, version, base: project.update_charter(store, version, base, **values),
            values=values,
            members=self.names.member_choices(),
            departments=self.names.department_choices(),
        )
        self.open_form(spec, CharterForm)

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
        return FormSpec.editing(
            _("Edit milestone"),
            milestone,
            MILESTONE_FIELDS,
            lambda values, version, base: project.update_milestone(
                store, milestone.id, version, base, **values
            ),
            create=lambda values: project.add_milestone(store, Milestone(**values)),
        )

    def action_delete(self) -> None:
        from store import project

        milestone = self._milestone_focused()
        if milestone is not None:
            self.delete_record(
                milestone,
                _("The change log keeps a copy."),
                lambda store: project.delete_milestone(store, milestone.id, milestone.version),
            )
