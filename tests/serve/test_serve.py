"""``xdept-tui serve`` against the distribution's OpenSSH client, read through tmux."""

from __future__ import annotations

import getpass
import re
import subprocess
import sys
import time

import pytest

from store.db import Store
from tests.serve.conftest import Served, start, stop
from tests.serve.terminal import Tmux, ssh_args, wait_for

pytestmark = pytest.mark.slow


def connect(tmux: Tmux, served: Served, name: str, login: str, term: str, **size: int) -> None:
    command = ["env", f"TERM={term}", *ssh_args(served.port, served.keys[login], "-t")]
    tmux.open(name, command, **size)


def log(served: Served) -> list[dict]:
    with Store(served.db, "yang") as store:
        return [dict(row) for row in store.query("SELECT * FROM ssh_log ORDER BY id")]


def refused(
    served: Served, *args: str, login: str = "wang", command: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ssh_args(served.port, served.keys[login], *args, command=command),
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("term", "colours"),
    [("xterm", r"\x1b\[[0-9;]*(3[0-7]|9[0-7])[;m]"), ("xterm-256color", r"\x1b\[[0-9;]*38;5;")],
)
def test_the_dashboard_at_80x24_as_the_keys_member(
    served: Served, tmux: Tmux, term: str, colours: str
) -> None:
    connect(tmux, served, "a", "wang", term)
    screen = tmux.shows("a", "王芳")
    assert "Dashboard" in screen.splitlines()[0]
    assert "read only" not in screen
    painted = tmux.screen("a", colours=True)
    assert re.search(colours, painted), painted[:400]
    if term == "xterm":  # 16 colours: no 256-colour or true-colour code reaches the terminal
        assert "38;5;" not in painted
        assert "38;2;" not in painted


def test_a_resize_reaches_the_app(served: Served, tmux: Tmux) -> None:
    connect(tmux, served, "a", "wang", "xterm-256color")
    tmux.shows("a", "Dashboard")
    assert max(len(line.rstrip()) for line in tmux.screen("a").splitlines()) <= 80
    tmux("resize-window", "-t", "a", "-x", "140", "-y", "40")
    wait_for(
        lambda: max(len(line.rstrip()) for line in tmux.screen("a").splitlines()) > 100,
        "the app drawn 140 columns wide",
    )
    assert len(tmux.screen("a").splitlines()) == 40


def test_everything_but_a_members_key_and_a_terminal_is_refused_and_logged(
    served: Served,
) -> None:
    stranger = refused(served, "-t", login="stranger")
    assert stranger.returncode == 255
    assert "is on no member of this project" in stranger.stderr
    assert "Permission denied (publickey)" in stranger.stderr

    password = refused(
        served,
        "-o",
        "PubkeyAuthentication=no",
        "-o",
        "PreferredAuthentications=password,keyboard-interactive",
    )
    assert password.returncode == 255
    assert "Permission denied (publickey)" in password.stderr

    command = refused(served, command=("ls", "/"))
    assert command.returncode == 1
    assert command.stdout == ""
    assert "runs the project's app only, not commands" in command.stderr

    no_pty = refused(served, "-T")
    assert no_pty.returncode == 1
    assert "the app needs a terminal" in no_pty.stderr

    sftp = refused(served, "-s", command=("sftp",))
    assert "no SFTP" in sftp.stderr

    forwarding = refused(served, "-W", "127.0.0.1:9")
    assert forwarding.returncode == 255
    assert "no port forwarding" in forwarding.stderr

    def reasons() -> list[str]:
        return [row["reason"] for row in log(served)]

    expected = ["unknown_key", "no_key", "command", "no_pty", "subsystem", "forwarding"]
    wait_for(lambda: reasons() == expected, "every refusal in the log")
    rows = log(served)
    assert rows[0]["fingerprint"].startswith("SHA256:")
    assert rows[0]["member_id"] is None
    assert rows[2]["detail"] == "ls /"
    assert rows[2]["login"] == "wang"
    assert all(row["address"].startswith("127.0.0.1:") for row in rows)
    assert all(row["event"] == "refused" for row in rows)


def test_repeated_failures_from_one_address_are_slowed(served: Served) -> None:
    spans = []
    for _attempt in range(5):
        began = time.monotonic()
        assert refused(served, login="stranger").returncode == 255
        spans.append(time.monotonic() - began)
    # The first three fail at once; the fourth waits 1 s and the fifth 2 s before sign-in.
    assert spans[3] >= spans[0] + 0.9, spans
    assert spans[4] >= spans[0] + 1.9, spans
    # A member's key from the same address still gets in, after the wait.
    wait_for(lambda: len(log(served)) == 5, "five refusals logged")


def test_two_sessions_see_each_others_changes_live_as_their_members(
    served: Served, tmux: Tmux
) -> None:
    connect(tmux, served, "wang", "wang", "xterm-256color", width=120, height=40)
    connect(tmux, served, "yang", "yang", "xterm-256color", width=120, height=40)
    tmux.shows("wang", "王芳")
    tmux.shows("yang", "杨帆")
    tmux.keys("yang", "r")
    tmux.shows("yang", "New risk")
    tmux.type("yang", "!high [bold]Served[/] risk")
    tmux.keys("yang", "Enter")
    tmux.shows("wang", "[bold]Served[/] risk")  # live, and as text, not markup
    with Store(served.db, "yang") as store:
        row = store.query(
            "SELECT actor, os_login FROM changes WHERE entity = 'risks' AND op = 'create'"
        )[0]
    assert row["actor"] == "yang"
    assert row["os_login"] == getpass.getuser()  # the server's account, not the member's
    # A local session (here the command line on the host) and the served ones alike.
    local = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(served.db), "--as", "yang",
         "risk", "add", "!high Local risk"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert local.returncode == 0, local.stderr
    tmux.shows("wang", "Local risk")


def test_closing_the_window_ends_the_app_and_its_presence(served: Served, tmux: Tmux) -> None:
    connect(tmux, served, "a", "wang", "xterm-256color")
    tmux.shows("a", "王芳")

    def here() -> int:
        with Store(served.db, "yang") as store:
            return int(store.scalar("SELECT count(*) FROM presence WHERE login = 'wang'"))

    wait_for(lambda: here() == 1, "the served app's presence")
    tmux("kill-session", "-t", "a")  # the window closes: the client goes
    wait_for(lambda: here() == 0, "the app gone, and its presence with it")
    wait_for(lambda: log(served)[-1]["ended_at"] is not None, "the session's end logged")
    assert log(served)[-1]["event"] == "session"
    assert log(served)[-1]["login"] == "wang"


def test_idle_sessions_close_and_a_full_server_refuses(store: Store, tmp_path, tmux) -> None:
    from tests.serve.conftest import project
    from tests.serve.terminal import need

    need("ssh")
    keys = project(store, tmp_path)
    process, port, _output = start(store.path, "--idle-timeout", "3s", "--max-sessions", "1")
    try:
        served = Served(store.path, port, keys, process, _output)
        connect(tmux, served, "a", "wang", "xterm-256color")
        tmux.shows("a", "Dashboard")
        full = refused(served, "-t", "-t", login="yang")
        assert full.returncode == 1
        assert "already has 1 sessions" in full.stderr
        screen = tmux.shows("a", "closed after 3s without a key")
        assert "Dashboard" not in screen  # said after the app put the terminal back
    finally:
        stop(process)
