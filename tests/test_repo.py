"""The repository explains itself: no comment or doc points to a file outside it.

Design notes, the domain guide and the style notes a project starts from are not
shipped; a reference to them is a dead end for the next reader. The facts belong
in docs/architecture.md, CONTRIBUTING.md or the README, referred to by section.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Split so this file does not match itself.
OUTSIDE = re.compile(
    "|".join(
        re.escape(a + b)
        for a, b in [
            ("DESIGN", ".md"),
            ("GUIDE", ".md"),
            ("STYLE", ".md"),
            ("../", "shared"),
        ]
    )
)


def tracked_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [ROOT / name for name in out.split("\0") if name]


def test_no_file_points_outside_the_repository() -> None:
    found = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary, or deleted but not yet committed
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "points outside the repository:\n" + "\n".join(found)


def test_the_check_sees_a_reference() -> None:
    assert OUTSIDE.search("see " + "DESIGN" + ".md §7")
    assert OUTSIDE.search("in " + "../" + "shared/notes")
    assert not OUTSIDE.search("docs/architecture.md, Speed")
