"""What the server decides without a client: what reaches the app's environment, and
how long a failing address waits."""

from __future__ import annotations

import asyncio
from dataclasses import replace
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


def test_a_sign_in_that_opens_no_session_is_closed_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ssh -N``: everything but the app is refused, so the connection would only be held."""
    import asyncssh

    from store import ssh_log
    from store.db import Store
    from tests.serve.conftest import project
    from tui.ssh import server as served

    monkeypatch.setattr(served, "SESSION_TIMEOUT", 0.2)
    with Store(tmp_path / "p.db", "yang", create=True) as store:
        keys = project(store, tmp_path)
    settings = server(tmp_path).settings

    async def sign_in_and_wait() -> None:
        host_key = asyncssh.generate_private_key("ssh-ed25519")
        running, acceptor = await served.serve(replace(settings, port=0), host_key)
        async with asyncssh.connect(
            "127.0.0.1",
            running.settings.port,
            username="wang",
            client_keys=[str(keys["wang"])],
            known_hosts=None,
        ) as conn:
            await asyncio.wait_for(conn.wait_closed(), timeout=30)
        for _ in range(600):  # the refusal is logged as the connection closes
            if await running.run_db(Store.scalar, "SELECT count(*) FROM ssh_log"):
                break
            await asyncio.sleep(0.05)
        acceptor.close()
        await acceptor.wait_closed()
        await running.stop()

    asyncio.run(sign_in_and_wait())
    with Store(tmp_path / "p.db", "yang") as store:
        (event,) = ssh_log.events(store)
    assert (event.event, event.reason, event.login) == ("refused", "no_session", "wang")
