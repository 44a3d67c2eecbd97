"""The SSH server: public keys of roster members in, everything else out, and a log.

Only public-key sign-in is offered; a key is looked up in the project file at each
attempt (``store.ssh_keys``), so keys added or removed while the server runs count at
once. Passwords and keyboard-interactive are not offered at all, so no one is ever
asked for one. An address whose connections keep failing waits before each new
attempt, longer each time. Forwarding of ports, sockets, the agent and X11 is
refused. Every session and every refusal is written to the project's SSH log
(``store.ssh_log``), from one database thread so the event loop never waits on the
file.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import asyncssh

from store import ssh_keys, ssh_log
from tui.ssh.session import HANG_UP_GRACE, Session

if TYPE_CHECKING:
    from store.db import Store
    from store.ssh_keys import KeyOwner

T = TypeVar("T")

# Failed connections from one address within FAILURE_WINDOW seconds: from the
# FREE_FAILURES-th on, each new one waits 1, 2, 4 … up to MAX_DELAY seconds.
FAILURE_WINDOW = 15 * 60
FREE_FAILURES = 3
MAX_DELAY = 30.0
LOGIN_TIMEOUT = 60  # seconds to sign in
# Seconds a signed-in connection may go without opening a session (``ssh -N``):
# everything but the app is refused, so it could only hold a connection open.
SESSION_TIMEOUT = 60.0
IDLE_CHECK = 30.0  # seconds between looks for idle sessions
# What a client may say about its terminal and language to the app (OpenSSH sends
# LANG and LC_* by default); nothing else of the client's environment passes.
CLIENT_ENV = ("LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "COLORTERM", "NO_COLOR")


@dataclass(frozen=True)
class Settings:
    database: Path
    host: str
    port: int
    max_sessions: int
    idle_timeout: float  # seconds; 0: never
    idle_text: str  # as the operator wrote it ("2h")
    data_dir: Path  # the host key, the served members' settings

    @property
    def shown_host(self) -> str:
        """The host as a client would type it in ``ssh -p PORT HOST``."""
        return "HOST" if self.host in ("", "0.0.0.0", "::") else self.host


@dataclass
class Server:
    """What every connection shares: the settings, the open sessions, the failures."""

    settings: Settings
    sessions: set[Session] = field(default_factory=set)
    failures: defaultdict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="xdept-serve-db")
    )
    _local: threading.local = field(default_factory=threading.local)

    def full(self) -> bool:
        return len(self.sessions) >= self.settings.max_sessions

    async def run_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(store, *args, **kwargs)`` in the database thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, lambda: fn(self._store(), *args, **kwargs))

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            from store.db import Store, default_actor

            store = self._local.store = Store(self.settings.database, default_actor())
        return store

    def delay(self, ip: str) -> float:
        """How long a new attempt from ``ip`` waits, after its recent failures."""
        recent = self.failures[ip]
        while recent and recent[0] < time.monotonic() - FAILURE_WINDOW:
            recent.popleft()
        if len(recent) < FREE_FAILURES:
            return 0.0
        return min(MAX_DELAY, 2.0 ** (len(recent) - FREE_FAILURES))

    def failed(self, ip: str) -> None:
        self.failures[ip].append(time.monotonic())

    def child_command(self, login: str) -> list[str]:
        return [sys.executable, "-m", "tui.cli", "--db", str(self.settings.database), "--as", login]

    def child_env(
        self, term: str, login: str, member_id: int, client: dict[str, str]
    ) -> dict[str, str]:
        """The app's environment: the server's path and language, the client's terminal
        type and language, and the member's own settings file (theme, keymap)."""
        env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
        env |= {name: value for name, value in client.items() if name in CLIENT_ENV}
        if "XDEPT_LANG" in os.environ:  # the operator's choice wins over the client's locale
            env["XDEPT_LANG"] = os.environ["XDEPT_LANG"]
        env |= {
            "TERM": term,
            "XDEPT_USER": login,
            "XDEPT_SERVED": "1",
            "XDEPT_CONFIG": str(self.settings.data_dir / "served" / f"member-{member_id}.json"),
        }
        return env

    async def stop(self) -> None:
        """Hang up every session; wait until their apps have gone (a few seconds)."""
        for session in list(self.sessions):
            session.hang_up()
        deadline = time.monotonic() + 2 * HANG_UP_GRACE
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.pool.shutdown(wait=True)

    async def close_idle(self) -> None:
        """Every IDLE_CHECK seconds: end the sessions without a key for too long."""
        limit = self.settings.idle_timeout
        while limit:
            await asyncio.sleep(min(IDLE_CHECK, limit))
            now = time.monotonic()
            for session in list(self.sessions):
                if now - session.last_key >= limit:
                    await session.idle_close()


class Gate(asyncssh.SSHServer):
    """One connection: who it is (by key), from where; refusals logged as they happen."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.connection: asyncssh.SSHServerConnection | None = None
        self.address = ""
        self.ip = ""
        self.username = ""
        self.owner: KeyOwner | None = None
        self.fingerprint = ""
        self.tried: list[str] = []  # fingerprints of keys on no member
        self.told = False
        # A known key offered is not a sign-in until its signature proves the private
        # key: a member's public key is public.
        self.signed_in = False
        self.opened = False  # a session asked for

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.connection = conn
        peer = conn.get_extra_info("peername") or ("", 0)
        self.ip = str(peer[0])
        self.address = f"[{peer[0]}]:{peer[1]}" if ":" in self.ip else f"{peer[0]}:{peer[1]}"

    def connection_lost(self, exc: Exception | None) -> None:
        if self.signed_in:
            return
        self.server.failed(self.ip)
        owner = self.owner
        if self.tried or owner is None:
            reason, fingerprints = ("unknown_key" if self.tried else "no_key"), self.tried
            owner = None
        else:
            reason, fingerprints = "unproven_key", [self.fingerprint]
        asyncio.get_running_loop().create_task(
            self.server.run_db(
                ssh_log.refused,
                reason,
                address=self.address,
                username=self.username,
                fingerprint=", ".join(dict.fromkeys(fingerprints)),
                member_id=owner.member_id if owner else None,
                login=owner.login if owner else "",
            )
        )

    async def begin_auth(self, username: str) -> bool:
        self.username = username
        delay = self.server.delay(self.ip)
        if delay:
            await asyncio.sleep(delay)
        return True

    def auth_completed(self) -> None:
        self.signed_in = True
        asyncio.get_running_loop().call_later(SESSION_TIMEOUT, self._without_session)

    def _without_session(self) -> None:
        if self.opened or self.connection is None:
            return
        self._refuse("no_session")
        self.connection.close()

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        fingerprint = key.get_fingerprint("sha256")
        owner = await self.server.run_db(ssh_keys.owner, fingerprint)
        if owner is not None and owner.login:
            self.owner, self.fingerprint = owner, fingerprint
            return True
        self.tried.append(fingerprint)
        if not self.told and self.connection is not None:
            self.told = True
            from tui.i18n import _

            self.connection.send_auth_banner(
                _(
                    "xdept-tui: key {fingerprint} is on no member of this project. Send your "
                    "public key (the .pub file) to the project manager, who adds it with: "
                    "xdept-tui key add YOUR-NAME FILE"
                ).format(fingerprint=fingerprint)
                + "\r\n"
            )
        return False

    def session_requested(self) -> Session:
        self.opened = True
        return Session(self)

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        self._refuse("forwarding", f"{dest_host}:{dest_port}")
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
            "xdept-tui serves the project's app only: no port forwarding",
        )

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._refuse("forwarding", f"{listen_host}:{listen_port}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._refuse("forwarding", dest_path)
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self._refuse("forwarding", listen_path)
        return False

    def _refuse(self, reason: str, detail: str = "") -> None:
        asyncio.get_running_loop().create_task(self.log_refusal(reason, detail))

    async def log_refusal(self, reason: str, detail: str = "") -> None:
        """Log what this connection was refused, as whom it signed in."""
        owner = self.owner
        await self.server.run_db(
            ssh_log.refused,
            reason,
            address=self.address,
            username=self.username,
            fingerprint=self.fingerprint,
            member_id=owner.member_id if owner else None,
            login=owner.login if owner else "",
            detail=detail,
        )


async def serve(
    settings: Settings, host_key: asyncssh.SSHKey
) -> tuple[Server, asyncssh.SSHAcceptor]:
    """Listen; returns the server and the acceptor (``close()`` it to stop)."""
    server = Server(settings)
    acceptor = await asyncssh.create_server(
        lambda: Gate(server),
        settings.host,
        settings.port,
        server_host_keys=[host_key],
        encoding=None,
        allow_pty=True,
        agent_forwarding=False,
        x11_forwarding=False,
        login_timeout=LOGIN_TIMEOUT,
        server_version="xdept-tui",
    )
    server.settings = replace(settings, port=acceptor.get_port())  # --port 0: the one chosen
    if settings.idle_timeout:
        asyncio.get_running_loop().create_task(server.close_idle())
    return server, acceptor
