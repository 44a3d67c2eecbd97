"""A served project: a file with a PM and a department head who have keys, and
``xdept-tui serve`` on a free port of the loopback, as a real process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from store.db import Store
from store.models import Member
from store.people import add_department, add_member
from store.ssh_keys import add_keys
from tests.serve.terminal import Tmux, need


@dataclass
class Served:
    db: Path
    port: int
    keys: dict[str, Path]  # login → private key file
    process: subprocess.Popen[str]
    output: list[str]


def make_key(folder: Path, name: str) -> Path:
    """An ed25519 key pair as ``ssh-keygen`` writes it (the client reads the private)."""
    import asyncssh

    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
    private = folder / f"id_{name}"
    private.write_bytes(key.export_private_key())
    private.chmod(0o600)
    (folder / f"id_{name}.pub").write_bytes(key.export_public_key())
    return private


def project(store: Store, folder: Path) -> dict[str, Path]:
    """杨帆 (yang) the PM and 王芳 (wang) head of Marketing, each with a key; a stranger's key."""
    marketing = add_department(store, "Marketing")
    keys = {login: make_key(folder, login) for login in ("yang", "wang", "stranger")}
    wang = add_member(
        store, Member(name="王芳", department_id=marketing.id, login="wang", is_head=True)
    )
    yang = add_member(
        store, Member(name="杨帆", department_id=marketing.id, login="yang", is_pm=True)
    )
    store.actor = "yang"
    for member, login in ((yang, "yang"), (wang, "wang")):
        add_keys(store, member.id, (folder / f"id_{login}.pub").read_text())
    return keys


def start(db: Path, *options: str) -> tuple[subprocess.Popen[str], int, list[str]]:
    """``xdept-tui serve --port 0`` until it says where it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db), "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"XDEPT_USER": "yang"},
    )
    assert process.stdout is not None
    output = []
    for line in process.stdout:
        output.append(line)
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if found:
            return process, int(found.group(1)), output
    process.wait(timeout=10)
    raise AssertionError("serve did not start: " + "".join(output))


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    out, _err = process.communicate(timeout=30)
    return out


@pytest.fixture
def served(store: Store, tmp_path: Path) -> Iterator[Served]:
    need("ssh")
    keys = project(store, tmp_path)
    process, port, output = start(store.path, "--idle-timeout", "0")
    yield Served(store.path, port, keys, process, output)
    output.append(stop(process))


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.close()
