"""What the server decides without a client: what reaches the app's environment, and
how long a failing address waits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.ssh.server import FREE_FAILURES, MAX_DELAY, Server, Settings


def server(tmp_path: Path) -> Server:
    settings = Settings(
        database=tmp_path / "p.db",
        host="127.0.0.1",
        port=2222,
        max_sessions=2,
        idle_timeout=0,
        idle_text="0",
        data_dir=tmp_path / "data",
    )
    return Server(settings)


def test_the_client_sets_only_its_terminal_and_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDEPT_LANG")
    client = {
        "LANG": "zh_CN.UTF-8",
        "COLORTERM": "truecolor",
        "LD_PRELOAD": "/tmp/evil.so",
        "PYTHONPATH": "/tmp/evil",
        "SSH_AUTH_SOCK": "/tmp/agent",
        "XDEPT_USER": "yang",
        "XDEPT_DB": "/etc/passwd",
        "XDEPT_SERVED": "0",
    }
    env = server(tmp_path).child_env("xterm", "wang", 7, client)
    assert env["LANG"] == "zh_CN.UTF-8"
    assert env["COLORTERM"] == "truecolor"
    assert env["TERM"] == "xterm"
    assert env["XDEPT_USER"] == "wang"  # the key's member, whatever the client says
    assert env["XDEPT_SERVED"] == "1"
    assert env["XDEPT_CONFIG"] == str(tmp_path / "data" / "served" / "member-7.json")
    for name in ("LD_PRELOAD", "PYTHONPATH", "SSH_AUTH_SOCK", "XDEPT_DB", "XDEPT_LANG"):
        assert name not in env
    command = server(tmp_path).child_command("wang")
    assert command[-4:] == ["--db", str(tmp_path / "p.db"), "--as", "wang"]


def test_the_operators_language_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDEPT_LANG", "zh")
    env = server(tmp_path).child_env("xterm", "wang", 7, {"LANG": "en_US.UTF-8"})
    assert env["XDEPT_LANG"] == "zh"


def test_failing_addresses_wait_longer_each_time_and_others_do_not(tmp_path: Path) -> None:
    gate = server(tmp_path)
    waits = []
    for _failure in range(FREE_FAILURES + 7):
        waits.append(gate.delay("203.0.113.5"))
        gate.failed("203.0.113.5")
    assert waits[:FREE_FAILURES] == [0.0] * FREE_FAILURES
    assert waits[FREE_FAILURES : FREE_FAILURES + 4] == [1.0, 2.0, 4.0, 8.0]
    assert waits[-1] == MAX_DELAY
    assert gate.delay("198.51.100.7") == 0.0
