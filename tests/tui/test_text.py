"""User text is data: toasts, the palette and dialogs show it literally, whoever wrote it.

Also the app's one way to tell the user something (``tui.tell.say``) and its one
error policy: a worker that fails says so and the app stays up; a crash exits
with a non-zero status.
"""

from __future__ import annotations

import ast
import os
import pty
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from textual.content import Content
from textual.widgets import OptionList

from store import people, tasks
from store.models import Member, Task
from tests.tui.helpers import SIZE, Toast, notifications, open_palette, open_roster, ready, until
from tui.app import XdeptApp

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "boom [/]"
STYLED = "[bold red]x"
CLICK = "NM3 [@click=app.quit]click[/]"


def toasts(app: XdeptApp) -> list[str]:
    return [f"{n.title}\n{n.message}" for n in notifications(app)]


def shown_toasts(app: XdeptApp) -> list[str]:
    """The toasts' text as drawn on the screen."""
    return [toast.render().plain for toast in app.screen.query(Toast)]


def add_member(store, name: str) -> Member:
    department = people.departments(store)[0]
    return people.add_member(store, Member(name=name, department_id=department.id))


# -- toasts -----------------------------------------------------------------------


async def test_a_title_with_broken_markup_from_another_user_is_told_literally(
    demo_store, other_store
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        day = date(2026, 11, 23)
        saved = tasks.add_task(other_store, Task(title=BROKEN, start=day, end=day))
        told = f"other added task #{saved.id} {BROKEN}"
        await until(pilot, lambda: any(told in t for t in shown_toasts(app)), what="the toast")
        assert app.is_running


async def test_roster_messages_show_a_styled_name_literally(demo_store) -> None:
    member = add_member(demo_store, f"{STYLED} {BROKEN}")
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        table.move_cursor(row=table.get_row_index(str(member.id)), animate=False)
        await pilot.press("i")
        told = f"{STYLED} {BROKEN} is now the interface person"
        await until(pilot, lambda: any(told in t for t in shown_toasts(app)), what="the toast")
        assert app.is_running


def test_every_toast_goes_through_say_and_every_worker_through_the_policy() -> None:
    """The class of fault closed: ``notify`` (markup by default), ``run_worker`` and
    Textual's ``@work`` (which exit the app on an error) appear only in tui/tell.py."""
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path.name == "tell.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("notify", "run_worker"):
                found.append(f"{path.name}:{node.lineno} {node.attr}")
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "textual"
                and any(alias.name == "work" for alias in node.names)
            ):
                found.append(f"{path.name}:{node.lineno} textual.work")
    assert not found, found


def _built_string(node: ast.expr) -> bool:
    """An f-string, a concatenation, ``.format()`` or a call returning text."""
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):  # "…".join(), _("…").format(): not Content's
            receiver = func.value
            return (
                isinstance(receiver, ast.Constant) and isinstance(receiver.value, str)
            ) or _built_string(receiver)
        return isinstance(func, ast.Name) and func.id in (
            "_", "str", "one_line", "flat", "strip_controls", "ngettext",
        )  # fmt: skip
    return False


def test_widgets_that_read_markup_get_content_never_a_built_string() -> None:
    """``Static``, ``Label``, ``Option``, ``update()`` and border titles read a ``str``
    as markup: what is built from text (user text often) is given as Content."""
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and _built_string(node.args[0]):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in ("Static", "Label", "Option", "update"):
                    found.append(f"{path.name}:{node.lineno} {name}")
            if isinstance(node, ast.Assign) and _built_string(node.value):
                for target in node.targets:
                    if getattr(target, "attr", "") in ("border_title", "border_subtitle"):
                        found.append(f"{path.name}:{node.lineno} {target.attr}")
    assert not found, found


# -- the palette --------------------------------------------------------------------


async def test_palette_shows_markup_names_literally_and_finds_those_after_them(
    demo_store,
) -> None:
    for name in (CLICK, "NM3 broken [/", "NM3 [b]half", "NM3 plain"):
        add_member(demo_store, name)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        options = (await open_palette(pilot, "NM3")).query_one(OptionList)

        def prompts() -> list[str]:
            return [Content.from_markup(o.prompt).plain for o in options.options]

        await until(pilot, lambda: len(prompts()) >= 4, what="four hits")
        shown = "\n".join(prompts())
        for name in (CLICK, "NM3 broken [/", "NM3 [b]half", "NM3 plain"):
            assert name in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


# -- the error policy ---------------------------------------------------------------


async def test_a_worker_that_fails_says_so_and_the_app_stays_up(demo_store, monkeypatch) -> None:
    from tui.screens import roster

    def broken(store):
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(roster, "_load", broken)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        await until(pilot, lambda: any("the disk caught fire" in t for t in toasts(app)))
        assert "Something went wrong: RuntimeError: the disk caught fire" in toasts(app)[-1]
        await pilot.press("1")
        await until(pilot, lambda: type(app.screen).__name__ == "DashboardScreen")
        assert app.is_running


async def test_a_row_another_program_broke_is_told_and_the_roster_stays_up(
    demo_store, demo_db, monkeypatch
) -> None:
    """A 100-character name (the model allows 80) written with sqlite3."""
    from tui import tell

    met: list[BaseException] = []
    say_failed = tell.failed

    def failed(node, error: BaseException) -> None:
        met.append(error)
        say_failed(node, error)

    monkeypatch.setattr(tell, "failed", failed)
    department = people.departments(demo_store)[0]
    with sqlite3.connect(demo_db) as raw:
        cursor = raw.execute(
            "INSERT INTO members (name, department_id, version, created_at, updated_at, "
            "updated_by) VALUES (?, ?, 1, '2026-11-23', '2026-11-23', 'sqlite3')",
            ["x" * 100, department.id],
        )
        bad = cursor.lastrowid
    raw.close()
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await until(pilot, lambda: type(app.screen).__name__ == "RosterScreen")
        told = f"members record {bad} cannot be read: name: must be at most 80 characters"
        # The health summary and the roster both met it: it is said once.
        await until(pilot, lambda: len(met) >= 2, what="both workers to fail")
        await pilot.pause()
        assert sum(told in t for t in toasts(app)) == 1
        assert app.is_running


def test_a_crashed_app_exits_with_a_non_zero_status(demo_db, tmp_path) -> None:
    """The real ``xdept-tui`` process, on a terminal, with a fault injected outside any
    worker: Textual prints the traceback and the shell sees status 1 (it was 0)."""
    script = tmp_path / "crash.py"
    script.write_text(
        "import sys\n"
        "from tui.screens.dashboard import DashboardScreen\n"
        "def boom(self):\n"
        "    raise RuntimeError('injected crash')\n"
        "DashboardScreen.health_changed = boom\n"
        "from tui.cli.root import main\n"
        "main(['--db', sys.argv[1]])\n"
    )
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, str(script), str(demo_db)],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"},
        cwd=ROOT,
    )
    os.close(slave)

    def drain() -> None:  # the terminal's output, read so the app never blocks on it
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break

    threading.Thread(target=drain, daemon=True).start()
    try:
        status = process.wait(timeout=60)
    finally:
        process.kill()
        os.close(master)
    assert b"injected crash" in process.stderr.read()
    assert status == 1


# -- others' changes ----------------------------------------------------------------


async def test_a_burst_of_others_changes_is_one_short_toast_naming_the_records(
    demo_store, demo_db
) -> None:
    """14 changes by three people at once: one toast of a few lines at 80×24 (a toast
    per change covered 16 of the 24 rows), naming the latest records."""
    from store.db import Store

    # Three department heads, each changing their own department's tasks.
    heads = [people.member_named(demo_store, login) for login in ("liwei", "wangfang", "zhangmin")]
    theirs = [
        [
            t
            for t in tasks.tasks(demo_store)
            if t.status == "todo" and t.department_id == head.department_id
        ]
        for head in heads
    ]
    todo = [theirs[index % 3][index // 3] for index in range(14)]
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for index, task in enumerate(todo):
            actor = heads[index % 3].login or ""
            with Store(demo_db, actor) as other:
                tasks.update_task(other, task.id, task.version, status="doing")
        await until(pilot, lambda: shown_toasts(app), what="the toast")
        await pilot.pause(0.5)  # anything else would have been told by now
        shown = shown_toasts(app)
        assert len(shown) == 1, shown
        title, *lines = shown[0].splitlines()
        assert title == "王芳 and 2 others: 14 changes"
        last = todo[-1]
        assert lines[0].startswith(f"王芳 moved task #{last.id} ")
        assert lines[0].endswith(" to doing") or lines[0].endswith("…")
        toast = app.screen.query_one(Toast)
        assert toast.outer_size.height <= 5, shown  # the title, two lines, padding


def test_a_change_is_told_by_what_happened_to_which_record() -> None:
    from store.models import Change
    from tui.describe import describe_change

    def change(entity: str, op: str, before: dict | None, after: dict | None) -> Change:
        return Change(
            id=1, at="", actor="li", entity=entity, record_id=21, op=op, before=before, after=after
        )

    moved = change("tasks", "update", {"status": "todo"}, {"status": "doing", "version": 3})
    assert (
        describe_change(moved, "李伟", "渠道合作洽谈")
        == "李伟 moved task #21 渠道合作洽谈 to doing"
    )
    progress = change("tasks", "update", {"progress": 55}, {"progress": 60, "version": 4})
    assert describe_change(progress, "Li Wei", "x") == "Li Wei set task #21 x to 60 %"
    charter = change("project", "update", {"goal": "a"}, {"goal": "b", "version": 2})
    assert describe_change(charter, "Li Wei", "X1") == "Li Wei edited the charter of X1"
    risk = change("risks", "create", None, {"title": "supplier may slip", "level": "high"})
    assert describe_change(risk, "Li Wei") == "Li Wei added a high risk #21 supplier may slip"
    described = change("risks", "update", {"description": "old"}, {"description": "new"})
    assert describe_change(described, "Li Wei", "supplier") == "Li Wei edited risk #21 supplier"
    gone = change("members", "delete", {"name": "[b]Zoë"}, None)
    assert describe_change(gone, "Li Wei") == "Li Wei removed member [b]Zoë"
