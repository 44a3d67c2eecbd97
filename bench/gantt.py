"""Time the Gantt screen on a 10,000-task database: first paint after ``5``, then keys.

Run from the repository root as ``python -m bench.gantt [--db PATH] [--presses N]``.
The app runs in this process with ``bench._driver.FrameDriver`` (frames rendered
to escape codes as for a terminal, then stamped); each key goes in through the
driver as terminal input does, once the previous key's work is done, and its
latency ends at the first frame flushed after its effect (the chart's cursor,
scroll or zoom has changed). Not ``Pilot.press``. First paint: from sending
``5`` to the first frame that shows the chart's rows (data included), and, for
information, to the first frame of the screen itself.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench._driver import data_shown, running, settle, until

TASKS = 10_000


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def timed(app: Any, key: str, predicate: Any, rng: random.Random) -> float:
    from textual import events

    driver = app._driver
    frame = driver.expect(predicate)
    char = key if len(key) == 1 else None
    t0 = time.perf_counter()
    driver.send_message(events.Key(key, char))
    shown = await asyncio.wait_for(frame, 10)
    await settle(app)
    await asyncio.sleep(rng.uniform(0, 0.04))
    return (shown.perf - t0) * 1000


async def measure(db: Path, presses: int) -> dict[str, list[float]]:
    from store.db import Store
    from tui.app import XdeptApp
    from tui.widgets.gantt import GanttChart

    rng = random.Random(5)
    results: dict[str, list[float]] = {}
    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 300, "the dashboard's data")
            await settle(app)
            await driver.quiet(0.3)

            def chart() -> GanttChart | None:
                found = app.screen.query(GanttChart)
                return found.first() if found else None

            from textual import events

            screen_frame = driver.expect(lambda: chart() is not None)
            rows_frame = driver.expect(lambda: chart() is not None and bool(chart().lines))
            t0 = time.perf_counter()
            driver.send_message(events.Key("5", "5"))
            screen_shown = await asyncio.wait_for(screen_frame, 30)
            rows_shown = await asyncio.wait_for(rows_frame, 30)
            results["first paint: screen"] = [(screen_shown.perf - t0) * 1000]
            results["first paint: rows"] = [(rows_shown.perf - t0) * 1000]
            await settle(app)
            await driver.quiet(0.3)
            gantt = chart()
            assert gantt is not None

            for name, key, probe in (
                ("cursor down", "down", lambda g: g.cursor),
                ("cursor up", "up", lambda g: g.cursor),
                ("page down", "pagedown", lambda g: (g.cursor, g.scroll_y)),
                ("page up", "pageup", lambda g: (g.cursor, g.scroll_y)),
                ("scroll later (l)", "l", lambda g: g.scroll_x),
                ("zoom in/out", "plus", lambda g: g.zoom),
            ):
                values = []
                for i in range(presses):
                    k = key
                    if (key == "plus" and gantt.zoom == 0) or (key == "plus" and i % 2):
                        k = "minus"
                    if key == "l" and gantt.scroll_x >= gantt.max_scroll_x - 50:
                        gantt.scroll_to(x=0, animate=False, immediate=True)
                        await driver.quiet(0.05)
                    if key == "pagedown" and gantt.cursor >= len(gantt.lines) - 200:
                        gantt.action_first()
                        await driver.quiet(0.05)
                    if key == "pageup" and gantt.cursor < 200:
                        gantt.action_last()
                        await driver.quiet(0.05)
                    before = probe(gantt)
                    values.append(await timed(app, k, lambda b=before, p=probe: p(gantt) != b, rng))
                results[name] = values
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a 10,000-task database (made if missing)")
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "big.db"
    if not db.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tui.cli",
                "--db",
                str(db),
                "init",
                "--demo",
                "--tasks",
                str(TASKS),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    results = asyncio.run(measure(db, args.presses))
    print(f"Gantt on {db} ({TASKS:,} tasks), ms from key to the frame that shows it")
    print(f"{'':24}{'median':>9}{'p95':>9}{'max':>9}{'n':>5}")
    for name, values in results.items():
        print(
            f"{name:24}{statistics.median(values):9.1f}{pct(values, 0.95):9.1f}"
            f"{max(values):9.1f}{len(values):5d}"
        )


if __name__ == "__main__":
    main()
