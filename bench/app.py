"""Time what a user of the app waits for: start-up, keys, other people's changes, idle cost.

Run from the repository root as ``python -m bench.app`` (or ``python
bench/app.py``); ``--quick`` for a shorter run (3 start-ups, 20 presses and
changes, 5 s idle), ``--only PART`` for one part, ``--dir DIR`` to keep and
reuse the databases. Prints one table with the targets; the exit status is 0
whatever the numbers (a measurement, not a test). Other work on the machine
slows every number, so the header reports the load and a CPU check.

How (docs/architecture.md, "Speed"), all at 120×40:

- Every app draws into ``bench._driver.FrameDriver``: frames are rendered to
  escape codes as for a terminal, then stamped instead of written.
- First paint: a new process per run (``bench/_child.py paint``); the parent
  takes ``time.time()`` just before starting it, the child takes it again at
  the ``Ready`` event (the first frame is shown), so the span includes
  fork/exec, interpreter start-up and every import. XdeptApp is started through
  the real command line (``xdept-tui --db PATH``). One unrecorded warm-up run
  each (byte-code and page caches, as for a user's second start); the runs are
  interleaved so drifting machine load hits every variant alike. "data shown"
  is when the dashboard first draws the database's health report.
- Keys, on the 10,000-task db: the app runs in this process; the key event
  goes in through the driver (``Driver.send_message``, as terminal input does)
  once the previous key's work is done (no worker running, no frame for 30
  ms), and the latency ends at the first frame flushed after the change is
  made (the new screen is current, the cursor is on the next row, the form is
  on top) that also contains its text where there is one (the form's title,
  the new cursor row's name). Not ``Pilot.press``, which waits in 20 ms steps. The same screen
  switch in the bare app shows what Textual alone needs.
- Live refresh: another process commits a member's post, one transaction at a
  time 100–200 ms apart, and prints ``time.time()`` after each commit; the
  latency ends at the first frame whose roster row holds the new value (and
  shows it). Then the same on the 10,000-task db at about one change a second.
- Meetings: screen 7's first paint after ``7`` and meeting mode's (pushed as the
  list's ``enter`` does), a new app each run, on the 10,000-task db with a weekly
  meeting started; its keys; and items recorded by another process, each timed
  from its commit to the first frame of this app's meeting mode listing it, with
  four more apps (processes) showing the meeting.
- Idle CPU: process CPU time (all threads) over wall time, in a process of
  its own, after the dashboard (demo db) has settled; the bare app beside it.
- Presence: the idle app's CPU as above for ``PRESENCE_IDLE_S`` (``--quick``
  too: beats and reads are seconds apart) while another process beats every 3 s
  (five apps' heartbeats); then another app arriving (a process beating as
  another member, after the one before left), timed from the beat's commit to
  the first frame whose header names them, as the cross-process rows above.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run as a script, Python puts bench/ first on sys.path, where bench/store.py would
# shadow the store package: put the repository root there instead.
if Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench._driver import SIZE, data_shown, running, settle, until

CHILD = Path(__file__).resolve().with_name("_child.py")
BIG_TASKS = 10_000  # the big db's tasks unless --tasks says (100,000: 200,000 links, 20,000 risks)
PAINT_RATIO = 1.5  # first paint of the big db within 1.5 × the bare app's
DATA_AFTER_PAINT_MS = 1500.0  # the dashboard filled, after the first frame
KEY_MEDIAN_MS, KEY_P95_MS = 16.0, 50.0
LIVE_P95_MS = 250.0
IDLE_PCT = 1.0
SCREEN_PAINT_MS = 300.0  # board and Gantt: first paint after the key, at 10,000 tasks
SCREEN_FILL_BIG_MS = 1000.0  # beyond 10,000 tasks: cards and markers, rows, each after the key
MEMORY_MB = 250.0  # peak memory after the dashboard, the board, the Gantt and the register
FRAME_TIMEOUT = 10.0  # seconds: a change that shows no frame by then is reported as lost
PRESENCE_IDLE_S = 30.0  # the idle app with presence: longer than a heartbeat's BEAT
HEADER_P95_MS = 250.0  # another app's arrival in the header


KEY_CHARS = {
    "escape": "\x1b",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "plus": "+",
    "minus": "-",
}


@dataclass
class Row:
    """One line of the report."""

    name: str
    values: list[float]  # ms, or % for idle
    target: str = ""
    ok: bool | None = None  # None: for information, no target
    unit: str = "ms"
    note: str = ""


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile on sorted values (as bench/cpm.py reports p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def live_row(name: str, shown: list[float], lost: int, note: str, target: bool = True) -> Row:
    """Another process's commits until this app's frame shows each, against the target
    (``target`` False: for information)."""
    ok = lost == 0 and bool(shown) and pct(shown, 0.95) <= LIVE_P95_MS
    said = note + (f", {lost} never shown" if lost else "")
    if not target:
        return Row(name, shown, note=said)
    return Row(name, shown, f"p95 ≤ {LIVE_P95_MS:.0f}", ok, note=said)


def fill_ms(tasks: int) -> float:
    """The target for a screen's cards or rows after its key: its first paint's at
    10,000 tasks, a second at 100,000."""
    return SCREEN_PAINT_MS if tasks <= BIG_TASKS else SCREEN_FILL_BIG_MS


# --- set-up ---------------------------------------------------------------------------


def child_env(workdir: Path) -> dict[str, str]:
    """The environment of every process: a throw-away settings file, a fixed user."""
    env = {
        **os.environ,
        "XDEPT_CONFIG": str(workdir / "settings.json"),
        "XDEPT_USER": "bench",
        "XDEPT_LANG": "en",
        # Byte code cached as after a normal install, but outside the repository.
        "PYTHONPYCACHEPREFIX": str(workdir / "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cli(workdir: Path, *args: str) -> None:
    """Run ``xdept-tui ARGS`` as a user would (a process of its own)."""
    command = [sys.executable, "-c", "from tui.cli import main; main()", *args]
    subprocess.run(command, check=True, env=child_env(workdir), stdout=subprocess.DEVNULL)


def database(workdir: Path, name: str, tasks: int | None) -> tuple[Path, float | None]:
    """The demo database (``tasks`` None) or one scaled to ``tasks``; reused if present
    and of this version's schema (an older one holds an older demo: made again).

    Returns the path and the seconds ``init`` took (None when reused)."""
    import sqlite3

    from store.migrations import SCHEMA_VERSION

    path = workdir / name
    if path.exists():
        conn = sqlite3.connect(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
        if version == SCHEMA_VERSION:
            return path, None
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
    t0 = time.perf_counter()
    scale = [] if tasks is None else ["--tasks", str(tasks)]
    cli(workdir, "--db", str(path), "init", "--demo", *scale)
    return path, time.perf_counter() - t0


def join_db_threads(timeout: float = 30.0) -> None:
    """The app leaves its database thread to finish the read under way when it quits;
    wait for it, so that one run's leftover work does not slow the next."""
    for thread in threading.enumerate():
        if thread.name.startswith("xdept-db"):
            thread.join(timeout)


# --- 1. first paint -------------------------------------------------------------------


def paint_once(workdir: Path, kind: str, db: Path | None) -> dict[str, float]:
    args = [sys.executable, str(CHILD), "paint", kind, *([str(db)] if db else [])]
    env = child_env(workdir)
    env["BENCH_T0"] = repr(time.time())
    done = subprocess.run(args, check=False, env=env, capture_output=True, text=True, timeout=300)
    result: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            result.update(json.loads(line))
    if "ready_ms" not in result:
        raise RuntimeError(f"{kind} did not reach Ready: {done.stderr.strip()[-2000:]}")
    return result


def first_paint(workdir: Path, demo: Path, big: Path, runs: int, tasks: int) -> list[Row]:
    variants = {"bare": None, "demo": demo, "big": big}
    for db in variants.values():  # warm-up (and byte code written), not recorded
        paint_once(workdir, "bare" if db is None else "xdept", db)
    ready: dict[str, list[float]] = {name: [] for name in variants}
    data: dict[str, list[float]] = {name: [] for name in variants}
    for _run in range(runs):
        for name, db in variants.items():
            result = paint_once(workdir, "bare" if db is None else "xdept", db)
            ready[name].append(result["ready_ms"])
            if "data_ms" in result:
                data[name].append(result["data_ms"])
    bare = median(ready["bare"])
    big_ratio = median(ready["big"]) / bare
    after = [d - r for d, r in zip(data["big"], ready["big"], strict=True)]
    return [
        Row("first paint: bare Textual app", ready["bare"], note="Header, DataTable, Footer"),
        Row(
            "first paint: demo db",
            ready["demo"],
            note=f"{median(ready['demo']) / bare:.2f}× bare",
        ),
        Row(
            f"first paint: {tasks:,}-task db",
            ready["big"],
            f"≤ {PAINT_RATIO}× bare",
            big_ratio <= PAINT_RATIO,
            note=f"{big_ratio:.2f}× bare",
        ),
        Row("  data shown: demo db", data["demo"], note="dashboard filled"),
        Row(f"  data shown: {tasks:,}-task db", data["big"], note="dashboard filled"),
        Row(
            f"  data shown after the first frame: {tasks:,}",
            after,
            f"≤ {DATA_AFTER_PAINT_MS:.0f}",
            median(after) <= DATA_AFTER_PAINT_MS,
        ),
    ]


# --- 2. key latency -------------------------------------------------------------------


async def timed_key(
    app: Any, key: str, predicate: Any, rng: random.Random, marker: str | None = None
) -> float:
    """ms from sending ``key`` to the first frame that shows its effect."""
    from textual import events

    driver = app._driver
    frame = driver.expect(predicate, marker)
    char = key if len(key) == 1 else KEY_CHARS.get(key)
    t0 = time.perf_counter()
    driver.send_message(events.Key(key, char))
    try:
        shown = await asyncio.wait_for(frame, FRAME_TIMEOUT)
    except TimeoutError:
        raise TimeoutError(f"no frame showed the effect of {key!r}") from None
    # Let the key's follow-up work (loads, detail panel) finish, then wait a random
    # moment so that presses do not lock onto the app's poll timer.
    await settle(app)
    await asyncio.sleep(rng.uniform(0, 0.04))
    return (shown.perf - t0) * 1000


async def key_latency(db: Path, presses: int, rng: random.Random) -> list[Row]:
    from textual.widgets import DataTable

    from store.db import Store
    from tui.app import XdeptApp
    from tui.i18n import _
    from tui.modals.form import RecordForm
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.roster import RosterScreen

    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 300, "the dashboard's data")
            await driver.quiet(0.3)

            async def press(key: str, predicate: Any, marker: str | None = None) -> float:
                return await timed_key(app, key, predicate, rng, marker)

            on_roster = lambda: isinstance(app.screen, RosterScreen)  # noqa: E731
            on_dashboard = lambda: isinstance(app.screen, DashboardScreen)  # noqa: E731
            # A switch draws the new screen's widgets first and their borders one frame
            # later: the first frame after the switch already shows the new screen.
            # The frame must hold the new screen's text: Textual may first write a
            # small update of the old screen while app.screen is already the new one.
            roster_text, dashboard_text = _("Members"), _("Due this week")
            cold = await press("3", on_roster, roster_text)
            roster = app.screen
            table = roster.query_one("#members", DataTable)
            await until(lambda: table.row_count > 1, 60, "the roster's rows")
            await driver.quiet(0.2)

            switch: list[float] = []
            for _i in range(presses // 2 + presses % 2):
                switch.append(await press("1", on_dashboard, dashboard_text))
                switch.append(await press("3", on_roster, roster_text))

            await until(lambda: table.has_focus, 5, "focus on the roster table")
            down: list[float] = []
            scrolled: list[bool] = []  # the move scrolled the table (it redraws every row)
            for _i in range(presses):
                row = table.cursor_row
                if row >= table.row_count - 1:
                    table.move_cursor(row=0, animate=False)
                    await driver.quiet(0.05)
                    row = 0
                name = table.get_row_at(row + 1)[1].plain
                top = table.scroll_y
                down.append(await press("down", lambda r=row + 1: table.cursor_row == r, name))
                scrolled.append(table.scroll_y != top)

            form_open: list[float] = []
            form_close: list[float] = []
            for _i in range(presses):
                form_open.append(
                    await press("n", lambda: isinstance(app.screen, RecordForm), _("New member"))
                )
                form_close.append(await press("escape", lambda: app.screen is roster))

    bare_switch, bare_form = await bare_switching(presses, rng)

    def key_row(name: str, values: list[float], note: str = "") -> Row:
        ok = median(values) <= KEY_MEDIAN_MS and pct(values, 0.95) <= KEY_P95_MS
        return Row(name, values, f"med≤{KEY_MEDIAN_MS:.0f} p95≤{KEY_P95_MS:.0f}", ok, note=note)

    still = [ms for ms, moved in zip(down, scrolled, strict=True) if not moved]
    moving = [ms for ms, moved in zip(down, scrolled, strict=True) if moved]
    split = ", ".join(
        f"{label} {len(part)}× med {median(part):.0f}"
        for label, part in (("in view", still), ("scrolling", moving))
        if part
    )
    return [
        key_row("key: switch screens 1 ↔ 3", switch),
        key_row("key: cursor down (roster)", down, split),
        key_row("key: n opens the form", form_open[1:], "a built form reused"),
        Row("key: first n (builds the form)", form_open[:1]),
        Row("key: escape closes the form", form_close),
        Row("key: first 3 (builds the roster)", [cold]),
        Row("key: bare app, switch screens", bare_switch, note="yardstick for the target"),
        Row("key: bare app, open a 9-input form", bare_form, note="yardstick for n"),
    ]


async def bare_switching(presses: int, rng: random.Random) -> tuple[list[float], list[float]]:
    """The same switch, and a plain form, in the bare app: what Textual itself needs."""
    from bench._child import BareApp, BareForm

    app = BareApp()
    times, forms = [], []
    async with running(app) as driver:
        await driver.quiet(0.3)
        for i in range(presses):
            key, mode = ("3", "three") if i % 2 == 0 else ("1", "one")
            times.append(await timed_key(app, key, lambda m=mode: app.current_mode == m, rng))
        for _i in range(presses):
            forms.append(await timed_key(app, "n", lambda: isinstance(app.screen, BareForm), rng))
            await timed_key(app, "escape", lambda: not isinstance(app.screen, BareForm), rng)
    return times, forms


# --- 2b. the board and the Gantt on the big db ------------------------------------------


async def screen_latency(
    db: Path, presses: int, runs: int, rng: random.Random, tasks: int
) -> list[Row]:
    """First paint of screens 4 and 5 after the key (a new app each run), then their keys.

    Card moves write to the file: run on a copy."""
    paints: dict[str, list[float]] = {}
    keys: dict[str, list[float]] = {}
    for run in range(runs):
        keys = await _screens_once(db, paints, presses if run == runs - 1 else 0, rng)
        join_db_threads()

    def paint_row(name: str, key: str, note: str = "", target: float = SCREEN_PAINT_MS) -> Row:
        values = paints[key]
        return Row(name, values, f"≤ {target:.0f}", median(values) <= target, note=note)

    def key_row(name: str) -> Row:
        values = keys[name]
        ok = median(values) <= KEY_MEDIAN_MS and pct(values, 0.95) <= KEY_P95_MS
        return Row(name, values, f"med≤{KEY_MEDIAN_MS:.0f} p95≤{KEY_P95_MS:.0f}", ok)

    return [
        paint_row("board: first paint after 4", "board"),
        paint_row("  board: cards shown", "cards", f"{tasks:,} cards", fill_ms(tasks)),
        paint_row("  board: markers shown", "markers", "after the CPM", fill_ms(tasks)),
        paint_row("gantt: first paint after 5", "gantt"),
        paint_row("  gantt: rows shown", "rows", f"{tasks:,} rows", fill_ms(tasks)),
        *(key_row(name) for name in keys),
    ]


async def _screens_once(
    db: Path, paints: dict[str, list[float]], presses: int, rng: random.Random
) -> dict[str, list[float]]:
    """One app: the cold first paints of 4 and 5 (added to ``paints``), then the keys."""
    from textual import events

    from store.db import Store
    from store.demo_content import PM_LOGIN
    from tui.app import XdeptApp
    from tui.widgets.board import TaskBoard
    from tui.widgets.gantt import GanttChart

    # The project manager, who may move any card ("bench" is on no roster: refused).
    with Store(db, PM_LOGIN) as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 300, "the dashboard's data")
            await driver.quiet(0.3)

            def first(kind: type) -> Any:
                found = app.screen.query(kind)
                return found.first() if found else None

            def board() -> TaskBoard | None:
                return first(TaskBoard)

            def chart() -> GanttChart | None:
                return first(GanttChart)

            async def cold(key: str, stages: dict[str, Any]) -> None:
                """ms from the key to the first frame of each stage of the first load."""
                frames = {name: driver.expect(test) for name, test in stages.items()}
                t0 = time.perf_counter()
                driver.send_message(events.Key(key, key))
                for name, frame in frames.items():
                    shown = await asyncio.wait_for(frame, 60)
                    paints.setdefault(name, []).append((shown.perf - t0) * 1000)
                await driver.quiet(0.3)

            await cold(
                "4",
                {
                    "board": lambda: board() is not None,
                    "cards": lambda: board() is not None and board().loaded,
                    "markers": lambda: board() is not None and board().flags is not None,
                },
            )
            await cold(
                "5",
                {
                    "gantt": lambda: chart() is not None,
                    "rows": lambda: chart() is not None and bool(chart().lines),
                },
            )
            return await screen_keys(app, board, chart, presses, rng) if presses else {}


async def screen_keys(
    app: Any, board: Any, chart: Any, presses: int, rng: random.Random
) -> dict[str, list[float]]:
    """The board's and the Gantt's keys, both screens built."""
    result: dict[str, list[float]] = {}
    await timed_key(app, "4", lambda: board() is not None, rng)
    cards = board()
    down = []
    for _i in range(presses):
        index = cards.cursor_index() or 0
        if index >= len(cards.columns[cards.column]) - 1:
            cards.action_first()
            await settle(app)
            index = 0
        down.append(
            await timed_key(app, "down", lambda i=index + 1: cards.cursor_index() == i, rng)
        )
    result["board: cursor down"] = down
    free = next(i for i in cards.columns[0] if not cards.flags.blockers.get(i))
    cards.seek(free)
    await settle(app)
    moves = []
    for i in range(presses):
        right = i % 2 == 0
        key = "right_square_bracket" if right else "left_square_bracket"
        status = "doing" if right else "todo"
        moves.append(await timed_key(app, key, lambda s=status: cards.cards[free].status == s, rng))
    result["board: move a card ] / [ (saved)"] = moves

    await timed_key(app, "5", lambda: chart() is not None, rng)
    await settle(app)
    gantt = chart()
    for name, key, probe in (
        ("gantt: cursor down", "down", lambda g: g.cursor),
        ("gantt: page down", "pagedown", lambda g: (g.cursor, g.scroll_y)),
        ("gantt: zoom + / -", "plus", lambda g: g.zoom),
    ):
        values = []
        for i in range(presses):
            k = "minus" if key == "plus" and (gantt.zoom == 0 or i % 2) else key
            if key == "pagedown" and gantt.cursor >= len(gantt.lines) - 200:
                gantt.action_first()
                await settle(app)
            before = probe(gantt)
            values.append(await timed_key(app, k, lambda b=before, p=probe: p(gantt) != b, rng))
        result[name] = values
    return result


# --- 2c. the quick risk line ------------------------------------------------------------


async def quick_risk_latency(
    db: Path, presses: int, changes: int, rng: random.Random, env: dict, tasks: int
) -> list[Row]:
    """``r`` on the dashboard of the big db (the first builds the line), then
    risks added by another process through the line's store call, each timed from its
    commit to the first frame of this app's dashboard that lists it. Writes: a copy."""
    from store.db import Store
    from tui.app import XdeptApp
    from tui.i18n import _
    from tui.modals.quick_risk import QuickRiskLine

    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 300, "the dashboard's data")
            await driver.quiet(0.3)
            dashboard = app.screen
            opened: list[float] = []
            for _i in range(presses + 1):
                on_line = lambda: isinstance(app.screen, QuickRiskLine)  # noqa: E731
                opened.append(await timed_key(app, "r", on_line, rng, _("New risk")))
                await timed_key(app, "escape", lambda: app.screen is dashboard, rng)
            line = await _open_for_typing(app, rng)
            completing: list[float] = []
            for i in range(presses):
                digit = str(1 + i % 9)  # "#3" lists tasks 3, 30–36…, read from all

                def listed(d: str = digit) -> bool:
                    return bool(line.suggested) and line.line.value.endswith(d)

                completing.append(await timed_key(app, digit, listed, rng, f"#{digit}"))
                await timed_key(app, "backspace", lambda: not line.suggested, rng)
            await timed_key(app, "escape", lambda: app.screen is dashboard, rng)
            shown, lost = await _risks_seen(app, driver, db, changes, rng, env)
    note = "1 risk / 1–1.5 s" + (f", {lost} never shown" if lost else "")
    return [
        Row(
            "key: r opens the quick risk line",
            opened[1:],
            f"med≤{KEY_MEDIAN_MS:.0f}",
            median(opened[1:]) <= KEY_MEDIAN_MS,
            note="the built line reused",
        ),
        Row("key: first r (builds the line)", opened[:1]),
        Row(
            f"key: #N lists tasks ({tasks:,}) in the line",
            completing,
            f"med≤{KEY_MEDIAN_MS:.0f} p95≤{KEY_P95_MS:.0f}",
            median(completing) <= KEY_MEDIAN_MS and pct(completing, 0.95) <= KEY_P95_MS,
        ),
        Row(
            "risk typed in one process, shown on another's dashboard",
            shown,
            f"p95 ≤ {LIVE_P95_MS:.0f}",
            lost == 0 and bool(shown) and pct(shown, 0.95) <= LIVE_P95_MS,
            note=note,
        ),
    ]


async def _open_for_typing(app: Any, rng: random.Random) -> Any:
    """The line open with ``#`` typed and its owners and tasks read."""
    from tui.modals.quick_risk import QuickRiskLine

    await timed_key(app, "r", lambda: isinstance(app.screen, QuickRiskLine), rng)
    line = app.screen
    await until(lambda: line.completions is not None, 30, "the line's completions")
    await timed_key(app, "#", lambda: line.line.value == "#", rng)
    return line


async def _risks_seen(
    app: Any,
    driver: Any,
    db: Path,
    changes: int,
    rng: random.Random,
    env: dict,
    listed: Any = None,
) -> tuple[list[float], int]:
    """(ms from each commit to the frame listing the risk, risks never shown).

    ``listed(i)`` is (a test that holds once the i-th risk is listed, the text of the
    frame that shows it); the dashboard's open high risks by default."""
    from textual.widgets import OptionList

    from tui.i18n import _

    if listed is None:
        section = app.screen.query_one("#list-risks", OptionList)

        def listed(i: int) -> tuple[Any, str]:
            count = section.option_count + 1
            # The new risk is listed last, below the fold: the frame shows the new count.
            return (lambda: section.option_count == count), f"{_('Open high risks')} ({count})"

    writer = await asyncio.create_subprocess_exec(
        sys.executable, str(CHILD), "risk-writer", str(db),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    assert writer.stdin is not None and writer.stdout is not None
    if (await writer.stdout.readline()).strip() != b"ready":
        raise RuntimeError("the risk writer did not start")
    return await _commits_seen(
        driver, writer, changes, lambda i: (f"Bench risk {i:03d} p5 i5", *listed(i)), rng
    )


# --- 2d. screen 6: the register and the heat map ------------------------------------------


async def register_latency(
    db: Path, presses: int, changes: int, runs: int, rng: random.Random, env: dict, tasks: int
) -> list[Row]:
    """Screen 6 on the big db (a risk per 5 tasks): its first paint and rows after
    ``6``, a cursor move, the Heat map tab's cursor and ``enter`` (to the register,
    filtered to a cell), the register's own map's cursor and ``enter`` (filtered in
    place: the target), then risks added by another process, each timed from its commit to the
    first frame of the register showing it (scored 25: at the top). Writes: a copy."""

    from store.db import Store
    from store.register import cell_filter
    from tui.app import XdeptApp
    from tui.screens.risks.heatmap import HeatMapTab, HeatMapView

    paints: list[float] = []
    fills: list[float] = []
    for _run in range(runs - 1):  # a new app each run: each first paint is a cold one
        await _risks_screen(db, paints, fills)
        join_db_threads()
    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            register = await _open_risks(app, driver, paints, fills)
            tab = register()
            table = tab.table
            down = []
            for _i in range(presses):
                if table.cursor >= table.row_count - 1:
                    table.seek(table.rows[0][0])
                    await settle(app)
                at = table.cursor
                down.append(await timed_key(app, "down", lambda a=at: table.cursor == a + 1, rng))
            heat_tab = app.screen.query_one(HeatMapTab)
            heat = heat_tab.view
            tabs = app.screen.query_one("#risks-tabs")
            steps = ("left", "down", "right", "up")

            def step(view: Any, i: int) -> str:
                return steps[i % 4] if view.cursor != (1, 1) else "up"

            def filtered(view: Any) -> Any:
                """The register shows the rows of the map's cell."""
                wanted = cell_filter(view.cursor, view.side == "after")
                return lambda: tabs.active == tab.id and tab.filter_box.value == wanted

            moves, via_tab = [], []
            for i in range(presses):
                await timed_key(
                    app, "right_square_bracket", lambda: tabs.active == heat_tab.id, rng
                )
                before = heat.cursor
                moves.append(
                    await timed_key(app, step(heat, i), lambda b=before: heat.cursor != b, rng)
                )
                via_tab.append(await timed_key(app, "enter", filtered(heat), rng))
            # The register's own map (wide terminal): enter filters it in place.
            beside = tab.query_one("#register-map", HeatMapView)
            await timed_key(app, "tab", lambda: beside.has_focus, rng)
            moves_beside, chosen = [], []
            for i in range(presses):
                before = beside.cursor
                moves_beside.append(
                    await timed_key(app, step(beside, i), lambda b=before: beside.cursor != b, rng)
                )
                chosen.append(await timed_key(app, "enter", filtered(beside), rng))
            # Filtered to them, each new risk is listed on screen (thousands tie on score).
            tab.set_filter("bench")
            await settle(app)

            def listed(i: int) -> tuple[Any, str]:
                title = f"Bench risk {i:03d}"
                return (lambda: any(title in cells[3] for _key, cells in table.rows)), title

            shown, lost = await _risks_seen(app, driver, db, changes, rng, env, listed)

    def keys(name: str, values: list[float]) -> Row:
        ok = median(values) <= KEY_MEDIAN_MS and pct(values, 0.95) <= KEY_P95_MS
        return Row(name, values, f"med≤{KEY_MEDIAN_MS:.0f} p95≤{KEY_P95_MS:.0f}", ok)

    return [
        Row(
            "risks: first paint after 6",
            paints,
            f"≤ {SCREEN_PAINT_MS:.0f}",
            median(paints) <= SCREEN_PAINT_MS,
            note="a new app each run",
        ),
        Row(
            "  risks: rows shown",
            fills,
            f"≤ {fill_ms(tasks):.0f}",
            median(fills) <= fill_ms(tasks),
            note=f"{tasks // 5:,} risks",
        ),
        keys("risks: cursor down", down),
        keys("heat map: cursor move", moves),
        keys("heat map: enter filters the register", chosen),
        Row("  heat map beside the register: move", moves_beside),
        Row("  heat map tab: enter, to the register", via_tab, note="a tab switch: a new layout"),
        Row(
            "risk typed in one process, shown on another's register",
            shown,
            f"p95 ≤ {LIVE_P95_MS:.0f}",
            lost == 0 and bool(shown) and pct(shown, 0.95) <= LIVE_P95_MS,
            note="1 risk / 1–1.5 s" + (f", {lost} never shown" if lost else ""),
        ),
    ]


async def _risks_screen(db: Path, paints: list[float], fills: list[float]) -> None:
    """One app: ``6`` pressed once, its first paint and rows added to the lists."""
    from store.db import Store
    from tui.app import XdeptApp

    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await _open_risks(app, driver, paints, fills)


async def _open_risks(app: Any, driver: Any, paints: list[float], fills: list[float]) -> Any:
    """Once the dashboard is filled, ``6``: ms to the first frame of screen 6 and to
    the first with its rows (added to the lists); the register, as a function."""
    from textual import events

    from tui.screens.risks.register import RegisterTab
    from tui.screens.risks.screen import RisksScreen

    await until(lambda: data_shown(app), 300, "the dashboard's data")
    await driver.quiet(0.3)

    def register() -> Any:
        found = app.screen.query(RegisterTab) if isinstance(app.screen, RisksScreen) else []
        return found.first() if found else None

    painted = driver.expect(lambda: register() is not None)
    filled = driver.expect(lambda: register() is not None and register().table.row_count)
    t0 = time.perf_counter()
    driver.send_message(events.Key("6", "6"))
    paints.append(((await asyncio.wait_for(painted, 60)).perf - t0) * 1000)
    fills.append(((await asyncio.wait_for(filled, 60)).perf - t0) * 1000)
    await driver.quiet(0.3)
    return register


# --- 2e. screen 7 and meeting mode -------------------------------------------------------


def plan_running_weekly(db: Path) -> int:
    """A weekly meeting planned with its draft and started (its clock runs): its id."""
    from datetime import timedelta

    from store import clock
    from store.db import Store
    from store.demo_content import PM_LOGIN
    from store.meeting_plan import plan_meeting
    from store.meetings import start_meeting
    from store.models import Meeting, MeetingKind

    with Store(db, PM_LOGIN) as store:  # the project manager plans and starts it
        day = clock.today() + timedelta(days=1)
        meeting = plan_meeting(
            store, Meeting(kind=MeetingKind.WEEKLY, title="Bench weekly", date=day, start="10:00")
        )
        return start_meeting(store, meeting.id, meeting.version).id


async def meeting_latency(
    db: Path, meeting_id: int, presses: int, changes: int, runs: int, rng: random.Random, env: dict
) -> list[Row]:
    """Screen 7 and meeting mode on the 10,000-task db: the first paint of 7 and of
    meeting mode (a new app each run; pushed as the list's ``enter`` does), a cursor
    move, ``D`` opening the decision form, a keystroke typed in it while another
    process records items, and items recorded by another process until this app's
    meeting mode lists them, with four more apps (processes) showing the meeting."""
    from store.db import Store
    from tui.app import XdeptApp

    # Others' items first, in this process's first app: after the apps of the runs
    # below, a later app of this process saw the -wal deleted under it and missed
    # every commit of the other processes (an artefact of several apps in one
    # process: each real user runs one).
    peers = [await _peer(db, meeting_id, env) for _i in range(4)]
    try:
        with Store(db, "bench") as store:
            app = XdeptApp(store)
            async with running(app) as driver:
                mode = await _open_meeting(app, driver, meeting_id, [], [], [])
                shown, lost = await _items_seen(
                    app, driver, mode, db, meeting_id, changes, rng, env
                )
    finally:
        for peer in peers:
            assert peer.stdin is not None
            peer.stdin.close()
            await peer.wait()
    join_db_threads()
    screen_paints: list[float] = []
    mode_paints: list[float] = []
    fills: list[float] = []
    for _run in range(runs - 1):  # a new app each run: each first paint is a cold one
        with Store(db, "bench") as store:
            app = XdeptApp(store)
            async with running(app) as driver:
                await _open_meeting(app, driver, meeting_id, screen_paints, mode_paints, fills)
        join_db_threads()
    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            mode = await _open_meeting(app, driver, meeting_id, screen_paints, mode_paints, fills)
            keys = await _meeting_keys(app, driver, mode, db, meeting_id, presses, rng, env)

    def key_row(name: str, values: list[float], note: str = "") -> Row:
        ok = median(values) <= KEY_MEDIAN_MS and pct(values, 0.95) <= KEY_P95_MS
        return Row(name, values, f"med≤{KEY_MEDIAN_MS:.0f} p95≤{KEY_P95_MS:.0f}", ok, note=note)

    def paint_row(name: str, values: list[float], note: str) -> Row:
        return Row(
            name, values, f"≤ {SCREEN_PAINT_MS:.0f}", median(values) <= SCREEN_PAINT_MS, note=note
        )

    return [
        paint_row("meetings: first paint after 7", screen_paints, "a new app each run"),
        paint_row("meeting mode: first paint", mode_paints, "pushed as enter does"),
        Row("  meeting mode: items shown", fills, note="its meeting read"),
        key_row("meeting mode: cursor down", keys["down"]),
        key_row("meeting mode: D opens the form", keys["form"][1:], "a built form reused"),
        key_row("meeting mode: a key typed in the form", keys["typed"], "others' items arriving"),
        live_row(
            "item typed in one process, shown on another's meeting mode",
            shown,
            lost,
            "5 apps on the meeting, 1 item / 1–1.5 s",
        ),
    ]


async def _open_meeting(
    app: Any,
    driver: Any,
    meeting_id: int,
    screen_paints: list[float],
    mode_paints: list[float],
    fills: list[float],
) -> Any:
    """Once the dashboard is filled: ``7`` (ms to its first frame), then meeting mode
    pushed (ms to its first frame, and to the first with its items); meeting mode."""
    from textual import events

    from tui.screens.meetings.mode import MeetingMode
    from tui.screens.meetings.screen import MeetingsScreen

    await until(lambda: data_shown(app), 300, "the dashboard's data")
    await driver.quiet(0.3)
    painted = driver.expect(lambda: isinstance(app.screen, MeetingsScreen))
    t0 = time.perf_counter()
    driver.send_message(events.Key("7", "7"))
    screen_paints.append(((await asyncio.wait_for(painted, 60)).perf - t0) * 1000)
    await settle(app)

    def mode() -> Any:
        return app.screen if isinstance(app.screen, MeetingMode) else None

    painted = driver.expect(lambda: mode() is not None)
    filled = driver.expect(lambda: mode() is not None and mode().items_list.option_count > 0)
    t0 = time.perf_counter()
    app.call_next(lambda: app.push_screen(MeetingMode(meeting_id)))
    mode_paints.append(((await asyncio.wait_for(painted, 60)).perf - t0) * 1000)
    fills.append(((await asyncio.wait_for(filled, 60)).perf - t0) * 1000)
    await settle(app)
    return mode()


async def _meeting_keys(
    app: Any,
    driver: Any,
    mode: Any,
    db: Path,
    meeting_id: int,
    presses: int,
    rng: random.Random,
    env: dict,
) -> dict[str, list[float]]:
    """Cursor down, ``D`` and escape, then keystrokes in the form while another process
    records an item every 0.3–0.6 s (under no point: listed last)."""
    from textual.widgets import TextArea

    from tui.modals.form import RecordForm

    options = mode.items_list
    down = []
    for _i in range(presses):
        at = options.highlighted
        if at is None or at >= options.option_count - 1:
            options.highlighted = 1
            await settle(app)
            at = 1
        down.append(await timed_key(app, "down", lambda a=at: (options.highlighted or 0) > a, rng))
    form = []
    for _i in range(presses + 1):
        form.append(await timed_key(app, "D", lambda: isinstance(app.screen, RecordForm), rng))
        await timed_key(app, "escape", lambda: app.screen is mode, rng)
    await timed_key(app, "D", lambda: isinstance(app.screen, RecordForm), rng)
    area = app.screen.query_one("#field-text", TextArea)
    writer = await _item_writer(db, meeting_id, env)
    assert writer.stdin is not None and writer.stdout is not None

    async def others() -> None:
        n = 0
        while True:
            await asyncio.sleep(rng.uniform(0.3, 0.6))
            writer.stdin.write(f"Peer decision {n:03d}\n".encode())  # type: ignore[union-attr]
            await writer.stdin.drain()  # type: ignore[union-attr]
            await writer.stdout.readline()  # type: ignore[union-attr]
            n += 1

    arriving = asyncio.create_task(others())
    typed = []
    try:
        for i in range(presses):
            char = "abcdefghij"[i % 10]
            length = len(area.text)
            typed.append(
                await timed_key(
                    app, char, lambda n=length + 1: len(area.text) == n, rng, marker=None
                )
            )
    finally:
        arriving.cancel()
        writer.stdin.close()
        await writer.wait()
    area.text = ""
    await timed_key(app, "escape", lambda: app.screen is mode, rng)
    return {"down": down, "form": form, "typed": typed}


async def _item_writer(db: Path, meeting_id: int, env: dict, *point: str) -> Any:
    """Records items in the meeting (under ``point``: see bench/_child.py)."""
    writer = await asyncio.create_subprocess_exec(
        sys.executable, str(CHILD), "item-writer", str(db), str(meeting_id), *point,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    assert writer.stdout is not None
    if (await writer.stdout.readline()).strip() != b"ready":
        raise RuntimeError("the item writer did not start")
    return writer


async def _peer(db: Path, meeting_id: int, env: dict) -> Any:
    """Another user's app (a process) showing the meeting."""
    peer = await asyncio.create_subprocess_exec(
        sys.executable, str(CHILD), "meeting-app", str(db), str(meeting_id),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    assert peer.stdout is not None
    line = await asyncio.wait_for(peer.stdout.readline(), 300)
    if line.strip() != b"ready":
        raise RuntimeError("a peer app did not show the meeting")
    return peer


async def _items_seen(
    app: Any,
    driver: Any,
    mode: Any,
    db: Path,
    meeting_id: int,
    changes: int,
    rng: random.Random,
    env: dict,
) -> tuple[list[float], int]:
    """(ms from each item's commit to the frame of this app's meeting mode listing it,
    items never shown)."""
    # Under the point the meeting is on (as an item recorded during it is), listed
    # first, the cursor at the top: each new one is in view.
    writer = await _item_writer(db, meeting_id, env)
    assert writer.stdin is not None and writer.stdout is not None
    options = mode.items_list
    options.highlighted = 0
    await settle(app)

    def listed(text: str) -> bool:
        count = options.option_count
        return any(text in str(options.get_option_at_index(n).prompt) for n in range(count))

    def item(i: int) -> tuple[str, Any, str]:
        text = f"Bench item {i:03d}"
        return text, lambda: listed(text), text

    return await _commits_seen(driver, writer, changes, item, rng)


async def _commits_seen(
    driver: Any, writer: Any, changes: int, change: Any, rng: random.Random
) -> tuple[list[float], int]:
    """``change(i)`` is (a line for ``writer`` — a child that commits it and prints the
    commit's time —, a test, a marker), asked for just before the line is sent; then
    the first frame whose text holds the marker while the test holds is awaited:
    (ms from each commit to that frame, changes never shown). One change every
    1–1.5 s; the writer is closed at the end."""
    shown: list[float] = []
    lost = 0
    try:
        for i in range(changes):
            line, test, marker = change(i)
            frame = driver.expect(test, marker)
            writer.stdin.write(f"{line}\n".encode())
            await writer.stdin.drain()
            committed = float(await writer.stdout.readline())
            try:
                seen = await asyncio.wait_for(frame, FRAME_TIMEOUT)
            except TimeoutError:
                lost += 1
            else:
                shown.append((seen.wall - committed) * 1000)
            await asyncio.sleep(rng.uniform(1.0, 1.5))
    finally:
        writer.stdin.close()
        await writer.wait()
    return shown, lost


# --- 3. live refresh ------------------------------------------------------------------


async def live_refresh(
    db: Path, changes: int, rng: random.Random, env: dict, gap: tuple[float, float] = (0.1, 0.2)
) -> tuple[list[float], int]:
    """(ms from each commit to the frame showing it, changes never shown)."""
    from textual import events
    from textual.widgets import DataTable

    from store.db import Store
    from tui.app import XdeptApp
    from tui.screens.roster import RosterScreen

    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 120, "the dashboard's data")
            driver.send_message(events.Key("3", "3"))
            await until(
                lambda: isinstance(app.screen, RosterScreen) and app.screen.query_one("#members"),
                10,
                "the roster",
            )
            table = app.screen.query_one("#members", DataTable)
            await until(lambda: table.row_count > 0, 30, "the roster's rows")
            await driver.quiet(0.3)
            member = table.cursor_key  # type: ignore[attr-defined]
            writer = await asyncio.create_subprocess_exec(
                sys.executable, str(CHILD), "writer", str(db), member,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
            )  # fmt: skip
            assert writer.stdin is not None and writer.stdout is not None
            if (await writer.stdout.readline()).strip() != b"ready":
                raise RuntimeError("the writer process did not start")
            latencies: list[float] = []
            lost = 0
            try:
                for i in range(changes):
                    value = f"P{i:03d}"  # short: the Post column does not widen on update
                    frame = driver.expect(
                        lambda v=value: table.get_cell(member, "3").plain == v, value
                    )
                    writer.stdin.write(f"{value}\n".encode())
                    await writer.stdin.drain()
                    committed = float(await writer.stdout.readline())
                    try:
                        shown = await asyncio.wait_for(frame, FRAME_TIMEOUT)
                    except TimeoutError:
                        lost += 1
                    else:
                        latencies.append((shown.wall - committed) * 1000)
                    await asyncio.sleep(rng.uniform(*gap))
            finally:
                writer.stdin.close()
                await writer.wait()
    return latencies, lost


def live_rows(
    workdir: Path, demo: Path, big: Path, changes: int, rng: random.Random, tasks: int
) -> list[Row]:
    """The demo db at 5–10 changes a second (the target), then the big db at
    human pace (one change a second or so), each on a fresh copy."""
    from store.db import Store

    rows = []
    for name, source, count, gap, target in (
        ("demo db", demo, changes, (0.1, 0.2), True),
        (f"{tasks:,}-task db", big, max(5, changes // 5), (1.0, 1.5), False),
    ):
        copy = workdir / f"live-{source.name}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        with Store(source, "bench", read_only=True) as store:
            store.backup(copy)
        latencies, lost = asyncio.run(live_refresh(copy, count, rng, child_env(workdir), gap))
        join_db_threads()
        note = f"1 change / {gap[0]:g}–{gap[1]:g} s" + (f", {lost} never shown" if lost else "")
        ok = lost == 0 and bool(latencies) and pct(latencies, 0.95) <= LIVE_P95_MS
        rows.append(
            Row(
                f"live refresh: {name}",
                latencies,
                f"p95 ≤ {LIVE_P95_MS:.0f}" if target else "",
                ok if target else None,
                note=note,
            )
        )
    return rows


# --- 3b. the dashboard's counts after another user's change --------------------------------


async def counts_latency(
    db: Path, changes: int, rng: random.Random, env: dict
) -> tuple[list[float], int]:
    """(ms from each commit to the first frame whose dashboard section and header both
    show the new count, changes never shown). Another process, in turn, moves a
    slipping task to done (the slipping count falls), adds a high risk (the open high
    risks rise) and moves the task back to doing (the slipping count rises)."""
    from store.db import Store
    from store.symbols import HIGH, SLIPPING
    from tui.app import XdeptApp
    from tui.i18n import _
    from tui.widgets.header import ProjectHeader

    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 300, "the dashboard's data")
            await settle(app)
            header = app.screen.query_one(ProjectHeader)
            sections = {
                key: app.screen.query_one(f"#section-{key}") for key in ("slipping", "risks")
            }
            late = [slip.task.id for slip in app.health.slipping[:5]]
            writer = await asyncio.create_subprocess_exec(
                sys.executable, str(CHILD), "counts-writer", str(db),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
            )  # fmt: skip
            assert writer.stdout is not None
            if (await writer.stdout.readline()).strip() != b"ready":
                raise RuntimeError("the counts writer did not start")

            def change(i: int) -> tuple[str, Any, str]:
                health = app.health
                if i % 3 == 1:
                    key, n = "risks", len(health.high_risks) + 1
                    line = f"risk Bench count risk {i:03d} p5 i5"
                    said = _("{symbol} {n} high risks").format(symbol=HIGH, n=n)
                else:
                    done = i % 3 == 0
                    key, n = "slipping", len(health.slipping) + (-1 if done else 1)
                    line = f"move {late[i // 3 % len(late)]} {'done' if done else 'doing'}"
                    said = _("{symbol} {n} slipping").format(symbol=SLIPPING, n=n)
                section = sections[key]

                def shown() -> bool:
                    return f"({n})" in str(section.border_title) and said in str(header.content)

                return line, shown, said

            return await _commits_seen(driver, writer, changes, change, rng)


def counts_rows(
    workdir: Path, big: Path, changes: int, rng: random.Random, tasks: int
) -> list[Row]:
    """The dashboard's counts on a copy of the big db (another process writes to it)."""
    from store.db import Store

    copy = workdir / "counts.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    with Store(big, "bench", read_only=True) as store:
        store.backup(copy)
    shown, lost = asyncio.run(counts_latency(copy, changes, rng, child_env(workdir)))
    join_db_threads()
    copy.unlink()
    note = f"{tasks:,} tasks: task done, high risk, task doing; header too; 1 / 1–1.5 s"
    # The target is for 10,000 tasks.
    return [live_row("dashboard counts: another's change", shown, lost, note, tasks <= BIG_TASKS)]


# --- 3c. peak memory -------------------------------------------------------------------


def memory_rows(workdir: Path, big: Path, tasks: int) -> list[Row]:
    """Each app in a process of its own: its peak resident memory."""

    def peaks(*args: str) -> dict[str, float]:
        done = subprocess.run(
            [sys.executable, str(CHILD), "memory", *args],
            env=child_env(workdir), capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise RuntimeError(f"memory {args[0]} failed: {done.stderr.strip()[-2000:]}")
        return lines[-1]

    bare = peaks("bare")["bare"]
    app = peaks("xdept", str(big))
    stages = ", ".join(f"{name} {mb:.0f}" for name, mb in app.items())
    return [
        Row("peak memory: bare Textual app", [bare], unit="MB"),
        Row(
            f"peak memory: {tasks:,}-task db",
            [app["risks"]],
            f"≤ {MEMORY_MB:.0f} MB",
            app["risks"] <= MEMORY_MB,
            unit="MB",
            note=f"after 1, 4, 5, 6: {stages}",
        ),
    ]


# --- 4. idle CPU ----------------------------------------------------------------------


def idle_cpu(workdir: Path, demo: Path, seconds: float) -> list[Row]:
    """Both apps idle side by side (2 cores; each measures its own process)."""
    env = child_env(workdir)
    procs = {
        "xdept": subprocess.Popen(
            [sys.executable, str(CHILD), "idle", "xdept", str(demo), str(seconds)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ),
        "bare": subprocess.Popen(
            [sys.executable, str(CHILD), "idle", "bare", str(seconds)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ),
    }  # fmt: skip
    result = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=seconds + 300)
        result[name] = idle_result(name, out, err)
    xdept, bare = result["xdept"], result["bare"]
    return [
        idle_row(f"idle CPU: dashboard, demo db, {seconds:.0f} s", xdept),
        Row(
            f"idle CPU: bare Textual app, {seconds:.0f} s",
            [bare["cpu_pct"]],
            unit="%",
            note=f"{bare['frames']} frames",
        ),
    ]


# --- 5. presence ---------------------------------------------------------------------


def presence_rows(workdir: Path, demo: Path, arrivals: int, rng: random.Random) -> list[Row]:
    """The idle app's CPU with others' heartbeats, then others arriving in its header."""
    env = child_env(workdir)
    copy = workdir / "presence.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    from store.db import Store

    with Store(demo, "bench", read_only=True) as store:
        store.backup(copy)
    beater = subprocess.Popen(
        [sys.executable, str(CHILD), "beater", str(copy), "3"],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert beater.stdout is not None and beater.stdout.readline().strip() == "ready"
        idle = subprocess.run(
            [sys.executable, str(CHILD), "idle", "xdept", str(copy), str(PRESENCE_IDLE_S)],
            env=env, capture_output=True, text=True, timeout=PRESENCE_IDLE_S + 300, check=False,
        )  # fmt: skip
    finally:
        beater.communicate("", timeout=60)
    cpu = idle_result("with presence", idle.stdout, idle.stderr)
    shown, lost = asyncio.run(_arrivals(copy, arrivals, rng, env))
    join_db_threads()
    return [
        idle_row(
            f"presence: idle app CPU, {PRESENCE_IDLE_S:.0f} s", cpu, "another app beats every 3 s; "
        ),
        Row(
            "header: another app arrives",
            shown,
            f"p95 ≤ {HEADER_P95_MS:.0f}",
            lost == 0 and bool(shown) and pct(shown, 0.95) <= HEADER_P95_MS,
            note=f"{lost} never shown" if lost else "",
        ),
    ]


async def _arrivals(
    db: Path, arrivals: int, rng: random.Random, env: dict
) -> tuple[list[float], int]:
    """(ms from each arrival's beat to the first frame whose header names them, lost)."""
    from store.db import Store
    from store.people import members
    from tui.app import XdeptApp
    from tui.widgets.header import ProjectHeader

    with Store(db, "bench") as store:
        # Chinese names: whole in the header at any width (a narrow one cuts Latin ones).
        people = [m for m in members(store) if m.login and not m.name.isascii()][:8]
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 120, "the dashboard's data")
            await settle(app)
            writer = await asyncio.create_subprocess_exec(
                sys.executable, str(CHILD), "arriver", str(db),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
            )  # fmt: skip
            assert writer.stdin is not None and writer.stdout is not None
            if (await writer.stdout.readline()).strip() != b"ready":
                raise RuntimeError("the arriving process did not start")

            def arrival(i: int) -> tuple[str, Any, str]:
                member = people[i % len(people)]
                header = app.screen.query_one(ProjectHeader)
                named = member.name
                return f"{member.login} {member.id}", lambda: named in str(header.content), named

            return await _commits_seen(driver, writer, arrivals, arrival, rng)


def idle_result(name: str, out: str, err: str) -> dict[str, Any]:
    """What an idle child printed last (its CPU share and frames)."""
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"idle {name} failed: {err.strip()[-2000:]}")
    return lines[-1]


def idle_row(name: str, result: dict[str, Any], note: str = "") -> Row:
    """An idle xdept app's CPU share against the target."""
    return Row(
        name,
        [result["cpu_pct"]],
        f"< {IDLE_PCT:.0f} %",
        result["cpu_pct"] < IDLE_PCT,
        unit="%",
        note=note + f"{result['frames']} frames",
    )


# --- report ---------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = f"{'measure':<38} {'median':>8} {'p95':>8}  {'n':>4}  {'target':<14} result  note"
    lines = [head, "-" * len(head)]
    for row in rows:
        if not row.values:
            lines.append(f"{row.name:<38} {'—':>8} {'—':>8}  {0:>4}  {row.target:<14}"
                         f" {'n/a':<6}  {row.note}")  # fmt: skip
            continue
        unit = "" if row.unit == "ms" else f" {row.unit}"
        mid = f"{median(row.values):.1f}{unit}"
        p95 = f"{pct(row.values, 0.95):.1f}{unit}" if len(row.values) > 1 else "—"
        result = "" if row.ok is None else ("PASS" if row.ok else "MISS")
        lines.append(
            f"{row.name:<38} {mid:>8} {p95:>8}  {len(row.values):>4}  {row.target:<14}"
            f" {result:<6}  {row.note}"
        )
    return "\n".join(lines)


def cpu_check() -> str:
    """How fast one core is right now (other work on the machine slows every number)."""
    best = float("inf")
    for _i in range(5):
        t0 = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.perf_counter() - t0)
    return f"a 1M-step Python loop takes {best * 1000:.0f} ms (~40 ms on an idle modern core)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 5 s idle")
    parser.add_argument("--dir", type=Path, help="keep (and reuse) the databases here")
    parser.add_argument(
        "--tasks",
        type=int,
        default=BIG_TASKS,
        help="tasks in the big db (10,000; 100,000: 200,000 links, 20,000 risks)",
    )
    parser.add_argument("--only", choices=["paint", "keys", "screens", "risk", "meeting", "live",
                                           "counts", "memory", "idle", "presence"],
                        action="append",
                        help="run only these parts (repeatable)")  # fmt: skip
    args = parser.parse_args(argv)
    runs, presses, changes, idle_s = (7, 50, 50, 30.0) if not args.quick else (3, 20, 20, 5.0)
    parts = set(
        args.only
        or ["paint", "keys", "screens", "risk", "meeting", "live", "counts", "memory", "idle",
            "presence"]
    )  # fmt: skip
    tasks = args.tasks
    rng = random.Random(20261123)

    with tempfile.TemporaryDirectory(prefix="xdept-bench-", ignore_cleanup_errors=True) as tmp:
        workdir = args.dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        env = child_env(workdir)
        os.environ.update({k: env[k] for k in ("XDEPT_CONFIG", "XDEPT_USER", "XDEPT_LANG")})
        from tui.i18n import set_language

        set_language("en")

        demo, demo_s = database(workdir, "demo.db", None)
        big, big_s = database(workdir, f"tasks-{tasks}.db", tasks)
        made = ", ".join(
            f"{name} in {s:.1f} s" for name, s in (("demo", demo_s), (f"{tasks:,}", big_s)) if s
        )
        import textual

        load = os.getloadavg()[0]
        print(
            f"xdept-tui app bench — Python {platform.python_version()}, textual "
            f"{textual.__version__}, {os.cpu_count()} cores, {SIZE[0]}×{SIZE[1]}"
            + (f"; databases made: {made}" if made else "; databases reused")
            + (" (--quick)" if args.quick else ""),
            flush=True,
        )
        print(f"machine: load average {load:.1f} at start; {cpu_check()}", flush=True)
        rows: list[Row] = []
        if "paint" in parts:
            rows += first_paint(workdir, demo, big, runs, tasks)
        if "keys" in parts:
            rows += asyncio.run(key_latency(big, presses, rng))
            join_db_threads()
        if "screens" in parts:
            from store.db import Store

            scratch = workdir / "screens.db"  # card moves write: a copy
            scratch.unlink(missing_ok=True)
            with Store(big, "bench", read_only=True) as source:
                source.backup(scratch)
            rows += asyncio.run(screen_latency(scratch, presses, runs, rng, tasks))
            scratch.unlink()
        if "risk" in parts:
            from store.db import Store

            scratch = workdir / "risks.db"  # other processes add risks: a copy
            scratch.unlink(missing_ok=True)
            with Store(big, "bench", read_only=True) as source:
                source.backup(scratch)
            rows += asyncio.run(
                quick_risk_latency(scratch, presses, max(5, changes // 2), rng, env, tasks)
            )
            join_db_threads()
            rows += asyncio.run(
                register_latency(scratch, presses, max(5, changes // 2), runs, rng, env, tasks)
            )
            join_db_threads()
            scratch.unlink()
        if "meeting" in parts:
            from store.db import Store

            scratch = workdir / "meetings.db"  # other processes record items: a copy
            for suffix in ("", "-wal", "-shm"):  # a stale -wal would be replayed into it
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
            with Store(big, "bench", read_only=True) as source:
                source.backup(scratch)
            meeting_id = plan_running_weekly(scratch)
            rows += asyncio.run(
                meeting_latency(scratch, meeting_id, presses, max(5, changes // 2), runs, rng, env)
            )
            join_db_threads()
            scratch.unlink()
        if "live" in parts:
            rows += live_rows(workdir, demo, big, changes, rng, tasks)
        if "counts" in parts:
            rows += counts_rows(workdir, big, max(6, changes // 2), rng, tasks)
        if "memory" in parts:
            rows += memory_rows(workdir, big, tasks)
        if "idle" in parts:
            rows += idle_cpu(workdir, demo, idle_s)
        if "presence" in parts:
            rows += presence_rows(workdir, demo, changes, rng)
        print(table(rows))
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
