"""A driver that renders frames like a terminal but writes nowhere, and tells when.

Textual's ``HeadlessDriver`` makes ``App._display`` return before the frame is
turned into escape codes, so it would leave out part of what a user waits for.
``FrameDriver`` says it is not headless: every frame is rendered to a string as
for a real terminal, kept until ``flush`` (one call per frame), timestamped and
shown to whoever waits for a frame with some property. Nothing reaches a
terminal, so it runs anywhere (CI, a pipe, a subprocess).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver

# Columns, rows: a common terminal, the size docs/architecture.md's measured facts are for.
SIZE = (120, 40)


@dataclass
class _Waiter:
    predicate: Callable[[], bool]
    marker: str | None
    future: asyncio.Future = field(repr=False)


@dataclass
class Frame:
    perf: float  # time.perf_counter() when the frame was flushed
    wall: float  # time.time() then, to compare with other processes
    size: int  # characters written for it


class FrameDriver(HeadlessDriver):
    """Renders each frame to escape codes, then records it instead of writing it."""

    def __init__(self, app: App, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._chunks: list[str] = []
        self._waiters: list[_Waiter] = []
        self.frames = 0
        self.last: Frame | None = None

    @property
    def is_headless(self) -> bool:
        return False  # so App._display renders the frame as for a terminal

    def _get_terminal_size(self) -> tuple[int, int]:
        return self._size or SIZE

    def write(self, data: str) -> None:
        self._chunks.append(data)

    def flush(self) -> None:
        """One frame is complete: stamp it and wake the waiters it satisfies."""
        perf, wall = time.perf_counter(), time.time()
        data = "".join(self._chunks)
        self._chunks.clear()
        self.frames += 1
        self.last = frame = Frame(perf, wall, len(data))
        for waiter in list(self._waiters):
            if waiter.future.done():
                self._waiters.remove(waiter)
            elif (waiter.marker is None or waiter.marker in data) and _holds(waiter.predicate):
                self._waiters.remove(waiter)
                waiter.future.set_result(frame)

    def expect(self, predicate: Callable[[], bool], marker: str | None = None) -> asyncio.Future:
        """A future for the first frame flushed while ``predicate()`` holds and whose
        text contains ``marker``: the frame that shows the change, not an earlier one."""
        future = asyncio.get_running_loop().create_future()
        self._waiters.append(_Waiter(predicate, marker, future))
        return future

    async def quiet(self, seconds: float = 0.05, timeout: float = 10.0) -> None:
        """Wait until no frame has been written for ``seconds`` (the app is idle)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            last = self.last.perf if self.last else 0.0
            left = last + seconds - time.perf_counter()
            if left <= 0:
                return
            await asyncio.sleep(left)


async def settle(app: App, quiet: float = 0.03, timeout: float = 30.0) -> None:
    """Wait until the app's workers (loads, detail panels) are done and no frame has
    been written for ``quiet`` seconds, so the next key does not queue behind them."""
    await until(lambda: all(w.is_finished for w in app.workers), timeout, "the workers")
    await app._driver.quiet(quiet, timeout)  # type: ignore[union-attr]


def data_shown(app: Any) -> bool:
    """XdeptApp's dashboard has drawn the health report: its sections carry counts."""
    return app.health is not None and "(" in str(
        app.screen.query_one("#section-milestone").border_title
    )


def _holds(predicate: Callable[[], bool]) -> bool:
    """A predicate that fails while the app is between screens counts as False."""
    try:
        return bool(predicate())
    except Exception:
        return False


async def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` every 5 ms; TimeoutError naming ``what`` after ``timeout`` s."""
    deadline = time.perf_counter() + timeout
    while not _holds(condition):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.005)


@asynccontextmanager
async def running(app: App, timeout: float = 120.0) -> AsyncIterator[FrameDriver]:
    """Run ``app`` in this event loop with a ``FrameDriver``; yield once it is ready."""
    app.driver_class = FrameDriver
    task = asyncio.create_task(app.run_async(size=SIZE))

    deadline = time.perf_counter() + timeout
    while not (isinstance(app._driver, FrameDriver) and app._driver.frames > 0):
        if task.done():
            raise RuntimeError(f"the app stopped before its first frame: {task.result()!r}")
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no first frame after {timeout:.0f} s")
        await asyncio.sleep(0.005)
    try:
        yield app._driver  # type: ignore[misc]
    finally:
        app.exit()
        await task
