"""The interface holds no SQL: the store builds what a screen or a command shows.

A screen asks the store for one thing (``people.member_detail(store, id)``) and
shows it; a where-string, an ORDER BY or a call on the store's connection in
``tui/`` is a query the next screen would copy. The scan reads the source (AST),
so a string that only looks like SQL in a comment does not count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUI = ROOT / "tui"

# SQL in any case. Translated text (the argument of ``_``/``N_``/``ngettext``) and
# docstrings are prose, and not scanned.
SQL = re.compile(
    r"\bselect\s+[\w*.,\s()]+?\s+from\s+\w+|\binsert\s+(or\s+\w+\s+)?into\s+\w+"
    r"|\bupdate\s+\w+\s+set\s+\w+\s*=|\bdelete\s+from\s+\w+|\border\s+by\s+\w+"
    r"|\bwhere\s+\w+\s*(=|!=|<|>|\blike\b|\bin\b|\bis\b)|\bpragma\s+\w+|\bcollate\s+nocase"
    r"|\bjson_each\b|\w+\s*(=|!=|<|>|<=|>=|\bin\b)\s*\?",
    re.IGNORECASE,
)
PROSE = {"_", "N_", "ngettext"}
# The connection and the ways to run SQL, on whatever holds the store.
CONNECTION = {"conn", "db", "execute", "executemany", "executescript", "scalar"}
# Called: the store's row readers (Textual's ``DataTable.rows`` is never called).
CALLED = {"rows"}
# Record look-ups that take a where-string or an ORDER BY (by position or by name).
FINDERS = {"find": 2, "count": 2}
# Modules of the database itself; the CLI's error funnel names sqlite3's errors only
# to say a broken file in one line (tui/cli/errors.py), it runs nothing.
DATABASE_MODULES = {"sqlite3", "sqlite_utils", "apsw"}
MAY_IMPORT = {"tui/cli/errors.py": {"sqlite3"}}


def _prose(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are translated text or docstrings."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in PROSE:
                skip |= {id(arg) for arg in node.args}
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))
    return skip


def sql_in(path: Path, name: str = "") -> list[str]:
    """Where ``path`` writes SQL, reaches for the connection or imports the database:
    "line: what". ``name`` is its path in the repo (for MAY_IMPORT)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    prose = _prose(tree)
    allowed = MAY_IMPORT.get(name, set())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in prose and SQL.search(node.value):
                found.append(f"{node.lineno}: SQL text {node.value[:60]!r}")
        elif isinstance(node, ast.Attribute) and node.attr in CONNECTION:
            found.append(f"{node.lineno}: {ast.unparse(node.value)}.{node.attr}")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            modules += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for module in modules:
                top = module.split(".")[0]
                if top in DATABASE_MODULES and top not in allowed:
                    found.append(f"{node.lineno}: imports {module}")
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else None
            called = func.id if isinstance(func, ast.Name) else called
            if called in CALLED and isinstance(func, ast.Attribute):
                found.append(f"{node.lineno}: {ast.unparse(func)}()")
            if called in FINDERS and (
                len(node.args) > FINDERS[called]
                or {k.arg for k in node.keywords} & {"where", "params", "order_by", None}
            ):
                found.append(f"{node.lineno}: {called}() with a condition or an order")
    return found


def test_the_interface_writes_no_sql() -> None:
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted(TUI.rglob("*.py"))
        if (hits := sql_in(path, path.relative_to(ROOT).as_posix()))
    }
    assert not found, "SQL in tui/ (ask the store for what the screen shows):\n" + "\n".join(
        f"{name}:{hit}" for name, hits in found.items() for hit in hits
    )


def test_the_scan_sees_each_kind_of_sql(tmp_path: Path) -> None:
    sample = tmp_path / "screen.py"
    sample.write_text(
        "import sqlite3\n"
        "def load(store, self, s):\n"
        "    find(store, Task, 'owner_id = ?', [1])\n"
        "    records.find(store, Milestone, order_by='date, id')\n"
        "    store.scalar('SELECT 1')\n"
        "    self.app.store.conn\n"
        "    self.query('#members')\n"  # Textual's DOM query: not SQL
        "    find(store, Task)\n"
        "    say('Delete this member? It is where the team starts.')\n"
        "    s.query('select id from tasks where owner_id = 3')\n"
        "    s.rows('id, title', 'tasks')\n"
        "    st = app.store; st.conn\n"
        "    x = 'status != \"done\" order by end'\n"
        "    from sqlite_utils import Database\n"
        "    find(store, Task, **{'where': 'x'})\n"
        "    say(_('Select a member from the list where the team is'))\n"
        "    table.rows\n",  # Textual's DataTable rows: not called
        encoding="utf-8",
    )
    lines = sorted(int(hit.split(":")[0]) for hit in sql_in(sample))
    assert lines == [1, 3, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15], sql_in(sample)
