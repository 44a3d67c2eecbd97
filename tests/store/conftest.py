"""Fixtures of the store tests: a small plan over two phases."""

from __future__ import annotations

import pytest

from store.db import Store
from store.models import Task
from tests.store.helpers import FRI, MON, day, task


@pytest.fixture
def phased_chain(store: Store) -> list[Task]:
    """A → B → C (FS, one working week each), and D beside them with slack."""
    a = task(store, "A", MON, FRI, phase="Build")
    b = task(store, "B", day(11, 30), day(12, 4), str(a.id), phase="Build")
    c = task(store, "C", day(12, 7), day(12, 11), str(b.id), phase="Test")
    d = task(store, "D", MON, day(11, 24), phase="Test")
    return [a, b, c, d]
