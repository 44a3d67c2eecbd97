"""Exports (JSON, CSV, Markdown minutes and Gantt chart, iCalendar) and the imports beside them.

Every function works on a Store and returns text (or counts), so the command
line and the TUI only choose where the text goes. Imports validate every row
with its model before anything is written, then write in one transaction
through ``Tx`` — all or nothing, and logged as the importing actor's changes.
Headings of the minutes and the Gantt chart take a ``_`` translation function
from the caller, because ``store`` must not import the interface's i18n.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from datetime import UTC, date
from typing import Any

from store import changes, clock, migrations, schedule
from store.db import Store
from store.errors import Invalid, NotFound, Term
from store.gantt import gantt
from store.meeting_view import meeting_view
from store.models import (
    MODELS,
    Change,
    Dependency,
    ItemKind,
    Meeting,
    MeetingItem,
    MeetingKind,
    Member,
    Milestone,
    Project,
    Record,
    Risk,
    Task,
)
from store.records import META, Tx, count, find
from store.risks import check_links
from store.symbols import MILESTONE, SLIPPING
from store.tasks import links_changed, refuse_cycle
from store.text import cells, one_line, strip_controls

FORMAT = "xdept-tui"
CHANGES = "changes"

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def _model(table: str) -> type[Record]:
    if table not in MODELS:
        raise Invalid(
            "unknown table {table!r} (tables: {tables})", table=table, tables=", ".join(MODELS)
        )
    return MODELS[table]


def clean(value: Any) -> Any:
    """``value`` with every string in it stripped of escape and control characters.

    Rows may have been written by another program (docs/architecture.md, "Text on
    screen"); a terminal or editor showing an export must not obey a title that
    retitles the window or writes the clipboard. Tabs and newlines stay."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


# --- JSON --------------------------------------------------------------------


def to_json(store: Store) -> str:
    """Everything in the file, change log included, as one JSON document."""
    tables: dict[str, list[dict[str, Any]]] = {
        table: [record.model_dump(mode="json") for record in find(store, model)]
        for table, model in MODELS.items()
    }
    tables[CHANGES] = [c.model_dump(mode="json") for c in changes.since(store, 0, limit=-1)]
    document = {
        "format": FORMAT,
        "schema_version": store.scalar("PRAGMA user_version"),
        "exported_at": clock.timestamp(),
        "tables": tables,
    }
    return json.dumps(clean(document), ensure_ascii=False, indent=2) + "\n"


def _decode(raw: bytes | str, what: str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("{what} is not UTF-8 text", what=Term(what)) from None


def _row_error(where: str, error: ValueError) -> Invalid:
    return Invalid("{where}: {problem}", where=where, problem=error)


def _at_row(where: str, error: Invalid) -> Invalid:
    """The same refusal, naming the row of the file instead of the table."""
    return Invalid(error.template, **{**error.params, "table": where})


def _insert(tx: Tx, records: list[tuple[str, Record]]) -> None:
    """Insert the records of a file many rows per statement (``Tx.insert_many``). When
    one breaks a rule of the database, they go again one by one to name it (``where``
    it is in the file)."""
    if not records:
        return
    tx.conn.execute("SAVEPOINT import_rows")
    try:
        tx.insert_many([record for _where, record in records])
    except Invalid:
        tx.conn.execute("ROLLBACK TO import_rows")
        for where, record in records:
            try:
                tx.insert(record)
            except Invalid as error:
                raise _at_row(where, error) from None
    finally:
        tx.conn.execute("RELEASE import_rows")


def _check_risk_links(store: Store, records: list[tuple[str, Record]]) -> None:
    """The tasks an imported risk links exist (a JSON list: no foreign key says so)."""
    for where, record in records:
        if isinstance(record, Risk):
            try:
                check_links(store, record.task_ids)
            except NotFound as error:
                raise Invalid("{where}: {problem}", where=where, problem=error) from None


def _is_empty(store: Store) -> bool:
    """No records, except perhaps the project ``xdept-tui init`` created and nobody edited."""
    others = sum(store.scalar(f"SELECT count(*) FROM {t}") for t in MODELS if t != "project")
    return others == 0 and not store.scalar("SELECT count(*) FROM project WHERE version > 1")


def _insert_order(store: Store) -> list[str]:
    """Tables ordered so each comes after those its foreign keys refer to."""
    refers = {
        table: {
            row["table"]
            for row in store.query(f"PRAGMA foreign_key_list({table})")
            if row["table"] != table
        }
        for table in MODELS
    }
    order: list[str] = []
    while len(order) < len(refers):
        ready = [t for t in refers if t not in order and refers[t] <= set(order)]
        if not ready:  # only a schema bug could make tables refer to each other
            raise Invalid("the tables refer to each other in a loop; cannot order the import")
        order += ready
    return order


def import_json(store: Store, raw: bytes | str) -> dict[str, int]:
    """Load an ``export json`` document into an empty database; returns rows per table.

    Ids are kept, so links between records survive. The file's change log is
    not replayed: the new file's history starts with this import.
    """
    try:
        document = json.loads(_decode(raw, "the file"))
    except json.JSONDecodeError as error:
        raise Invalid("not a JSON file ({error})", error=error) from None
    except RecursionError:
        raise Invalid("the JSON file is nested too deeply to be an xdept-tui export") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Invalid('not an xdept-tui export (expected "format": "{format}")', format=FORMAT)
    version = document.get("schema_version")
    if not isinstance(version, int) or version > migrations.SCHEMA_VERSION:
        raise Invalid(
            "schema_version {version!r} is not one this xdept-tui reads (1 to {schema_version})",
            version=version,
            schema_version=migrations.SCHEMA_VERSION,
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise Invalid('the file has no "tables" object')
    unknown = sorted(set(tables) - set(MODELS) - {CHANGES})
    if unknown:
        raise Invalid("unknown table {table!r} in the file", table=unknown[0])

    records: dict[str, list[Record]] = {}
    for table, model in MODELS.items():
        rows = tables.get(table, [])
        if not isinstance(rows, list):
            raise Invalid("{table}: expected a list of rows", table=table)
        records[table] = []
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise Invalid("{table}[{index}]: expected an object", table=table, index=index)
            try:
                records[table].append(model.from_row(row, stored=False))
            except ValueError as error:
                raise _row_error(f"{table}[{index}]", error) from None
    if len(records["project"]) > 1:
        raise Invalid("project: a file holds one project")
    _refuse_cycle([t.id for t in records["tasks"]], records["dependencies"])

    with store.transaction() as tx:
        if not _is_empty(store):
            raise Invalid("import needs an empty database; create one with xdept-tui init")
        if records["project"]:
            for placeholder in find(store, Project):
                tx.delete(Project, placeholder.id)
        placed = {
            table: [(f"{table}[{i}] (id {r.id})", r) for i, r in enumerate(records[table])]
            for table in records
        }
        for table in _insert_order(store):
            _insert(tx, placed[table])
        _check_risk_links(store, placed["risks"])
    return {table: len(rows) for table, rows in records.items()}


def _refuse_cycle(task_ids: list[int], dependencies: list[Any]) -> None:
    """Refuse imported dependencies that loop, naming the loop."""
    refuse_cycle(task_ids, [schedule.Link(d.predecessor_id, d.successor_id) for d in dependencies])


# --- CSV ---------------------------------------------------------------------


def to_csv(store: Store, table: str) -> str:
    """One table as CSV: a header of the model's fields, then the rows by id as stored
    (booleans 0/1, lists as JSON), which ``import_csv`` reads back."""
    fields = list((Change if table == CHANGES else _model(table)).model_fields)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in store.db[table].rows_where(order_by="id"):
        writer.writerow(["" if row[f] is None else clean(row[f]) for f in fields])
    return out.getvalue()


def import_csv(store: Store, table: str, raw: bytes | str) -> int:
    """Append the rows of a CSV file to ``table``; returns how many were added.

    Id and bookkeeping columns are ignored (new ids are given), empty cells
    take the field's default, and every row is validated before any is written.
    """
    model = _model(table)
    # strict: an unterminated quote is an error, not a cell swallowing the rest of the file.
    reader = csv.DictReader(io.StringIO(_decode(raw, "the file"), newline=""), strict=True)
    try:
        return _append_csv(store, table, model, reader)
    except csv.Error as error:
        # reader.line_num is where the last good row ended: the bad one starts after it.
        raise Invalid(
            "{table}: the CSV file is malformed in the row starting at line {line} ({problem})",
            table=table,
            line=reader.line_num + 1,
            problem=_csv_problem(error),
        ) from None


def _csv_problem(error: csv.Error) -> Invalid | Term:
    text = str(error)
    if "field larger than field limit" in text:
        return Invalid("a cell is longer than {n:,} characters", n=csv.field_size_limit())
    if "unexpected end of data" in text:
        return Term("a quoted cell is never closed")
    return Term(text)


def _append_csv(store: Store, table: str, model: type[Record], reader: csv.DictReader) -> int:
    header = reader.fieldnames or []
    if not header:
        raise Invalid("the CSV file is empty (it needs a header row of field names)")
    unknown = [c for c in header if c not in model.model_fields]
    if unknown:
        raise Invalid(
            "{table}: unknown column {column!r} (columns: {columns})",
            table=table,
            column=unknown[0],
            columns=", ".join(model.content_fields()),
        )
    records: list[tuple[str, Record]] = []
    for row in reader:
        where = f"{table} line {reader.line_num}"
        if None in row:
            raise Invalid("{where}: more cells than columns", where=where)
        values = {k: v for k, v in row.items() if k not in META and v not in ("", None)}
        try:
            records.append((where, model.from_row(values, stored=False)))
        except ValueError as error:
            raise _row_error(where, error) from None
    with store.transaction() as tx:
        if table == "project" and count(store, Project) + len(records) > 1:
            raise Invalid("project: a file holds one project; edit its charter instead")
        if table == "dependencies":
            ids = [row["id"] for row in store.query("SELECT id FROM tasks")]
            _refuse_cycle(ids, [*find(store, Dependency), *(r for _, r in records)])
        _insert(tx, records)
        _check_risk_links(store, records)
        if table == "dependencies":  # a task's links are part of it: its version moves
            for successor in sorted(
                {r.successor_id for _, r in records if isinstance(r, Dependency)}
            ):
                links_changed(tx, successor)
    return len(records)


# --- Minutes (Markdown) ------------------------------------------------------


def _md(text: str) -> str:
    """User text on one Markdown line: no controls, no line breaks."""
    return one_line(text)


def _md_cell(text: str) -> str:
    """User text in a Markdown table cell, where a pipe would start a new cell."""
    return one_line(text).replace("|", "\\|")


def _block(text: str, indent: str) -> str:
    """Multi-line user text continued under a list item."""
    lines = [one_line(line) for line in text.splitlines() if line.strip()]
    return f"\n{indent}".join(lines)


def _local(stamp: str | None) -> str:
    """A stored UTC timestamp as the host's wall-clock date and time."""
    return clock.local(stamp) if stamp else ""


def _word(value: str, _: Translate) -> str:
    """A kind or state (``in_progress``) as its word in the caller's language."""
    return _(value.replace("_", " "))


def minutes(store: Store, meeting_id: int, _: Translate = _same) -> str:
    """The minutes of one meeting as Markdown (周例会纪要 and the like), from
    ``meeting_view``: what meeting mode showed is what the minutes say."""
    view = meeting_view(store, meeting_id)
    meeting = view.meeting
    logins = {m.login: m.name for m in find(store, Member, "login IS NOT NULL")}

    def person(member_id: int | None) -> str:
        name = view.names.get(member_id) if member_id is not None else None
        return _md(name) if name else "—"

    def length(shown: Meeting) -> str:
        return _(Term("{n} min")).format(n=shown.planned_minutes)

    def people(ids: list[int]) -> str:
        return ", ".join(person(i) for i in ids) or "—"

    def actions(found: list[MeetingItem]) -> list[str]:
        rows = [
            f"| {_(Term('Action'))} | {_(Term('Owner'))} | {_(Term('Due'))} | {_(Term('Task'))} |",
            "| --- | --- | --- | --- |",
        ]
        for item in found:
            due = item.due.isoformat() if item.due else "—"
            task = f"#{item.task_id}" if item.task_id else "—"
            owner = _md_cell(person(item.owner_id))
            rows.append(f"| {_md_cell(item.text)} | {owner} | {due} | {task} |")
        return rows

    def listed(heading: str, found: list[MeetingItem]) -> list[str]:
        if not found:
            return []
        return ["", f"## {heading}", "", *(f"- {_block(i.text, '  ')}" for i in found)]

    held = ""
    if meeting.started_at:
        held = f"{_(Term('Held'))}: {_local(meeting.started_at)}"
        if meeting.closed_at:
            held += f" – {_local(meeting.closed_at)[-5:]}"
    lines = [
        f"# {_md(meeting.title)}",
        "",
        f"- **{_(Term('Date'))}:** {meeting.date.isoformat()} {meeting.start} "
        f"({length(meeting)}){' · ' + held if held else ''}",
        f"- **{_(Term('Kind'))}:** {_word(meeting.kind, _)}",
        f"- **{_(Term('Status'))}:** {_word(meeting.status, _)}",
        f"- **{_(Term('Attendees'))}:** {people(meeting.attendees)}",
    ]
    if meeting.started_at or meeting.present:
        lines += [
            f"- **{_(Term('Present'))}:** {people(meeting.present)}",
            f"- **{_(Term('Absent'))}:** {people(view.absent())}",
        ]
    reports = view.of_kind(ItemKind.REPORT)
    if reports:
        lines += ["", f"## {_(Term('Department reports'))}"]
        for item in reports:
            department = view.departments.get(item.department_id or 0)
            lines += ["", f"### {_md(department) if department else '—'}", ""]
            for label, text in (
                (_(Term("Done this week")), item.done),
                (_(Term("Plan for next week")), item.plan),
                (_(Term("Needs from others")), item.needs),
            ):
                lines.append(f"- **{label}:** {_block(text, '  ') or '—'}")
    if view.carried:
        lines += ["", f"## {_(Term('Actions from last time'))}", "", *actions(view.carried)]
    decisions = view.of_kind(ItemKind.DECISION)
    if decisions:
        lines += ["", f"## {_(Term('Decisions'))}", ""]
        lines += [f"{n}. {_block(item.text, '   ')}" for n, item in enumerate(decisions, start=1)]
    todo = view.of_kind(ItemKind.ACTION)
    if todo:
        lines += ["", f"## {_(Term('Action items'))}", "", *actions(todo)]
    if view.risks:
        lines += ["", f"## {_(Term('Risks raised'))}", ""]
        lines += [
            f"- #{r.id} {_md(r.title)} ({_word(r.level, _)}; {person(r.owner_id)})"
            for r in view.risks
        ]
    if view.issues:
        lines += ["", f"## {_(Term('Issues raised'))}", ""]
        lines += [
            f"- #{i.id} {_md(i.title)} ({person(i.owner_id)}; "
            f"{i.due.isoformat() if i.due else '—'})"
            for i in view.issues
        ]
    criteria = view.of_kind(ItemKind.CRITERION)
    if criteria:
        said = {True: _(Term("met")), False: _(Term("not met")), None: _(Term("not judged"))}
        lines += [
            "",
            f"## {_(Term('Success criteria'))}",
            "",
            f"| {_(Term('Criterion'))} | {_(Term('Met'))} | {_(Term('Evidence'))} |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {_md_cell(c.text)} | {said[c.met]} | {_md_cell(c.evidence) or '—'} |"
            for c in criteria
        ]
    if meeting.kind == MeetingKind.REVIEW:
        lines += ["", f"## {_(Term('Acceptance'))}", ""]
        if meeting.accepted_at:
            lines.append(
                f"- **{_(Term('Accepted by'))}:** {person(meeting.accepted_by)}, "
                f"{_local(meeting.accepted_at)}"
            )
            lines.append(
                f"- **{_(Term('Exceptions'))}:** {_block(meeting.exceptions, '  ') or '—'}"
            )
        else:
            lines.append(f"- {_(Term('Not accepted yet'))}")
    lines += listed(_(Term("Went well")), view.of_kind(ItemKind.WENT_WELL))
    lines += listed(_(Term("To improve")), view.of_kind(ItemKind.TO_IMPROVE))
    lines += listed(_(Term("Notes")), view.of_kind(ItemKind.NOTE))
    if view.next is not None:
        later = view.next
        lines += [
            "",
            f"## {_(Term('Next meeting'))}",
            "",
            f"- {_md(later.title)}: {later.date.isoformat()} {later.start} ({length(later)})",
        ]
    if meeting.published_at:
        by = logins.get(meeting.published_by or "", meeting.published_by or "—")
        lines += [
            "",
            "---",
            "",
            _(Term("Published by {name} at {when}")).format(
                name=_md(by), when=_local(meeting.published_at)
            ),
        ]
    return "\n".join(lines) + "\n"


# --- Gantt chart (Markdown) -------------------------------------------------


def _pad(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal cells (CJK counts two)."""
    text = one_line(text)
    if cells(text) > width:
        out, used = "", 0
        for char in text:
            w = cells(char)
            if used + w > width - 1:
                break
            out += char
            used += w
        text = out + "…"
    return text + " " * (width - cells(text))


def gantt_markdown(store: Store, today: date | None = None, _: Translate = _same) -> str:
    """The plan as a Markdown document anyone can read without the app.

    A table per phase (id, task, owner, start, end, total float, critical,
    slip), then a bar chart by week in a fenced block, with its legend.
    """
    data = gantt(store, today)
    project = store.scalar("SELECT name FROM project LIMIT 1") or ""
    lines = [f"# {_('Gantt chart')}: {_md_cell(project)}" if project else f"# {_('Gantt chart')}"]
    lines.append("")
    if data.error:
        raise Invalid("the dependencies make a cycle: {error}", error=data.error)
    finish = data.finish.isoformat() if data.finish else "—"
    lines.append(
        _("Today {today} · finish {finish} · {n} tasks, {c} critical").format(
            today=data.today.isoformat(), finish=finish, n=len(data.bars), c=data.critical
        )
    )
    header = [
        _("ID"),
        _("Task"),
        _("Owner"),
        _("Start"),
        _("End"),
        _("Float (wd)"),
        _("Critical"),
        _("Slip (wd)"),
    ]
    for phase in data.phases:
        lines += ["", f"## {_md_cell(phase.name)}", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(" --- " for _h in header) + "|")
        for tid in phase.bars:
            b = data.bars[tid]
            slip = "—" if b.slip is None else f"{b.slip:+d}"
            if b.slipping:
                slip = f"{SLIPPING}{slip}"
            title = (f"{MILESTONE} " if b.milestone else "") + b.title
            lines.append(
                "| "
                + " | ".join(
                    [
                        str(b.id),
                        _md_cell(title),
                        _md_cell(b.owner) or "—",
                        b.es.isoformat(),
                        b.ef.isoformat(),
                        str(b.total_float),
                        _("yes") if b.critical else "",
                        slip,
                    ]
                )
                + " |"
            )
    if not data.bars:
        lines += ["", _("No tasks yet.")]
        return "\n".join(lines) + "\n"

    # The chart: one column per week, Monday to Sunday.
    first = data.first
    weeks = (data.last - first) // 7 + 1
    today_col = (data.today.toordinal() - first) // 7
    label = 30
    lines += ["", f"## {_('Chart by week')}", "", "```"]
    months = [" "] * weeks
    marks = [" "] * weeks
    for w in range(weeks):
        monday = date.fromordinal(first + 7 * w)
        if w == 0 or monday.day <= 7:
            text = monday.strftime("%m") if w else monday.strftime("%y-%m")
            for i, ch in enumerate(text):
                if w + i < weeks:
                    months[w + i] = ch
    if 0 <= today_col < weeks:
        marks[today_col] = "v"
    lines.append(_pad(_("week of"), label) + " " + "".join(months))
    lines.append(" " * label + " " + "".join(marks))
    for phase in data.phases:
        lines.append(_pad(f"[{phase.name}]", label))
        for tid in phase.bars:
            b = data.bars[tid]
            row = ["·"] * weeks
            for w in range((b.s1 - first) // 7 + 1, (b.l1 - first) // 7 + 1):
                row[w] = "~"
            for w in range((b.s0 - first) // 7, (b.s1 - first) // 7 + 1):
                row[w] = "█" if b.critical else "▒"
            if b.milestone:
                row[(b.s0 - first) // 7] = MILESTONE
            if 0 <= today_col < weeks and row[today_col] == "·":
                row[today_col] = "|"
            flag = f" {SLIPPING}{b.slip:+d}" if b.slipping else ""
            lines.append(f"{b.id:>4} " + _pad(b.title, label - 5) + " " + "".join(row) + flag)
    lines.append("```")
    lines += [
        "",
        _("Legend:")
        + " "
        + " · ".join(
            [
                _("█ critical task"),
                _("▒ other task"),
                _("~ total float"),
                f"{MILESTONE} " + _("milestone"),
                _("| and v today"),
                f"{SLIPPING}+n " + _("slipping n working days"),
            ]
        ),
        "",
    ]
    return "\n".join(lines)


# --- iCalendar ---------------------------------------------------------------


def ics_escape(text: str) -> str:
    """A TEXT value per RFC 5545 §3.3.11 (backslash, semicolon, comma, newline)."""
    text = text.replace("\r\n", "\n")
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def ics_fold(line: str) -> str:
    """Fold a content line into parts of at most 75 octets (RFC 5545 §3.1).

    Continuation lines start with a space, which counts towards their 75;
    a UTF-8 character is never split.
    """
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _ics_date(day: date) -> str:
    return day.isoformat().replace("-", "")


def to_ics(store: Store) -> str:
    """Milestones, meetings and the due dates of unfinished tasks as an iCalendar file.

    UIDs combine the record with the project's creation time, so importing a
    newer export into a calendar updates its events instead of duplicating them.
    All-day events have no DTEND (one day, RFC 5545 §3.6.1) and meetings a
    DURATION, so no date arithmetic can overflow. Meeting times are floating
    (local wall-clock) times, as they were entered.
    """
    found = find(store, Project)
    key = found[0].created_at if found else str(store.path)
    uid = hashlib.sha256(str(key).encode()).hexdigest()[:12]
    stamp = clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    events: list[list[tuple[str, str]]] = []

    def event(
        kind: str, record_id: int, when: list[tuple[str, str]], summary: str, about: str
    ) -> None:
        events.append(
            [
                ("UID", f"{kind}-{record_id}-{uid}@xdept-tui"),
                ("DTSTAMP", stamp),
                *when,
                ("SUMMARY", ics_escape(summary)),
                ("DESCRIPTION", ics_escape(about)),
            ]
        )

    for milestone in find(store, Milestone, order_by="date, id"):
        day = [("DTSTART;VALUE=DATE", _ics_date(milestone.date))]
        event(
            "milestone", milestone.id, day, f"{MILESTONE} {milestone.name}", milestone.description
        )
    for meeting in find(store, Meeting, order_by="date, start, id"):
        start = f"{_ics_date(meeting.date)}T{meeting.start.replace(':', '')}00"
        when = [("DTSTART", start), ("DURATION", f"PT{meeting.planned_minutes}M")]
        event("meeting", meeting.id, when, meeting.title, f"{meeting.kind} ({meeting.status})")
    for task in find(store, Task, "status != 'done'", order_by='"end", id'):
        day = [("DTSTART;VALUE=DATE", _ics_date(task.end))]
        event("task", task.id, day, f"#{task.id} {task.title}", task.deliverable)

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//xdept-tui//xdept-tui//EN",
        "CALSCALE:GREGORIAN",
    ]
    for fields in events:
        lines.append("BEGIN:VEVENT")
        lines += [ics_fold(f"{name}:{value}") for name, value in fields if value]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
