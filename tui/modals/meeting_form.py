"""Planning a meeting (``n`` on the Meetings tab) and editing one (``e``).

A new meeting starts from the store's draft of its kind (``store.meeting_plan.draft``):
its title, its planned minutes (45 for a weekly), the PM and each department's
interface person checked as attendees, and its agenda, one point a line as
``title · minutes``. Choosing another kind brings that kind's draft for the parts
not typed over yet. What the meeting comes filled in with (a weekly's department
reports, a review's success criteria, a kick-off's notes from the charter) is listed
under the fields and saved with it (``plan_meeting``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from textual import on
from textual.content import Content
from textual.widgets import Select, SelectionList, Static, TextArea

from store.symbols import DONE
from store.text import one_line
from tui.i18n import N_, _
from tui.modals.form import FormField, FormSpec, RecordForm
from tui.tcss import css_beside

if TYPE_CHECKING:
    from datetime import date

    from store.meeting_plan import Draft
    from store.models import AgendaItem, Meeting, MeetingItem
    from store.people import Names

KIND_LABELS = {
    "kickoff": N_("kick-off"),
    "weekly": N_("weekly"),
    "topic": N_("topic"),
    "review": N_("review"),
    "retrospective": N_("retrospective"),
}
AGENDA = "agenda"
ATTENDEES = "attendees"
SEPARATOR = " · "
# "Title · 10": a point and its minutes; the minutes may be left out (5).
_POINT = re.compile(r"^(?P<title>.*?)(?:\s*·\s*(?P<minutes>\d+))?\s*$")
PREVIEW_LINES = 12  # of what the meeting comes filled in with
# The fields a kind's draft fills (while they hold the last draft's values).
DRAFTED = ("title", "planned_minutes", AGENDA)


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


def meeting_fields(new: bool) -> list[FormField]:
    kinds = tuple((kind_label(k), k) for k in KIND_LABELS)
    return [
        FormField("kind", N_("Kind"), "choice", kinds, optional=False),
        FormField("title", N_("Title"), optional=False),
        FormField("date", N_("Date"), "date", optional=False),
        FormField("start", N_("Start"), placeholder="10:00", optional=False),
        FormField("planned_minutes", N_("Planned minutes"), "int", optional=False),
        FormField(ATTENDEES, N_("Attendees"), "checklist"),
        FormField(
            AGENDA, N_("Agenda"), "text", placeholder=N_("one point a line: title · minutes")
        ),
    ] + ([FormField("prefill", N_("Comes with"), "preview")] if new else [])


def _attendee(name: str, comes: bool) -> Content:
    return Content(f"{DONE if comes else ' '} {one_line(name)}")


def agenda_text(agenda: list[AgendaItem] | list[dict[str, Any]]) -> str:
    """The agenda as the form shows it: one ``title · minutes`` a line."""
    points = [p if isinstance(p, dict) else p.model_dump() for p in agenda]
    return "\n".join(f"{one_line(p['title'])}{SEPARATOR}{p.get('minutes', 5)}" for p in points)


def parse_agenda(text: str, before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The typed lines as agenda points; a point keeping the title of one ``before``
    keeps its department (a weekly's report points) and its time spent."""
    known = {one_line(p["title"]): p for p in before}
    points = []
    for line in text.splitlines():
        found = _POINT.match(line.strip())
        title = found.group("title").strip() if found else ""
        if not title:
            continue
        old = known.get(title, {})
        minutes = found.group("minutes") if found else None
        points.append(
            {
                "title": title,
                "minutes": int(minutes) if minutes else old.get("minutes", 5),
                "department_id": old.get("department_id"),
                "spent": old.get("spent", 0),
            }
        )
    return points


def preview(draft: Draft, names: Names | None) -> Content:
    """What a new meeting comes filled in with, a line per item, then the open action
    items it goes through from earlier weeklies."""
    departments = names.departments if names else {}
    people = names.members if names else {}
    lines = []
    for values in draft.items:
        kind = str(values.get("kind", ""))
        if kind == "report":
            where = departments.get(values.get("department_id") or 0, "?")
            text = _("report of {department}: done, plan, needs").format(department=where)
        else:
            text = str(values.get("text", ""))
        lines.append(
            Content.assemble((_(ITEM_LABELS.get(kind, kind)) + ": ", "bold"), one_line(text))
        )
    for item in draft.carried:
        owner = people.get(item.owner_id or 0, ("?", ""))[0]
        due = item.due.isoformat() if item.due else ""
        lines.append(
            Content.assemble(
                (_("Carried action") + ": ", "bold"), one_line(item.text), f" · {owner} {due}"
            )
        )
    if not lines:
        return Content(_("nothing more: its agenda"))
    if len(lines) > PREVIEW_LINES:
        more = Content(_("… and {n} more").format(n=len(lines) - PREVIEW_LINES))
        lines = [*lines[:PREVIEW_LINES], more]
    return Content("\n").join(lines)


ITEM_LABELS = {
    "report": N_("Report"),
    "decision": N_("Decision"),
    "action": N_("Action item"),
    "note": N_("Note"),
    "criterion": N_("Success criterion"),
    "went_well": N_("Went well"),
    "to_improve": N_("To improve"),
}


class MeetingForm(RecordForm):
    """A RecordForm over Meeting: attendees as a checklist, the agenda as lines, and a
    new meeting's draft following its kind."""

    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, spec: FormSpec) -> None:
        super().__init__(spec)
        self.drafted: dict[str, Any] = {}  # the draft's values as last put in the form
        self.names: Names | None = None  # the people and departments the preview names

    def _widget(self, item: FormField) -> Any:
        if item.kind == "checklist":
            return SelectionList[int](id=f"field-{item.name}", classes="input", compact=True)
        if item.kind == "preview":
            return Static("", id=f"field-{item.name}", classes="input preview")
        if item.name == AGENDA:
            value = agenda_text(self.spec.values.get(AGENDA) or [])
            return TextArea(value, id=f"field-{item.name}", classes="input", compact=True)
        return super()._widget(item)

    def on_mount(self) -> None:
        # Before RecordForm's own on_mount (Textual calls both), which reads the values.
        self._attendee_options()

    def load(self, spec: FormSpec) -> None:
        super().load(spec)
        self._attendee_options()
        self._initial = self._raw()

    def _attendee_options(self) -> None:
        box = self.query_one(f"#field-{ATTENDEES}", SelectionList)
        chosen = set(self.spec.values.get(ATTENDEES) or [])
        box.clear_options()
        box.add_options(
            [
                (_attendee(name, mid in chosen), mid, mid in chosen)
                for name, mid in self.spec.members
            ]
        )

    @on(SelectionList.SelectedChanged)
    def _attendees_changed(self, event: SelectionList.SelectedChanged) -> None:
        """Each name says whether it is checked (the box's colour alone does not)."""
        box = event.selection_list
        chosen = set(box.selected)
        for index, (name, member_id) in enumerate(self.spec.members):
            if index < box.option_count:
                box.replace_option_prompt_at_index(index, _attendee(name, member_id in chosen))

    def show_draft(self, draft: Draft, names: Names | None) -> None:
        """A draft of the kind chosen: its title, minutes and agenda where the form still
        holds the last draft's (typed text stays), and what it comes with. The attendees
        (the same for every kind) stay as checked."""
        raw = self._raw()
        values = {
            "title": draft.title,
            "planned_minutes": str(draft.planned_minutes),
            AGENDA: agenda_text(draft.agenda),
        }
        items = {item.name: item for item in self.spec.fields}
        for name in DRAFTED:
            if not self.drafted or raw.get(name) == self.drafted.get(name):
                self._put(items[name], values[name])
        self.spec.values[AGENDA] = [p.model_dump() for p in draft.agenda]
        self.drafted = values
        box = self.query_one("#field-prefill", Static)
        self.names = names or self.names
        box.update(preview(draft, self.names))

    @on(Select.Changed, "#field-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if self.spec.record_id is None and event.value in KIND_LABELS and self.drafted:
            self._redraft(str(event.value))

    def _redraft(self, kind: str) -> None:
        from store.meeting_plan import draft
        from store.models import MeetingKind
        from tui.tell import run

        values, _errors = self._parse()
        day = values.get("date")

        async def read() -> None:
            from store import clock

            found = await self.app.run_db(
                draft, self.app.store, MeetingKind(kind), day or clock.today(), _
            )
            self.show_draft(found, None)

        run(self, read, group="meeting-draft", exclusive=True)

    def _raw(self) -> dict[str, Any]:
        """RecordForm's reading of the widgets (it skips these two kinds), the checked
        attendees in the list's order, and no value for the preview."""
        result = super()._raw()
        for item in self.spec.fields:
            if item.kind == "checklist":
                box = self.query_one(f"#field-{item.name}", SelectionList)
                chosen = set(box.selected)
                result[item.name] = [mid for _name, mid in self.spec.members if mid in chosen]
            elif item.kind == "preview":
                result[item.name] = None
        return result

    def _put(self, item: FormField, value: Any, shown: bool = True) -> None:
        if item.kind == "checklist":
            box = self.query_one(f"#field-{item.name}", SelectionList)
            box.deselect_all()
            for member_id in value or []:
                box.select(member_id)
        elif item.kind == "preview":
            return
        elif item.name == AGENDA and not isinstance(value, str):
            super()._put(item, agenda_text(value or []), shown=True)
        else:
            super()._put(item, value, shown)

    def _parse(self, typed: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
        values, errors = super()._parse(typed)
        values.pop("prefill", None)
        if AGENDA in values:
            values[AGENDA] = parse_agenda(values[AGENDA] or "", self.spec.values.get(AGENDA) or [])
        return values, errors


def plan_spec(store: Any, day: date, draft: Draft, names: Names) -> FormSpec:
    """The form of a new meeting, drafted as a weekly meeting on ``day``."""
    from store.meeting_plan import draft as draft_of
    from store.meeting_plan import plan_meeting
    from store.models import Meeting, MeetingKind

    def save(values: dict[str, Any], _version: object) -> Meeting:
        meeting = Meeting(**values)
        items = draft_of(store, MeetingKind(meeting.kind), meeting.date, _).items
        return plan_meeting(store, meeting, items)

    return FormSpec(
        _("Plan a meeting"),
        _meeting_model(),
        meeting_fields(new=True),
        save,
        values={
            "kind": "weekly",
            "title": draft.title,
            "date": day,
            "start": "10:00",
            "planned_minutes": draft.planned_minutes,
            ATTENDEES: draft.attendees,
            AGENDA: [p.model_dump() for p in draft.agenda],
        },
        entity="meetings",
        members=_members(names, draft.attendees),
    )


def edit_spec(store: Any, meeting: Meeting, names: Names) -> FormSpec:
    from store.meetings import update_meeting

    saved = meeting

    def save(values: dict[str, Any], version: int, base: dict[str, Any]) -> Meeting:
        return update_meeting(store, saved.id, version, base, **values)

    return FormSpec.editing(
        _("Edit meeting #{id}").format(id=meeting.id),
        meeting,
        meeting_fields(new=False),
        save,
        members=_members(names, meeting.attendees),
    )


def _meeting_model() -> Any:
    from store.models import Meeting

    return Meeting


def _members(names: Names, attendees: list[int]) -> list[tuple[str, int]]:
    """The people to check: the attendees first, in their order, then everyone else by name."""
    from tui.modals.risk_form import _members as by_name

    everyone = by_name(names)
    first = {mid: n for n, mid in enumerate(attendees)}
    return sorted(everyone, key=lambda m: first.get(m[1], len(first)))


def item_label(item: MeetingItem) -> str:
    return _(ITEM_LABELS.get(item.kind, item.kind))
