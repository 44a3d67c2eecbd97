"""Sentences about changes, for the toasts that say what someone else did.

Each names the record ("Li Wei moved #21 渠道合作洽谈 to doing", not "updated
task"): the change log's before/after JSON says what changed, and the record's
name comes from it or, when the change did not touch the name, from the store
(``store.changes.labels``). A burst of changes becomes one short toast
(``summary``): "Li Wei and 2 others: 14 changes" and the latest few.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from store.models import MODELS, Change, Dependency, Escalation
from store.text import one_line
from tui.escalation import raised_to, role
from tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from store.shifting import ShiftResult
    from store.task_form import TaskSaved

# entity → (added, changed, removed); entities not listed stay silent.
_PHRASES = {
    "risks": (N_("added a {level} risk {record}"), N_("edited risk {record}"),
              N_("removed risk {record}")),
    "tasks": (N_("added task {record}"), N_("edited task {record}"), N_("removed task {record}")),
    "members": (N_("added member {record}"), N_("edited member {record}"),
                N_("removed member {record}")),
    "departments": (N_("added department {record}"), N_("edited department {record}"),
                    N_("removed department {record}")),
    "meetings": (N_("scheduled meeting {record}"), N_("edited meeting {record}"),
                 N_("removed meeting {record}")),
    "meeting_items": (N_("added to a meeting: {record}"), N_("edited a meeting item: {record}"),
                      N_("removed a meeting item: {record}")),
    "daily_updates": (N_("posted a daily update: {record}"), N_("edited a daily update: {record}"),
                      N_("removed a daily update: {record}")),
    "signoffs": (N_("signed {record}"), N_("updated a sign-off of {record}"),
                 N_("removed a sign-off of {record}")),
    "project": (N_("created the project {record}"), N_("edited the charter of {record}"),
                N_("removed the project {record}")),
    "milestones": (N_("added milestone {record}"), N_("edited milestone {record}"),
                   N_("removed milestone {record}")),
    "issues": (N_("opened issue {record}"), N_("edited issue {record}"),
               N_("removed issue {record}")),
    "requirements": (N_("added requirement {record}"), N_("edited requirement {record}"),
                     N_("removed requirement {record}")),
    "resource_requests": (N_("requested {record}"), N_("edited resource request {record}"),
                          N_("removed resource request {record}")),
    "change_requests": (N_("proposed change {record}"), N_("edited change request {record}"),
                        N_("removed change request {record}")),
    "baselines": (N_("fixed the plan baseline {record}"), N_("edited the baseline {record}"),
                  N_("removed the baseline {record}")),
}  # fmt: skip
_MOVED = N_("moved task {record} to {status}")
# A meeting's steps, by the status it moved to.
_MEETING_STEPS = {
    "in_progress": N_("started meeting {record}"),
    "closed": N_("closed meeting {record}"),
    "published": N_("published the minutes of {record}"),
}
_ACCEPTED = N_("recorded the project's acceptance at {record}")
_ATTENDANCE = N_("marked who is present at {record}")
_AGENDA_POINT = N_("moved {record} on to agenda item {n}")
_ITEM_ADDED = N_("added {kind} to a meeting: {record}")
_ITEM_KINDS = {
    "report": N_("a report"),
    "decision": N_("a decision"),
    "action": N_("an action item"),
    "note": N_("a note"),
    "criterion": N_("a success criterion"),
    "went_well": N_("what went well"),
    "to_improve": N_("a point to improve"),
}
_JUDGED = {True: N_("marked {record} met"), False: N_("marked {record} not met")}
_PROGRESS = N_("set task {record} to {progress} %")
_LEVELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
# Records people know by number as well as by name.
_NUMBERED = frozenset({"tasks", "risks", "issues", "change_requests", "requirements"})
LABEL_CELLS = 24  # terminal cells of a record's name in a burst's toast
SHOWN = 2  # changes listed in a burst's toast


def is_told(change: Change) -> bool:
    """Whether changes of this kind are worth a toast (dependencies, items… are not);
    an issue going up a level has its own (tui/escalation.py)."""
    return change.entity in _PHRASES and raised_to(change) is None


def label_in(change: Change) -> str:
    """The record's name as the change itself carries it ("" when it did not change);
    a department report, which has no text, by what it says was done."""
    model = MODELS.get(change.entity)
    field = model.LABEL if model is not None else "title"
    after, before = change.after or {}, change.before or {}
    found = after.get(field) or before.get(field)
    if not found and change.entity == "meeting_items":
        found = after.get("done") or before.get("done")
    return str(found or "")


def cut(text: str, cells: int) -> str:
    """``text`` on one line of at most ``cells`` terminal cells, with an ellipsis if cut."""
    line = Text(one_line(text))
    line.truncate(cells, overflow="ellipsis")
    return line.plain


def _record(change: Change, label: str, cells: int) -> str:
    name = cut(label, cells)
    if change.entity in _NUMBERED and change.record_id is not None:
        return f"#{change.record_id} {name}".rstrip()
    return name or f"#{change.record_id}"


def describe_change(change: Change, who: str, label: str = "", cells: int = 60) -> str:
    """ "Li Wei moved #21 渠道合作洽谈 to doing" — or "" for silent changes.

    ``label`` is the record's name when the change does not carry it; the name
    takes at most ``cells`` terminal cells."""
    from tui.widgets.board import STATUS_NAMES

    phrases = _PHRASES.get(change.entity)
    if phrases is None:
        return ""
    record = _record(change, label_in(change) or label, cells)
    after = change.after or {}
    if change.entity == "tasks" and change.op == "update" and after.get("status") in STATUS_NAMES:
        verb = _(_MOVED).format(record=record, status=_(STATUS_NAMES[after["status"]]).lower())
    elif (
        change.entity == "tasks"
        and change.op == "update"
        and set(after)
        <= {
            "progress",
            "version",
        }
    ):
        verb = _(_PROGRESS).format(record=record, progress=after.get("progress"))
    elif (said := _meeting_step(change, record)) is not None:
        verb = said
    else:
        index = {"create": 0, "update": 1, "delete": 2}.get(change.op, 1)
        level = _LEVELS.get(str((change.after or change.before or {}).get("level")), "")
        verb = _(phrases[index]).format(record=record, level=_(level) if level else "")
    return f"{one_line(who)} {' '.join(verb.split())}"


def _meeting_step(change: Change, record: str) -> str | None:
    """What a change of a meeting or of one of its items did, when it is one of the
    steps of running a meeting (None: an ordinary edit)."""
    after = change.after or {}
    if change.entity == "meetings" and change.op == "update":
        if after.get("status") in _MEETING_STEPS:
            return _(_MEETING_STEPS[after["status"]]).format(record=record)
        if after.get("accepted_at"):
            return _(_ACCEPTED).format(record=record)
        if "current" in after:
            return _(_AGENDA_POINT).format(record=record, n=int(after["current"]) + 1)
        if "present" in after:
            return _(_ATTENDANCE).format(record=record)
    if change.entity == "meeting_items":
        if change.op == "create" and after.get("kind"):
            kind = _ITEM_KINDS.get(str(after["kind"]), "")
            return _(_ITEM_ADDED).format(kind=_(kind) if kind else after["kind"], record=record)
        if change.op == "update" and isinstance(after.get("met"), bool):
            return _(_JUDGED[after["met"]]).format(record=record)
    return None


def summary(
    changes: Sequence[Change],
    names: Mapping[str, str],
    labels: Mapping[tuple[str, int | None], str],
    width: int,
) -> tuple[str, str]:
    """(title, message) of one toast for a burst of other people's changes.

    One change is one sentence; more say who and how many in the title, then
    the latest ``SHOWN`` sentences cut to ``width`` cells, one line each, so a
    burst takes a few lines of the screen, never most of it."""
    people = list(dict.fromkeys(names.get(c.actor, c.actor) for c in reversed(changes)))
    lines = [
        describe_change(
            c, names.get(c.actor, c.actor), labels.get((c.entity, c.record_id), ""), LABEL_CELLS
        )
        for c in changes[-SHOWN:][::-1]
    ]
    if len(changes) == 1:
        return _("From another user"), lines[0]
    who = one_line(people[0])
    if len(people) > 1:
        who = ngettext("{name} and {n} other", "{name} and {n} others", len(people) - 1).format(
            name=who, n=len(people) - 1
        )
    title = ngettext("{who}: {n} change", "{who}: {n} changes", len(changes)).format(
        who=who, n=len(changes)
    )
    return title, "\n".join(cut(line, width) for line in lines)


def follows(task_id: int, start: date, dep: Dependency) -> str:
    """ "#62 starts 2026-12-09, after #21 (FS +0)": why a task starts later than asked."""
    return _("#{id} starts {start}, after #{pred} ({type} {lag:+d})").format(
        id=task_id, start=start.isoformat(), pred=dep.predecessor_id, type=dep.type, lag=dep.lag
    )


def signed(days: int) -> str:
    """A day count with its sign: "+2", "-1", "0"."""
    return f"{days:+d}" if days else "0"


def finish_message(result: ShiftResult | TaskSaved) -> str:
    """ "Finish moved +2 wd to 2027-03-04", or unchanged; empty when the dates did not move."""
    after = result.finish_after
    if after is None:
        return ""
    if result.finish_delta:
        return _("Finish moved {delta} wd to {date}").format(
            delta=signed(result.finish_delta), date=after.isoformat()
        )
    return _("Finish unchanged: {date}").format(date=after.isoformat())


def task_saved(result: TaskSaved) -> tuple[str, str]:
    """(title, message) of a task form's save, wherever the form was opened: the task,
    and when its dates moved, how the project finish moved and what followed."""
    task = result.task
    saved = _("Saved #{id} {title}").format(id=task.id, title=one_line(task.title))
    moved = finish_message(result)
    if not moved:
        return "", saved
    if result.moved:
        moved += "\n" + _("{n} following tasks rescheduled").format(n=len(result.moved))
    return saved, moved


def field_value(table: str, name: str, value: object) -> str:
    """A stored value as a person reads it: a state, level, kind or strategy (an enum
    field) as its word in the user's language, anything else as one line of text,
    never translated (a title that happens to read "open" stays as written)."""
    if value is None or value == "":
        return "—"
    if table == "issues" and name == "escalation" and value in {int(e) for e in Escalation}:
        return role(Escalation(value))  # who it waits on
    model = MODELS.get(table)
    field = model.model_fields.get(name) if model is not None else None
    if field is not None and isinstance(value, str) and _is_enum(field.annotation):
        return _(value.replace("_", " "))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list) and all(isinstance(v, dict) and "title" in v for v in value):
        return " · ".join(one_line(str(v["title"])) for v in value)  # an agenda
    return one_line(str(value))


def _is_enum(annotation: object) -> bool:
    """Whether a field holds a StrEnum (``Strategy | None`` too)."""
    from enum import StrEnum
    from typing import get_args

    kinds = get_args(annotation) or (annotation,)
    return any(isinstance(kind, type) and issubclass(kind, StrEnum) for kind in kinds)
