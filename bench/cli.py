"""Time whole-process command-line commands on demo databases, beside the interpreter floor.

Run from the repository root as ``python -m bench.cli`` (``--tasks 100000`` for a
bigger file, ``--db FILE`` to reuse one). A shell user pays for a whole process
each time: the interpreter, the imports, opening the file, the command's work
and its output. Each command is run as ``python -m tui.cli ...`` and timed from
spawn to exit; the yardstick is ``python -c "import sqlite3, click"``, the least
any command of this program can cost, run in the same rounds. The rounds
interleave every command (in a shuffled order each round, after a warm-up round
that also writes the bytecode caches and starts the standby process), so a busy
machine slows them alike. Beside it, for information, the floor plus importing
pydantic's ``BaseModel``: what any command that reads or writes records through
the models pays at least when it runs in a process of its own.

Two files are used. The demo (``init --demo``) is where the record commands are
judged: each is run as a user runs it, handed to the user's standby process
(README, "Quick commands"; a private one in the bench's temporary folder, ended
with the bench), and, for information, in a process of its own
(``XDEPT_STANDBY=0``). The demo scaled to ``--tasks`` (10,000 by default) is where
``schedule --json`` is judged, and where the record commands are timed again for
information (``task list`` prints every task). ``risk add`` and ``update add``
write to the files (``--db``: to that file).

Targets: each record command ≤ 2× the floor (median) on the demo; ``schedule
--json`` ≤ 0.3 s at 10,000 tasks and ≤ 3 s at 100,000; ``init --demo --tasks N``,
which makes the bigger file (unless ``--db`` is given; ``--init-runs`` times,
each a new file, median), under 20 s at 100,000 tasks. ``--only init`` times init
alone, each run beside the machine's load average (one minute) as it ended.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ would shadow the store package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.store import ms

FLOOR = "import sqlite3, click"
FLOOR_RATIO = 2.0
# The least a command that reads or writes records through the models can cost.
PYDANTIC = "floor + pydantic's BaseModel"
INIT_TARGET_S = 20.0  # at 100,000 tasks
ROOT = Path(__file__).resolve().parent.parent
# The demo's project manager: may do everything, and has a member for `update add`.
ACTOR = "tester"
# `update add` posts one update a day: each run takes the next free day from here.
FIRST_UPDATE_DAY = date(2001, 1, 1)


def schedule_target(tasks: int) -> float:
    """Seconds: 0.3 at 10,000 tasks, 3 at 100,000 (in proportion between and beyond)."""
    return 0.3 * max(1.0, tasks / 10_000)


RECORD = ("risk list", "risk add", "task list", "update add", "update list")
OWN = " (own process)"  # the record command run with XDEPT_STANDBY=0
SCHEDULE = ("schedule --json", "schedule")


def commands() -> dict[str, list[str]]:
    """Name → arguments after ``python``; ``{n}`` is the run's number (for writes)."""
    cli = ["-m", "tui.cli"]
    record = {
        "risk list": [*cli, "risk", "list"],
        "risk add": [*cli, "risk", "add", "Supplier {n} may ship late @tester !high"],
        "task list": [*cli, "task", "list"],
        "update add": [*cli, "update", "add", "--done", "bench {n}", "--date", "{day}"],
        "update list": [*cli, "update", "list"],
    }
    return {
        "floor: " + FLOOR: ["-c", FLOOR],
        PYDANTIC: ["-c", f"{FLOOR}; from pydantic import BaseModel"],
        **record,
        **{name + OWN: args for name, args in record.items()},
        "schedule --json": [*cli, "schedule", "--json"],
        "schedule": [*cli, "schedule"],
    }


def child_env(db: Path, runtime: Path) -> dict[str, str]:
    """The environment of every timed process: the file, its manager, English, and a
    standby process of the bench's own (in ``runtime``).

    Bytecode caches are written (an installed program has them), whatever this
    shell says; the settings file is not read (the language is given).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDEPT_", "PYTHON"))}
    env.update(
        XDEPT_DB=str(db),
        XDEPT_USER=ACTOR,
        XDEPT_LANG="en",
        PYTHONPATH=str(ROOT),
        XDG_RUNTIME_DIR=str(runtime),
    )
    return env


def run(args: list[str], env: dict[str, str]) -> float:
    """Seconds from spawn to exit; a failing command stops the bench with its error."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        check=False,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seconds = time.perf_counter() - t0
    if done.returncode:
        sys.exit(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()}")
    return seconds


def make_demo(db: Path, tasks: int | None, env: dict[str, str]) -> float:
    """``init --demo [--tasks N]`` as a user runs it: the seconds it took."""
    scaled = [] if tasks is None else ["--tasks", str(tasks)]
    return run(["-m", "tui.cli", "init", "--demo", *scaled], env)


def time_init(db: Path, tasks: int, runs: int, runtime: Path) -> list[float]:
    """Seconds of ``runs`` inits, each making a new file (the last one stays at ``db``),
    each in a process of its own; each run is printed with the load average as it
    ended, as other work slows it."""
    times = []
    for k in range(runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        times.append(make_demo(db, tasks, child_env(db, runtime) | {"XDEPT_STANDBY": "0"}))
        print(f"init --demo --tasks {tasks} run {k + 1}: {times[-1]:.1f} s, load {load()}")
    return times


def load() -> str:
    """The machine's load average over the last minute."""
    return f"{os.getloadavg()[0]:.2f}"


def free_days(db: Path) -> Iterator[str]:
    """Days on which the bench's actor has posted no daily update yet (an earlier run
    on the same file may have)."""
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        taken = {
            row[0]
            for row in conn.execute(
                "SELECT date FROM daily_updates JOIN members ON members.id = member_id "
                "WHERE login = ?",
                [ACTOR],
            )
        }
    day = FIRST_UPDATE_DAY
    while True:
        if day.isoformat() not in taken:
            yield day.isoformat()
        day += timedelta(days=1)


def time_commands(
    names: list[str], db: Path, env: dict[str, str], runs: int, seed: int
) -> dict[str, list[float]]:
    """Seconds per run of each command, over ``runs`` interleaved rounds after a warm-up
    round (bytecode, the file in the page cache, the standby process started)."""
    table = commands()
    times: dict[str, list[float]] = {name: [] for name in names}
    rng = random.Random(seed)
    days = free_days(db)
    own = env | {"XDEPT_STANDBY": "0"}
    n = 0
    for round_ in range(runs + 1):
        order = list(names)
        rng.shuffle(order)
        for name in order:
            n += 1
            day = next(days) if name.startswith("update add") else ""
            args = [a.format(n=n, day=day) for a in table[name]]
            seconds = run(args, own if name.endswith(OWN) else env)
            if round_:
                times[name].append(seconds)
        if not round_:
            standing_by(Path(env["XDG_RUNTIME_DIR"]))
    return times


def standing_by(runtime: Path) -> None:
    """Wait until the standby process the warm-up started answers on its socket."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for path in runtime.glob("xdept-tui/standby-*.sock"):
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            with probe, contextlib.suppress(OSError):
                probe.connect(str(path))
                return
        time.sleep(0.05)
    sys.exit("the standby process did not start")


# A file's title, whether the record commands are judged on it, each command's seconds.
Table = tuple[str, bool, dict[str, list[float]]]


def report(tables: list[Table], tasks: int, init_s: list[float]) -> bool:
    """Print the tables; True when every target is met."""
    met = True
    for title, judged, times in tables:
        print(title)
        met &= report_commands(times, tasks, judged=judged)
    if init_s:
        median = statistics.median(init_s)
        ok = tasks < 100_000 or median < INIT_TARGET_S
        met &= ok
        target = f"< {INIT_TARGET_S:.0f} s at 100,000" + ("" if ok else "  MISSED")
        label = f"init --demo --tasks {tasks} (median of {len(init_s)})"
        print(f"{label:<50}{median:>6.1f} s  {target}")
    return met


def report_commands(times: dict[str, list[float]], tasks: int, *, judged: bool) -> bool:
    """Print one file's table; True when each command meets its target. The record
    commands are judged on the demo (``judged``), and shown for information elsewhere."""
    floor_name = next(name for name in times if name.startswith("floor"))
    floor = ms(times[floor_name])[0]
    print(f"{'command':<36}{'median':>9}{'p95':>9}{'× floor':>9}  target")
    met = True
    for name, seconds in times.items():
        median, p95 = ms(seconds)
        ratio = median / floor
        if name == floor_name:
            target, ok = "the yardstick", True
        elif name == "schedule --json":
            limit = schedule_target(tasks)
            target, ok = f"≤ {limit:.1f} s", median / 1000 <= limit
        elif name in RECORD and judged:
            target, ok = f"≤ {FLOOR_RATIO:.0f}× floor", ratio <= FLOOR_RATIO
        else:
            target, ok = "(information)", True
        met &= ok
        mark = "" if ok else "  MISSED"
        print(f"{name:<36}{median:>7.0f}ms{p95:>7.0f}ms{ratio:>8.1f}×  {target}{mark}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="demo size (default 10,000)")
    parser.add_argument(
        "--db", type=Path, help="a scaled demo database to use (written to: risks, updates)"
    )
    parser.add_argument("--runs", type=int, default=11, help="timed rounds (default 11)")
    parser.add_argument(
        "--only", nargs="+", metavar="COMMAND", help="e.g. 'risk list', or init alone"
    )
    parser.add_argument("--init-runs", type=int, default=1, help="inits timed (default 1)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    only_init = args.only == ["init"]
    wanted = [n for n in commands() if n.startswith("floor") or not args.only or n in args.only]
    print(f"load average {load()} at the start")
    with tempfile.TemporaryDirectory(prefix="xdept-bench-") as tmp:
        runtime = Path(tmp) / "run"
        runtime.mkdir(mode=0o700)
        big = args.db or Path(tmp) / f"demo-{args.tasks}.db"
        init_s = [] if args.db else time_init(big, args.tasks, args.init_runs, runtime)
        tables: list[Table] = []
        try:
            if not only_init:
                demo = Path(tmp) / "demo.db"
                make_demo(demo, None, child_env(demo, runtime))
                on_demo = [n for n in wanted if n not in SCHEDULE]
                on_big = [n for n in wanted if n.startswith("floor") or n in (*SCHEDULE, *RECORD)]
                for title, judged, db, names in (
                    ("the demo (init --demo)", True, demo, on_demo),
                    (f"{big.name} ({args.tasks:,} tasks)", False, big, on_big),
                ):
                    if any(not name.startswith("floor") for name in names):
                        print(f"cli bench: {title}, {args.runs} rounds, {len(names)} commands")
                        env = child_env(db, runtime)
                        times = time_commands(names, db, env, args.runs, args.seed)
                        tables.append((title, judged, times))
        finally:
            for path in runtime.glob("xdept-tui/standby-*.sock"):
                path.unlink()  # the standby process ends within seconds
        met = report(tables, args.tasks, init_s)
    print(f"load average {load()} at the end")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
