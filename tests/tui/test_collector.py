"""The collector's pause: reads that overlap without nesting keep it paused until the
last ends, and a collector paused before stays paused."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui.collector import many_objects


@pytest.fixture(autouse=True)
def collector_as_it_was() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_overlapping_pauses_end_with_the_last() -> None:
    gc.enable()
    first, second = many_objects(), many_objects()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first ends while the second goes on
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    with many_objects():
        assert not gc.isenabled()
    assert not gc.isenabled()
