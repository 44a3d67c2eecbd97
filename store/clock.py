"""The one place that reads the time, so tests and demos can freeze it.

``XDEPT_NOW`` (an ISO date or datetime) freezes the clock for every process that
inherits it: snapshot tests and the CLI subprocesses in tests rely on that.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def now() -> datetime:
    frozen = os.environ.get("XDEPT_NOW")
    if frozen:
        value = datetime.fromisoformat(frozen)
        return value if value.tzinfo else value.astimezone()  # naive: the host's wall clock
    return datetime.now(UTC)


def today() -> date:
    frozen = os.environ.get("XDEPT_NOW")
    if frozen:
        return datetime.fromisoformat(frozen).date()
    return date.today()


def timestamp() -> str:
    """UTC ISO-8601 to the second, the format of every created_at/updated_at."""
    return now().astimezone(UTC).isoformat(timespec="seconds")


def local(stamp: str) -> str:
    """A stored UTC timestamp as the host's wall-clock "2026-11-23 17:05"."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
