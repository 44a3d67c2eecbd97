"""The cyclic garbage collector, paused while hundreds of thousands of objects are
built that all live on (a schedule, a scaled demo, a big plan's health): it would walk
them again and again and find nothing to free (a tenth of ``schedule --json`` and a
quarter of the health's first read at 100,000 tasks).

One count for the process, as the collector is: the app's reads overlap without
nesting (one may end while another goes on), and the collector runs again only when
the last of them ends, and only if it ran before the first.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_building = 0  # pauses under way
_collecting = True  # whether the collector ran before the first of them


@contextmanager
def many_objects() -> Iterator[None]:
    global _building, _collecting
    if not _building:
        _collecting = gc.isenabled()
        gc.disable()
    _building += 1
    try:
        yield
    finally:
        _building -= 1
        if _collecting and not _building:
            gc.enable()
