"""The other processes of ``bench/app.py``: a cold start, an idle app, a second writer.

``paint xdept DB`` / ``paint bare``: start like a user does and print, as JSON
lines on stdout, the milliseconds from ``BENCH_T0`` (the parent's ``time.time()``
taken just before it started this process) to the ``Ready`` event, i.e. the
first frame. The span therefore includes fork/exec, interpreter start-up, site
and every import. ``xdept`` goes through the real command line
(``tui.cli.main(["--db", DB])``) and then also prints when the dashboard first
shows the database's data.

``idle xdept DB SECONDS`` / ``idle bare SECONDS``: let the app settle, then print
the CPU time the whole process used over ``SECONDS`` of wall time.

``writer DB MEMBER_ID``: for each line on stdin, commit that text as the
member's post (one transaction each, through the store) and print the
``time.time()`` at which the commit returned.

``risk-writer DB``: for each line on stdin, add the risk that quick line says
(``store.quick_risk.add_quick_risk``, what the ``r`` line calls) and print the
``time.time()`` at which the commit returned.

``meeting-app DB MEETING``: another user's app showing the meeting in meeting mode
(drawing into a ``FrameDriver``); prints ``ready`` once it shows it, quits when
stdin closes.

``arriver DB``: for each line ``LOGIN MEMBER_ID`` on stdin, the app it stood for
leaves and another app of that member arrives (``store.presence.beat``, a session of
its own), and it prints the ``time.time()`` at which the beat's commit returned.

``beater DB SECONDS``: another app's heartbeat every SECONDS (as five apps beating
every ``BEAT`` seconds would), until stdin closes.

``counts-writer DB``: for each line on stdin, ``move TASK STATUS`` moves a task
(``store.tasks.move_task``, the board's ``]``; its unfinished predecessors
confirmed) or ``risk LINE`` adds a risk (the ``r`` line's store call), and prints
the ``time.time()`` at which the commit returned.

``memory xdept DB`` / ``memory bare``: the app's peak memory (VmHWM, MB)
after the dashboard is filled, then after ``4`` (cards and markers), ``5`` (the
Gantt's rows) and ``6`` (the register's rows), each awaited; one JSON line.

``item-writer DB MEETING [POINT]``: for each line on stdin, record that text as a
decision of the meeting under agenda point POINT (none without it; the
``store.meetings.add_item`` meeting mode's ``D`` calls) and print the
``time.time()`` at which the commit returned.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

# Run as a script, Python puts bench/ first on sys.path, where bench/store.py would
# shadow the store package: put the repository root there instead.
if Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from bench._driver import FrameDriver, data_shown, running, until
from store.demo_content import PM_LOGIN

DATA_TIMEOUT = 120.0
# Who writes another process's changes: the demo's project manager (the rules let
# them change anything); the app measured acts as "bench", so they are someone else's.
WRITER = PM_LOGIN


class BareScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Department", "Post")
        for i in range(5):
            table.add_row(f"Person {i}", f"Department {i % 3}", "Engineer")


class BareApp(App[None]):
    """The yardstick: what any Textual app costs (Header, a small DataTable, Footer),
    with two such screens on keys 1 and 3 to time a plain screen switch."""

    MODES: ClassVar[dict[str, Any]] = {"one": BareScreen, "three": BareScreen}
    DEFAULT_MODE = "one"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("1", "switch_mode('one')", "One"),
        Binding("3", "switch_mode('three')", "Three"),
        Binding("n", "form", "Form"),
    ]

    def action_form(self) -> None:
        self.push_screen(BareForm())


class BareForm(ModalScreen[None]):
    """The yardstick for opening a form: nine labelled one-line inputs, as the member form."""

    DEFAULT_CSS = """
    BareForm > Vertical { width: 80; height: auto; }
    BareForm Horizontal { height: auto; }
    BareForm Label { width: 18; }
    """
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Bare form")
            for i in range(9):
                with Horizontal():
                    yield Label(f"Field {i}")
                    yield Input(f"value {i}", compact=True)


def _emit(**values: Any) -> None:
    """One JSON line on the real stdout (Textual redirects ``sys.stdout`` while running)."""
    os.write(1, (json.dumps(values) + "\n").encode())


def paint(kind: str, db: str | None) -> None:
    t0 = float(os.environ["BENCH_T0"])
    want_data = kind == "xdept"

    def on_ready(app: App, _event: object) -> None:
        ready = time.time()
        _emit(ready_ms=(ready - t0) * 1000)
        if not want_data:
            app.exit()
            return
        driver: FrameDriver = app._driver  # type: ignore[assignment]
        if data_shown(app):
            _emit(data_ms=(ready - t0) * 1000)
            app.exit()
            return

        def shown(future: asyncio.Future) -> None:
            _emit(data_ms=(future.result().wall - t0) * 1000)
            app.exit()

        driver.expect(lambda: data_shown(app)).add_done_callback(shown)
        app.set_timer(DATA_TIMEOUT, app.exit)

    # Every App (XdeptApp included) draws into a FrameDriver and reports Ready here.
    App.get_driver_class = lambda self: FrameDriver  # type: ignore[method-assign]
    App._on_ready = on_ready  # type: ignore[attr-defined]
    if kind == "bare":
        BareApp().run()
        return
    from tui.cli.root import main

    main(["--db", db], prog_name="xdept-tui", standalone_mode=False)


async def idle(kind: str, db: str | None, seconds: float) -> None:
    if kind == "bare":
        app: App = BareApp()
        store = None
    else:
        from store.db import Store
        from tui.app import XdeptApp

        store = Store(Path(db), "bench")  # type: ignore[arg-type]
        app = XdeptApp(store)
    async with running(app) as driver:
        if store is not None:
            await until(lambda: data_shown(app), DATA_TIMEOUT, "the dashboard's data")
        await asyncio.sleep(1.0)
        await driver.quiet(0.5)
        frames = driver.frames
        cpu0, wall0 = time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        _emit(cpu_pct=100 * cpu / wall, frames=driver.frames - frames, seconds=wall)
    if store is not None:
        store.close()


def writer(db: str, member_id: int) -> None:
    from store import people
    from store.db import Store
    from store.models import Member
    from store.records import get

    with Store(Path(db), WRITER) as store:
        version = get(store, Member, member_id).version
        print("ready", flush=True)
        for line in sys.stdin:
            member = people.update_member(store, member_id, version, post=line.strip())
            print(time.time(), flush=True)
            version = member.version


def counts_writer(db: str) -> None:
    from store.db import Store
    from store.models import Task
    from store.quick_risk import add_quick_risk
    from store.records import get
    from store.tasks import BlockedBy, move_task

    with Store(Path(db), WRITER) as store:
        print("ready", flush=True)
        for line in sys.stdin:
            kind, _sep, rest = line.strip().partition(" ")
            if kind == "risk":
                add_quick_risk(store, rest)
            else:
                task_id, status = int(rest.split()[0]), rest.split()[1]
                version = get(store, Task, task_id).version
                try:
                    move_task(store, task_id, version, status)
                except BlockedBy as blocked:
                    confirmed = [t.id for t in blocked.blockers]
                    move_task(store, task_id, version, status, confirmed)
            print(time.time(), flush=True)


async def memory(kind: str, db: str | None) -> None:
    def peak() -> float:
        """This process's peak resident memory (VmHWM: ``ru_maxrss`` would also count
        the parent's peak before the exec, on Linux)."""
        lines = Path("/proc/self/status").read_text().splitlines()
        return next(int(line.split()[1]) for line in lines if line.startswith("VmHWM")) / 1024

    if kind == "bare":
        async with running(BareApp()) as driver:
            await driver.quiet(0.3)
            _emit(bare=peak())
        return
    from textual import events

    from store.db import Store
    from tui.app import XdeptApp
    from tui.screens.risks.register import RegisterTab
    from tui.widgets.board import TaskBoard
    from tui.widgets.gantt import GanttChart

    with Store(Path(db), "bench") as store:  # type: ignore[arg-type]
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), DATA_TIMEOUT, "the dashboard's data")
            await driver.quiet(0.3)
            result = {"dashboard": peak()}

            def shown(kind: type) -> Any:
                found = app.screen.query(kind)
                return found.first() if found else None

            stages = (
                ("board", "4", lambda: shown(TaskBoard).loaded and shown(TaskBoard).flags),
                ("gantt", "5", lambda: shown(GanttChart).lines),
                ("risks", "6", lambda: shown(RegisterTab).table.row_count),
            )
            for name, key, done in stages:
                driver.send_message(events.Key(key, key))
                await until(done, DATA_TIMEOUT, name)
                await driver.quiet(0.3)
                result[name] = peak()
            _emit(**result)


def risk_writer(db: str) -> None:
    from store.db import Store
    from store.quick_risk import add_quick_risk

    with Store(Path(db), WRITER) as store:
        print("ready", flush=True)
        for line in sys.stdin:
            add_quick_risk(store, line)
            print(time.time(), flush=True)


async def meeting_app(db: str, meeting_id: int) -> None:
    from store.db import Store
    from tui.app import XdeptApp
    from tui.screens.meetings.mode import MeetingMode

    with Store(Path(db), "bench-peer") as store:
        app = XdeptApp(store)
        async with running(app):
            await until(lambda: data_shown(app), DATA_TIMEOUT, "the dashboard's data")
            # Inside the app (a screen needs its app), as the list's enter does.
            app.call_next(app.switch_mode, "meetings")
            await until(lambda: app.current_mode == "meetings", DATA_TIMEOUT, "screen 7")
            app.call_next(lambda: app.push_screen(MeetingMode(meeting_id)))
            await until(
                lambda: isinstance(app.screen, MeetingMode) and app.screen.view is not None,
                DATA_TIMEOUT,
                "meeting mode",
            )
            os.write(1, b"ready\n")  # Textual holds sys.stdout while it runs
            await asyncio.to_thread(sys.stdin.read)


def item_writer(db: str, meeting_id: int, point: int | None) -> None:
    """Records a decision per line read; half a second later (the reader has shown it;
    the next comes after a second or more) the one before it is deleted, so the
    point's list stays one screen long and its new items in view."""
    from store.db import Store
    from store.meetings import add_item, delete_item
    from store.models import ItemKind, MeetingItem

    with Store(Path(db), WRITER) as store:
        print("ready", flush=True)
        previous: int | None = None
        for line in sys.stdin:
            text = line.strip()
            item = MeetingItem(
                meeting_id=meeting_id, kind=ItemKind.DECISION, agenda=point, text=text
            )
            saved = add_item(store, item)
            print(time.time(), flush=True)
            if previous is not None:
                time.sleep(0.5)
                delete_item(store, previous)
            previous = saved.id


def arriver(db: str) -> None:
    from store import presence
    from store.db import Store

    with Store(Path(db), "bench-peer") as store:
        print("ready", flush=True)
        session = ""
        for number, line in enumerate(sys.stdin):
            login, member_id = line.split()
            if session:
                presence.leave(store, session)
            session = f"arriver-{number}"
            presence.beat(store, session, login=login, member_id=int(member_id), screen="board")
            print(time.time(), flush=True)


def beater(db: str, seconds: float) -> None:
    import threading

    from store import presence
    from store.db import Store

    closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), closed.set()), daemon=True).start()
    with Store(Path(db), "bench-peer") as store:
        print("ready", flush=True)
        while not closed.wait(seconds):
            presence.beat(store, "beater", login="bench-peer", screen="board")
        presence.leave(store, "beater")


def main(argv: list[str]) -> None:
    match argv:
        case ["paint", "bare"]:
            paint("bare", None)
        case ["paint", "xdept", db]:
            paint("xdept", db)
        case ["idle", "bare", seconds]:
            asyncio.run(idle("bare", None, float(seconds)))
        case ["idle", "xdept", db, seconds]:
            asyncio.run(idle("xdept", db, float(seconds)))
        case ["writer", db, member_id]:
            writer(db, int(member_id))
        case ["counts-writer", db]:
            counts_writer(db)
        case ["memory", "bare"]:
            asyncio.run(memory("bare", None))
        case ["memory", "xdept", db]:
            asyncio.run(memory("xdept", db))
        case ["risk-writer", db]:
            risk_writer(db)
        case ["meeting-app", db, meeting_id]:
            asyncio.run(meeting_app(db, int(meeting_id)))
        case ["arriver", db]:
            arriver(db)
        case ["beater", db, seconds]:
            beater(db, float(seconds))
        case ["item-writer", db, meeting_id, *point]:
            item_writer(db, int(meeting_id), int(point[0]) if point else None)
        case _:
            sys.exit(f"usage: see {__file__}")


if __name__ == "__main__":
    main(sys.argv[1:])
