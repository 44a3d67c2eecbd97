"""``key``, ``sessions`` and ``serve``'s own mistakes, from the command line: one line each."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from store import ssh_log
from store.db import Store
from tests.cli.test_cli import ok, refused, run, state
from tests.serve.conftest import make_key, project


def test_the_pm_adds_lists_and_removes_keys(store: Store, db_path: Path, tmp_path: Path) -> None:
    project(store, tmp_path)
    make_key(tmp_path, "li")
    text = (tmp_path / "id_li.pub").read_text()
    said = ok(run(db_path, "--as", "yang", "key", "add", "王芳", "-", input=text))
    assert said.startswith("added key #3 SHA256:") and said.endswith(" for 王芳\n")
    listed = ok(run(db_path, "--as", "yang", "key", "list"))
    fingerprint = said.split()[3]
    assert fingerprint in listed  # whole, never cut: it is compared character by character
    assert "li@laptop" in listed
    found = json.loads(ok(run(db_path, "--as", "yang", "key", "list", "--json")))
    assert [(k["id"], k["member"]) for k in found] == [(2, "王芳"), (3, "王芳"), (1, "杨帆")]
    assert ok(run(db_path, "--as", "yang", "key", "remove", "3")) == (
        f"removed key #3 {fingerprint} of 王芳\n"
    )
    zh = ok(run(db_path, "--as", "yang", "--lang", "zh", "key", "list"))
    assert "指纹" in zh


def test_key_mistakes_are_one_line_and_write_nothing(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    project(store, tmp_path)
    before = state(store)
    private = tmp_path / "id_wang"
    for args, said in [
        (["key", "add", "王芳", str(private)], "this is a private key"),
        (["key", "add", "王芳", str(tmp_path / "nothing.pub")], "No such file"),
        (["key", "add", "nobody", str(private) + ".pub"], "unknown member 'nobody'"),
        (["key", "add", "王芳", str(private) + ".pub"], "is already 王芳's (key #2)"),
        (["key", "remove", "99"], "ssh key 99 not found"),
    ]:
        refused(run(db_path, "--as", "yang", *args), said)
    binary = tmp_path / "photo.pub"
    binary.write_bytes(b"\xff\xd8\xff\xe0")
    refused(run(db_path, "--as", "yang", "key", "add", "王芳", str(binary)), "not text")
    refused(run(db_path, "--as", "wang", "key", "list"), "only the project manager, 杨帆")
    refused(run(db_path, "--as", "wang", "sessions"), "can see the SSH sessions")
    refused(
        run(db_path, "--as", "wang", "key", "add", "王芳", str(tmp_path / "id_stranger.pub")),
        "can add SSH keys",
    )
    assert state(store) == before


def test_sessions_lists_the_log_newest_first(store: Store, db_path: Path, tmp_path: Path) -> None:
    project(store, tmp_path)
    ssh_log.refused(
        store, "command", address="10.1.1.1:4000", member_id=1, login="wang", detail="ls /"
    )
    began = ssh_log.started(
        store,
        address="10.1.1.2:4001",
        username="wf",
        fingerprint="SHA256:k",
        member_id=1,
        login="wang",
    )
    ssh_log.ended(store, began, 0)
    lines = ok(run(db_path, "--as", "yang", "sessions")).splitlines()
    assert "10.1.1.2:4001" in lines[2] and "session until" in lines[2]
    assert "refused: a command instead of the app (ls /)" in lines[3]
    events = json.loads(ok(run(db_path, "--as", "yang", "sessions", "--json", "--limit", "1")))
    assert [(e["event"], e["address"]) for e in events] == [("session", "10.1.1.2:4001")]


def test_serve_refuses_what_it_cannot_do_in_one_line(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    refused(run(tmp_path / "none.db", "serve"), "no database at")
    refused(run(db_path, "serve", "--idle-timeout", "soon"), "--idle-timeout 'soon'")
    refused(run(db_path, "--read-only", "serve"), "--read-only is set")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused(run(db_path, "serve", "--port", str(port)), f"cannot listen on 127.0.0.1:{port}")


def test_a_host_key_others_may_read_is_refused(store: Store, db_path: Path, tmp_path: Path) -> None:
    from tui.ssh.host_key import load_or_create

    folder = tmp_path / "xdg-data" / "xdept-tui"
    key, path, made = load_or_create(folder)
    assert made and path.stat().st_mode & 0o777 == 0o600
    again, _path, made_again = load_or_create(folder)
    assert not made_again
    assert again.get_fingerprint() == key.get_fingerprint()
    path.chmod(0o644)
    refused(run(db_path, "serve"), "may be read by others (mode 644): chmod 600")
