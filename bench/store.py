"""Measure the store: a 10,000-task demo database, CPM on it, eight concurrent writers.

Run from the repository root as ``python -m bench.store`` (or ``python
bench/store.py``); ``--quick`` is a smaller run (1,000 tasks, 8 × 50 writes)
for a smoke test. Prints a compact report with the targets. The exit status is
1 when a correctness target fails (a lost write, an error surfaced), never for
speed: speed depends on the machine.

Each read a screen makes (cards, board flags, Gantt rows, the plan's columns) is
printed beside a yardstick: the slower way the code's comments say it avoids.
The costs a new process pays once (importing the models, the official calendar
with and without the cache) are timed in fresh processes.

The writers are separate processes (spawned) that wait at a barrier and then
alternate two real store actions: ``risks.add_risk``, and
``tasks.update_task`` on one of four shared tasks at the version just read. A
``Conflict`` (someone else saved first) is re-read and retried, as the app
does, and counted apart; anything else raised is an error. Afterwards every
write each process reported must be in the database and in the change log.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import queue
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: bench/ would shadow the store package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from store import board, changes, demo, gantt, schedule, tasks
from store.db import Store
from store.demo_content import PM_LOGIN
from store.errors import Conflict
from store.models import Risk, Task
from store.records import get
from store.risks import add_risk

try:
    from bench.cpm import bench_cpm
except ImportError:  # the CPM benchmark is optional
    bench_cpm = None

CPM_TARGET_MS = 100.0
WRITES_TARGET = 500.0  # writes per second, all writers together
ACTOR = "bench"
SHARED_TASKS = 4  # tasks every writer updates: where conflicts happen
MAX_ATTEMPTS = 100  # a write still conflicting after this many is an error
CONVOY_ROWS = 1_000  # rows fetched one by one beside a busy thread (each may wait its turn)
ROOT = Path(__file__).resolve().parent.parent


def ms(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    """Seconds per run of ``fn`` after one warm-up run."""
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def generate(path: Path, n: int) -> dict[str, Any]:
    """Create the file and fill it with the demo scaled to ``n`` tasks."""
    t0 = time.perf_counter()
    with Store(path, ACTOR, create=True) as store:
        demo.generate(store, tasks=n)
        seconds = time.perf_counter() - t0
        counts = store.check()["counts"]
    # Closing checkpointed the WAL into the file: its size is the database's.
    return {"seconds": seconds, "mb": path.stat().st_size / 1e6, "counts": counts}


def cpm(path: Path, runs: int) -> dict[str, Any]:
    """compute_schedule end to end (load + compute), and schedule.compute alone."""

    def uncached(store: Store) -> None:
        store.memo.clear()  # what the first reader after a change pays
        tasks.compute_schedule(store)

    with Store(path, ACTOR, read_only=True) as store:
        end_to_end = timed(lambda: uncached(store), runs)
        # The same inputs compute_schedule builds, loaded once.
        activities, links, calendar = tasks.plan_inputs(store)
        pure = timed(lambda: schedule.compute(activities, links, calendar), runs)
    return {
        "runs": runs,
        "tasks": len(activities),
        "links": len(links),
        "end_to_end": ms(end_to_end),
        "pure": ms(pure),
    }


def _forget_schedule(store: Store) -> None:
    store.memo.pop("schedule", None)  # what the first reader after a change pays


def reads(path: Path, runs: int) -> list[tuple[str, float, str, float]]:
    """Each screen's read, and the slower way it avoids: (what, ms, yardstick, ms)."""
    with Store(path, ACTOR, read_only=True) as store:

        def flags() -> None:
            _forget_schedule(store)
            board.board_flags(store)

        def every_bar() -> None:
            chart = gantt.gantt(store)
            for task_id in chart.bars:
                chart.bars[task_id]

        def models() -> None:
            tasks.tasks(store)
            tasks.dependencies(store)

        def uncached() -> None:
            _forget_schedule(store)
            tasks.compute_schedule(store)

        tasks.compute_schedule(store)  # gantt() shares the header's CPM run
        pairs = [
            (
                "cards, every task",
                lambda: board.cards(store),
                "a Task model per task",
                lambda: tasks.tasks(store),
            ),
            ("board_flags (runs the CPM)", flags, "compute_schedule alone", uncached),
            (
                "gantt rows, Bars built when shown",
                lambda: gantt.gantt(store),
                "every Bar built",
                every_bar,
            ),
            (
                "plan_inputs, the CPM's columns",
                lambda: tasks.plan_inputs(store),
                "tasks and dependencies as models",
                models,
            ),
        ]
        found = [
            (name, ms(timed(fn, runs))[0], other, ms(timed(slower, runs))[0])
            for name, fn, other, slower in pairs
        ]
        version = ms(timed(store.data_version, 1000))[0]
        last = ms(timed(lambda: store.scalar("SELECT max(id) FROM changes"), 1000))[0]
        found.append(("data_version, one poll", version, "the change log's last id", last))
        found.append(_convoy(store, runs))
    return found


def _convoy(store: Store, runs: int) -> tuple[str, float, str, float]:
    """Store.rows against a row-by-row fetch while another thread keeps the GIL busy,
    as the interface thread does while it draws."""
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            sum(range(1000))

    columns = 'id, version, title, phase, owner_id, department_id, start, "end", status'
    query = f"SELECT {columns} FROM tasks LIMIT {CONVOY_ROWS}"
    spinner = threading.Thread(target=busy, daemon=True)
    spinner.start()
    try:
        json_rows = ms(timed(lambda: store.rows(columns, f"({query})"), runs))[0]
        one_by_one = ms(timed(lambda: store.conn.execute(query).fetchall(), 3))[0]
    finally:
        stop.set()
        spinner.join()
    return (
        f"Store.rows, {CONVOY_ROWS:,} tasks as one JSON row, beside a busy thread",
        json_rows,
        "the same rows fetched one by one",
        one_by_one,
    )


def _fresh_once(code: str, env: dict[str, str] | None = None) -> float:
    """The ms a new interpreter reports for ``code`` (which prints its own ms)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    return float(done.stdout.split()[-1])


def _fresh(code: str, runs: int, env: dict[str, str] | None = None) -> float:
    """Median over ``runs`` new interpreters, after one that writes the byte code."""
    _fresh_once(code, env)
    return statistics.median(_fresh_once(code, env) for _ in range(runs))


_TIMED = (
    "import time; {setup}; t0 = time.perf_counter(); {work}; "
    "print((time.perf_counter() - t0) * 1000)"
)


def startup(runs: int) -> list[tuple[str, float, str, float]]:
    """What a new process pays once: the models' import, the official calendar."""
    models = _fresh(_TIMED.format(setup="pass", work="import store.models"), runs)
    cli = _fresh(_TIMED.format(setup="pass", work="import sqlite3, click"), runs)
    official = _TIMED.format(
        setup="from store.calendars import official", work="official('CN', 2025, 2028)"
    )
    with tempfile.TemporaryDirectory(prefix="xdept-bench-cache-") as cache:
        cached = _fresh(official, runs, {"XDG_CACHE_HOME": cache})  # the first fills it
    built = []
    for _ in range(runs):  # an empty cache each time: imports holidays and builds the years
        with tempfile.TemporaryDirectory(prefix="xdept-bench-cache-") as cache:
            built.append(_fresh_once(official, {"XDG_CACHE_HOME": cache}))
    return [
        ("import store.models (pydantic)", models, "import sqlite3, click", cli),
        (
            "official days CN 2025–2028, from the cache",
            cached,
            "importing holidays and building them",
            statistics.median(built),
        ),
    ]


def _print_pairs(part: str, found: list[tuple[str, float, str, float]]) -> None:
    for name, ms, other, other_ms in found:
        print(f"{part:<9} {name}: median {ms:.3f} ms  (yardstick, {other}: {other_ms:.3f} ms)")


def _writer(path: str, k: int, writes: int, task_ids: list[int], start: Any, out: Any) -> None:
    """One writer process: wait for the others, then ``writes`` store actions."""
    store = Store(path, PM_LOGIN)  # the project manager in eight terminals: may write anything
    risks: list[int] = []
    updates: list[tuple[int, int]] = []  # (task id, version it saved)
    conflicts = 0
    errors: list[str] = []
    start.wait(timeout=120)  # BrokenBarrierError if another writer died first
    t0 = time.time()
    for i in range(writes):
        try:
            if i % 2 == 0:
                risk = add_risk(store, Risk(title=f"bench w{k} #{i}", level="low"))
                risks.append(risk.id)
                continue
            task_id = task_ids[(k + i) % len(task_ids)]
            for _ in range(MAX_ATTEMPTS):
                current = get(store, Task, task_id)
                try:
                    saved = tasks.update_task(
                        store, task_id, current.version, deliverable=f"w{k} #{i}"
                    )
                except Conflict:
                    conflicts += 1
                    continue
                updates.append((task_id, saved.version))
                break
            else:
                errors.append(f"task {task_id}: still conflicting after {MAX_ATTEMPTS} tries")
        except Exception as error:  # everything else is what this benchmark looks for
            errors.append(f"{type(error).__name__}: {error}")
    t1 = time.time()
    store.close()
    out.put(
        {
            "k": k,
            "start": t0,
            "end": t1,
            "risks": risks,
            "updates": updates,
            "conflicts": conflicts,
            "errors": errors,
        }
    )


def writers(path: Path, processes: int, writes: int) -> dict[str, Any]:
    """``processes`` writers × ``writes`` each on a fresh demo database, then the audit."""
    with Store(path, ACTOR, create=True) as store:
        demo.generate(store)
        ids = [row["id"] for row in store.query("SELECT id FROM tasks ORDER BY id")]
        task_ids = ids[:SHARED_TASKS]
        before = {i: get(store, Task, i).version for i in task_ids}
        after_change = changes.cursor(store)  # the writers' rows come after this one
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(processes)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(str(path), k, writes, task_ids, start, out))
        for k in range(processes)
    ]
    for proc in procs:
        proc.start()
    results = []
    while len(results) < len(procs):
        try:
            results.append(out.get(timeout=0.5))
        except queue.Empty:
            if not any(proc.is_alive() for proc in procs):
                break  # one died without reporting: see the exit codes
    for proc in procs:
        proc.join(timeout=30)
    errors = [f"writer exited with {p.exitcode}" for p in procs if p.exitcode != 0]
    audit = _audit(path, results, task_ids, before, after_change)
    done = sum(len(r["risks"]) + len(r["updates"]) for r in results)
    seconds = max((r["end"] for r in results), default=0) - min(
        (r["start"] for r in results), default=0
    )
    return {
        "processes": processes,
        "writes": writes,
        "done": done,
        "seconds": seconds,
        "per_second": done / seconds if seconds > 0 else 0.0,
        "conflicts": sum(r["conflicts"] for r in results),
        "errors": errors + [e for r in results for e in r["errors"]],
        "lost": audit,
    }


def _audit(
    path: Path,
    results: list[dict[str, Any]],
    task_ids: list[int],
    before: dict[int, int],
    after_change: int,
) -> list[str]:
    """Every write a writer saw succeed, found in the database and the change log."""
    lost: list[str] = []
    with Store(path, ACTOR, read_only=True) as store:
        risk_ids = {i for r in results for i in r["risks"]}
        rows = store.query("SELECT id FROM risks WHERE title LIKE 'bench w%'")
        logged = store.query(
            "SELECT record_id FROM changes WHERE entity = 'risks' AND op = 'create' AND id > ?",
            [after_change],
        )
        lost += [f"risk {i} missing" for i in risk_ids - {row["id"] for row in rows}]
        lost += [f"risk {i} not logged" for i in risk_ids - {row["record_id"] for row in logged}]
        saved = Counter((t, v) for r in results for t, v in r["updates"])
        lost += [f"task {t} version {v} saved {n} times" for (t, v), n in saved.items() if n > 1]
        logged_updates = {
            (row["record_id"], row["version"])
            for row in store.query(
                "SELECT record_id, json_extract(after, '$.version') AS version FROM changes "
                "WHERE entity = 'tasks' AND op = 'update' AND id > ?",
                [after_change],
            )
        }
        lost += [f"task {t} version {v} not logged" for t, v in set(saved) - logged_updates]
        for task_id in task_ids:
            expected = before[task_id] + sum(n for (t, _), n in saved.items() if t == task_id)
            actual = get(store, Task, task_id).version
            if actual != expected:
                lost.append(f"task {task_id} at version {actual}, expected {expected}")
    return lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 tasks, 8 × 50 writes")
    args = parser.parse_args(argv)
    n, processes, writes, runs = (1_000, 8, 50, 7) if args.quick else (10_000, 8, 200, 9)
    print(
        f"store bench{' (quick)' if args.quick else ''}: {n:,} tasks; {processes} writers "
        f"× {writes} writes (python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version})"
    )
    with tempfile.TemporaryDirectory(prefix="xdept-bench-") as tmp:
        big = Path(tmp) / f"tasks-{n}.db"
        g = generate(big, n)
        c = g["counts"]
        print(
            f"generate  {n:,} tasks: {g['seconds']:.2f} s, file {g['mb']:.1f} MB "
            f"({c['tasks']:,} tasks, {c['dependencies']:,} dependencies, {c['members']:,} "
            f"members, {c['risks']:,} risks, {c['meetings']:,} meetings, "
            f"{c['changes']:,} change-log rows)"
        )
        r = cpm(big, runs)
        pure_ok = r["pure"][0] <= CPM_TARGET_MS
        print(
            f"cpm       compute_schedule, load + compute: median {r['end_to_end'][0]:.1f} ms, "
            f"p95 {r['end_to_end'][1]:.1f} ms ({r['runs']} runs; {r['tasks']:,} tasks, "
            f"{r['links']:,} dependencies)"
        )
        print(
            f"cpm       schedule.compute alone: median {r['pure'][0]:.1f} ms, "
            f"p95 {r['pure'][1]:.1f} ms  (target ≤ {CPM_TARGET_MS:.0f} ms: {_verdict(pure_ok)})"
        )
        if bench_cpm is not None:
            links = 2 * n
            b = bench_cpm(n, links, runs)
            print(
                f"cpm       bench_cpm({n}, {links}): median {b['median_ms']:.1f} ms, "
                f"p95 {b['p95_ms']:.1f} ms  "
                f"(target ≤ {CPM_TARGET_MS:.0f} ms: {_verdict(b['median_ms'] <= CPM_TARGET_MS)})"
            )
        _print_pairs("reads", reads(big, runs))
        w = writers(Path(tmp) / "writers.db", processes, writes)
    _print_pairs("start-up", startup(1 if args.quick else runs))
    speed_ok = w["per_second"] >= WRITES_TARGET
    print(
        f"writers   {w['processes']} processes × {w['writes']} writes: {w['done']:,} in "
        f"{w['seconds']:.2f} s = {w['per_second']:.0f} writes/s  "
        f"(target ≥ {WRITES_TARGET:.0f}: {_verdict(speed_ok)}); "
        f"conflicts retried: {w['conflicts']}"
    )
    print(f"lost writes: {len(w['lost'])}  (target 0: {_verdict(not w['lost'])})")
    for line in w["lost"][:10]:
        print(f"  {line}")
    print(f"errors: {len(w['errors'])}  (target 0: {_verdict(not w['errors'])})")
    for line in w["errors"][:10]:
        print(f"  {line}")
    return 1 if w["lost"] or w["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
