"""The standby process: a command it runs behaves exactly as one run by its own process.

Every command here is run twice on identical database files: once by a process of
its own (``XDEPT_STANDBY=0``) and once handed to a standby process, through a
small program that proves the hand-over happened (``hand_over`` returned the
status, and click was never imported by the requesting process). Output, errors,
exit status and the files written must be the same.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.cli.root import main as root
from tui.cli.standby import FLAG_OPTIONS, VALUE_OPTIONS, Child, may_hand_over, socket_path
from tui.cli.standby_process import fingerprint

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the standby process is Linux's")

TIMEOUT = 60.0
# Runs the command line through hand_over alone and says, after the command's own
# output, whether it was handed over and whether this process imported click.
HANDED = """
import sys
from tui.cli.standby import hand_over
code = hand_over(["xdept-tui", *sys.argv[1:]])
print(f"\\nhanded={code is not None} click={'click' in sys.modules}")
sys.exit(code or 0)
"""


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def peer_pid(path: str) -> int | None:
    """The standby process listening at ``path`` (the kernel says who answers)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except OSError:
            return None
        creds = probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[0]


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Standby:
    """A private standby process (its own runtime folder) and ways to run commands."""

    def __init__(self, tmp_path: Path) -> None:
        self.cwd = tmp_path
        # Not under tmp_path: a socket's path must fit in 108 bytes.
        self.runtime = runtime = Path(tempfile.mkdtemp(prefix="xdept-standby-"))
        self.env = os.environ | {"XDEPT_STANDBY": "1", "XDG_RUNTIME_DIR": str(runtime)}
        self.env.pop("XDEPT_DB", None)
        self.folder = runtime / "xdept-tui"
        self.pid: int | None = None

    def local(
        self, *args: str, env: dict[str, str] | None = None, **kw: object
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tui.cli", *args]
        return self._run(command, (env or {}) | {"XDEPT_STANDBY": "0"}, **kw)

    def handed(
        self, *args: str, env: dict[str, str] | None = None, **kw: object
    ) -> subprocess.CompletedProcess[str]:
        """Run through the standby process; fails unless it was handed over."""
        done = self._run([sys.executable, "-c", HANDED, *args], env or {}, **kw)
        assert done.stdout.endswith("\nhanded=True click=False\n"), done
        done.stdout = done.stdout.removesuffix("\nhanded=True click=False\n")
        return done

    def _run(
        self, command: list[str], env: dict[str, str], **kw: object
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # type: ignore[call-overload, no-any-return]
            command,
            cwd=self.cwd,
            env=self.env | env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            **kw,
        )

    def socket(self) -> str:
        found = list(self.folder.glob("standby-*.sock")) if self.folder.exists() else []
        return str(found[0]) if found else ""

    def start(self) -> None:
        """The first command starts the standby process; wait until it answers."""
        first = self._run([sys.executable, "-c", HANDED, "--version"], {}, stdin=subprocess.DEVNULL)
        assert "handed=False" in first.stdout, first  # none yet: it ran itself
        wait_for(lambda: bool(self.socket()) and peer_pid(self.socket()) is not None, "standby")
        self.pid = peer_pid(self.socket())

    def stop(self) -> None:
        """Removing the socket ends the standby process."""
        if self.socket():
            os.unlink(self.socket())
        if self.pid is not None:
            pid = self.pid
            wait_for(lambda: not running(pid), "the standby process to end")
        shutil.rmtree(self.runtime, ignore_errors=True)


@pytest.fixture
def standby(tmp_path: Path) -> Iterator[Standby]:
    helper = Standby(tmp_path)
    helper.start()
    yield helper
    helper.stop()


@pytest.fixture
def twin_dbs(standby: Standby) -> tuple[Path, Path]:
    """Two identical demo files: one for each way of running."""
    first = standby.cwd / "local.db"
    done = standby.local("--db", str(first), "init", "--demo")
    assert done.returncode == 0, done
    second = standby.cwd / "standby.db"
    shutil.copy(first, second)
    return first, second


CASES = [
    ["task", "list"],
    ["risk", "list", "--json"],
    ["--lang", "zh", "risk", "list"],
    ["--lang", "zh", "task", "add", "t", "--start", "nope"],
    ["task", "add", "t", "--start", "nope"],
    ["risk", "add", "[bold]x[/] \x1b[31m !high"],
    ["update", "add", "--done", "shipped", "--next", "more"],
    ["update", "list"],
    ["bogus"],
    ["task", "list", "--bogus"],
    ["--help"],
    ["risk", "--help"],
    ["check"],
    ["whoami"],
    ["risk", "add", "not UTF-8: \udcff"],
    ["--read-only", "risk", "add", "refused"],
]


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_a_command_in_the_standby_process_answers_as_its_own_process(
    standby: Standby, twin_dbs: tuple[Path, Path], args: list[str]
) -> None:
    mine, theirs = twin_dbs
    local = standby.local("--db", str(mine), *args)
    handed = standby.handed("--db", str(theirs), *args)
    assert (handed.returncode, handed.stderr) == (local.returncode, local.stderr)
    assert handed.stdout.replace(str(theirs), str(mine)) == local.stdout


def test_the_files_written_are_the_same(standby: Standby, twin_dbs: tuple[Path, Path]) -> None:
    """Relative paths are the caller's folder; the caller's clock holds."""
    mine, theirs = twin_dbs
    late = {"XDEPT_NOW": "2026-12-01T08:00:00+00:00"}
    for run, db, out in ((standby.local, mine, "a.json"), (standby.handed, theirs, "b.json")):
        done = run("--db", db.name, "risk", "add", "due soon !low", env=late)
        assert done.returncode == 0, done
        done = run("--db", db.name, "export", "json", "-o", out, env=late)
        assert done.returncode == 0, done
    a, b = standby.cwd / "a.json", standby.cwd / "b.json"
    assert a.stat().st_mode == b.stat().st_mode
    assert a.read_text().count("2026-12-01") > 0
    assert a.read_text() == b.read_text()


def test_standard_input_is_the_callers(standby: Standby, twin_dbs: tuple[Path, Path]) -> None:
    mine, theirs = twin_dbs
    text = "not a key at all\n"
    local = standby.local("--db", str(mine), "key", "add", "何静", "-", input=text)
    handed = standby.handed("--db", str(theirs), "key", "add", "何静", "-", input=text)
    assert local.returncode == 1
    assert (handed.returncode, handed.stderr) == (local.returncode, local.stderr)


def long_command(standby: Standby) -> subprocess.Popen[str]:
    """A command handed over that runs for seconds (a big demo), once it has started."""
    db = standby.cwd / "big.db"
    caller = subprocess.Popen(
        [sys.executable, "-c", HANDED, "--db", str(db), "init", "--demo", "--tasks", "100000"],
        cwd=standby.cwd,
        env=standby.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(db.exists, "the command to start writing")
    return caller


def test_ctrl_c_reaches_the_command(standby: Standby) -> None:
    """The interrupt the terminal sends to the caller stops the command: exit 130."""
    caller = long_command(standby)
    caller.send_signal(signal.SIGINT)
    out, _err = caller.communicate(timeout=TIMEOUT)
    assert caller.returncode == 130
    assert out.endswith("handed=True click=False\n")


def test_a_command_killed_in_the_standby_process_says_so(standby: Standby) -> None:
    """Its caller cannot know how it ended: one line, exit 1, never "success"."""
    caller = long_command(standby)
    (child,) = children(standby.pid)
    os.kill(child, signal.SIGKILL)
    _out, err = caller.communicate(timeout=TIMEOUT)
    assert caller.returncode == 1
    assert err == (
        "xdept-tui: error: the command ended abruptly, before it finished "
        "(its process was killed or crashed)\n"
    )


def children(pid: int | None) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_before_the_hand_over_ends_the_command_unrun() -> None:
    """A signal that comes before the child starts is passed on once it does; if none
    starts, the command is not run here either: it ends as interrupted."""
    child = Child()
    assert child.interrupted() is None
    child.forward(signal.SIGINT, None)
    assert child.interrupted() == 130


def test_the_dashboard_and_serve_run_in_their_own_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDEPT_STANDBY", "1")
    for args in ([], ["--db", "x.db"], ["--read-only"], ["demo"], ["--as", "x", "serve"]):
        assert not may_hand_over(args), args
    for args in (["task", "list"], ["--db=x.db", "risk", "add", "t"], ["--help"], ["--bogus"]):
        assert may_hand_over(args), args
    monkeypatch.setenv("XDEPT_STANDBY", "off")
    assert not may_hand_over(["task", "list"])


def test_every_global_option_is_known_to_the_hand_over() -> None:
    """The hand-over finds the command after the global options: it must know them all."""
    for param in root.params:
        for name in param.opts:
            if name in ("--help", "--version"):
                continue
            takes_value = not getattr(param, "is_flag", False)
            assert name in (VALUE_OPTIONS if takes_value else FLAG_OPTIONS)


def test_no_standby_process_in_a_folder_others_may_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    (runtime / "xdept-tui").mkdir(parents=True, mode=0o755)
    (runtime / "xdept-tui").chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert socket_path() is None
    (runtime / "xdept-tui").chmod(0o700)
    assert socket_path() is not None


def test_the_standby_process_ends_when_its_socket_is_removed(standby: Standby) -> None:
    assert standby.pid is not None and running(standby.pid)
    standby.stop()
    assert not standby.socket()


def test_a_killed_standby_process_is_replaced(standby: Standby) -> None:
    """Its socket file stays behind: the next command runs on its own and starts a new
    standby process in its place, which answers the command after."""
    assert standby.pid is not None
    os.kill(standby.pid, signal.SIGKILL)
    wait_for(lambda: not running(standby.pid or 0), "the standby process to die")
    assert standby.socket()
    first = standby._run([sys.executable, "-c", HANDED, "--version"], {})
    assert "handed=False" in first.stdout, first
    wait_for(lambda: peer_pid(standby.socket()) is not None, "a new standby process")
    standby.pid = peer_pid(standby.socket())
    assert standby.handed("--version").returncode == 0


def test_the_fingerprint_follows_the_installed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed, added or removed file, or a package installed, changes it."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [str(site)])
    before = fingerprint([package])
    assert fingerprint([package]) == before
    (package / "a.py").write_text("x = 22\n")
    changed = fingerprint([package])
    assert changed != before
    (package / "b.py").write_text("")
    added = fingerprint([package])
    assert added != changed
    time.sleep(0.01)
    (site / "new-1.0.dist-info").mkdir()
    assert fingerprint([package]) != added
