"""Time the task board on a 10,000-task database: opening it, cursor moves, card moves.

Run from the repository root as ``python -m bench.board [--db PATH] [--presses N]``.
The database is made with ``xdept-tui init --demo --tasks 10000`` when missing.
Keys go in through the driver as terminal input does and each latency ends at
the first frame flushed that shows the effect (``bench._driver.FrameDriver``),
as in bench/app.py; first paint is the cold first press of 4 (imports and
builds the screen), "cards shown" the frame in which the cards are drawn,
"flags shown" the one with the critical-path markers (after the CPM).
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

if Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench._driver import data_shown, running, settle, until


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# Textual captures print() while the app runs: lines are kept and printed after.
LINES: list[str] = []


def say(text: str) -> None:
    LINES.append(text)


def report(name: str, values: list[float]) -> None:
    say(
        f"{name:<34} n={len(values):<3} median {statistics.median(values):7.1f} ms"
        f"   p95 {pct(values, 0.95):7.1f} ms   max {max(values):7.1f} ms"
    )


async def main(db: Path, presses: int) -> None:
    from textual import events

    from store.db import Store
    from tui.app import XdeptApp

    rng = random.Random(1)
    with Store(db, "bench") as store:
        app = XdeptApp(store)
        async with running(app) as driver:
            await until(lambda: data_shown(app), 300, "the dashboard's data")
            await driver.quiet(0.3)

            def on_board() -> bool:
                return type(app.screen).__name__ == "BoardScreen"

            def loaded() -> bool:
                return on_board() and app.screen.board.loaded

            def flagged() -> bool:
                return loaded() and app.screen.board.flags is not None

            paint = driver.expect(on_board)
            cards = driver.expect(loaded)
            flags = driver.expect(flagged)
            t0 = time.perf_counter()
            driver.send_message(events.Key("4", "4"))
            first = (await paint).perf - t0
            shown = (await cards).perf - t0
            marked = (await flags).perf - t0
            say(f"{'first paint after 4 (cold)':<34} {first * 1000:7.1f} ms")
            say(f"{'  cards shown':<34} {shown * 1000:7.1f} ms")
            say(f"{'  schedule flags shown':<34} {marked * 1000:7.1f} ms")
            await settle(app)
            board = app.screen.board
            say(f"{'cards on the board':<34} {len(board.cards):7d}")

            async def press(key: str, predicate, char: str | None = None) -> float:
                frame = driver.expect(predicate)
                start = time.perf_counter()
                driver.send_message(events.Key(key, char))
                shown = await asyncio.wait_for(frame, 10)
                await settle(app)
                await asyncio.sleep(rng.uniform(0, 0.03))
                return (shown.perf - start) * 1000

            switch = []
            for _i in range(max(2, presses // 4)):
                switch.append(
                    await press("1", lambda: type(app.screen).__name__ == "DashboardScreen", "1")
                )
                switch.append(await press("4", on_board, "4"))
            report("switch 1 ↔ 4 (warm)", switch)

            down = []
            for _i in range(presses):
                index = board.cursor_index() or 0
                if index >= len(board.columns[board.column]) - 1:
                    board.action_first()
                    await settle(app)
                    index = 0
                down.append(await press("down", lambda i=index + 1: board.cursor_index() == i))
            report("cursor down (todo column)", down)

            # A card that can move freely: no unfinished FS predecessor.
            free = next(i for i in board.columns[0] if not board.flags.blockers.get(i))
            board.seek(free)
            await settle(app)
            moves = []
            for i in range(presses):
                key, char, status = (
                    ("right_square_bracket", "]", "doing")
                    if i % 2 == 0
                    else ("left_square_bracket", "[", "todo")
                )
                moves.append(
                    await press(
                        key,
                        lambda s=status: board.cards[free].status == s and board.focused_id == free,
                        char,
                    )
                )
            report("move card ] / [ (written)", moves)


def ensure_db(path: Path | None, tasks: int) -> Path:
    if path is not None and path.exists():
        return path
    path = path or Path(tempfile.mkdtemp()) / "big.db"
    command = [sys.executable, "-m", "tui.cli", "--db", str(path), "init", "--demo"]
    subprocess.run([*command, "--tasks", str(tasks)], check=True, stdout=subprocess.DEVNULL)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(main(ensure_db(args.db, args.tasks), args.presses))
    print("\n".join(LINES))
