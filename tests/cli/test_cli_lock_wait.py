"""A command that waits for another program's write lock says so, then finishes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.db import Store
from store.models import Risk
from store.records import count
from tests.store.test_db import hold_write_lock

WAITING = "xdept-tui: waiting for the project file — another program is writing\n"


def test_a_command_waiting_for_the_lock_says_so_once_then_saves(store: Store) -> None:
    holder = hold_write_lock(store.path)
    script = Path(sys.executable).with_name("xdept-tui")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]
    adding = subprocess.Popen(
        [*command, "--db", str(store.path), "risk", "add", "patient"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert adding.stderr is not None
    try:
        assert adding.stderr.readline() == WAITING  # blocks until the notice is printed
    finally:
        holder.communicate("release\n", timeout=30)
    stdout, stderr = adding.communicate(timeout=30)
    assert adding.returncode == 0, stderr
    assert stderr == ""  # said once
    assert "added medium risk" in stdout
    assert count(store, Risk) == 1
