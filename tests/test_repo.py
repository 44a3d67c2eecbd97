"""The repository explains itself: no comment or doc points to a file outside it,
and no comment in the code states a timing.

Design notes, the domain guide and the style notes a project starts from are not
shipped; a reference to them is a dead end for the next reader. The facts belong
in docs/architecture.md, CONTRIBUTING.md or the README, referred to by section.
A timing written in a comment ("~30 ms for 10,000") goes stale with the next
change: the bench prints it (CONTRIBUTING.md, "The bench"), the comment says why.
"""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import tokenize
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
    # Those files by name and section sign, and the tracker's issue numbers,
    # which a reader of the repo cannot open.
    + r"|\b(?:DESIGN|GUIDE|STYLE)\b\s*§|\bissues? #?\d+\b"
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
    assert OUTSIDE.search("flagged (" + "GUIDE" + " §5)")
    assert OUTSIDE.search("tag characters (" + "issue" + " 8)")
    assert not OUTSIDE.search("docs/architecture.md, Speed")
    assert not OUTSIDE.search("RFC 5545 §3.3.11")


# A number with a unit of time: "~30 ms", "0.25 s", "5 µs", "78 seconds".
TIMING = re.compile(
    r"(?<![\w.])\d[\d,.]*\s?(?:ms|µs|us|ns|s|secs?|seconds?|milliseconds?|minutes?)\b"
)


def comments_and_docstrings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every comment and docstring of a Python file."""
    source = path.read_text(encoding="utf-8")
    found = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc is not None:
                found.append((node.body[0].lineno, doc))
    return found


def test_no_comment_in_the_code_states_a_timing() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line + text.count(chr(10), 0, match.start())}: "
        f"{match.group()!r}"
        for folder in ("store", "tui")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, text in comments_and_docstrings(path)
        for match in TIMING.finditer(text)
    ]
    assert not found, "timings belong in the bench's output:\n" + "\n".join(found)


def test_the_timing_check_sees_a_timing() -> None:
    for text in ["~30 ms for 10,000", "costs ~0.25 s", "about 5 µs", "took 78 seconds"]:
        assert TIMING.search(text), text
    for text in ["10,000 tasks", "3 working days", "bench.store times it", "v2s", "+3wd"]:
        assert not TIMING.search(text), text


def test_docstrings_and_comments_are_both_read(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Module."""\n\nX = "30 ms, a string: not a comment"  # a comment\n\n'
        'class C:\n    """Class."""\n\n    def f(self):\n        """Method."""\n',
        encoding="utf-8",
    )
    texts = sorted(text for _line, text in comments_and_docstrings(module))
    assert texts == ["# a comment", "Class.", "Method.", "Module."]


def module_names(folder: str) -> dict[str, list[str]]:
    """Each class or function defined at the top of a module of ``folder`` → its modules."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                found.setdefault(node.name, []).append(str(path.relative_to(ROOT)))
    return found


def test_a_store_name_means_one_thing() -> None:
    """``move_task`` changed a status in one module and dates in another; two ``DepType``
    enums said the same twice. One name, one definition, in the whole store."""
    twice = {name: where for name, where in module_names("store").items() if len(where) > 1}
    assert not twice, f"defined in more than one store module: {twice}"
