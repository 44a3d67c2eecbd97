"""The SSH server's log: every session (who, from where, when, for how long) and every
refusal (an unknown key, a command, no terminal, …), for the project manager
(``xdept-tui sessions``). Log rows are not records: no version, no change log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from store import clock
from store.errors import Message

if TYPE_CHECKING:
    from store.db import Store

# Why a connection or a session was refused: the stored word, and how it reads.
REASONS = {
    "unknown_key": Message("a key that is on no member"),
    "no_key": Message("no public key (a password or keyboard-interactive login)"),
    "unproven_key": Message("a member's key offered without its private key"),
    "command": Message("a command instead of the app"),
    "no_pty": Message("no terminal (ssh -T)"),
    "subsystem": Message("a subsystem such as SFTP"),
    "forwarding": Message("port forwarding"),
    "no_session": Message("no session opened (ssh -N)"),
    "full": Message("the server was full"),
}


@dataclass(frozen=True)
class Event:
    """One line of the log."""

    id: int
    at: str
    ended_at: str | None
    event: str  # "session" or "refused"
    reason: str  # a key of REASONS, "" for a session
    detail: str  # the command, the subsystem, the forwarded address, the key type
    member_id: int | None
    name: str  # the member's name now, "" when none
    login: str
    username: str  # the user name the SSH client gave
    address: str  # "203.0.113.5:50122"
    fingerprint: str
    exit_status: int | None


def refused(
    store: Store,
    reason: str,
    *,
    address: str,
    username: str = "",
    fingerprint: str = "",
    member_id: int | None = None,
    login: str = "",
    detail: str = "",
) -> None:
    assert reason in REASONS, reason
    _append(store, "refused", reason, address, username, fingerprint, member_id, login, detail)


def started(
    store: Store, *, address: str, username: str, fingerprint: str, member_id: int, login: str
) -> int:
    """A session began; returns its log id, for ``ended``."""
    return _append(store, "session", "", address, username, fingerprint, member_id, login, "")


def ended(store: Store, log_id: int, exit_status: int | None) -> None:
    with store.unlogged() as conn:
        conn.execute(
            "UPDATE ssh_log SET ended_at = ?, exit_status = ? WHERE id = ?",
            [clock.timestamp(), exit_status, log_id],
        )


def events(store: Store, limit: int = 50) -> list[Event]:
    """The newest ``limit`` lines, newest first (PM only)."""
    from store.roles import require_pm

    require_pm(store, Message("see the SSH sessions"))
    rows = store.conn.execute(
        "SELECT l.id, l.at, l.ended_at, l.event, l.reason, l.detail, l.member_id,"
        " coalesce(m.name, ''), l.login, l.username, l.address, l.fingerprint, l.exit_status"
        " FROM ssh_log l LEFT JOIN members m ON m.id = l.member_id ORDER BY l.id DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [Event(*row) for row in rows]


def _append(
    store: Store,
    event: str,
    reason: str,
    address: str,
    username: str,
    fingerprint: str,
    member_id: int | None,
    login: str,
    detail: str,
) -> int:
    from store.text import one_line

    with store.unlogged() as conn:
        cursor = conn.execute(
            "INSERT INTO ssh_log (at, event, reason, detail, member_id, login, username,"
            " address, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                clock.timestamp(),
                event,
                reason,
                one_line(detail)[:200],
                member_id,
                login,
                one_line(username)[:80],
                address,
                fingerprint,
            ],
        )
        return int(cursor.lastrowid or 0)
