"""The forms meeting mode opens: an item recorded in the meeting (a decision, an action
item, a note, a retrospective's finding), a department's report, an issue raised in
it, a success criterion judged, the project's acceptance, and who is here.

Each is a ``RecordForm`` (the typed text kept on a mistake, a conflict offered as keep
mine / take theirs), opaque as every form is (drawing the meeting through it made
opening it slower: ``python -m bench.app --only meeting``). What others record
meanwhile reaches meeting mode below it and never touches the form. Its choices come
from the meeting's view, read already: a form opens on the next frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.models import ItemKind
from store.text import one_line
from tui.i18n import N_, _
from tui.modals.form import FormField, FormSpec, RecordForm
from tui.tcss import css_beside

if TYPE_CHECKING:
    from store.meeting_view import MeetingView
    from store.models import Issue, Meeting, MeetingItem

KIND_LABELS = {
    ItemKind.REPORT: N_("Report"),
    ItemKind.DECISION: N_("Decision"),
    ItemKind.ACTION: N_("Action item"),
    ItemKind.NOTE: N_("Note"),
    ItemKind.CRITERION: N_("Success criterion"),
    ItemKind.WENT_WELL: N_("Went well"),
    ItemKind.TO_IMPROVE: N_("To improve"),
}
TEXT = FormField("text", N_("Text"), "text", optional=False)
ACTION_FIELDS = [
    TEXT,
    FormField("owner_id", N_("Owner"), "member", optional=False),
    FormField("due", N_("Due"), "date", optional=False),
]
REPORT_FIELDS = [
    FormField("done", N_("Done this week"), "text"),
    FormField("plan", N_("Plan for next week"), "text"),
    FormField("needs", N_("Needs from others"), "text"),
]
MET_LABELS = ((N_("met"), True), (N_("not met"), False))


def judge_fields() -> list[FormField]:
    met = tuple((_(label), value) for label, value in MET_LABELS)
    return [
        FormField("met", N_("Judged"), "choice", met, optional=False),
        FormField("evidence", N_("Evidence"), "text", optional=False),
    ]


ISSUE_FIELDS = [
    FormField("title", N_("Title"), optional=False),
    FormField("owner_id", N_("Owner"), "member", optional=False),
    FormField("due", N_("Due"), "date", optional=False),
]
EXCEPTIONS_FIELDS = [FormField("exceptions", N_("Exceptions"), "text", optional=False)]


def fields_of(kind: ItemKind) -> list[FormField]:
    if kind == ItemKind.ACTION:
        return ACTION_FIELDS
    if kind == ItemKind.REPORT:
        return REPORT_FIELDS
    return [TEXT]


def members(view: MeetingView) -> list[tuple[str, int]]:
    """Member choices: the meeting's attendees first, then everyone else, by name."""
    attendees = set(view.meeting.attendees)
    ordered = sorted(view.names.items(), key=lambda m: (m[0] not in attendees, m[1].casefold()))
    return [(one_line(name), member_id) for member_id, name in ordered]


def point_title(view: MeetingView, index: int) -> str:
    """ "2. R&D report": an agenda point by its number and title."""
    agenda = view.meeting.agenda
    if not 0 <= index < len(agenda):
        return ""
    return f"{index + 1}. {one_line(agenda[index].title)}"


def new_item(store: Any, view: MeetingView, kind: ItemKind) -> FormSpec:
    """A new item under the meeting's current point, saved by ``add_item`` (an action
    item becomes a task on the board in the same transaction)."""
    from store.meetings import add_item
    from store.models import MeetingItem

    meeting = view.meeting
    point = meeting.current if meeting.current < len(meeting.agenda) else None
    department = meeting.agenda[point].department_id if point is not None else None
    fixed = {"meeting_id": meeting.id, "kind": kind, "agenda": point, "department_id": department}
    title = _(KIND_LABELS[kind])
    if point is not None:
        title += " · " + point_title(view, point)

    def save(values: dict[str, Any], _version: int | None) -> MeetingItem:
        return add_item(store, MeetingItem(**(fixed | values)))

    return FormSpec(
        title,
        MeetingItem,
        fields_of(kind),
        save,
        values=dict(fixed),
        entity="meeting_items",
        members=members(view),
    )


def edit_item(store: Any, view: MeetingView, item: MeetingItem) -> FormSpec:
    """An item as recorded, saved with the version read (merged with others' edits)."""
    from store.meetings import update_item

    def save(values: dict[str, Any], version: int, base: dict[str, Any]) -> MeetingItem:
        return update_item(store, item.id, version, base=base, **values)

    label = _(KIND_LABELS[item.kind])
    if item.kind == ItemKind.REPORT:
        label += " · " + one_line(view.departments.get(item.department_id or 0, ""))
    return FormSpec.editing(label, item, fields_of(item.kind), save, members=members(view))


def judge_item(store: Any, item: MeetingItem) -> FormSpec:
    """A success criterion: met or not, and the evidence (``meeting_plan.judge``)."""
    from store.meeting_plan import judge

    def save(values: dict[str, Any], version: int, _base: dict[str, Any]) -> MeetingItem:
        return judge(store, item.id, version, values["met"], values["evidence"])

    title = _("Judge: {criterion}").format(criterion=one_line(item.text))
    return FormSpec.editing(title, item, judge_fields(), save)


def new_issue(store: Any, view: MeetingView) -> FormSpec:
    """An issue raised in the meeting: source meeting, its owner and due date."""
    from store import clock
    from store.issues import add_issue
    from store.models import Issue, IssueSource

    fixed = {"source": IssueSource.MEETING, "meeting_id": view.meeting.id}

    def save(values: dict[str, Any], _version: int | None) -> Issue:
        return add_issue(store, Issue(**(fixed | values | {"raised": clock.today()})))

    return FormSpec(
        _("New issue raised in {meeting}").format(meeting=one_line(view.meeting.title)),
        Issue,
        ISSUE_FIELDS,
        save,
        values={"title": "", **fixed},
        entity="issues",
        members=members(view),
    )


def acceptance(store: Any, meeting: Meeting) -> FormSpec:
    """The project accepted although not every criterion is met: the exceptions named
    (``meeting_plan.accept_project`` says who may accept so)."""
    from store.meeting_plan import accept_project

    def save(values: dict[str, Any], version: int, _base: dict[str, Any]) -> Meeting:
        return accept_project(store, meeting.id, version, values["exceptions"])

    return FormSpec.editing(
        _("Accept the project with exceptions"), meeting, EXCEPTIONS_FIELDS, save
    )


def open_form(screen: Any, spec: FormSpec, done: Callable[[Any], None] | None = None) -> RecordForm:
    """Push ``spec`` in a form (built once per layout and shown again)."""
    return screen.app.forms.open(spec, done or (lambda _saved: None))


class WhoIsHere(ModalScreen[int | None]):
    """Pick the member to mark present: the attendees not marked yet first."""

    DEFAULT_CSS = css_beside(__file__, "who_is_here")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Cancel"), id="who_is_here.cancel"),
    ]

    def __init__(self, view: MeetingView) -> None:
        super().__init__()
        present = set(view.meeting.present)
        self.choices = [(name, i) for name, i in members(view) if i not in present]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(_("Who is here?")), id="who-title")
            yield OptionList(
                *(Option(Content(name), id=str(i)) for name, i in self.choices), id="who-list"
            )
            yield Static(
                Content.assemble(("enter", "bold"), " " + _("Present") + "  ", ("esc", "bold"),
                                 " " + _("Cancel")),
                id="who-keys",
            )  # fmt: skip

    @on(OptionList.OptionSelected, "#who-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_close(self) -> None:
        self.dismiss(None)


def issue_said(view: MeetingView, issue: Issue) -> str:
    """ "Issue #12 … opened for Li Wei, due 2026-11-30": the toast after ``I``."""
    return _("Issue #{issue} “{title}” opened for {owner}, due {due}").format(
        issue=issue.id,
        title=one_line(issue.title),
        owner=one_line(view.names.get(issue.owner_id or 0, "")) or "?",
        due=issue.due.isoformat() if issue.due else "?",
    )
