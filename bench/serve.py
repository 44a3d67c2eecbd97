"""Time and weigh the app served over SSH (``xdept-tui serve``), beside the same app run
in a local terminal: the yardstick in the same run.

Run from the repository root as ``python -m bench.serve`` (``--quick``: fewer runs, a
shorter idle span). The distribution's OpenSSH client connects over the loopback, in a
pseudo-terminal of this script's (120×40, ``TERM=xterm-256color``), exactly as a
person's terminal would; the local yardstick is ``xdept-tui`` in such a terminal too.
Prints one table; the exit status is 0 whatever the numbers (a measurement, not a test).

- First paint: from starting ``ssh`` (or the local app) to the first bytes of the
  dashboard's header ("Dashboard") on the terminal: the SSH handshake, the key check,
  the session's new process, interpreter start-up and the app's first frame.
- Key echo: with the app settled (no output for 200 ms), a key (down/up in the
  dashboard's list, moving its highlight) is written to the terminal; the latency ends
  at the first byte of the answer. SSH's own share is the served median minus the
  local one.
- Memory: 20 sessions open and painted; each session's app process (PSS, so shared
  library pages count once) and the server's growth per session.
- Idle CPU: the server and the 20 apps' CPU time over wall time, nobody typing.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

from bench.app import Row, cpu_check, median, table

SIZE = (120, 40)
MARK = b"Dashboard"
DOWN, UP = b"\x1b[B", b"\x1b[A"


class Terminal:
    """A process in a pseudo-terminal of ours; a thread reads everything it writes,
    stamping each chunk, so it never blocks on a full terminal."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.chunks: list[tuple[float, bytes]] = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _w, _x = select.select([self.master], [], [], 1.0)
                if not ready:
                    if self.process.poll() is not None:
                        return
                    continue
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.chunks.append((time.perf_counter(), data))

    def output(self) -> bytes:
        with self.lock:
            return b"".join(data for _t, data in self.chunks)

    def first(self, mark: bytes, timeout: float = 60.0) -> float:
        """Seconds from start to the chunk that completes ``mark``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                seen = b""
                for stamp, data in self.chunks:
                    seen += data
                    if mark in seen:
                        return stamp - self.started
            time.sleep(0.005)
        raise TimeoutError(f"no {mark!r} after {timeout} s: {self.output()[-300:]!r}")

    def quiet(self, span: float = 0.2, timeout: float = 30.0) -> None:
        """Until nothing has been written for ``span`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                last = self.chunks[-1][0] if self.chunks else self.started
            if time.perf_counter() - last >= span:
                return
            time.sleep(0.01)

    def echo(self, key: bytes, timeout: float = 10.0) -> float:
        """Milliseconds from writing ``key`` to the first byte of the answer."""
        with self.lock:
            count = len(self.chunks)
        sent = time.perf_counter()
        os.write(self.master, key)
        deadline = sent + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                if len(self.chunks) > count:
                    return (self.chunks[count][0] - sent) * 1000
            time.sleep(0.0005)
        raise TimeoutError("no answer to a key")

    def close(self) -> None:
        with_signal(self.process, signal.SIGHUP)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with_signal(self.process, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def with_signal(process: subprocess.Popen[bytes], number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, number)


# --- set-up ---------------------------------------------------------------------------


def env(workdir: Path) -> dict[str, str]:
    return os.environ | {
        "XDG_DATA_HOME": str(workdir / "data"),
        "XDEPT_CONFIG": str(workdir / "settings.json"),
        "XDEPT_LANG": "en",
        "TERM": "xterm-256color",
    }


def xdept(workdir: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        input=stdin,
        capture_output=True,
        check=True,
        env=env(workdir) | {"XDEPT_USER": "tester"},
    )
    return done.stdout.decode()


def project(workdir: Path) -> tuple[Path, Path]:
    """The demo (its PM's login is ``tester``), a key for the PM; returns db and key."""
    db = workdir / "demo.db"
    xdept(workdir, "--db", str(db), "demo", "--no-open")
    key = workdir / "id_bench"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    xdept(workdir, "--db", str(db), "key", "add", "杨帆", str(key) + ".pub")
    return db, key


def start_server(workdir: Path, db: Path) -> tuple[subprocess.Popen[str], int]:
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db), "serve", "--port", "0",
         "--idle-timeout", "0", "--max-sessions", "100"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env(workdir) | {"XDEPT_USER": "tester"},
    )  # fmt: skip
    assert server.stdout is not None
    for line in server.stdout:
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if found:
            threading.Thread(target=server.stdout.read, daemon=True).start()
            return server, int(found.group(1))
    raise RuntimeError("the server did not start")


def ssh(workdir: Path, port: int, key: Path) -> Terminal:
    command = [
        "ssh", "-F", "/dev/null", "-tt", "-p", str(port), "-i", str(key),
        "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "127.0.0.1",
    ]  # fmt: skip
    return Terminal(command, env(workdir))


def local(workdir: Path, db: Path) -> Terminal:
    command = [sys.executable, "-m", "tui.cli", "--db", str(db), "--as", "tester"]
    return Terminal(command, env(workdir))


# --- measures -------------------------------------------------------------------------


def first_paint(workdir: Path, db: Path, port: int, key: Path, runs: int) -> list[Row]:
    served: list[float] = []
    alone: list[float] = []
    for _run in range(runs + 1):  # the first of each is a warm-up
        for kind, into in (("ssh", served), ("local", alone)):
            term = ssh(workdir, port, key) if kind == "ssh" else local(workdir, db)
            try:
                into.append(term.first(MARK) * 1000)
                term.quiet()
            finally:
                term.close()
    served, alone = served[1:], alone[1:]
    return [
        Row("served: connect to first paint", served, note="OpenSSH client over loopback"),
        Row("local app: start to first paint", alone, note="the yardstick"),
        Row(
            "served ÷ local, first paint",
            [median(served) / median(alone)],
            unit="×",
            note="ratio of medians",
        ),
    ]


def key_echo(workdir: Path, db: Path, port: int, key: Path, presses: int) -> list[Row]:
    times: dict[str, list[float]] = {"ssh": [], "local": []}
    terms = {"ssh": ssh(workdir, port, key), "local": local(workdir, db)}
    try:
        for term in terms.values():
            term.first(MARK)
            time.sleep(2.0)  # the dashboard's data and the presence beat arrive
            term.quiet(0.5)
        for press in range(presses):
            for kind in ("ssh", "local"):  # interleaved: load drifts hit both
                term = terms[kind]
                times[kind].append(term.echo(DOWN if press % 2 == 0 else UP))
                term.quiet()
    finally:
        for term in terms.values():
            term.close()
    extra = median(times["ssh"]) - median(times["local"])
    return [
        Row("key echo through SSH", times["ssh"], note="down/up in the dashboard's list"),
        Row("key echo, local app", times["local"], note="the app's own"),
        Row(
            "SSH on top of the app's own",
            [extra],
            target="median ≤ 16 ms",
            ok=extra <= 16,
            note="served median − local median",
        ),
    ]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def twenty(
    workdir: Path, server: subprocess.Popen[str], port: int, key: Path, sessions: int, idle: float
) -> list[Row]:
    before = rss_mb(server.pid)
    terms = [ssh(workdir, port, key) for _i in range(sessions)]
    try:
        for term in terms:
            term.first(MARK, timeout=120)
        time.sleep(3.0)
        for term in terms:
            term.quiet(0.5)
        apps = children(server.pid)
        pss = [pss_mb(pid) for pid in apps]
        grown = (rss_mb(server.pid) - before) * 1024 / sessions
        pids = [server.pid, *apps]
        cpu0, wall0 = sum(cpu_seconds(p) for p in pids), time.perf_counter()
        time.sleep(idle)
        cpu1, wall1 = sum(cpu_seconds(p) for p in pids), time.perf_counter()
        busy = (cpu1 - cpu0) / (wall1 - wall0) * 100
    finally:
        for term in terms:
            term.close()
    return [
        Row(f"memory: each app with {sessions} sessions", pss, unit="MB", note="PSS per process"),
        Row("memory: server's growth per session", [grown], unit="KB", note="RSS"),
        Row(
            f"idle CPU: server and {sessions} sessions",
            [busy],
            unit="%",
            note=f"of one core, over {idle:.0f} s; {busy / sessions:.2f} % each",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 start-ups, 20 keys, 10 s idle")
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args(argv)
    runs, presses, idle = (3, 20, 10.0) if args.quick else (7, 60, 30.0)
    print(f"load average {os.getloadavg()[0]:.1f}; {cpu_check()}")
    with tempfile.TemporaryDirectory(prefix="xdept-serve-bench-") as folder:
        workdir = Path(folder)
        db, key = project(workdir)
        server, port = start_server(workdir, db)
        try:
            rows = first_paint(workdir, db, port, key, runs)
            rows += key_echo(workdir, db, port, key, presses)
            rows += twenty(workdir, server, port, key, args.sessions, idle)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print(table(rows))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
