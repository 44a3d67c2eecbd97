"""Measure the command palette's search on a demo database: one query per keystroke.

Run from the repository root as ``python -m bench.search`` (``--tasks 100000``
for a bigger file, ``--db FILE`` to reuse one). For each kind of query it prints
the median and 95th percentile of ``store.search.search`` (the full-text index
the palette asks in the database thread), beside a yardstick: the same words
looked for with LIKE in every searched column of every record, which is what
finding them costs without the index. A keystroke should feel instant: the
target is the median under 50 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ would shadow the store package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.store import ms, timed
from store import demo
from store.db import Store
from store.migrations import SEARCHED
from store.search import search

HITS = 100  # as many as the palette asks for
TARGET_MS = 50.0
# What people type, by kind: the words the demo's records are made of.
QUERIES = (
    ("Latin word, thousands of hits", "review"),
    ("Latin word, a few hits", "WP468"),
    ("two Latin words", "display driver"),
    ("Chinese, 4 characters", "设计评审"),
    ("Chinese, 2 characters", "模具"),
    ("one character", "王"),
    ("no hit, 3+ characters", "qzxv"),
    ("no hit, 2 characters", "qz"),
    ("nothing typed (the list)", ""),
)


def scan(store: Store, text: str) -> int:
    """The yardstick: every word in some searched column, by LIKE over all records."""
    found = 0
    for table, columns in SEARCHED.items():
        words = text.split()
        where = " AND ".join(
            "(" + " OR ".join(f"{c} LIKE ?" for c in columns) + ")" for _word in words
        )
        params = [f"%{w}%" for w in words for _c in columns]
        sql = f"SELECT count(*) FROM (SELECT id FROM {table}"
        sql += f" WHERE {where}" if where else ""
        found += store.scalar(sql + " LIMIT ?)", [*params, HITS])
    return found


def generate(path: Path, tasks: int) -> float:
    t0 = time.perf_counter()
    with Store(path, "bench", create=True) as store:
        demo.generate(store, tasks=tasks)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="demo size (default 10,000)")
    parser.add_argument("--db", type=Path, help="search this file instead of a new demo")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xdept-bench-") as tmp:
        path = args.db or Path(tmp) / f"tasks-{args.tasks}.db"
        if args.db is None:
            print(f"generate  {args.tasks:,} tasks: {generate(path, args.tasks):.1f} s")
        with Store(path, "bench", read_only=True) as store:
            counts = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in SEARCHED}
            print(
                f"search bench: {path.name}, "
                + ", ".join(f"{n:,} {t}" for t, n in counts.items())
                + f" (SQLite {sqlite3.sqlite_version}, {args.runs} runs, ≤ {HITS} hits)"
            )
            print(f"{'query':<32}{'hits':>5}  {'search median/p95':>18}  {'LIKE scan':>16}")
            worst = 0.0
            for kind, text in QUERIES:
                hits = len(search(store, text, HITS))
                median, p95 = ms(timed(lambda t=text: search(store, t, HITS), args.runs))
                base = ms(timed(lambda t=text: scan(store, t), args.runs))
                worst = max(worst, median)
                print(
                    f"{kind + ' ' + repr(text):<32}{hits:>5}  {median:>8.1f} /{p95:>6.1f} ms"
                    f"  {base[0]:>7.1f} /{base[1]:>6.1f} ms"
                )
    ok = "ok" if worst <= TARGET_MS else "MISSED"
    print(f"slowest median {worst:.1f} ms  (target ≤ {TARGET_MS:.0f} ms: {ok})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
