"""The hostile-data walk: every text field of every record holds hostile text, and the
whole interface and every export is walked over it.

Hostile means markup (``[/]``, ``[bold red]x``, ``[@click=app.quit]q[/]``), escape
codes (window title, clear screen, OSC 52 clipboard, C1 CSI), bidi overrides,
zero-width characters, 10,000 characters where a field takes them, CJK and emoji.
Half the records are written through the store (validated, cleaned), half raw with
sqlite3 as another program would (controls kept). The walk visits every screen,
every charter tab, every form (opened and cancelled), the palette with a search, the
help screen and a change told by a toast, and runs every export. It asserts: the
app is still running, the markup is shown literally where a field is shown, no
escape or control character reaches the screen or an export.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from typing import Annotated, Any

import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter, ValidationError
from textual.content import Content
from textual.widgets import OptionList

from store import project
from store.models import (
    MODELS,
    ChangeRequest,
    DailyUpdate,
    Department,
    Issue,
    Meeting,
    MeetingItem,
    Member,
    Milestone,
    Record,
    Requirement,
    ResourceRequest,
    Risk,
    SignOff,
    SshKey,
    Task,
)
from tests.tui.helpers import Toast, open_palette, screen_text, until
from tui.app import XdeptApp
from tui.cli import root as cli
from tui.modals.confirm import Confirm
from tui.screens.base import XdeptScreen

MARK = "[@click=app.quit]q[/]"
HOSTILE = (
    f"{MARK} [bold red]x [/] \x1b]0;pwned\x07\x1b[2J\x1b]52;c;aGk=\x07\x9b1m "
    "\u202e\u202c\u200b\u2060\ufeff 渠道 🚀"
)
LONG = HOSTILE + " " + "长" * 9_900  # over 10,000 with its controls, under once cleaned
# Every text field of every record (store.models); the test below checks none is missed.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "project": (
        "name", "background", "goal", "expected_results", "scope_in", "scope_out",
        "success_criteria",
    ),
    "milestones": ("name", "description"),
    "departments": ("name", "description"),
    "members": ("name", "post", "contact", "duties"),
    "requirements": ("text",),
    "resource_requests": ("description", "resolution"),
    "change_requests": ("title", "description", "proposed_by", "decided_by"),
    "tasks": ("title", "phase", "deliverable"),
    "baselines": ("label",),
    "risks": (
        "title", "description", "cause", "event", "effect", "category", "response", "trigger",
        "contingency",
    ),
    "issues": ("title", "description", "plan", "resolution"),
    "meetings": ("title", "exceptions"),
    "meeting_items": ("text", "done", "plan", "needs", "evidence"),
    "daily_updates": ("done", "next", "blockers"),
    "signoffs": ("reason",),
    "ssh_keys": ("comment",),
}  # fmt: skip
# Escape, C0 controls but tab and newline, DEL and C1: none may reach a screen or a file.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TODAY = date(2026, 11, 23)  # the frozen clock's Monday


def hostile(model: type[Record], field: str, tag: str) -> str:
    """The longest hostile value the field takes (10,000 characters where it may)."""
    info = model.model_fields[field]
    rules = TypeAdapter(Annotated[info.annotation, *info.metadata])
    for value in (f"{tag} {LONG}", f"{tag} {HOSTILE}"):
        try:
            rules.validate_python(value)
            return value
        except ValidationError:
            continue
    raise AssertionError(f"{model.TABLE}.{field} takes no hostile value")


def with_text(record: Record, tag: str) -> Record:
    """``record`` with every text field hostile (validated: the store cleans them)."""
    values = {f: hostile(type(record), f, tag) for f in TEXT_FIELDS[record.TABLE]}
    return type(record).model_validate(record.model_dump() | values)


def insert_raw(raw: sqlite3.Connection, record: Record, tag: str) -> int:
    """A copy of ``record`` as another program writes it: no model, controls kept."""
    row = record.to_row()
    row.pop("id")
    for field in TEXT_FIELDS[record.TABLE]:
        row[field] = hostile(type(record), field, tag)
    row.update(version=1, created_at="2026-11-23T08:00:00+00:00", updated_by="sqlite3")
    row["updated_at"] = row["created_at"]
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    cursor = raw.execute(
        f"INSERT INTO {record.TABLE} ({columns}) VALUES ({marks})", list(row.values())
    )
    return cursor.lastrowid


def build(store, path) -> dict[str, int]:
    """Two records of every kind with hostile text (one through the store, one raw);
    returns how many hostile values, records and kinds of record there are."""
    current = project.project(store)
    charter = with_text(current, "p")
    values = {f: getattr(charter, f) for f in TEXT_FIELDS["project"]}
    project.update_charter(store, current.version, **values, start=TODAY)
    saved: list[Record] = []

    def add(record: Record, tag: str) -> Any:
        with store.transaction() as tx:
            result = tx.insert(with_text(record, tag))
        saved.append(result)
        return result

    dept = add(Department(name="d"), "d1")
    member = add(Member(name="m", department_id=dept.id, is_head=True), "m1")
    add(Milestone(name="ms", date=date(2026, 12, 4)), "ms1")
    add(Requirement(department_id=dept.id, text="r", priority="high"), "r1")
    add(ResourceRequest(department_id=dept.id, kind="budget", description="b", status="gap"), "b1")
    add(ChangeRequest(title="c"), "c1")
    task = add(Task(title="t", start=TODAY, end=date(2026, 11, 26), owner_id=member.id), "t1")
    add(Risk(title="k", probability=5, impact=5, owner_id=member.id, task_id=task.id), "k1")
    add(Issue(title="i", owner_id=member.id), "i1")
    meeting = add(Meeting(title="w", date=date(2026, 11, 20), status="closed"), "w1")
    add(MeetingItem(meeting_id=meeting.id, kind="decision", text="x"), "x1")
    add(
        MeetingItem(meeting_id=meeting.id, kind="report", department_id=dept.id, done="x"),
        "x2",
    )
    add(
        MeetingItem(meeting_id=meeting.id, kind="action", text="x", owner_id=member.id, due=TODAY),
        "x3",
    )
    add(DailyUpdate(member_id=member.id, date=TODAY, done="u"), "u1")
    add(
        SignOff(
            document="charter",
            department_id=dept.id,
            signed_by_id=member.id,
            on_behalf=True,
            signed_at="2026-11-23T08:00:00+00:00",
            document_version=1,
        ),
        "so1",
    )
    from store.tasks import set_baseline

    baseline = set_baseline(store, hostile(MODELS["baselines"], "label", "bl1"))
    saved.append(baseline)
    add(SshKey(member_id=member.id, public_key=_public_key()), "sk1")
    with sqlite3.connect(path) as raw:
        for index, record in enumerate(saved):
            copy = record
            if record.TABLE == "daily_updates":  # one update per member and day
                copy = record.model_copy(update={"date": date(2026, 11, 20)})
            if record.TABLE == "members":  # one head per department
                copy = record.model_copy(update={"is_head": False})
            if record.TABLE == "ssh_keys":  # one member per key
                other = SshKey(member_id=member.id, public_key=_public_key())
                copy = record.model_copy(
                    update={"public_key": other.public_key, "fingerprint": other.fingerprint}
                )
            insert_raw(raw, copy, f"{record.TABLE[:2]}{index}r")
        raw.execute(
            "UPDATE project SET " + ", ".join(f"{f} = ?" for f in TEXT_FIELDS["project"]),
            [hostile(MODELS["project"], f, "pr") for f in TEXT_FIELDS["project"]],
        )
    raw.close()
    return {
        # The project's row was overwritten raw; every other record has a raw twin.
        "values": sum(len(TEXT_FIELDS[r.TABLE]) for r in saved) * 2 + len(TEXT_FIELDS["project"]),
        "records": len(saved) * 2 + 1,
        "kinds": len({r.TABLE for r in saved}) + 1,
    }


def test_every_text_field_of_every_record_is_walked() -> None:
    """A new text field must join TEXT_FIELDS (and so the walk)."""
    for table, model in MODELS.items():
        texts = {
            name
            for name, info in model.model_fields.items()
            if info.annotation is str
            and name not in Record.model_fields
            and any("clean" in repr(m) for m in info.metadata)
        }
        assert texts <= set(TEXT_FIELDS.get(table, ())), (table, texts)


class Walk:
    """Keys pressed and places seen, for the numbers the lead quotes."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.app: XdeptApp = pilot.app
        self.places: list[str] = []

    def check(self, place: str, literal: bool = True) -> None:
        """The app runs, nothing hostile reached the screen, the markup shows as text."""
        text = screen_text(self.app)
        assert self.app.is_running, place
        assert not CONTROLS.search(text), f"{place}: {CONTROLS.search(text)!r}"
        if literal:
            assert MARK in text, f"{place}: the field is not shown literally"
        self.places.append(place)

    async def screen(self, key: str, name: str, literal: bool = True) -> None:
        await self.pilot.press(key)
        await until(self.pilot, lambda: type(self.app.screen).__name__ == name, what=name)
        if literal:
            await until(self.pilot, lambda: MARK in screen_text(self.app), what=f"{name} data")
        self.check(name, literal)

    async def dialog(self, keys: str, heading: str, literal: bool = True) -> None:
        """Open the form or dialog showing ``heading`` with ``keys``, look at it, close
        it without saving."""
        below = self.app.screen
        await self.pilot.press(*keys.split())
        await until(
            self.pilot,
            lambda: self.app.screen is not below and heading in screen_text(self.app),
            what=heading,
        )
        await self.pilot.pause()
        self.check(heading, literal)
        while self.app.screen is not below:
            await self.pilot.press("y" if isinstance(self.app.screen, Confirm) else "escape")
            await self.pilot.pause()
        assert isinstance(self.app.screen, XdeptScreen)

    async def delete(self, place: str) -> None:
        """``d``: the question names the record, or (records still in use) a toast says
        why not; either way literally. Answered no."""
        below = self.app.screen

        def shown() -> bool:
            toasts = [t.render().plain for t in self.app.screen.query(Toast)]
            return self.app.screen is not below or any(MARK in t for t in toasts)

        await self.pilot.press("d")
        await until(self.pilot, shown, what=place)
        await self.pilot.pause()
        self.check(place)
        if self.app.screen is not below:
            await self.pilot.press("n")
            await until(self.pilot, lambda: self.app.screen is below, what="no")

    async def palette(self) -> None:
        options = (await open_palette(self.pilot, "click")).query_one(OptionList)

        def prompts() -> str:
            return "\n".join(Content.from_markup(o.prompt).plain for o in options.options)

        await until(self.pilot, lambda: prompts().count(MARK) >= 4, what="palette hits")
        self.check("palette search")
        await self.pilot.press("escape")
        await until(self.pilot, lambda: isinstance(self.app.screen, XdeptScreen))


@pytest.mark.slow  # the whole interface and every export: the longest test
async def test_hostile_text_everywhere_is_shown_literally_and_never_obeyed(
    store, db_path, record_property
) -> None:
    counts = build(store, db_path)
    app = XdeptApp(store)
    async with app.run_test(size=(200, 50)) as pilot:
        walk = Walk(pilot)
        await walk.screen("1", "DashboardScreen")
        # Another program changes a task while the app watches: its toast.
        with sqlite3.connect(db_path) as raw:
            raw.execute(
                "INSERT INTO changes (at, actor, entity, record_id, op, before, after) "
                "VALUES ('2026-11-23T09:00:00', ?, 'tasks', 1, 'update', ?, ?)",
                [HOSTILE, f'{{"title": "{MARK}"}}', f'{{"title": "{MARK}\\u001b[2J"}}'],
            )
        raw.close()
        await until(
            pilot,
            lambda: any(MARK in t.render().plain for t in app.screen.query(Toast)),
            what="the toast, literally",
        )
        walk.check("toast from another program")
        await walk.dialog("question_mark", "Keys on this screen", literal=False)

        await walk.screen("2", "CharterScreen")
        await walk.dialog("e", "Edit the charter")
        await walk.dialog("m", "New milestone", literal=False)
        await pilot.press("tab")  # the milestones
        await walk.dialog("e", "Edit milestone")
        for tab, forms in (
            ("sign-offs", ()),
            (
                "requirements & resources",
                (
                    ("n", "New requirement"),
                    ("e", "Edit requirement"),
                    ("tab n", "New resource request"),
                    ("e", "Edit resource request"),
                ),
            ),
            ("change requests", (("n", "Propose a requirement change"),)),
        ):
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: MARK in screen_text(app), what=tab)
            walk.check(f"charter tab {tab}")
            for keys, what in forms:
                await walk.dialog(keys, what, literal=not what.startswith(("New", "Propose")))
        await pilot.press("right_square_bracket")  # back to the charter tab
        await walk.dialog("question_mark", "Keys on this screen", literal=False)

        await walk.screen("3", "RosterScreen")
        await walk.dialog("e", "Edit member")
        await walk.dialog("n", "New member", literal=False)
        await walk.delete("roster delete")
        await pilot.press("tab")
        await pilot.pause()
        walk.check("roster departments")
        await walk.dialog("e", "Edit department")
        await walk.dialog("n", "New department", literal=False)
        await walk.dialog("question_mark", "Keys on this screen", literal=False)

        await walk.screen("4", "BoardScreen")
        await walk.dialog("e", "Edit task #")
        await walk.dialog("N", "New task", literal=False)
        await walk.delete("board delete")
        await pilot.press("n")
        await pilot.press(*"quick")
        await pilot.press("escape")
        walk.check("quick add")
        await walk.dialog("question_mark", "Markers", literal=False)

        await walk.screen("5", "GanttScreen")
        await walk.dialog("e", "Edit task #")
        await pilot.press("w")
        await until(pilot, lambda: "Progress tracking table" in screen_text(app))
        walk.check("progress table", literal=False)
        await pilot.press("w")
        await walk.dialog("question_mark", "Keys on this screen", literal=False)

        await walk.screen("6", "RisksScreen")
        await walk.dialog("e", "Edit risk #")
        await walk.dialog("n", "New risk", literal=False)
        await walk.dialog("o", "happened")
        await walk.dialog("c", "Close risk #")
        await walk.delete("risk delete")
        await pilot.press("slash", *"[/]", "enter")
        walk.check("register filter")
        await pilot.press("escape")
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: "Before the response" in screen_text(app), what="heat map")
        walk.check("heat map", literal=False)
        await walk.dialog("question_mark", "Keys on this screen", literal=False)
        await pilot.press("left_square_bracket")
        await walk.screen("7", "MeetingsScreen", literal=False)
        await walk.palette()
        assert app.is_running
        places = len(walk.places)

    exports = export_all(db_path)
    line = (
        f"hostile walk: {sum(map(len, TEXT_FIELDS.values()))} text fields of "
        f"{counts['kinds']} kinds of record, {counts['values']} hostile values in "
        f"{counts['records']} records (half through the store, half raw) × {places} screens, "
        f"tabs, forms, dialogs, toasts and the palette, {exports} exports: 0 crashes, "
        "0 control characters shown"
    )
    print(line)
    record_property("hostile_walk", line)


def strings(value: Any) -> list[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def _public_key() -> str:
    import asyncssh

    return asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()


def export_all(path) -> int:
    """Every export of the command line; none may hold an escape or control character."""
    runs = [["export", "json"], ["export", "ics"], ["export", "gantt"]]
    runs += [["key", "list"], ["key", "list", "--json"]]
    runs += [["export", "csv", table] for table in [*MODELS, "changes"]]
    with sqlite3.connect(path) as raw:
        runs += [["export", "minutes", str(i)] for (i,) in raw.execute("SELECT id FROM meetings")]
    raw.close()
    for args in runs:
        result = CliRunner().invoke(cli.main, ["--db", str(path), *args])
        assert result.exit_code == 0, (args, result.output)
        text = result.output.replace("\r\n", "\n")
        if args[1] == "json":  # escaped there (\u001b): look at the strings it holds
            text = "\n".join(strings(json.loads(text)))
        assert not CONTROLS.search(text), (args, CONTROLS.search(text))
        if args[1] not in ("ics",) and args[-1] not in ("dependencies", "signoffs"):
            assert MARK in text, args
    return len(runs)
