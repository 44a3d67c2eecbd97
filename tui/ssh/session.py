"""One SSH session: its own pseudo-terminal and its own ``xdept-tui`` process.

The child is the ordinary app, started as the key's member (``--as``) with the
client's ``TERM`` and size, in a new session whose controlling terminal is the
pseudo-terminal: the kernel then tells it of every resize (SIGWINCH) and hangs it up
(SIGHUP) when the connection goes. Bytes pass through unchanged both ways; the
server only watches the keys' times, for the idle timeout.

A session that is not an interactive terminal (a command, a subsystem such as SFTP,
``ssh -T``) or that comes when the server is full gets one line on stderr and exit
status 1, and is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import struct
import termios
import time
from typing import TYPE_CHECKING, Any

import asyncssh

from store import ssh_log
from tui.i18n import _

if TYPE_CHECKING:
    from tui.ssh.server import Gate

# How long a hung-up app has to save its presence and go before it is killed.
HANG_UP_GRACE = 5.0
READ_SIZE = 65536


def _take_terminal() -> None:
    """In the child, after ``setsid``: make its pseudo-terminal the controlling one.
    (``subprocess`` cannot otherwise; ``pty.fork`` would, but forks a threaded server.)"""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def set_size(fd: int, width: int, height: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


class Session(asyncssh.SSHServerSession[bytes]):
    """The SSH channel on one side, the app's pseudo-terminal on the other."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term = ""
        self.size = (80, 24)
        self.refusal: tuple[str, str] | None = None
        self.master = -1
        self.child: asyncio.subprocess.Process | None = None
        self.pending = b""  # keys the app has not read yet
        self.last_key = time.monotonic()
        self.log_id = 0
        self.closing = False
        self.farewell = ""  # the line said when the session ends

    # The client's requests, before the session starts.
    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        self.term = term_type or "xterm"
        width, height = term_size[0], term_size[1]
        self.size = (width or 80, height or 24)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.refusal = ("command", command)
        return True  # accepted, to say why not on stderr

    def subsystem_requested(self, subsystem: str) -> bool:
        self.refusal = ("subsystem", subsystem)
        return True

    def session_started(self) -> None:
        asyncio.get_running_loop().create_task(self._start())

    async def _start(self) -> None:
        gate, server = self.gate, self.gate.server
        refusal = self.refusal
        if refusal is None and not self.term:
            refusal = ("no_pty", "")
        if refusal is None and server.full():
            refusal = ("full", str(server.settings.max_sessions))
        if refusal is not None:
            await self._refuse(*refusal)
            return
        owner = gate.owner
        assert owner is not None  # a session exists only after sign-in
        server.sessions.add(self)
        try:
            self.log_id = await server.run_db(
                ssh_log.started,
                address=gate.address,
                username=gate.username,
                fingerprint=gate.fingerprint,
                member_id=owner.member_id,
                login=owner.login,
            )
            await self._spawn(owner.login, owner.member_id)
        except Exception as error:  # the app could not start: say so, end the session
            self._say(_("xdept-tui: the app could not start: {error}").format(error=error))
            await self._end(1)
            raise

    async def _refuse(self, reason: str, detail: str) -> None:
        gate, server = self.gate, self.gate.server
        lines = {
            "command": _(
                "xdept-tui: this server runs the project's app only, not commands; "
                "connect without one: ssh -p {port} {host}"
            ),
            "subsystem": _(
                "xdept-tui: this server runs the project's app only: no SFTP or other "
                "subsystem, and no files; connect with: ssh -p {port} {host}"
            ),
            "no_pty": _(
                "xdept-tui: the app needs a terminal: connect without -T (or with -t): "
                "ssh -t -p {port} {host}"
            ),
            "full": _(
                "xdept-tui: the server already has {limit} sessions, its limit: try again later"
            ),
        }
        self._say(
            lines[reason].format(
                port=server.settings.port, host=server.settings.shown_host, limit=detail
            )
        )
        await self._close(1)
        await gate.log_refusal(reason, detail)

    def _say(self, line: str) -> None:
        self._send((line + "\r\n").encode(), stderr=True)

    def _send(self, data: bytes, *, stderr: bool = False) -> None:
        """To the client, unless the channel is gone (its end may close at any time)."""
        if self.chan is None or self.closing:
            return
        try:
            (self.chan.write_stderr if stderr else self.chan.write)(data)
        except BrokenPipeError:
            self.closing = True

    async def _spawn(self, login: str, member_id: int) -> None:
        server = self.gate.server
        master, slave = os.openpty()
        self.master = master
        set_size(master, *self.size)
        env = server.child_env(self.term, login, member_id, self._client_env())
        try:
            self.child = await asyncio.create_subprocess_exec(
                *server.child_command(login),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                preexec_fn=_take_terminal,
            )
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        loop = asyncio.get_running_loop()
        loop.add_reader(master, self._output)
        if self.closing:  # the client went while the app was starting
            self.hang_up()
        status = await self.child.wait()
        await self._end(status)

    def _client_env(self) -> dict[str, str]:
        assert self.chan is not None
        env = self.chan.get_environment()
        return {str(k): str(v) for k, v in env.items()}

    # The app's output, to the client.
    def _output(self) -> None:
        try:
            data = os.read(self.master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError as error:  # EIO: every copy of the terminal is closed (the app ended)
            if error.errno != errno.EIO:
                raise
            data = b""
        if not data:
            self._stop_reading()
            return
        self._send(data)

    def _drain(self) -> None:
        """What the app wrote last (leaving the alternate screen, showing the cursor)
        reaches the client even when the app is already gone."""
        while True:
            try:
                data = os.read(self.master, READ_SIZE)
            except OSError:  # nothing more now (EAGAIN), or every copy is closed (EIO)
                return
            if not data:
                return
            self._send(data)

    def _stop_reading(self) -> None:
        if self.master >= 0:
            asyncio.get_running_loop().remove_reader(self.master)

    def pause_writing(self) -> None:
        """The client reads slower than the app writes: let the app wait."""
        self._stop_reading()

    def resume_writing(self) -> None:
        if self.master >= 0 and not self.closing:
            asyncio.get_running_loop().add_reader(self.master, self._output)

    # The client's keys and resizes, to the app.
    def data_received(self, data: bytes, datatype: Any) -> None:
        self.last_key = time.monotonic()
        if self.master < 0 or self.closing:
            return
        self.pending += data
        self._input()

    def _input(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            written = os.write(self.master, self.pending)
        except BlockingIOError:
            written = 0
        except OSError:
            self.pending = b""
            return
        self.pending = self.pending[written:]
        if self.pending:
            loop.add_writer(self.master, self._input)
            if self.chan is not None:
                self.chan.pause_reading()
        else:
            loop.remove_writer(self.master)
            if self.chan is not None:
                self.chan.resume_reading()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (width or self.size[0], height or self.size[1])
        if self.master >= 0:
            set_size(self.master, *self.size)  # the kernel sends the app SIGWINCH

    def break_received(self, msec: int) -> bool:
        return False

    def eof_received(self) -> bool:
        return True  # the client sends no more keys: the app's output still goes to it

    def connection_lost(self, exc: Exception | None) -> None:
        """The client went (its window closed, the network dropped): hang the app up."""
        self.closing = True
        if self.master >= 0:  # read on (and drop) what the app writes while it leaves
            asyncio.get_running_loop().add_reader(self.master, self._output)
        self.hang_up()

    def hang_up(self) -> None:
        """SIGHUP to the app (it saves its presence and goes), SIGKILL if it lingers."""
        child = self.child
        if child is None or child.returncode is not None:
            return
        _signal(child.pid, signal.SIGHUP)
        asyncio.get_running_loop().call_later(HANG_UP_GRACE, _kill_if_alive, child)

    async def idle_close(self) -> None:
        """Said once the app has put the terminal back, so it stays on the screen."""
        self.farewell = _(
            "xdept-tui: closed after {limit} without a key; nothing saved was lost"
        ).format(limit=self.gate.server.settings.idle_text)
        self.hang_up()

    async def _end(self, status: int | None) -> None:
        server = self.gate.server
        server.sessions.discard(self)
        if self.master >= 0:
            loop = asyncio.get_running_loop()
            loop.remove_reader(self.master)
            loop.remove_writer(self.master)
            self._drain()
            os.close(self.master)
            self.master = -1
        if self.farewell:
            self._say(self.farewell)
        if self.log_id:
            await server.run_db(ssh_log.ended, self.log_id, status)
        await self._close(0 if status is None or status < 0 else status)

    async def _close(self, status: int) -> None:
        if self.chan is not None and not self.closing:
            self.closing = True
            self.chan.exit(status)


def _signal(pid: int, sig: int) -> None:
    """To the app's whole process group (it leads one of its own)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def _kill_if_alive(child: asyncio.subprocess.Process) -> None:
    if child.returncode is None:
        _signal(child.pid, signal.SIGKILL)
