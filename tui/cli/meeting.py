"""``meeting``: plan meetings (filled in from the project), run them, record their
items and publish their minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tui.cli.language import Group, option
from tui.cli.output import chosen, json_option, print_json, print_records, word
from tui.cli.session import date_option, open_store
from tui.i18n import N_, _

if TYPE_CHECKING:
    from store.db import Store
    from store.models import Meeting


@click.group(cls=Group, help=_("Meetings, their items and their minutes."))
def meeting() -> None:
    pass


def _said(meeting: Meeting, what: str, as_json: bool) -> None:
    """What a command did to a meeting: one line, or the meeting as JSON."""
    if as_json:
        print_json(meeting.model_dump(mode="json"))
        return
    click.echo(
        what.format(
            id=meeting.id,
            title=meeting.title,
            kind=word(meeting.kind),
            date=meeting.date.isoformat(),
            start=meeting.start,
            minutes=meeting.planned_minutes,
        )
    )


def _current(store: Store, meeting_id: int) -> Meeting:
    from store.models import Meeting
    from store.records import get

    return get(store, Meeting, meeting_id)


@meeting.command(
    "add",
    help=_(
        "Plan a meeting, filled in from the project: a weekly meeting with a report per "
        "department, a kick-off from the charter, a review with the success criteria."
    ),
)
@option(
    "--kind",
    default="weekly",
    show_default=True,
    help=_("kickoff, weekly, topic, review or retrospective."),
)
@option("--title", help=_("The title [default: the kind and the date]."))
@option(
    "--date", "day", metavar="DATE", help=_("The day, e.g. 2026-12-01 or mon [default: today].")
)
@option("--time", "start", default="10:00", show_default=True, help=_("The start, HH:MM."))
@option("--minutes", type=int, help=_("Planned minutes [default: 45 for a weekly meeting]."))
@option(
    "--attendee",
    "attendees",
    multiple=True,
    metavar="NAME",
    help=_("Who is invited (repeatable) [default: the PM and every interface person]."),
)
@json_option
def meeting_add(
    kind: str,
    title: str | None,
    day: str | None,
    start: str,
    minutes: int | None,
    attendees: tuple[str, ...],
    as_json: bool,
) -> None:
    from store import clock
    from store.meeting_plan import draft, plan_meeting
    from store.models import Meeting, MeetingKind
    from store.people import member_named
    from store.records import validate

    store = open_store(write=True)
    when = date_option(day, clock.today(), store) or clock.today()
    (chosen_kind,) = chosen(MeetingKind, (kind,), "--kind")
    prefill = draft(store, MeetingKind(chosen_kind), when, _)
    new = validate(
        Meeting,
        {
            "kind": chosen_kind,
            "title": title or prefill.title,
            "date": when,
            "start": start,
            "planned_minutes": minutes or prefill.planned_minutes,
            "attendees": [member_named(store, a).id for a in attendees] or prefill.attendees,
            "agenda": prefill.agenda,
        },
    )
    saved = plan_meeting(store, new, prefill.items)
    _said(
        saved,
        _("planned {kind} #{id}: {title}, {date} {start} ({minutes} min)"),
        as_json,
    )


@meeting.command("list", help=_("List the meetings, newest first."))
@json_option
def meeting_list(as_json: bool) -> None:
    from store.meeting_view import meeting_rows
    from store.meetings import meetings

    store = open_store(write=False)
    rows = {r.id: r for r in meeting_rows(store)}
    print_records(
        meetings(store),
        as_json,
        [
            _("ID"),
            _("Date"),
            _("Time"),
            _("Kind"),
            _("Title"),
            _("Status"),
            _("Attendees"),
            _("Decisions"),
            _("Open actions"),
        ],
        lambda m: [
            m.id,
            m.date,
            m.start,
            word(m.kind),
            m.title,
            word(m.status),
            len(m.attendees),
            rows[m.id].decisions,
            rows[m.id].open_actions,
        ],
        lambda m: {
            "decisions": rows[m.id].decisions,
            "open_actions": rows[m.id].open_actions,
            "minutes_overdue": rows[m.id].overdue,
        },
    )


@meeting.command("show", help=_("The minutes of a meeting (--json: everything it holds)."))
@click.argument("meeting_id", metavar="ID", type=int)
@json_option
def meeting_show(meeting_id: int, as_json: bool) -> None:
    from store.exports import minutes
    from store.meeting_view import meeting_view

    store = open_store(write=False)
    if not as_json:
        click.echo(minutes(store, meeting_id, _), nl=False)
        return
    view = meeting_view(store, meeting_id)

    def dump(records: list[Any]) -> list[dict[str, Any]]:
        return [r.model_dump(mode="json") for r in records]

    print_json(
        {
            "meeting": view.meeting.model_dump(mode="json"),
            "items": dump(view.items),
            "absent": view.absent(),
            "carried": dump(view.carried),
            "risks": dump(view.risks),
            "issues": dump(view.issues),
            "next": view.next.model_dump(mode="json") if view.next else None,
            "names": view.names,
            "departments": view.departments,
        }
    )


def _step(name: str, help: str, said: str, step: str) -> None:
    """``meeting start|close|publish ID``: one step of running a meeting."""

    @meeting.command(name, help=help)
    @click.argument("meeting_id", metavar="ID", type=int)
    @json_option
    def command(meeting_id: int, as_json: bool) -> None:
        from store import meetings

        store = open_store(write=True)
        saved = getattr(meetings, step)(store, meeting_id, _current(store, meeting_id).version)
        _said(saved, _(said), as_json)


_step(
    "start",
    N_("Start a planned meeting: its clock runs on the first item."),
    N_("started meeting #{id}: {title}"),
    "start_meeting",
)
_step(
    "close",
    N_("End a meeting: its minutes are then reviewed and published."),
    N_("closed meeting #{id}: {title}"),
    "close_meeting",
)
_step(
    "publish",
    N_("Publish the minutes of a closed meeting."),
    N_("published the minutes of #{id}: {title}"),
    "publish_minutes",
)


@meeting.command("next", help=_("Plan the next weekly meeting: a week later, at the same time."))
@click.argument("meeting_id", metavar="ID", type=int)
@json_option
def meeting_next(meeting_id: int, as_json: bool) -> None:
    from store.meeting_plan import next_weekly

    saved = next_weekly(open_store(write=True), meeting_id, _)
    _said(saved, _("planned {kind} #{id}: {title}, {date} {start} ({minutes} min)"), as_json)


@meeting.group("item", cls=Group, help=_("The items of a meeting."))
def item() -> None:
    pass


@item.command(
    "add",
    help=_(
        "Add an item to a meeting. An action item needs --owner and --due and is a task "
        "on the board at once; a report's TEXT is what its department did."
    ),
)
@click.argument("meeting_id", metavar="MEETING", type=int)
@click.argument("text")
@option(
    "--kind",
    default="note",
    show_default=True,
    help=_("report, decision, action, note, criterion, went_well or to_improve."),
)
@option("--department", metavar="NAME", help=_("The department (a report's)."))
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--due", metavar="DATE", help=_("Due date: 2026-12-01, 12-01, +3d, +3wd, fri…"))
@option("--plan", default="", help=_("A report's plan for next week."))
@option("--needs", default="", help=_("A report's needs from others."))
@json_option
def item_add(
    meeting_id: int,
    text: str,
    kind: str,
    department: str | None,
    owner: str | None,
    due: str | None,
    plan: str,
    needs: str,
    as_json: bool,
) -> None:
    from store import clock
    from store.meetings import add_item
    from store.models import ItemKind, MeetingItem
    from store.people import department_named, member_named
    from store.records import validate

    store = open_store(write=True)
    (kind,) = chosen(ItemKind, (kind,), "--kind")
    values: dict[str, Any] = {"meeting_id": meeting_id, "kind": kind}
    if kind == ItemKind.REPORT:
        values |= {"done": text, "plan": plan, "needs": needs}
    else:
        values["text"] = text
    if department is not None:
        values["department_id"] = department_named(store, department).id
    if owner is not None:
        values["owner_id"] = member_named(store, owner).id
    if due is not None:
        values["due"] = date_option(due, clock.today(), store)
    saved = add_item(store, validate(MeetingItem, values))
    if as_json:
        print_json(saved.model_dump(mode="json"))
        return
    line = _("added {kind} #{id} to meeting #{meeting}").format(
        kind=word(saved.kind), id=saved.id, meeting=meeting_id
    )
    if saved.task_id is not None:
        line += _(": task #{task} on the board").format(task=saved.task_id)
    click.echo(line)
