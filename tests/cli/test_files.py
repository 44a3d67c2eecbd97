"""Files the command line writes or is pointed at: exports, backups, odd --db files, themes.

An export or backup never replaces a file without --force, never the database
(nor its -wal/-shm/-journal) even with it, and is created private like the
database. Every mistake is one line on stderr and exit 1 (usage errors exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.db import Store
from tests.cli.test_cli import files_of, ok, refused, run, team  # noqa: F401 (a fixture)

# Every test here works on a file with a few records in it.
pytestmark = pytest.mark.usefixtures("team")

EXPORTS = [
    ["export", "json"],
    ["export", "csv", "tasks"],
    ["export", "ics"],
    ["export", "gantt"],
]


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e[-1])
def test_an_export_refuses_an_existing_file_unless_forced(
    store: Store, tmp_path: Path, export: list[str]
) -> None:
    out = tmp_path / "notes.txt"
    out.write_text("my notes\n")
    before = files_of(out)
    refused(run(store.path, *export, "-o", str(out)), "already exists", "--force")
    assert files_of(out) == before
    assert "wrote" in run(store.path, *export, "-o", str(out), "--force").stderr
    assert out.read_text(encoding="utf-8") != "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_an_export_never_replaces_the_database_even_with_force(store: Store, suffix: str) -> None:
    target = Path(f"{store.path}{suffix}")
    existed = target.exists()
    before = files_of(store.path)
    refused(run(store.path, "export", "json", "-o", str(target), "--force"), "the database")
    assert files_of(store.path) == before
    assert target.exists() == existed
    with Store(store.path) as again:
        assert again.check()["integrity"] == "ok"


def test_an_export_through_a_link_to_the_database_is_refused(store: Store, tmp_path: Path) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(store.path)
    before = files_of(store.path)
    refused(run(store.path, "export", "json", "-o", str(link), "--force"), "the database")
    assert files_of(store.path) == before


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_an_export_is_private_like_the_database(store: Store, tmp_path: Path, umask: int) -> None:
    out = tmp_path / "all.json"
    old = os.umask(umask)
    try:
        ok(run(store.path, "export", "json", "-o", str(out)))
        out2 = tmp_path / "forced.json"
        out2.write_text("x")
        out2.chmod(0o644)
        ok(run(store.path, "export", "json", "-o", str(out2), "--force"))
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o660
    assert out2.stat().st_mode & 0o777 == 0o660


def test_backup_into_a_missing_folder_is_refused(store: Store, tmp_path: Path) -> None:
    for dest in (tmp_path / "missing" / "copy.db", f"{tmp_path / 'missing'}/"):
        refused(run(store.path, "backup", str(dest)), "does not exist")
    assert not (tmp_path / "missing").exists()


def test_backup_into_a_folder_writes_a_file_named_like_the_database(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for given in (f"{folder}/", str(folder)):
        ok(run(store.path, "backup", given, "--force"))
        assert sorted(p.name for p in folder.iterdir()) == [store.path.name]
    copy = folder / store.path.name
    assert copy.stat().st_mode & 0o777 == 0o660
    with Store(copy) as opened:
        assert opened.check()["integrity"] == "ok"


def test_backup_replaces_a_file_only_with_force_and_never_the_database(
    store: Store, tmp_path: Path
) -> None:
    dest = tmp_path / "copy.db"
    dest.write_text("old")
    refused(run(store.path, "backup", str(dest)), "already exists", "--force")
    assert dest.read_text() == "old"
    ok(run(store.path, "backup", str(dest), "--force"))
    with Store(dest) as copy:
        assert copy.check()["integrity"] == "ok"
    before = files_of(store.path)
    refused(run(store.path, "backup", str(store.path), "--force"), "the database")
    refused(run(store.path, "backup", str(tmp_path), "--force"), "the database")
    assert files_of(store.path) == before


def test_an_unknown_theme_is_a_usage_error_listing_the_themes(store: Store) -> None:
    result = run(store.path, "--theme", "nosuch", "task", "list")
    assert result.exit_code == 2
    assert "unknown theme 'nosuch'" in result.stderr
    assert "dark, light, high-contrast" in result.stderr
    assert "Traceback" not in result.output
    refused_app = run(store.path, "--theme", "nosuch")
    assert refused_app.exit_code == 2 and "unknown theme" in refused_app.stderr
    for name in ("dark", "xdept-light", "nord"):
        ok(run(store.path, "--theme", name, "task", "list"))


def test_a_theme_from_the_environment_does_not_slow_record_commands(store: Store) -> None:
    """XDEPT_THEME in a profile is checked when the app opens, not by `task list`."""
    ok(run(store.path, "task", "list", XDEPT_THEME="nosuch"))


def test_an_export_to_a_missing_folder_is_refused(store: Store, tmp_path: Path) -> None:
    for given in (tmp_path / "missing" / "all.json", f"{tmp_path / 'missing'}/"):
        refused(run(store.path, "export", "json", "-o", str(given)), "does not exist")
    assert not (tmp_path / "missing").exists()
