"""The quick-add language of the board: one line such as ``Pilot run @Li Wei ^12-01 for:3d``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from store import clock
from store.db import Store
from store.errors import Invalid
from store.models import Dependency, Task, TaskStatus
from store.people import member_named, owner_words, roster_names
from store.records import validate
from store.schedule import Calendar
from store.task_form import TaskSaved
from store.tasks import calendar, held_by, insert_task, parse_after, status_values
from store.text import one_line

_QUICK_MARKER = re.compile(r"(?:^|(?<=\s))(@|\^|after:)(?=\S)", re.IGNORECASE)
_DURATION = re.compile(r"for:(\d{1,4})(d|wd|w)", re.ASCII | re.IGNORECASE)
# "+3d" is a date everywhere (today + 3 days): alone in a quick line it says nothing.
_OFFSET = re.compile(r"[+-]\d{1,7}(d|wd|w)", re.ASCII | re.IGNORECASE)


@dataclass
class QuickTask:
    """What one quick line said; the owner is a name still to be resolved."""

    title: str = ""
    owner: str | None = None
    due: date | None = None
    duration: int | None = None
    after: list[Dependency] = field(default_factory=list)


def parse_quick_task(
    line: str, today: date, names: Iterable[str] = (), cal: Calendar | None = None
) -> QuickTask:
    """Read ``Title @owner ^due for:3d after:42``; ``names`` are the roster's names and logins.

    Pure: nothing is looked up, so an unknown owner is found by ``add_quick_task``.
    An owner's name may contain spaces ("@Li Wei"): the longest run of words after
    ``@`` that names a member is taken, the rest stays in the title. Errors are
    ``Invalid`` with a message naming the bad part. ``cal`` counts ``^+3wd``.
    """
    from store.dates import parse_date

    line = one_line(line)  # typed names compare as stored ones (store.people.name_key)
    known = {n.casefold() for n in names}
    result = QuickTask()
    words: list[str] = []
    for word in line.split():
        match = _DURATION.fullmatch(word)
        if match:
            if result.duration is not None:
                raise Invalid("{word}: the duration is given twice", word=word)
            n, unit = int(match[1]), match[2].casefold()
            result.duration = n * 5 if unit == "w" else n
            if result.duration < 1:
                raise Invalid("{word}: a duration is at least 1 working day (for:1d)", word=word)
            continue
        if _OFFSET.fullmatch(word):
            raise Invalid(
                "{word} is a date (today {word}): write ^{word} for the due date, "
                "or for:{amount} for a duration",
                word=word,
                amount=word[1:],
            )
        words.append(word)
    pieces = _QUICK_MARKER.split(" ".join(words))
    title = [pieces[0]]
    for marker, text in zip(pieces[1::2], pieces[2::2], strict=True):
        parts = text.split()
        head, tail = parts[0], parts[1:]
        if marker == "^":
            if result.due is not None:
                raise Invalid("^{head}: the due date is given twice", head=head)
            result.due = parse_date(head, today, cal)
            title += tail
        elif marker.casefold() == "after:":
            dep = parse_after(head)
            if any(d.predecessor_id == dep.predecessor_id for d in result.after):
                raise Invalid(
                    "after:{head}: #{predecessor_id} is given twice",
                    head=head,
                    predecessor_id=dep.predecessor_id,
                )
            if not -365 <= dep.lag <= 365:
                raise Invalid(
                    "after:{head}: the lag must be between -365 and 365 working days", head=head
                )
            result.after.append(dep)
            title += tail
        else:
            if result.owner is not None:
                raise Invalid("@{head}: the owner is given twice", head=head)
            take = owner_words(parts, known)
            result.owner = " ".join(parts[:take])
            title += parts[take:]
    result.title = " ".join(" ".join(title).split())
    if not result.title:
        raise Invalid(
            "a task needs a title (the words that are not @owner, ^due, for:3d, after:ID)"
        )
    if len(result.title) > 200:
        raise Invalid(
            "the title must be at most 200 characters (this has {length})", length=len(result.title)
        )
    return result


def quick_dates(quick: QuickTask, today: date, cal: Calendar) -> tuple[date, date]:
    """Planned (start, end) of a quick task, before its predecessors move it.

    With a due date and a duration the task ends on the due date; without a due
    date it starts today (the next working day) and lasts ``duration`` working
    days (1 without one). ``add_task`` then moves it to where its predecessors allow.
    """
    first = cal.date(cal.index(today))
    if quick.due is not None:
        if quick.duration is None:
            return min(first, quick.due), quick.due
        return cal.date(cal.end_index(quick.due) - (quick.duration - 1)), quick.due
    return first, cal.add(first, (quick.duration or 1) - 1)


def add_quick_task(
    store: Store, line: str, status: TaskStatus = TaskStatus.TODO, today: date | None = None
) -> TaskSaved:
    """Add the task a quick line describes, in ``status`` (the board's focused column),
    in one transaction; the result names the predecessor that holds its start."""
    today = today or clock.today()
    quick = parse_quick_task(line, today, roster_names(store), calendar(store))
    owner = member_named(store, quick.owner) if quick.owner else None
    for dep in quick.after:
        if not store.scalar("SELECT count(*) FROM tasks WHERE id = ?", [dep.predecessor_id]):
            raise Invalid(
                "after:{predecessor_id}: there is no task #{predecessor_id}",
                predecessor_id=dep.predecessor_id,
            )
    start, end = quick_dates(quick, today, calendar(store))
    task = validate(
        Task,
        {
            "title": quick.title,
            "owner_id": owner.id if owner else None,
            "start": start,
            "end": end,
        },
    )
    task = validate(Task, task.model_dump() | status_values(task, TaskStatus(status), today))
    with store.transaction() as tx:
        saved = insert_task(tx, task, quick.after)
        return TaskSaved(saved, held=held_by(store, saved.id) if quick.after else None)
