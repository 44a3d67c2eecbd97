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

# Upper-case SQL, as the store writes it: user-facing text never reads like this.
SQL = re.compile(
    r"\bSELECT\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\bORDER\s+BY\b"
    r"|\bWHERE\b|\bCOLLATE\b|\w+\s*(=|!=|<|>|<=|>=|IN)\s*\?"
)
# The store's ways to run SQL, and the connection itself.
STORE_SQL = {"query", "rows", "scalar", "conn", "db", "execute", "executemany"}
# Record look-ups that take a where-string or an ORDER BY (by position or by name).
FINDERS = {"find": 2, "count": 2}


def sql_in(path: Path) -> list[str]:
    """Where ``path`` writes SQL or reaches for the store's connection: "line: what"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.search(node.value):
                found.append(f"{node.lineno}: SQL text {node.value[:60]!r}")
        elif isinstance(node, ast.Attribute) and node.attr in STORE_SQL:
            owner = ast.unparse(node.value)
            if owner.endswith("store") or node.attr.startswith("execute"):
                found.append(f"{node.lineno}: {owner}.{node.attr}")
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = node.func.id if isinstance(node.func, ast.Name) else name
            if name in FINDERS and (
                len(node.args) > FINDERS[name]
                or {k.arg for k in node.keywords} & {"where", "params", "order_by"}
            ):
                found.append(f"{node.lineno}: {name}() with a condition or an order")
    return found


def test_the_interface_writes_no_sql() -> None:
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted(TUI.rglob("*.py"))
        if (hits := sql_in(path))
    }
    assert not found, "SQL in tui/ (ask the store for what the screen shows):\n" + "\n".join(
        f"{name}:{hit}" for name, hits in found.items() for hit in hits
    )


def test_the_scan_sees_each_kind_of_sql(tmp_path: Path) -> None:
    sample = tmp_path / "screen.py"
    sample.write_text(
        "def load(store, self):\n"
        "    find(store, Task, 'owner_id = ?', [1])\n"
        "    records.find(store, Milestone, order_by='date, id')\n"
        "    store.scalar('SELECT 1')\n"
        "    self.app.store.conn\n"
        "    self.query('#members')\n"  # Textual's DOM query: not SQL
        "    find(store, Task)\n"
        "    say('Delete this member? It is where the team starts.')\n",
        encoding="utf-8",
    )
    assert sorted(hit.split(":")[0] for hit in sql_in(sample)) == ["2", "2", "3", "4", "4", "5"]
