"""Who is working on the project now: each running app's heartbeat.

An app writes its row when it starts, when its user opens another screen, record or
form, and every ``BEAT`` seconds; it deletes the row when it stops. A row not
renewed for ``GONE`` seconds is an app that crashed or lost its terminal: it no
longer counts, and the next beat of anyone clears it. Heartbeats are not records:
no version, no change log (they would bury the project's history).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from store import clock
from store.db import Store

BEAT = 15  # seconds between heartbeats of an idle app
GONE = 45  # seconds without a heartbeat after which an app is gone


@dataclass(frozen=True)
class Here:
    """One running app: whose, where in the project, since when."""

    session: str
    login: str
    member_id: int | None
    screen: str
    record: str  # "meetings:12": the record the app shows, "" for a list
    editing: str  # "tasks:5": the record open in a form, ""
    since: str  # when the app came to this screen, record and form
    name: str = ""  # the roster name of ``member_id``, "" for a login on no member's record


def beat(
    store: Store,
    session: str,
    *,
    login: str,
    os_login: str = "",
    member_id: int | None = None,
    screen: str = "",
    record: str = "",
    editing: str = "",
) -> None:
    """Say this app is here, and where; clear the apps that are gone."""
    now = clock.timestamp()
    with store.unlogged() as conn:
        conn.execute(
            "INSERT INTO presence (session, login, os_login, member_id, screen, record, editing,"
            " since, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (session) DO UPDATE SET member_id = excluded.member_id,"
            " screen = excluded.screen, record = excluded.record, editing = excluded.editing,"
            " since = CASE WHEN presence.screen = excluded.screen"
            " AND presence.record = excluded.record AND presence.editing = excluded.editing"
            " THEN presence.since ELSE excluded.since END,"
            " seen_at = excluded.seen_at",
            [session, login, os_login, member_id, screen, record, editing, now, now],
        )
        conn.execute("DELETE FROM presence WHERE seen_at < ?", [_cutoff()])


def leave(store: Store, session: str) -> None:
    """This app stops: it is no longer here."""
    with store.unlogged() as conn:
        conn.execute("DELETE FROM presence WHERE session = ?", [session])


def here(store: Store, record: str | None = None) -> list[Here]:
    """The apps running now (those showing ``record`` only, if given), earliest first."""
    sql = (
        "SELECT p.session, p.login, p.member_id, p.screen, p.record, p.editing, p.since,"
        " coalesce(m.name, '') AS name FROM presence p LEFT JOIN members m ON m.id = p.member_id"
        " WHERE p.seen_at >= ?"
    )
    params: list[object] = [_cutoff()]
    if record is not None:
        sql += " AND p.record = ?"
        params.append(record)
    return [Here(**row) for row in store.query(sql + " ORDER BY p.since, p.session", params)]


def _cutoff() -> str:
    gone = clock.now() - timedelta(seconds=GONE)
    return gone.astimezone(UTC).isoformat(timespec="seconds")


def since_seconds(entry: Here, now: datetime | None = None) -> int:
    """How long the app has been where it is."""
    now = now or clock.now()
    return max(0, int((now - datetime.fromisoformat(entry.since)).total_seconds()))
