"""A real terminal for the served app: tmux on a socket of the test's own, read with
``capture-pane``; and the OpenSSH client's command line against a test server."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def need(*tools: str) -> None:
    """Skip without the tools, unless the run must have them (``.ci/run`` installs them
    and sets XDEPT_REQUIRE_TOOLS): CI never passes by skipping these tests."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        message = f"needs {', '.join(missing)} (apt-get install openssh-client tmux)"
        if os.environ.get("XDEPT_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)


def ssh_args(port: int, key: Path, *more: str, command: tuple[str, ...] = ()) -> list[str]:
    """The distribution's client, told nothing by the user's own configuration;
    ``command`` follows the host."""
    return [
        "ssh",
        "-F",
        "/dev/null",
        "-p",
        str(port),
        "-i",
        str(key),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        *more,
        "127.0.0.1",
        *command,
    ]


def wait_for(check: Callable[[], bool], what: str, timeout: float = 40.0) -> None:
    """Until ``check()`` holds; a busy 2-core machine gets a generous deadline."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


class Tmux:
    """One tmux server per test (its own socket), one window per terminal."""

    def __init__(self, folder: Path) -> None:
        need("tmux")
        self.socket = folder / "tmux.sock"

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return done.stdout

    def open(self, name: str, command: list[str], width: int = 80, height: int = 24) -> None:
        import shlex

        line = shlex.join(command) + "; sleep 600"  # the window stays to be read
        self("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), line)

    def screen(self, name: str, colours: bool = False) -> str:
        return self("capture-pane", "-p", "-t", name, *(["-e"] if colours else []))

    def shows(self, name: str, text: str, timeout: float = 40.0) -> str:
        """Wait until the window shows ``text``; returns the screen."""
        wait_for(lambda: text in self.screen(name), f"{text!r} on {name}", timeout)
        return self.screen(name)

    def keys(self, name: str, *keys: str) -> None:
        self("send-keys", "-t", name, *keys)

    def type(self, name: str, text: str) -> None:
        self("send-keys", "-t", name, "-l", text)

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, check=False
        )
