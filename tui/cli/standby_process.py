"""The standby process: the command line kept loaded for one user, a child per command.

Started by the first command that found none (``standby.start``). It imports
click, pydantic, the models and every command, then waits on its socket. Each
request is checked before anything runs: it comes from this user (the kernel
says who is connecting), from the same interpreter and import path, with the
same groups, and the installed program has not changed since this process
started (if it has, the request is sent back to be run by its own process and
this one ends, so an upgrade is never answered by old code). Then a forked child
takes the request's standard streams, working folder, environment, umask and
locale, and runs the command exactly as the requesting process would.

It ends after ``IDLE_SECONDS`` without a request, or within ``POLL_SECONDS``
once its socket file is removed or replaced: ``rm`` of the socket stops it.
It opens no database and starts no thread, so forking it is safe.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import locale
import marshal
import os
import pkgutil
import select
import signal
import socket
import struct
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path

from tui.cli.standby import EXITED, REPLY, RUN_IT_YOURSELF, STALE, STARTED, installation

IDLE_SECONDS = 600.0
POLL_SECONDS = 2.0
REQUEST_SECONDS = 5.0  # a client that connects and says nothing does not hold the others
MAX_REQUEST = 1 << 20
PACKAGES = ("tui", "store", "themes")
LENGTH = struct.Struct("!I")
PEER = struct.Struct("3i")  # SO_PEERCRED: pid, uid, gid


def serve(path: str) -> None:
    """Listen on ``path`` until idle, stale or replaced; nothing if another one listens."""
    listener = _listen(path)
    if listener is None:
        return
    with listener:
        roots = _package_roots()
        built = fingerprint(roots)  # before loading: a change while it loads is seen
        _load()
        mine = os.stat(path).st_ino
        last = time.monotonic()
        while _still_mine(path, mine):
            ready, _w, _x = select.select([listener], [], [], POLL_SECONDS)
            _reap()
            if ready:
                last = time.monotonic()
                conn, _address = listener.accept()
                with conn:
                    if fingerprint(roots) != built:
                        os.unlink(path)  # first, so the next standby process can take it
                        _reply(conn, RUN_IT_YOURSELF, STALE)
                        break
                    _take(conn, listener)
            elif time.monotonic() - last > IDLE_SECONDS:
                break
        if _still_mine(path, mine):
            os.unlink(path)


def _listen(path: str) -> socket.socket | None:
    """The listening socket at ``path``, or None when a live standby process has it."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    os.umask(0o077)
    try:
        listener.bind(path)
    except OSError as error:
        if error.errno != errno.EADDRINUSE or _answers(path):
            listener.close()
            return None
        os.unlink(path)  # left by a standby process that was killed
        listener.bind(path)
    listener.listen(16)
    return listener


def _answers(path: str) -> bool:
    """Whether a standby process listens at ``path``."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except OSError:
            return False
        return True


def _load() -> None:
    """Import what commands use, then freeze it so children share the pages."""
    import store
    import tui.cli.root  # noqa: F401  (click, every command module)

    for module in pkgutil.iter_modules(store.__path__, "store."):
        import_module(module.name)
    gc.collect()
    gc.freeze()


def _package_roots() -> list[Path]:
    return [Path(root) for name in PACKAGES for root in import_module(name).__path__]


def fingerprint(roots: Iterable[Path]) -> int:
    """A number that changes when the installed program or its libraries change: every
    file under ``roots`` (this program's packages), and every folder of the import path
    (installing or removing a library changes its folder)."""
    seen: list[tuple[str, int, int]] = []
    for root in roots:
        seen.extend(_files(root))
    for entry in sys.path:
        with contextlib.suppress(OSError):
            found = os.stat(entry or ".")
            seen.append((entry, found.st_mtime_ns, found.st_size))
    return hash(tuple(seen))


def _files(root: Path) -> Iterator[tuple[str, int, int]]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                found = os.stat(path)
                yield path, found.st_mtime_ns, found.st_size


def _still_mine(path: str, inode: int) -> bool:
    try:
        return os.stat(path).st_ino == inode
    except OSError:
        return False


def _reap() -> None:
    """Collect the children that have ended."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _take(conn: socket.socket, listener: socket.socket) -> None:
    """Fork a child to run the request, or tell the client to run it itself."""
    fds: list[int] = []
    try:
        request = _request(conn, fds)
        if not _acceptable(conn, request, fds):
            _reply(conn, RUN_IT_YOURSELF, 0)
        elif os.fork() == 0:
            _child(conn, listener, request, fds)  # does not return
    except (OSError, ValueError, EOFError, TypeError):
        _reply(conn, RUN_IT_YOURSELF, 0)  # nothing ran: the client runs the command
    finally:
        for fd in fds:
            os.close(fd)


def _request(conn: socket.socket, fds: list[int]) -> tuple:
    """The request, its standard streams appended to ``fds`` (closed by the caller)."""
    conn.settimeout(REQUEST_SECONDS)
    data, received, _flags, _address = socket.recv_fds(conn, 1 << 16, 3)
    fds.extend(received)
    while len(data) < LENGTH.size:
        data += _more(conn)
    (length,) = LENGTH.unpack_from(data)
    if length > MAX_REQUEST:
        raise ValueError("request too long")
    while len(data) < LENGTH.size + length:
        data += _more(conn)
    request = marshal.loads(data[LENGTH.size :])
    conn.settimeout(None)
    if not isinstance(request, tuple) or len(request) != 7:
        raise ValueError("not a request")
    return request


def _more(conn: socket.socket) -> bytes:
    chunk = conn.recv(1 << 16)
    if not chunk:
        raise EOFError
    return chunk


def _acceptable(conn: socket.socket, request: tuple, fds: list[int]) -> bool:
    """The same user, groups, interpreter and import path as this process, and three streams."""
    _pid, uid, gid = PEER.unpack(conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, PEER.size))
    identity, _argv, _env, _cwd, _umask, groups, _encodings = request
    return (
        uid == os.getuid()
        and gid == os.getgid()
        and sorted(groups) == sorted(os.getgroups())
        and identity == installation()
        and len(fds) == 3
    )


def _child(conn: socket.socket, listener: socket.socket, request: tuple, fds: list[int]) -> None:
    """In the forked child: become the requesting process, run the command, report, end."""
    _identity, argv, env, cwd, umask, _groups, encodings = request
    try:
        listener.close()
        os.setpgid(0, 0)  # apart from the standby process: a signal to it spares the others
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        os.umask(umask)
        time.tzset()
        with contextlib.suppress(locale.Error):
            locale.setlocale(locale.LC_CTYPE, "")
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        fds.clear()
        _streams(encodings)
        sys.argv = list(argv)
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    except Exception:
        _reply(conn, RUN_IT_YOURSELF, 0)
        os._exit(0)
    _reply(conn, STARTED, os.getpid())
    _reply(conn, EXITED, _run())
    os._exit(0)


def _streams(encodings: list[tuple[str, str]]) -> None:
    """New standard streams on descriptors 0–2, with the requesting process's encodings."""
    (in_enc, in_err), (out_enc, out_err), (err_enc, err_err) = encodings
    sys.stdin = open(0, encoding=in_enc, errors=in_err, closefd=False)  # noqa: SIM115
    stdout = open(1, "w", encoding=out_enc, errors=out_err, closefd=False)  # noqa: SIM115
    stdout.reconfigure(line_buffering=stdout.isatty())
    sys.stdout = stdout
    sys.stderr = io.TextIOWrapper(
        open(2, "wb", buffering=0, closefd=False),  # noqa: SIM115
        encoding=err_enc,
        errors=err_err,
        line_buffering=True,
        write_through=True,
    )


def _run() -> int:
    """Run the command line; its exit status, as the interpreter would end with it."""
    from tui.cli import PROG
    from tui.cli.root import main

    try:
        main(prog_name=PROG)
        code = 0
    except SystemExit as done:
        code = _status(done.code)
    except BaseException:
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    return code


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _reply(conn: socket.socket, kind: bytes, value: int) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(REPLY.pack(kind, value))
