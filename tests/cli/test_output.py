"""What list commands print, written the fast way, is what the plain way wrote.

``print_json`` writes lists of flat records with the C encoder and
``print_table`` measures cells itself; both must stay byte for byte what
``json.dumps(indent=2)`` and rich's ``cell_len`` give (scripts parse the JSON,
and people read the columns).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.cells import cell_len, set_cell_size

from store import demo
from store.db import Store
from store.schedule import ScheduledTask
from store.tasks import compute_schedule, tasks
from tui.cli import root as cli
from tui.cli.output import _Cells, print_json

# Strings that could confuse a text rewrite of JSON or a width table.
AWKWARD = [
    "",
    'quote " and back\\slash',
    "line\nbreak\r\tand tab",
    '},\n    {"id": 2',  # the record boundary print_json rewrites, inside a value
    "},\\n    {",
    "\x1b[31mred\x1b[0m",
    "\u2028\u2029 separators",
    "中文 · 标题（全角）",
    "e\u0301 combining",
    "👍🏽 👨‍👩‍👧 ❤️",
]


def _printed(data: Any, capsys: pytest.CaptureFixture[str]) -> str:
    print_json(data)
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "data",
    [
        [
            {"id": i, "title": text, "done": i % 2 == 0, "owner": None}
            for i, text in enumerate(AWKWARD)
        ],
        [{"id": 1}],
        [{"n": -(2**70), "b": False, "s": "x"}, {"n": 0, "b": True, "s": ""}],
        [],
        [{}],
        [{"id": 1}, {}],
        [{"score": 1.5}],  # a float: left to json.dumps
        [{"ids": [1, 2]}],  # nested: left to json.dumps
        [{1: "x"}],  # a key that is not text
        {"id": 1},
        "text",
    ],
)
def test_print_json_is_json_dumps_indented(data: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert _printed(data, capsys) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_table_cells_are_richs() -> None:
    """Widths as ``cell_len`` and crops as ``set_cell_size`` give them, everywhere."""
    cells = _Cells()
    samples = [
        *AWKWARD,
        "a" * 600,
        "宽" * 600,
        "\x00\x07",
        "\u200b zero width",
        "x中文 mixed 宽字 text",
    ]
    samples += [chr(c) for c in range(1, 0x3100) if not 0xD800 <= c < 0xE000]
    assert [cells(s) for s in samples] == [cell_len(s) for s in samples]
    long = [s * 9 for s in AWKWARD if s] + ["a中" * 30, "中a" * 30, "e\u0301" * 40, "宽" * 600]
    for total in (1, 2, 5, 46, 47):
        assert [cells.crop(s, total) for s in long] == [set_cell_size(s, total) for s in long]


@pytest.fixture
def scaled(tmp_path: Path) -> Path:
    path = tmp_path / "scaled.db"
    with Store(path, "tester", create=True) as store:
        demo.generate(store, tasks=600)
    return path


def test_schedule_json_is_the_schedulers_plan(scaled: Path) -> None:
    """Every task of a scaled demo, as the scheduler computes it through the models."""
    result = CliRunner().invoke(cli.main, ["--db", str(scaled), "schedule", "--json"])
    assert result.exit_code == 0, result.output
    with Store(scaled, "tester", read_only=True) as store:
        titles = {t.id: t.title for t in tasks(store)}
        plan = compute_schedule(store)
    rows = json.loads(result.stdout)
    assert result.stdout == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert [r["id"] for r in rows] == [s.id for s in sorted(plan.tasks.values(), key=_start)]
    dates = ("es", "ef", "ls", "lf")
    floats = ("total_float", "free_float", "critical")
    assert {r["id"]: [r["title"], *(r[k] for k in dates + floats)] for r in rows} == {
        s.id: [
            titles[s.id],
            *(getattr(s, k).isoformat() for k in dates),
            *(getattr(s, k) for k in floats),
        ]
        for s in plan.tasks.values()
    }
    assert len(rows) == 600 and list(rows[0]) == ["id", "title", *dates, *floats]


def _start(task: ScheduledTask) -> tuple[date, int]:
    return task.es, task.id
