"""Members' SSH keys: parsed and checked at the boundary, the PM's alone, gone with their member."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from store import changes, ssh_log
from store.db import Store
from store.errors import Invalid, StoreError
from store.models import Member, SshKey
from store.people import delete_member
from store.roles import Refused
from store.ssh_keys import add_keys, keys, owner, remove_key
from tests.serve.conftest import make_key, project


def public(folder: Path, login: str) -> str:
    return (folder / f"id_{login}.pub").read_text()


def test_a_pub_files_line_is_stored_without_its_comment_beside_its_fingerprint(
    store: Store, tmp_path: Path
) -> None:
    project(store, tmp_path)
    found = keys(store)
    assert [name for _key, name in found] == ["王芳", "杨帆"]  # by member
    key = found[1][0]
    assert key.public_key.startswith("ssh-ed25519 AAAA")
    assert len(key.public_key.split()) == 2
    assert key.comment == "yang@laptop"
    assert key.fingerprint.startswith("SHA256:")
    assert owner(store, key.fingerprint) == (key.id, key.member_id, "杨帆", "yang")
    assert owner(store, "SHA256:nothing") is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "no public key given"),
        ("# only a comment\n", "no public key given"),
        ("ssh-ed25519 AAAAnotakey me", "is not an SSH public key"),
        ("hello", "is not an SSH public key"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "this is a private key"),
    ],
)
def test_what_is_not_a_public_key_is_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, text: str, said: str
) -> None:
    project(store, tmp_path)
    before = changes.cursor(store)
    with pytest.raises(StoreError, match=said):
        add_keys(store, 1, text)
    assert changes.cursor(store) == before


def test_one_key_one_member_and_a_member_needs_a_login(store: Store, tmp_path: Path) -> None:
    project(store, tmp_path)
    with pytest.raises(Invalid, match="is already 杨帆's"):
        add_keys(store, 1, public(tmp_path, "yang"))
    twice = public(tmp_path, "stranger") * 2
    with pytest.raises(Invalid, match="is already"):
        add_keys(store, 1, twice)
    nobody = store_member(store, "刘洋", login=None)
    with pytest.raises(Invalid, match="刘洋 has no login"):
        add_keys(store, nobody.id, public(tmp_path, "stranger"))
    [added] = add_keys(store, nobody.id, public(tmp_path, "stranger"), login="liu")
    assert owner(store, added.fingerprint).login == "liu"
    with pytest.raises(Invalid, match="刘洋's login is liu"):
        make_key(tmp_path, "other")
        add_keys(store, nobody.id, public(tmp_path, "other"), login="other")


def store_member(store: Store, name: str, login: str | None) -> Member:
    from store.people import add_member

    return add_member(store, Member(name=name, department_id=1, login=login))


def test_only_the_project_manager_adds_lists_and_removes_keys(store: Store, tmp_path: Path) -> None:
    project(store, tmp_path)
    (first, _name), *_rest = keys(store)
    loginless = store_member(store, "无名", None)
    store.actor = "wang"  # the head of Marketing
    with pytest.raises(Refused, match="only the project manager, 杨帆, can add SSH keys"):
        add_keys(store, 2, public(tmp_path, "stranger"))
    with pytest.raises(Refused, match="can add SSH keys"):  # before saying who lacks a login
        add_keys(store, loginless.id, public(tmp_path, "stranger"))
    with pytest.raises(Refused, match="can list the SSH keys"):
        keys(store)
    with pytest.raises(Refused, match="can remove SSH keys"):
        remove_key(store, first.id)
    with pytest.raises(Refused, match="can remove SSH keys"):  # before saying what exists
        remove_key(store, 999)
    with pytest.raises(Refused, match="can see the SSH sessions"):
        ssh_log.events(store)
    store.actor = "yang"
    removed = remove_key(store, first.id)
    assert owner(store, removed.fingerprint) is None
    assert [c.op for c in changes.since(store, 0) if c.entity == "ssh_keys"][-1] == "delete"


def test_a_members_keys_go_with_them_each_logged(store: Store, tmp_path: Path) -> None:
    project(store, tmp_path)
    wang_key = next(k for k, name in keys(store) if name == "王芳")
    delete_member(store, wang_key.member_id)
    assert owner(store, wang_key.fingerprint) is None
    deleted = [(c.entity, c.record_id) for c in changes.since(store, 0) if c.op == "delete"]
    assert ("ssh_keys", wang_key.id) in deleted


def test_the_log_keeps_sessions_and_refusals_newest_first(store: Store, tmp_path: Path) -> None:
    project(store, tmp_path)
    ssh_log.refused(store, "unknown_key", address="10.0.0.9:5000", fingerprint="SHA256:x")
    began = ssh_log.started(
        store,
        address="10.0.0.8:6000",
        username="wf",
        fingerprint="SHA256:y",
        member_id=1,
        login="wang",
    )
    ssh_log.ended(store, began, 0)
    newest, oldest = ssh_log.events(store)
    assert (newest.event, newest.name, newest.exit_status) == ("session", "王芳", 0)
    assert newest.ended_at is not None
    assert (oldest.event, oldest.reason, oldest.name) == ("refused", "unknown_key", "")
    assert not [c for c in changes.since(store, 0) if c.entity == "ssh_log"]  # not records


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_key_or_one_validation_error(text: str) -> None:
    try:
        key = SshKey(member_id=1, public_key=text)
    except ValidationError as error:
        assert "public key" in str(error)
    else:
        assert key.fingerprint.startswith("SHA256:")


def test_a_real_key_of_each_kind_passes(tmp_path: Path) -> None:
    import asyncssh

    for algorithm in ("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"):
        line = asyncssh.generate_private_key(algorithm).export_public_key().decode()
        assert SshKey(member_id=1, public_key=line).public_key.split()[0] == algorithm
    assert make_key(tmp_path, "x").stat().st_mode & 0o777 == 0o600
