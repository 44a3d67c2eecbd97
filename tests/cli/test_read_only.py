"""Reading a file this user cannot write: another user's folder, an immutable folder.

--read-only must work there and leave no -wal/-shm behind (a reader can never
remove them, and a -shm owned by a reader can lock the writers out); ``list``,
``check`` and ``export`` work there without the flag. Root ignores permissions,
so as root (CI) the "other user" runs as nobody (uid 65534) in a forked child,
and the immutable folder uses ``chattr +i``, which binds root too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.db import Store
from store.models import Risk
from store.risks import add_risk
from tests.cli.test_cli import ok, refused, run
from tui.cli import root as cli

NOBODY = 65534
ROOT = os.geteuid() == 0

READS = [
    ["--read-only", "risk", "list"],
    ["--read-only", "risk", "list", "--json"],
    ["risk", "list"],
    ["check"],
    ["export", "json"],
    ["export", "csv", "risks"],
]


def shows_the_file(args: list[str], stdout: str) -> bool:
    return ("integrity: ok" if args == ["check"] else "supplier late") in stdout


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder everyone may enter and read (not under pytest's private tmp): a database
    with one risk, closed, so there is no -wal."""
    folder = Path(tempfile.mkdtemp(prefix="xdept-shared-", dir="/tmp"))
    folder.chmod(0o755)
    path = folder / "team.db"
    with Store(path, "owner", create=True) as store:
        add_risk(store, Risk(title="supplier late"))
    path.chmod(0o644)
    assert listing(folder) == ["team.db"]
    yield path
    subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
    shutil.rmtree(folder)


def test_read_only_leaves_no_wal_or_shm_behind(shared: Path) -> None:
    for args in READS:
        assert shows_the_file(args, ok(run(shared, *args)))
        assert listing(shared.parent) == ["team.db"], args


def as_nobody(path: Path, *args: str) -> tuple[int, str, str]:
    """Run the command line as an unprivileged user who cannot write ``path``'s folder.

    As root: fork, drop to nobody, run click in-process (the interpreter's own files
    are in root's home, so the child cannot start a new one; the parent ran the
    command first, so every module is imported). Otherwise the folder is made 0555.
    """
    argv = ["--db", str(path), *args]
    if not ROOT:
        path.parent.chmod(0o555)
        try:
            result = CliRunner().invoke(cli.main, argv)
            return result.exit_code, result.stdout, result.stderr
        finally:
            path.parent.chmod(0o755)
    CliRunner().invoke(cli.main, argv)  # import everything the command needs, as root
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = CliRunner().invoke(cli.main, argv)
            report = [result.exit_code, result.stdout, result.stderr]
        except BaseException as error:
            report = [99, "", repr(error)]
        with os.fdopen(write, "w") as out:
            json.dump(report, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as source:
        code, stdout, stderr = json.load(source)
    os.waitpid(pid, 0)
    return code, stdout, stderr


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_another_users_folder_can_be_read(shared: Path, args: list[str]) -> None:
    code, stdout, stderr = as_nobody(shared, *args)
    assert code == 0, stderr
    assert shows_the_file(args, stdout)
    assert listing(shared.parent) == ["team.db"]


def test_another_users_folder_cannot_be_written_and_says_how_to_read(shared: Path) -> None:
    code, stdout, stderr = as_nobody(shared, "risk", "add", "mine")
    assert (code, stdout) == (1, "")
    assert "cannot write" in stderr and "--read-only" in stderr
    assert len(stderr.splitlines()) == 1
    assert listing(shared.parent) == ["team.db"]


def test_a_reader_sees_the_owner_at_work(shared: Path) -> None:
    """With the owner's app open (-wal and -shm exist, not writable by the reader)."""
    with Store(shared, "owner") as owner:
        add_risk(owner, Risk(title="written while open"))
        code, stdout, stderr = as_nobody(shared, "--read-only", "risk", "list")
        assert code == 0, stderr
        assert "written while open" in stdout


def chattr(folder: Path, flag: str) -> bool:
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", flag, str(folder)], capture_output=True, check=False)
    return done.returncode == 0


def test_an_immutable_folder_can_be_read_and_is_left_as_it_was(shared: Path) -> None:
    if not chattr(shared.parent, "+i"):
        pytest.skip("chattr +i is not permitted here (needs CAP_LINUX_IMMUTABLE)")
    try:
        for args in READS:
            assert shows_the_file(args, ok(run(shared, *args)))
        refused(run(shared, "risk", "add", "mine"), "cannot write", "--read-only")
        assert listing(shared.parent) == ["team.db"]
    finally:
        chattr(shared.parent, "-i")


def test_a_read_only_store_follows_a_writer_that_starts_later(shared: Path) -> None:
    """Read as immutable while nobody writes; reopened when a writer's -wal appears."""
    with Store(shared, "reader", read_only=True) as reader:
        seen = reader.data_version()
        assert [r["title"] for r in reader.query("SELECT title FROM risks")] == ["supplier late"]
        with Store(shared, "owner") as owner:
            add_risk(owner, Risk(title="later"))
            assert reader.data_version() != seen
            titles = [r["title"] for r in reader.query("SELECT title FROM risks ORDER BY id")]
            assert titles == ["supplier late", "later"]


def test_a_read_only_mount_can_be_read_and_is_left_as_it_was(small_disk: Path) -> None:
    path = small_disk / "team.db"
    with Store(path, "owner", create=True) as store:
        add_risk(store, Risk(title="supplier late"))
    remount = ["mount", "-o", "remount,ro", str(small_disk)]
    done = subprocess.run(remount, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
    for args in READS:
        assert shows_the_file(args, ok(run(path, *args))), args
    refused(run(path, "risk", "add", "mine"), "cannot write", "--read-only")
    assert listing(small_disk) == ["team.db"]
