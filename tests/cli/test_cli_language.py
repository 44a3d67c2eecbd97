"""The command line speaks the chosen language in its refusals too, click's own included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tui.cli import root as cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "project.db"
    assert run_lang(path, "en", "init").exit_code == 0
    return path


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (["risk", "add", ""], "风险需要标题", "a risk needs a title"),
        (
            ["task", "add", "x", "--start", "2026-12-09", "--end", "2026-12-01"],
            "任务：结束日期早于开始日期",
            "tasks: end is before the start",
        ),
        (
            ["risk", "add", "x", "--probability", "9"],
            "风险：概率：应小于或等于 5",
            "risks: probability: Input should be less than or equal to 5",
        ),
        (["task", "link", "9", "9"], "找不到任务 9", "task 9 not found"),
        (
            ["risk", "add", "x", "--level", "huge"],
            "风险：等级：应为以下之一：'high'、'medium'、'low'",
            "risks: level: Input should be 'high', 'medium' or 'low'",
        ),
    ],
)
def test_a_refusal_is_one_line_in_the_chosen_language(
    db: Path, args: list[str], chinese: str, english: str
) -> None:
    zh = run_lang(db, "zh", *args)
    assert (zh.exit_code, zh.stderr) == (1, f"xdept-tui：错误：{chinese}\n")
    en = run_lang(db, "en", *args)
    assert (en.exit_code, en.stderr) == (1, f"xdept-tui: error: {english}\n")


def run_lang(db: Path, lang: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli.main, ["--db", str(db), "--lang", lang, *args], catch_exceptions=False
    )


def test_clicks_own_usage_errors_and_help_follow_the_language(db: Path) -> None:
    zh = run_lang(db, "zh", "member", "add", "王五")
    assert zh.exit_code == 2
    assert "错误：缺少选项 '--department'" in zh.stderr
    assert "用 'xdept-tui member add --help' 查看帮助。" in zh.stderr
    assert "Error" not in zh.stderr and "Missing" not in zh.stderr
    # A real process: click builds each command's --help option once and keeps it, so in
    # this test process an earlier English --help would stay English.
    command = "from tui.cli import main; main()"
    help_zh = subprocess.run(
        [sys.executable, "-c", command, "--lang", "zh", "member", "list", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert help_zh.startswith("用法：") and "显示此帮助并退出。" in help_zh
    en = run_lang(db, "en", "member", "add", "王五")
    assert "Error: Missing option '--department'." in en.stderr
