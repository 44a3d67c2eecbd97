"""Meeting mode: one meeting run live on every terminal that shows it — the agenda on
the left, the current point and what is recorded under it on the right, a clock
against each point's time box and the meeting's planned minutes, and who is in it.

Everything shown comes from one read (``store.meeting_view.meeting_view``), done
again when a change names this meeting, its items, the risks and issues raised in
it, or the people and tasks it shows; the cursor stays on the same item. A form
open over it is another screen: a refresh never touches it. The clock ticks on
each terminal from the meeting's row (``store.meeting_clock``): nobody writes for
it. Who is here comes from the apps' heartbeats (``store.presence``), read again
with each tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store import clock
from store import symbols as sym
from store.meeting_clock import Clock, meeting_clock, minutes_seconds, point_clock
from store.models import ItemKind, MeetingKind, MeetingStatus
from store.text import one_line
from tui.i18n import N_, _, say_error
from tui.messages import DataChanged
from tui.modals.meeting_item import KIND_LABELS, point_title
from tui.screens.base import XdeptScreen
from tui.tcss import css_beside
from tui.tell import say, work

if TYPE_CHECKING:
    from store.meeting_view import MeetingView
    from store.models import Issue, Meeting, MeetingItem, Risk

STATUS_LABELS = {
    MeetingStatus.PLANNED: N_("planned"),
    MeetingStatus.IN_PROGRESS: N_("in progress"),
    MeetingStatus.CLOSED: N_("closed"),
    MeetingStatus.PUBLISHED: N_("published"),
}
MEETING_KINDS = {
    MeetingKind.KICKOFF: N_("kick-off meeting"),
    MeetingKind.WEEKLY: N_("weekly meeting"),
    MeetingKind.TOPIC: N_("topic meeting"),
    MeetingKind.REVIEW: N_("review meeting"),
    MeetingKind.RETROSPECTIVE: N_("retrospective"),
}
SHOWN_HERE = 5  # names in the header; more are "+N"
TICK = 1.0  # s between clock updates
# Item kinds recorded with one key each, and the meeting kinds that have them.
RECORDS = {
    "decision": ItemKind.DECISION,
    "action": ItemKind.ACTION,
    "note": ItemKind.NOTE,
    "went_well": ItemKind.WENT_WELL,
    "to_improve": ItemKind.TO_IMPROVE,
}
# Actions that add to the meeting: refused once its minutes are published.
ADDS = frozenset({*RECORDS, "risk", "issue"})


# The table of each kind of entry the agenda lists (``selected``).
ENTRY_TABLES = {
    "item": "meeting_items",
    "carried": "meeting_items",
    "risk": "risks",
    "issue": "issues",
}


class MeetingMode(XdeptScreen):
    """``MeetingMode(meeting_id)``: pushed over the meetings list (``enter``)."""

    DEFAULT_CSS = css_beside(__file__)
    label = N_("Meeting mode")
    WRITE_ACTIONS = frozenset(
        {*ADDS, "start", "edit", "next_point", "previous_point", "present", "close_meeting",
         "judge", "accept"}
    )  # fmt: skip
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", N_("Start"), id="meeting_mode.start"),
        Binding("D", "decision", N_("Decision"), id="meeting_mode.decision"),
        Binding("A", "action", N_("Action item"), id="meeting_mode.action"),
        Binding("R", "risk", N_("Risk"), id="meeting_mode.risk"),
        Binding("I", "issue", N_("Issue"), id="meeting_mode.issue"),
        Binding("N", "note", N_("Note"), id="meeting_mode.note"),
        Binding("G", "went_well", N_("Went well"), id="meeting_mode.went_well"),
        Binding("T", "to_improve", N_("To improve"), id="meeting_mode.to_improve"),
        Binding("m", "judge", N_("Judge criterion"), id="meeting_mode.judge"),
        Binding("V", "accept", N_("Accept project"), id="meeting_mode.accept"),
        Binding("e", "edit", N_("Edit"), id="meeting_mode.edit"),
        Binding("space", "next_point", N_("Next point"), id="meeting_mode.next"),
        Binding("p", "previous_point", N_("Previous point"), show=False,
                id="meeting_mode.previous"),
        Binding("a", "present", N_("Mark present"), show=False, id="meeting_mode.present"),
        Binding("c", "close_meeting", N_("Close meeting"), id="meeting_mode.close"),
        Binding("escape", "back", N_("Back"), show=False, id="meeting_mode.back"),
    ]  # fmt: skip

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.presence_record = f"meetings:{meeting_id}"  # tui/presence.py
        self.view: MeetingView | None = None
        self.here: list[str] = []  # names of the people in it now
        self._reading_here = False
        self._editing: dict[str, str] = {}  # item id → "EDITING name": another app edits it
        self._shown_point: int | None = None
        self._wanted: str | None = None  # the entry to put the cursor on once it arrives
        from store.meeting_view import meeting_view

        app = self.app
        self._first = app.submit_db(meeting_view, app.store, meeting_id)

    # -- layout --------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Vertical(id="mode-head"):
            yield Static("", id="mode-title")
            yield Static("", id="mode-clock")
        with Horizontal(id="mode-body"):
            with VerticalScroll(id="mode-agenda"):
                yield Static("", id="agenda-text")
            with Vertical(id="mode-point"):
                yield Static("", id="point-title")
                yield OptionList(id="mode-items")

    @property
    def items_list(self) -> OptionList:
        return self.query_one("#mode-items", OptionList)

    def on_mount(self) -> None:
        super().on_mount()
        self.load_first()
        self.set_interval(TICK, self._tick, name="meeting clock")

    @work(group="meeting-mode-load", exclusive=True)
    async def load_first(self) -> None:
        await self._loaded(await self.app.wait_db(self._first))
        self.items_list.focus()
        self.read_here()

    # -- live ----------------------------------------------------------------------------
    def presence_changed(self) -> None:
        if self.view is not None and self.app.presence.editing("meeting_items") != self._editing:
            self._show_items()

    def apply_changes(self, message: DataChanged) -> None:
        from store.meeting_view import with_own_items

        if self.view is None or not self._concerns(message):
            return
        view = with_own_items(self.view, message.changes)
        if view is None:
            self.reload()
        elif self._reading():
            self.reload()  # the read under way may predate these changes
        else:
            self.view = view
            self._show_items()

    def _reading(self) -> bool:
        """Is a read of the meeting under way?"""
        return any(
            w.node is self and w.group == "meeting-mode-load" and not w.is_finished
            for w in self.app.workers
        )

    def _concerns(self, message: DataChanged) -> bool:
        """Does a change touch what this meeting shows?"""
        view = self.view
        assert view is not None
        known = {
            "meetings": {self.meeting_id},
            "meeting_items": {i.id for i in view.items} | {i.id for i in view.carried},
            "risks": {r.id for r in view.risks},
            "issues": {i.id for i in view.issues},
            "tasks": {i.task_id for i in view.items + view.carried if i.task_id},
        }
        for change in message.changes:
            if change.entity in ("members", "departments"):
                return True
            if change.record_id in known.get(change.entity, ()):
                return True
            row = change.after if change.op == "create" else change.before
            if change.entity in ("meeting_items", "risks", "issues") and row:
                if row.get("meeting_id") == self.meeting_id:
                    return True
                # An action item of an earlier weekly: carried here while open.
                if change.entity == "meeting_items" and row.get("kind") == ItemKind.ACTION:
                    return view.meeting.kind == MeetingKind.WEEKLY
        return False

    @work(group="meeting-mode-load", exclusive=True)
    async def reload(self) -> None:
        from store.errors import NotFound
        from store.meeting_view import meeting_view

        try:
            view = await self.app.run_db(meeting_view, self.app.store, self.meeting_id)
        except NotFound:
            say(self, _("This meeting was deleted"), severity="warning")
            if self.is_active:
                self.dismiss()
            return
        await self._loaded(view)

    async def _loaded(self, view: MeetingView) -> None:
        before = self.view
        self.view = view
        self._show()
        if before is not None and before.meeting.current != view.meeting.current:
            said = _("The meeting moved on to {point}").format(
                point=point_title(view, view.meeting.current)
            )
            if self.is_current:
                say(self, said)
        self.refresh_bindings()

    def _tick(self) -> None:
        """Each second: the clock, and who is here (someone came, left, or went silent
        for too long: nobody writes for that)."""
        if self.view is None or not self.is_current:
            return
        self._show_clock()
        if self.view.meeting.status == MeetingStatus.IN_PROGRESS:
            self._show_agenda()
        self.read_here()

    @work(group="meeting-mode-here")
    async def read_here(self) -> None:
        from store.presence import here

        if self._reading_here:
            return
        self._reading_here = True
        try:
            found = await self.app.run_db(here, self.app.store, self.presence_record)
        finally:
            self._reading_here = False
        names = self.view.names if self.view else {}
        shown = [one_line(names.get(h.member_id or 0, h.login)) for h in found]
        people = list(dict.fromkeys(shown))
        if people != self.here:
            self.here = people
            self._show_clock()

    # -- drawing -------------------------------------------------------------------------
    def _show(self) -> None:
        self._show_title()
        self._show_clock()
        self._show_agenda()
        self._show_items()

    def _show_title(self) -> None:
        meeting = self._meeting
        facts = [
            _(MEETING_KINDS.get(meeting.kind, meeting.kind)),
            f"{meeting.date.isoformat()} {meeting.start}",
            _(STATUS_LABELS.get(meeting.status, meeting.status)),
        ]
        if meeting.accepted_at:
            facts.append(f"{sym.DONE} " + _("project accepted"))
        line = Content.assemble(
            (one_line(meeting.title), "bold"), " · ", one_line(" · ".join(facts))
        )
        _update(self.query_one("#mode-title", Static), line)

    def _show_clock(self) -> None:
        """ "2/6 R&D report 3:12 / 10:00 · meeting 12:40 / 45:00 · here: …" with the
        point or the meeting over its time marked (symbol and colour)."""
        view, meeting = self.view, self._meeting
        assert view is not None
        now = clock.now()
        parts: list[Any] = []
        if meeting.agenda:
            index = min(meeting.current, len(meeting.agenda) - 1)
            parts += [
                f"{index + 1}/{len(meeting.agenda)} ",
                (one_line(meeting.agenda[index].title), "bold"),
                " ",
                *_clock(point_clock(meeting, index, now)),
                " · ",
            ]
        parts += [_("meeting") + " ", *_clock(meeting_clock(meeting, now))]
        present = len(meeting.present)
        parts.append(" · " + _("present {n}/{of}").format(n=present, of=len(meeting.attendees)))
        if self.here:
            names = ", ".join(self.here[:SHOWN_HERE])
            more = len(self.here) - SHOWN_HERE
            parts.append(" · " + _("here: {names}").format(names=names))
            if more > 0:
                parts.append(f" +{more}")
        _update(self.query_one("#mode-clock", Static), Content.assemble(*parts))

    def _show_agenda(self) -> None:
        meeting, now = self._meeting, clock.now()
        lines = [Content.styled(_("Agenda"), "bold $accent")]
        running = meeting.status == MeetingStatus.IN_PROGRESS
        for index, point in enumerate(meeting.agenda):
            if running and index == meeting.current:
                mark = sym.IN_PROGRESS
            elif (running and index < meeting.current) or point.spent:
                mark = sym.DONE
            else:
                mark = sym.TODO
            box = point_clock(meeting, index, now)
            spent = minutes_seconds(box.spent) if box.spent else "—"
            line = Content.assemble(
                f"{mark} {index + 1}. ",
                (one_line(point.title), "bold" if index == meeting.current else ""),
                "\n   ",
                _("{minutes} min").format(minutes=point.minutes),
                " · ",
                *_clock_spent(box, spent),
            )
            lines.append(line)
        if not meeting.agenda:
            lines.append(Content(_("No agenda: every item is listed on the right.")))
        _update(self.query_one("#agenda-text", Static), Content("\n").join(lines))

    def _show_items(self) -> None:
        view, meeting = self.view, self._meeting
        assert view is not None
        point = meeting.current if meeting.current < len(meeting.agenda) else None
        heading = point_title(view, point) if point is not None else one_line(meeting.title)
        _update(self.query_one("#point-title", Static), Content.styled(heading, "bold"))
        rows: list[tuple[str, Content, bool]] = []

        def section(key: str, title: str, entries: list[tuple[str, Content]]) -> None:
            if entries:
                rows.append((f"h-{key}", Content.styled(title, "bold $accent"), True))
                rows.extend((key, prompt, False) for key, prompt in entries)

        self._editing = self.app.presence.editing("meeting_items")
        criteria = view.of_kind(ItemKind.CRITERION)
        under, other = _placed(view, point)
        section("point", _("Recorded under this point"), [self._item(i) for i in under])
        if point is not None and not under:
            rows.append(("h-empty", Content(_("Nothing recorded yet: D A R I N add.")), True))
        section("criteria", _("Success criteria"), [self._item(i) for i in criteria])
        raised = [self._risk(r) for r in view.risks] + [self._issue(i) for i in view.issues]
        section("raised", _("Risks and issues raised"), raised)
        section(
            "carried",
            _("Open actions from the last weekly"),
            [self._item(i, "carried") for i in view.carried],
        )
        section("other", _("Other items"), [self._item(i) for i in other])
        _sync(self.items_list, rows, reset=self._shown_point != meeting.current)
        self._shown_point = meeting.current
        if self._wanted is not None and _seek(self.items_list, self._wanted):
            self._wanted = None

    def _item(self, item: MeetingItem, prefix: str = "item") -> tuple[str, Content]:
        """An item's entry, with "EDITING name" before it while another app edits it."""
        key, line = self._item_line(item, prefix)
        mark = self._editing.get(str(item.id))
        return key, Content.assemble((mark, "bold $warning"), " ", line) if mark else line

    def _item_line(self, item: MeetingItem, prefix: str) -> tuple[str, Content]:
        view = self.view
        assert view is not None
        label = _(KIND_LABELS.get(item.kind, item.kind))
        if item.kind == ItemKind.REPORT:
            department = one_line(view.departments.get(item.department_id or 0, ""))
            lines = [Content.assemble((f"{label} · {department}", "bold"))]
            for title, text in (
                (_("Done this week"), item.done),
                (_("Plan for next week"), item.plan),
                (_("Needs from others"), item.needs),
            ):
                lines.append(Content.assemble(f"  {title}: ", one_line(text) or "—"))
            return f"{prefix}-{item.id}", Content("\n").join(lines)
        if item.kind == ItemKind.CRITERION:
            mark, judged = _judged(item.met)
            line = Content.assemble(f"{mark} ", one_line(item.text), f" · {judged}")
            if item.evidence:
                line = Content.assemble(line, "\n  ", _("Evidence") + ": ", one_line(item.evidence))
            return f"{prefix}-{item.id}", line
        parts: list[Any] = [(label + ": ", "bold"), one_line(item.text)]
        if item.kind == ItemKind.ACTION:
            facts = [
                "@" + one_line(view.names.get(item.owner_id or 0, "?")),
                _("due {date}").format(date=item.due.isoformat() if item.due else "?"),
            ]
            if item.task_id:
                facts.append(_("task #{id}").format(id=item.task_id))
            parts.append("  " + " · ".join(facts))
        return f"{prefix}-{item.id}", Content.assemble(*parts)

    def _risk(self, risk: Risk) -> tuple[str, Content]:
        mark = sym.LEVEL.get(risk.level, "?")
        line = Content.assemble(
            (_("Risk") + f" #{risk.id} ", "bold"), f"{mark} ", one_line(risk.title)
        )
        return f"risk-{risk.id}", line

    def _issue(self, issue: Issue) -> tuple[str, Content]:
        view = self.view
        assert view is not None
        owner = one_line(view.names.get(issue.owner_id or 0, "?"))
        due = issue.due.isoformat() if issue.due else "?"
        line = Content.assemble(
            (f"{sym.ISSUE} " + _("Issue") + f" #{issue.id} ", "bold"),
            one_line(issue.title),
            f"  @{owner} · " + _("due {date}").format(date=due),
        )
        return f"issue-{issue.id}", line

    @property
    def _meeting(self) -> Meeting:
        assert self.view is not None
        return self.view.meeting

    # -- the selected entry ---------------------------------------------------------------
    def selected(self) -> tuple[str, int] | None:
        """(kind of entry, its id) under the cursor: item, carried, risk or issue."""
        option = self.items_list.highlighted_option
        if option is None or not option.id or option.id.startswith("h-"):
            return None
        kind, _sep, number = option.id.rpartition("-")
        return kind, int(number)

    def shown_record(self) -> tuple[str, int] | None:
        """The selected item, risk or issue; the meeting when none is."""
        found = self.selected()
        if found is None or found[0] not in ENTRY_TABLES:
            return ("meetings", self.meeting_id)
        return ENTRY_TABLES[found[0]], found[1]

    def _selected_item(self) -> MeetingItem | None:
        found = self.selected()
        if self.view is None or found is None or found[0] not in ("item", "carried"):
            return None
        return next((i for i in self.view.items + self.view.carried if i.id == found[1]), None)

    # -- actions -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if self.view is None:
            return action == "back"
        meeting = self.view.meeting
        status = meeting.status
        if action in ADDS and status == MeetingStatus.PUBLISHED:
            return False
        kind = meeting.kind
        return {
            "start": status == MeetingStatus.PLANNED,
            "next_point": status == MeetingStatus.IN_PROGRESS and len(meeting.agenda) > 1,
            "previous_point": status == MeetingStatus.IN_PROGRESS and len(meeting.agenda) > 1,
            "close_meeting": status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS),
            "judge": kind == MeetingKind.REVIEW,
            "accept": kind == MeetingKind.REVIEW and not meeting.accepted_at,
            "went_well": kind == MeetingKind.RETROSPECTIVE,
            "to_improve": kind == MeetingKind.RETROSPECTIVE,
        }.get(action, True)

    def action_back(self) -> None:
        self.dismiss()

    @work(group="meeting-mode-write")
    async def action_start(self) -> None:
        from store.meetings import start_meeting

        meeting = self._meeting
        await self.app.run_db(start_meeting, self.app.store, meeting.id, meeting.version)
        say(self, _("Started: the clock runs"))

    def _record(self, kind: ItemKind) -> None:
        from tui.modals.meeting_item import new_item, open_form

        if self.view is not None:
            open_form(self, new_item(self.app.store, self.view, kind), self._recorded)

    def _recorded(self, item: MeetingItem | None) -> None:
        if item is None:
            return
        said = _("{kind} recorded").format(kind=_(KIND_LABELS.get(item.kind, item.kind)))
        if item.kind == ItemKind.ACTION and item.task_id:
            said += " · " + _("task #{id} on the board").format(id=item.task_id)
        say(self, said)
        key = f"item-{item.id}"
        # Its change may have been shown already (it comes from the commit), or not yet.
        self._wanted = None if _seek(self.items_list, key) else key

    def action_decision(self) -> None:
        self._record(ItemKind.DECISION)

    def action_action(self) -> None:
        self._record(ItemKind.ACTION)

    def action_note(self) -> None:
        self._record(ItemKind.NOTE)

    def action_went_well(self) -> None:
        self._record(ItemKind.WENT_WELL)

    def action_to_improve(self) -> None:
        self._record(ItemKind.TO_IMPROVE)

    def action_risk(self) -> None:
        from tui.modals.quick_risk import open_quick_risk

        open_quick_risk(self.app, {"meeting_id": self.meeting_id})

    def action_issue(self) -> None:
        from tui.modals.meeting_item import issue_said, new_issue, open_form

        view = self.view
        if view is None:
            return

        def done(issue: Issue | None) -> None:
            if issue is not None:
                say(self, issue_said(view, issue))

        open_form(self, new_issue(self.app.store, view), done)

    def action_edit(self) -> None:
        from tui.modals.meeting_item import edit_item, open_form

        found = self.selected()
        if found is not None and found[0] == "risk":
            from tui.modals.risk_form import open_risk_form, risk_spec

            open_risk_form(self, risk_spec, found[1], lambda _risk: None)
            return
        item = self._selected_item()
        if item is None or self.view is None:
            say(self, _("Select an item to edit"), severity="warning")
            return
        open_form(self, edit_item(self.app.store, self.view, item))

    def action_judge(self) -> None:
        from tui.modals.meeting_item import judge_item, open_form

        item = self._selected_item()
        if item is None or item.kind != ItemKind.CRITERION:
            say(self, _("Select a success criterion to judge"), severity="warning")
            return
        open_form(self, judge_item(self.app.store, item))

    @work(group="meeting-mode-write")
    async def action_accept(self) -> None:
        from store.meeting_plan import accept_project
        from tui.modals.confirm import Confirm
        from tui.modals.meeting_item import acceptance, open_form

        view = self.view
        if view is None:
            return
        criteria = view.of_kind(ItemKind.CRITERION)
        if any(c.met is not True for c in criteria):
            open_form(self, acceptance(self.app.store, view.meeting), self._accepted)
            return
        question = Confirm(
            _("Record the project's acceptance?"),
            yes=_("Accept"),
            detail=_("Every success criterion is met."),
        )
        if await self.app.push_screen_wait(question):
            meeting = view.meeting
            store = self.app.store
            saved = await self.app.run_db(accept_project, store, meeting.id, meeting.version)
            self._accepted(saved)

    def _accepted(self, meeting: Meeting | None) -> None:
        if meeting is not None:
            say(self, _("The project's acceptance is recorded"))

    @work(group="meeting-mode-write")
    async def action_next_point(self) -> None:
        await self._move(1)

    @work(group="meeting-mode-write")
    async def action_previous_point(self) -> None:
        await self._move(-1)

    async def _move(self, step: int) -> None:
        from store.errors import Invalid
        from store.meetings import move_to

        meeting = self._meeting
        to = meeting.current + step
        if not 0 <= to < len(meeting.agenda):
            say(self, _("That was the last point") if step > 0 else _("This is the first point"))
            return
        try:
            await self.app.run_db(move_to, self.app.store, meeting.id, meeting.current, to)
        except Invalid as error:
            say(self, say_error(error), severity="warning")

    def action_present(self) -> None:
        """The current point's department's interface person, or ask who."""
        view = self.view
        if view is None:
            return
        meeting = view.meeting
        point = meeting.agenda[meeting.current] if meeting.current < len(meeting.agenda) else None
        health = self.app.health
        if point is not None and point.department_id is not None and health is not None:
            person = next(
                (
                    m
                    for m in health.members.values()
                    if m.department_id == point.department_id and m.is_interface
                ),
                None,
            )
            if person is not None:
                self.mark_present(person.id)
                return
        from tui.modals.meeting_item import WhoIsHere

        def chosen(member_id: int | None) -> None:
            if member_id:
                self.mark_present(member_id)

        self.app.push_screen(WhoIsHere(view), chosen)

    @work(group="meeting-mode-write")
    async def mark_present(self, member_id: int) -> None:
        from store.meetings import mark_present

        await self.app.run_db(mark_present, self.app.store, self.meeting_id, member_id)
        name = self.view.names.get(member_id, "?") if self.view else "?"
        say(self, _("{name} is present").format(name=one_line(name)))

    @work(group="meeting-mode-write")
    async def action_close_meeting(self) -> None:
        from store.meetings import close_meeting
        from tui.modals.confirm import Confirm

        meeting = self._meeting
        question = Confirm(
            _("Close {title}?").format(title=one_line(meeting.title)[:60]),
            yes=_("Close meeting"),
            detail=_("The clock stops; the minutes are then reviewed and published."),
        )
        if not await self.app.push_screen_wait(question):
            return
        from tui.screens.meetings.minutes import MinutesScreen

        await self.app.run_db(close_meeting, self.app.store, meeting.id, meeting.version)
        say(self, _("Closed: the minutes are ready to publish"))
        # The minutes take meeting mode's place: P publishes them, escape is the list.
        self.app.switch_screen(MinutesScreen(meeting.id))

    def show_record(self, entity: str, record_id: int) -> None:
        if entity == "meeting_items":
            _seek(self.items_list, f"item-{record_id}")


def _placed(view: MeetingView, point: int | None) -> tuple[list[MeetingItem], list[MeetingItem]]:
    """The items under agenda point ``point``, and those under no point of the agenda
    (success criteria aside: they have their own section)."""
    agenda = view.meeting.agenda
    under: list[MeetingItem] = []
    other: list[MeetingItem] = []
    for item in view.items:
        if item.kind == ItemKind.CRITERION:
            continue
        where = item.agenda
        if where is None and item.kind == ItemKind.REPORT:
            where = next(
                (i for i, p in enumerate(agenda) if p.department_id == item.department_id), None
            )
        if where == point or (not agenda and point is None):
            under.append(item)
        elif where is None or where >= len(agenda):
            other.append(item)
    return under, other


def _judged(met: bool | None) -> tuple[str, str]:
    """A success criterion's mark and word: met, not met, or not judged yet."""
    if met is None:
        return sym.PENDING, _("not judged")
    return (sym.DONE, _("met")) if met else (sym.TO_FIX, _("not met"))


def _clock(box: Clock) -> list[Any]:
    """ "3:12 / 10:00", or "12:12 / 10:00 +2:12" after the over-time symbol in the error
    colour when over."""
    text = f"{minutes_seconds(box.spent)} / {minutes_seconds(box.allowed)}"
    if box.over:
        return [(f"{sym.OVERTIME} {text} +{minutes_seconds(-box.left)}", "bold $error")]
    return [text]


def _clock_spent(box: Clock, spent: str) -> list[Any]:
    if box.over:
        return [(f"{sym.OVERTIME} {spent}", "bold $error")]
    return [spent]


def _update(box: Static, content: Content) -> None:
    """Update a line only when it changed, laid out again only when its size may have
    (the clock's tick keeps it: a layout each second would slow the keys)."""
    old = box.visual
    if not isinstance(old, Content):
        box.update(content)
    elif old.plain != content.plain or old.spans != content.spans:
        same = old.cell_length == content.cell_length
        box.update(content, layout=not same or old.plain.count("\n") != content.plain.count("\n"))


def _seek(options: OptionList, key: str) -> bool:
    try:
        options.highlighted = options.get_option_index(key)
    except Exception:
        return False
    return True


def _sync(options: OptionList, rows: list[tuple[str, Content, bool]], reset: bool) -> None:
    """Show ``rows`` (id, prompt, disabled) keeping the cursor on the same entry: the
    prompts that changed replaced in place and new entries added at the end when the
    list only grew there (brought into view when the list was scrolled to its end),
    the list rebuilt otherwise."""
    current = options.highlighted_option
    keep = None if reset or current is None else current.id
    ids = [key for key, _prompt, _disabled in rows]
    shown = [options.get_option_at_index(i).id for i in range(options.option_count)]
    if ids[: len(shown)] == shown:
        for key, prompt, _disabled in rows[: len(shown)]:
            if options.get_option(key).prompt != prompt:
                options.replace_option_prompt(key, prompt)
        if len(ids) > len(shown):
            at_end = bool(shown) and options.scroll_y >= options.max_scroll_y
            options.add_options(Option(p, id=k, disabled=off) for k, p, off in rows[len(shown) :])
            if at_end:
                options.scroll_end(animate=False, immediate=True)
    else:
        options.clear_options()
        options.add_options(Option(prompt, id=key, disabled=off) for key, prompt, off in rows)
    if keep is None or not _seek(options, keep):
        first = next((i for i, (_k, _p, off) in enumerate(rows) if not off), None)
        options.highlighted = first
