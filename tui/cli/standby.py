"""Hand a command to the user's standby process (README, "Quick commands").

A command in a process of its own spends most of its time importing click,
pydantic and the models before its few milliseconds of work (``python -m
bench.cli`` shows both). The standby process keeps them loaded: this process passes
it the command line, the environment, the working folder, the umask and its own
standard streams (the file descriptors themselves, so output, prompts and
``isatty`` are the terminal's), over a Unix socket in a folder only this user
may open. The standby process forks a child that runs the command as this
process would, and sends back its process id (ctrl-c and other signals are
forwarded to it) and, at the end, its exit status.

When there is no standby process this one runs the command itself and starts one
for the next command. The dashboard, ``demo`` and ``serve`` always run here: they
own the terminal or live long. ``XDEPT_STANDBY=0`` turns the standby process off.
Only the standard library's cheapest modules are imported here: what this module
costs is the whole cost of a quick command.
"""

import marshal
import os
import signal
import socket
import stat
import struct
import sys
import zlib

# Global options that take a value: the command is the first word after them.
VALUE_OPTIONS = frozenset({"--db", "--as", "--lang", "--theme"})
FLAG_OPTIONS = frozenset({"--read-only"})
RUN_HERE = frozenset({"demo", "serve"})  # open the dashboard, or live long
# Replies: 1 byte and a signed 32-bit number.
REPLY = struct.Struct("!ci")
RUN_IT_YOURSELF, STARTED, EXITED = b"L", b"P", b"X"
STALE = 1  # with RUN_IT_YOURSELF: the program changed, and that standby process has ended
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
OFF = frozenset({"0", "off", "no", "false"})


def hand_over(argv: list[str]) -> int | None:
    """The exit status of the command when the standby process ran it; None when this
    process is to run it (and, if there was no standby process, one is starting)."""
    if not may_hand_over(argv[1:]):
        return None
    path = socket_path()
    if path is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except (FileNotFoundError, ConnectionRefusedError):
        conn.close()
        start(path)
        return None
    except OSError:
        conn.close()
        return None
    with conn:
        return _run_there(conn, argv, path)


def may_hand_over(args: list[str]) -> bool:
    """Whether the command line names a command the standby process may run."""
    if os.environ.get("XDEPT_STANDBY", "").strip().lower() in OFF:
        return False
    if sys.platform != "linux" or not hasattr(socket, "send_fds"):
        return False  # SO_PEERCRED, which proves who is asking, is Linux's
    command = command_word(args)
    return command is not None and command not in RUN_HERE


def command_word(args: list[str]) -> str | None:
    """The first word after the global options: the command (or an option click will
    judge); None when there is none (the dashboard) or a global option lacks its value.
    ``--help`` and ``--version`` count as a command: they only print."""
    position = 0
    while position < len(args):
        arg = args[position]
        if arg in VALUE_OPTIONS:
            position += 2
        elif arg in FLAG_OPTIONS or arg.partition("=")[0] in VALUE_OPTIONS:
            position += 1
        else:
            return arg
    return None


def socket_path() -> str | None:
    """The standby process's socket for this user and this installation; None when its
    folder is not this user's alone (then no standby process is used)."""
    uid = os.getuid()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        folder = os.path.join(runtime, "xdept-tui")
    else:
        folder = os.path.join(os.environ.get("TMPDIR") or "/tmp", f"xdept-tui-{uid}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        found = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != uid or found.st_mode & 0o077:
        return None
    key = zlib.crc32(repr(installation()).encode("utf-8", "surrogatepass"))
    return os.path.join(folder, f"standby-{key:08x}.sock")


def installation() -> tuple[str, tuple[str, ...], int]:
    """What makes two processes run the same program: the interpreter, its import path
    and its UTF-8 mode. The standby process serves only requests that match its own."""
    return (sys.executable, tuple(sys.path), sys.flags.utf8_mode)


def start(path: str) -> None:
    """Start a standby process for the next command, detached from this terminal."""
    import subprocess

    code = (
        f"import sys; sys.path[:] = {sys.path!r}; "
        f"from tui.cli.standby_process import serve; serve({path!r})"
    )
    try:
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/",
            start_new_session=True,
        )
    except OSError:
        return  # this command runs here all the same


def _run_there(conn: socket.socket, argv: list[str], path: str) -> int | None:
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if any(stream is None for stream in streams):
        return None  # a closed standard stream: let Python's own handling speak
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        request = marshal.dumps(
            (
                installation(),
                argv,
                dict(os.environ),
                os.getcwd(),
                umask,
                os.getgroups(),
                [(stream.encoding, stream.errors) for stream in streams],
            )
        )
    except (OSError, ValueError):
        return None  # the working folder is gone, or a value marshal cannot carry
    child = Child()
    previous = {signum: signal.signal(signum, child.forward) for signum in FORWARDED}
    try:
        socket.send_fds(conn, [struct.pack("!I", len(request)) + request], [0, 1, 2])
        kind, pid = _reply(conn)
        if kind != STARTED:  # nothing ran
            if kind == RUN_IT_YOURSELF and pid == STALE:
                start(path)  # for the new program
            return child.interrupted()
        child.started(pid)
        kind, status = _reply(conn)
    except OSError:
        kind = b""
        if child.pid is None:
            return child.interrupted()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if kind != EXITED:
        return _lost()
    return status


class Child:
    """The child running the command: signals this process gets are passed on to it."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.pending: list[int] = []

    def forward(self, signum: int, _frame: object) -> None:
        if self.pid is None:
            self.pending.append(signum)
            return
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            return  # it has just ended

    def interrupted(self) -> int | None:
        """When nothing ran: the status of a signal that came meanwhile (ctrl-c: 130, as
        the command would have ended), else None (the command is to run here)."""
        return 128 + self.pending[0] if self.pending else None

    def started(self, pid: int) -> None:
        self.pid = pid
        for signum in self.pending:
            self.forward(signum, None)


def _reply(conn: socket.socket) -> tuple[bytes, int]:
    """One reply; an empty kind when the standby process hung up."""
    data = b""
    while len(data) < REPLY.size:
        chunk = conn.recv(REPLY.size - len(data))
        if not chunk:
            return b"", 0
        data += chunk
    kind, value = REPLY.unpack(data)
    return kind, value


def _lost() -> int:
    """The child ended without saying how (killed, or it crashed): say so, exit 1."""
    from tui.cli.errors import say
    from tui.i18n import _, set_language

    set_language()
    say(_("the command ended abruptly, before it finished (its process was killed or crashed)"))
    return 1
