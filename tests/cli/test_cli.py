"""The command line on real files: every command, and every mistake refused in one line.

Most tests run click in-process (CliRunner); a few start the real console
script to check what a shell sees: exit codes, one stderr line, no Textual.
"""

from __future__ import annotations

import gc
import gettext
import hashlib
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

from store import changes, migrations
from store.db import Store
from store.exports import to_json
from store.meetings import add_item, add_meeting
from store.models import (
    MODELS,
    DailyUpdate,
    Department,
    Dependency,
    Meeting,
    MeetingItem,
    Member,
    Risk,
    Task,
)
from store.people import add_department, add_member
from store.records import META, count, find, get
from store.tasks import add_task, calendar
from tui import i18n
from tui.cli import language, project
from tui.cli import root as cli

TODAY = date(2026, 11, 23)  # the frozen clock's Monday


def run(db: Path | None, *args: str, input: str | None = None, **env: str) -> Result:
    """Run the command line in-process, with --db first when given."""
    argv = (["--db", str(db)] if db is not None else []) + list(args)
    return CliRunner().invoke(cli.main, argv, input=input, env=env, catch_exceptions=False)


def sh(db: Path | None, line: str, **env: str) -> Result:
    """Run a command written as in a shell (quotes group words)."""
    return run(db, *shlex.split(line), **env)


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(result: Result, *fragments: str) -> str:
    """Exit 1 with exactly one line on stderr that names the problem."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("xdept-tui: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def state(store: Store) -> tuple[dict[str, int], int]:
    """Row counts of every table and the change-log cursor: 'nothing written' compares these."""
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in MODELS}, changes.cursor(store)


def content(store: Store) -> dict[str, list[dict]]:
    return {
        table: [r.model_dump(mode="json", exclude=set(META) - {"id"}) for r in find(store, model)]
        for table, model in MODELS.items()
    }


def files_of(path: Path) -> tuple[str, list[str]]:
    """The file's sha256 and what else lies beside it: unchanged means untouched."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return digest, sorted(p.name for p in path.parent.iterdir())


@dataclass
class Team:
    rd: Department
    market: Department
    li: Member
    wang: Member


@pytest.fixture
def team(store: Store) -> Team:
    rd = add_department(store, "R&D")
    market = add_department(store, "市场部")
    li = add_member(
        store, Member(name="Li Wei", department_id=rd.id, login="liwei", is_interface=True)
    )
    wang = add_member(store, Member(name="王芳", department_id=market.id, is_head=True))
    return Team(rd, market, li, wang)


@pytest.fixture
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Stand in for tui.app: the app itself is tested in tests/tui; here, what it is given."""
    calls: list[tuple] = []
    monkeypatch.setitem(
        sys.modules, "tui.app", types.SimpleNamespace(run_app=lambda *a: calls.append(a))
    )
    return calls


# --- global options ------------------------------------------------------------------


def test_version() -> None:
    assert ok(run(None, "--version")) == "xdept-tui 0.1.0\n"


def test_help_lists_every_command() -> None:
    text = ok(run(None, "--help"))
    commands = "demo init department member task risk update meeting schedule export import"
    for command in [*commands.split(), "backup", "check"]:
        assert f"\n  {command} " in text
    for variable in ("XDEPT_DB", "XDEPT_USER", "XDEPT_LANG", "XDEPT_THEME"):
        assert variable in text


def test_risk_help_shows_the_quick_syntax_unwrapped() -> None:
    text = ok(run(None, "risk", "add", "--help"))
    assert "  @NAME               the owner (a member's name or login)\n" in text
    assert '"!high supplier may slip @Li Wei p4 i5 ~mitigate: second supplier #42"' in text


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [(["--lang", "zh"], {}, "zh"), ([], {"XDEPT_LANG": "zh"}, "zh"), (["--lang", "EN"], {}, "en")],
)
def test_language_from_option_or_environment(
    store: Store, args: list[str], env: dict[str, str], expected: str
) -> None:
    ok(run(store.path, *args, "task", "list", **env))
    assert i18n.language() == expected


class _Chinese(gettext.NullTranslations):
    """A tiny catalog, so the test does not depend on the shipped one."""

    WORDS: ClassVar[dict[str, str]] = {
        "Tasks of the plan.": "计划中的任务。",
        "Add a task (dates default to today).": "添加任务（日期默认为今天）。",
        "Owner: a member's name or login.": "负责人：成员的姓名或登录名。",
        "{prog}: error: {message}": "{prog}：错误：{message}",
    }

    def gettext(self, message: str) -> str:
        return self.WORDS.get(message, message)


def test_help_and_messages_are_translated_when_shown(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language, "set_language", lambda lang=None: "zh")
    monkeypatch.setattr(i18n, "_translation", _Chinese())
    assert "添加任务（日期默认为今天）。" in ok(run(None, "task", "--help"))
    text = ok(run(None, "task", "add", "--help"))
    assert "添加任务" in text and "负责人：成员的姓名或登录名。" in text
    result = run(store.path, "task", "add", "T", "--owner", "nobody")
    assert result.stderr.startswith("xdept-tui：错误：unknown member")


def test_unknown_language_is_a_usage_error() -> None:
    assert run(None, "--lang", "fr", "check").exit_code == 2


def test_actor_from_as_or_environment(store: Store, team: Team) -> None:
    ok(run(store.path, "--as", "mallory", "department", "add", "IT"))
    ok(run(store.path, "department", "add", "HR", XDEPT_USER="eve"))
    assert [c.actor for c in changes.recent(store, 2)] == ["eve", "mallory"]


def test_db_from_the_environment(store: Store, team: Team) -> None:
    rows = json.loads(ok(run(None, "department", "list", "--json", XDEPT_DB=str(store.path))))
    assert [d["name"] for d in rows] == ["R&D", "市场部"]


# --- init ------------------------------------------------------------------------------


def test_init_creates_a_private_database_with_a_project(db_path: Path) -> None:
    out = ok(run(db_path, "init", "--name", "Launch 2027"))
    assert str(db_path) in out and "Launch 2027" in out
    assert db_path.stat().st_mode & 0o777 == 0o660
    with Store(db_path) as s:
        assert s.query("SELECT name FROM project") == [{"name": "Launch 2027"}]
        assert s.check()["integrity"] == "ok"


def test_init_never_overwrites(store: Store, team: Team) -> None:
    before = files_of(store.path)
    refused(run(store.path, "init"), "already exists")
    assert files_of(store.path) == before


def test_init_refuses_a_bad_name_before_creating_the_file(db_path: Path) -> None:
    refused(run(db_path, "init", "--name", "x" * 201), "name")
    assert not db_path.exists()


def test_init_with_an_official_calendar(db_path: Path, tmp_path: Path) -> None:
    ok(run(db_path, "init", "--name", "Launch", "--country", "cn"))
    with Store(db_path) as s:
        assert s.query("SELECT country FROM project") == [{"country": "CN"}]
        assert not calendar(s).is_working(date(2027, 2, 8))  # Spring Festival
    refused(run(tmp_path / "x.db", "init", "--country", "XX"), "no official calendar for 'XX'")
    assert not (tmp_path / "x.db").exists()
    ok(run(tmp_path / "plain.db", "init", "--demo", "--tasks", "10", "--country", ""))
    with Store(tmp_path / "plain.db") as s:
        assert s.query("SELECT country FROM project") == [{"country": ""}]


def test_the_calendar_command_shows_and_changes_the_working_days(db_path: Path) -> None:
    import holidays

    ok(run(db_path, "init", "--name", "Launch"))
    assert ok(run(db_path, "calendar")).startswith("Monday to Friday · 0 project holidays")
    out = ok(
        run(db_path, "calendar", "--country", "cn", "--holiday", "12-24", "--workday", "2027-02-20")
    )
    assert out.startswith(f"China official (holidays {holidays.__version__})")
    assert "1 project holiday · 1 extra working day · next: 2026-12-24, 2027-01-01" in out
    out = ok(run(db_path, "--lang", "zh", "calendar", "--remove", "2026-12-24"))
    assert "0 个项目假日 · 1 个额外工作日" in out and "元旦" in out
    with Store(db_path) as s:
        assert calendar(s).is_working(date(2027, 2, 20))
    refused(run(db_path, "calendar", "--holiday", "2027-02-20"), "both a holiday and a working day")
    refused(run(db_path, "calendar", "--country", "XX"), "no official calendar for 'XX'")
    refused(run(db_path, "--read-only", "calendar", "--country", ""), "--read-only")
    assert ok(run(db_path, "--read-only", "calendar")).startswith("China official")


def test_plus_working_days_count_the_project_calendar(db_path: Path) -> None:
    ok(run(db_path, "init", "--name", "Launch", "--country", "CN"))
    # Friday 5 February 2027 is Spring Festival's eve: +1wd is Thursday 11 February.
    out = ok(run(db_path, "task", "add", "x", "--start", "+1wd", XDEPT_NOW="2027-02-04T09:00"))
    with Store(db_path) as s:
        assert s.query("SELECT start FROM tasks") == [{"start": "2027-02-11"}], out


@pytest.mark.parametrize("args", [["--tasks", "50"], ["--demo", "--tasks", "9"]])
def test_init_usage_errors(db_path: Path, args: list[str]) -> None:
    assert run(db_path, "init", *args).exit_code == 2
    assert not db_path.exists()


def test_init_demo_scaled(db_path: Path) -> None:
    ok(run(db_path, "init", "--demo", "--tasks", "10"))
    with Store(db_path) as s:
        # N planned tasks, plus the one the demo's action item became.
        assert count(s, Task) in (10, 11)
        assert s.check()["integrity"] == "ok"


@pytest.mark.parametrize("collecting", [True, False])
def test_the_demo_leaves_the_garbage_collector_as_it_was(db_path: Path, collecting: bool) -> None:
    """The collector rests while a demo is built, then works again (unless it was off)."""
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        ok(run(db_path, "init", "--demo", "--tasks", "10"))
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


# --- opening the dashboard ----------------------------------------------------------


def test_no_database_without_a_terminal_says_how_to_make_one(db_path: Path, app_calls) -> None:
    refused(run(db_path), f"no database at {db_path}", "xdept-tui init --name NAME", "demo")
    assert not db_path.exists()
    assert app_calls == []


def test_no_database_at_a_terminal_asks_then_opens(
    db_path: Path, app_calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "_stdin_is_tty", lambda: True)
    result = run(db_path, "--theme", "nord", input="\nMy project\n")
    assert f"No database at {db_path}. Create it? [Y/n]" in ok(result)
    assert app_calls == [(db_path, "tester", "en", "nord", False)]
    with Store(db_path) as s:
        assert s.query("SELECT name FROM project") == [{"name": "My project"}]


def test_declining_creates_nothing(db_path: Path, app_calls, monkeypatch) -> None:
    monkeypatch.setattr(project, "_stdin_is_tty", lambda: True)
    assert run(db_path, input="n\n").exit_code == 1
    assert not db_path.exists()
    assert app_calls == []


def test_interrupting_the_question_exits_130_quietly(db_path: Path, app_calls, monkeypatch) -> None:
    monkeypatch.setattr(project, "_stdin_is_tty", lambda: True)
    result = run(db_path, input="")  # end of input, as ctrl-d
    assert result.exit_code == 130
    assert "Traceback" not in result.output and "error" not in result.stderr
    assert not db_path.exists()


def test_an_existing_database_opens_the_app(store: Store, app_calls) -> None:
    ok(run(store.path, "--read-only", "--as", "li", XDEPT_THEME="light"))
    assert app_calls == [(store.path, "li", "en", "light", True)]


def test_interrupting_the_app_exits_130_quietly(store: Store, monkeypatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "tui.app", types.SimpleNamespace(run_app=interrupted))
    result = run(store.path)
    assert result.exit_code == 130
    assert result.stdout == "" and result.stderr.strip() == ""


def test_a_bad_file_is_refused_before_the_app_starts(tmp_path: Path, app_calls) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    refused(run(text), "not a database")
    assert app_calls == []


# --- demo ------------------------------------------------------------------------------


def test_demo_is_fresh_every_time(tmp_path: Path) -> None:
    path = Path(ok(run(None, "demo", "--no-open")).strip())
    assert path == tmp_path / "xdg-data" / "xdept-tui" / "demo.db"
    ok(run(path, "department", "add", "Scratch dept"))
    assert Path(ok(run(None, "demo", "--no-open")).strip()) == path
    names = [d["name"] for d in json.loads(ok(run(path, "department", "list", "--json")))]
    assert "Scratch dept" not in names and names


def test_demo_at_a_new_db_path_then_opens(db_path: Path, app_calls) -> None:
    ok(run(db_path, "demo"))
    assert app_calls == [(db_path, "tester", "en", None, False)]
    with Store(db_path) as s:
        assert count(s, Task) > 0


def test_demo_never_overwrites_a_given_file(store: Store, app_calls) -> None:
    before = files_of(store.path)
    refused(run(store.path, "demo", "--no-open"), "already exists")
    assert files_of(store.path) == before
    assert app_calls == []


# --- departments and members ----------------------------------------------------------


def test_department_add_and_list(store: Store) -> None:
    assert "#1" in ok(run(store.path, "department", "add", "R&D", "--description", "builds it"))
    rows = json.loads(ok(run(store.path, "department", "list", "--json")))
    assert rows[0]["name"] == "R&D" and rows[0]["description"] == "builds it"
    assert list(rows[0]) == list(Department.model_fields)
    refused(run(store.path, "department", "add", "r&d"), "already has this name")


def test_member_add_with_every_option(store: Store, team: Team) -> None:
    out = ok(
        sh(
            store.path,
            "member add 'Zhang San' --department r&d --post engineer --contact zs@example.com "
            "--login zhang --interface --head --pm --duties firmware",
        )
    )
    assert "Zhang San (R&D)" in out
    zhang = find(store, Member, "login = 'zhang'")[0]
    assert (zhang.post, zhang.contact, zhang.duties) == ("engineer", "zs@example.com", "firmware")
    assert zhang.is_interface and zhang.is_head and zhang.is_pm
    assert not get(store, Member, team.li.id).is_interface  # the new interface relieved Li Wei
    assert "Zhang San is now the interface person of R&D (was Li Wei)" in out  # and says so


def test_member_list_json_and_aligned_table(store: Store, team: Team) -> None:
    rows = json.loads(ok(run(store.path, "member", "list", "--json")))
    assert [list(r) for r in rows] == [list(Member.model_fields)] * 2
    lines = ok(run(store.path, "member", "list")).splitlines()
    assert lines[0].split()[:3] == ["ID", "Name", "Department"]
    column = cell_len(lines[0][: lines[0].index("Department")])
    assert cell_len(lines[2][: lines[2].index("R&D")]) == column
    assert cell_len(lines[3][: lines[3].index("市场部")]) == column  # CJK measured in cells
    assert "interface" in lines[2] and "head" in lines[3]


def test_member_add_unknown_department_writes_nothing(store: Store, team: Team) -> None:
    before = state(store)
    refused(run(store.path, "member", "add", "X", "--department", "Legal"), "unknown department")
    assert state(store) == before


# --- tasks ----------------------------------------------------------------------------


def test_task_add_defaults(store: Store, team: Team) -> None:
    assert "added task #1" in ok(run(store.path, "task", "add", "Spec", "--owner", "liwei"))
    spec = get(store, Task, 1)
    assert (spec.start, spec.end) == (TODAY, TODAY)
    assert (spec.owner_id, spec.department_id) == (team.li.id, team.rd.id)


def test_task_add_with_every_option(store: Store, team: Team) -> None:
    ok(run(store.path, "task", "add", "Spec", "--start", "today", "--end", "fri"))
    ok(
        sh(
            store.path,
            "task add 'Prototype 原型' --owner 'Li Wei' --department 市场部 --start +3wd "
            "--end 12-04 --after 1:SS:2 --phase prototype --deliverable 'a board' --milestone",
        )
    )
    proto = get(store, Task, 2)
    assert (proto.start, proto.end) == (date(2026, 11, 26), date(2026, 12, 4))
    assert (proto.owner_id, proto.department_id) == (team.li.id, team.market.id)
    assert (proto.phase, proto.deliverable, proto.milestone) == ("prototype", "a board", True)
    deps = find(store, Dependency)
    assert [(d.predecessor_id, d.successor_id, d.type, d.lag) for d in deps] == [(1, 2, "SS", 2)]
    ok(sh(store.path, "task add Test --after '#2'"))
    assert (find(store, Dependency)[1].predecessor_id, find(store, Dependency)[1].type) == (2, "FS")


def test_task_add_duplicate_predecessor_is_refused_whole(store: Store) -> None:
    ok(run(store.path, "task", "add", "A"))
    before = state(store)
    refused(run(store.path, "task", "add", "B", "--after", "1", "--after", "1:SS"))
    assert state(store) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "--owner", "Li Wei"], "title"),
        (["x" * 201], "title"),
        (["T", "--owner", "nobody"], "unknown member 'nobody'"),
        (["T", "--department", "Legal"], "unknown department 'Legal'"),
        (["T", "--start", "next week"], "'next week' is not a date"),
        (["T", "--end", "2026-02-30"], "'2026-02-30' is not a possible date"),
        (["T", "--start", "2026-12-10", "--end", "2026-12-01"], "end is before the start"),
        (["T", "--end", "2026-11-01"], "end is before the start"),  # start defaults to today
        (["T", "--after", "99"], "task 99 not found"),
        (["T", "--after", "1:XX"], "type must be FS, SS, FF or SF"),
        (["T", "--after", "one"], "expected ID[:TYPE[:LAG]]"),
    ],
)
def test_task_add_mistakes_write_nothing(
    store: Store, team: Team, args: list[str], message: str
) -> None:
    before = state(store)
    refused(run(store.path, "task", "add", *args), message)
    assert state(store) == before


def test_a_dependency_making_a_cycle_is_named(store: Store) -> None:
    ok(run(store.path, "task", "add", "A"))
    ok(run(store.path, "task", "add", "B", "--after", "1"))
    ok(run(store.path, "task", "add", "C", "--after", "2"))
    before = state(store)
    refused(run(store.path, "task", "link", "1", "3"), "cycle: #1 → #2 → #3 → #1")
    assert state(store) == before
    assert "now follows #1" in ok(run(store.path, "task", "link", "3", "1:FF:-1"))


def test_task_list(store: Store, team: Team) -> None:
    ok(run(store.path, "task", "add", "Spec \x1b[31mred", "--owner", "王芳"))
    rows = json.loads(ok(run(store.path, "task", "list", "--json")))
    assert list(rows[0]) == list(Task.model_fields)
    assert rows[0]["start"] == "2026-11-23" and rows[0]["title"] == "Spec [31mred"
    table = ok(run(store.path, "task", "list"))
    assert "\x1b" not in table and "王芳" in table and "2026-11-23" in table


# --- schedule -----------------------------------------------------------------------


def test_schedule_of_a_small_network(store: Store) -> None:
    """A (3 days) and B (1 day) both before C; C before D: A, C, D are critical."""
    ok(run(store.path, "task", "add", "A", "--start", "2026-11-23", "--end", "2026-11-25"))
    ok(run(store.path, "task", "add", "B", "--start", "2026-11-23", "--end", "2026-11-23"))
    ok(run(store.path, "task", "add", "C", "--start", "11-26", "--end", "11-27", "--after", "1"))
    ok(run(store.path, "task", "link", "3", "2"))
    ok(run(store.path, "task", "add", "D", "--start", "11-30", "--end", "11-30", "--after", "3"))
    rows = json.loads(ok(run(store.path, "schedule", "--json")))
    keys = ["id", "title", "es", "ef", "ls", "lf", "total_float", "free_float", "critical"]
    assert list(rows[0]) == keys
    by_title = {r["title"]: r for r in rows}
    assert [t for t, r in by_title.items() if r["critical"]] == ["A", "C", "D"]
    assert by_title["B"]["total_float"] == 2 and by_title["B"]["free_float"] == 2
    assert (by_title["B"]["ls"], by_title["B"]["lf"]) == ("2026-11-25", "2026-11-25")
    assert (by_title["D"]["es"], by_title["D"]["ef"]) == ("2026-11-30", "2026-11-30")
    table = ok(run(store.path, "schedule")).splitlines()
    assert table[-1] == "project finish: 2026-11-30; critical path: 3 tasks"
    assert len(table) == 2 + 4 + 1


def test_schedule_of_an_empty_plan(store: Store) -> None:
    assert ok(run(store.path, "schedule")).splitlines()[-1].endswith("critical path: 0 tasks")
    assert json.loads(ok(run(store.path, "schedule", "--json"))) == []


def test_schedule_names_a_cycle_written_by_another_program(store: Store) -> None:
    for title in ("A", "B"):
        add_task(store, Task(title=title, start=TODAY, end=TODAY))
    with store.transaction() as tx:  # bypasses add_dependency's refusal, as a foreign writer would
        tx.insert(Dependency(predecessor_id=1, successor_id=2))
        tx.insert(Dependency(predecessor_id=2, successor_id=1))
    refused(run(store.path, "schedule"), "cycle: #1 → #2 → #1")


@pytest.mark.parametrize(
    ("sql", "names"),
    [
        ("UPDATE tasks SET start = 'soon' WHERE id = 2", "tasks record 2 cannot be read"),
        ("UPDATE tasks SET title = x'ff' WHERE id = 1", "tasks record 1 cannot be read"),
        ("UPDATE dependencies SET lag = 'two'", "dependencies record 1 cannot be read"),
    ],
)
def test_schedule_names_a_row_written_wrong_by_another_program(
    store: Store, sql: str, names: str
) -> None:
    """The schedule reads its columns without the models, and still says which row."""
    for title in ("A", "B"):
        add_task(store, Task(title=title, start=TODAY, end=TODAY))
    with store.transaction() as tx:
        tx.insert(Dependency(predecessor_id=1, successor_id=2))
    with sqlite3.connect(store.path) as other:
        other.execute(sql)
    refused(run(store.path, "schedule", "--json"), names)


# --- risks ------------------------------------------------------------------------------


def test_risk_quick_syntax_from_the_design(store: Store, team: Team) -> None:
    with store.transaction() as tx:
        for n in range(42):
            tx.insert(Task(title=f"T{n + 1}", start=TODAY, end=TODAY))
    line = "!high supplier may slip @Li Wei ~mitigate: second supplier #42"
    assert "added high risk #1" in ok(run(store.path, "risk", "add", line))
    risk = get(store, Risk, 1)
    assert (risk.title, risk.level, risk.owner_id) == ("supplier may slip", "high", team.li.id)
    assert (risk.strategy, risk.response, risk.task_ids) == ("mitigate", "second supplier", [42])


def test_risk_options_override_the_quick_syntax(store: Store, team: Team) -> None:
    add_task(store, Task(title="T", start=TODAY, end=TODAY))
    ok(
        sh(
            store.path,
            "risk add '!low parts late @liwei ~accept: wait' --level HIGH --owner 王芳 "
            "--strategy avoid --response 'order early' --task 1",
        )
    )
    risk = get(store, Risk, 1)
    assert (risk.title, risk.level, risk.owner_id) == ("parts late", "high", team.wang.id)
    assert (risk.strategy, risk.response, risk.task_ids) == ("avoid", "order early", [1])


def test_risk_quick_syntax_with_probability_impact_kind_and_tasks(store: Store, team: Team) -> None:
    for title in ("T1", "T2"):
        add_task(store, Task(title=title, start=TODAY, end=TODAY))
    line = "+opp bulk discount P2 i:4 @liwei ~exploit: order in march #1 #2"
    assert "added medium risk #1" in ok(run(store.path, "risk", "add", line))
    risk = get(store, Risk, 1)
    assert (risk.title, risk.kind, risk.probability, risk.impact) == (
        "bulk discount",
        "opportunity",
        2,
        4,
    )
    assert (risk.strategy, risk.response, risk.task_ids) == ("exploit", "order in march", [1, 2])
    ok(run(store.path, "risk", "add", "p5 i5 late", "--task", "2", "--task", "1"))
    assert (get(store, Risk, 2).level, get(store, Risk, 2).task_ids) == ("high", [2, 1])


def test_risk_level_follows_probability_and_impact(store: Store) -> None:
    ok(run(store.path, "risk", "add", "key engineer leaves", "--probability", "4", "--impact", "5"))
    assert get(store, Risk, 1).level == "high"
    ok(run(store.path, "risk", "add", "plain"))
    assert get(store, Risk, 2).level == "medium"
    rows = json.loads(ok(run(store.path, "risk", "list", "--json")))
    assert list(rows[0]) == [*Risk.model_fields, "score", "residual_score", "residual_level"]
    assert "key engineer leaves" in ok(run(store.path, "risk", "list"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--level", "urgent"], "level"),
        (["!urgent x"], "the level must be high, medium or low"),
        (["x", "--owner", "nobody"], "unknown member 'nobody'"),
        (["x @nobody"], "unknown member 'nobody'"),
        (["x", "--task", "999"], "task 999 not found"),
        (["x #999"], "task 999 not found"),
        (["x #abc"], "#abc"),
        (["x p6 i2"], "p6: the probability is 1 to 5"),
        (["x !low p5 i5"], "!low but p5 i5 makes a high risk (score 25)"),
        (["x", "--probability", "9"], "probability"),
        (["x", "--strategy", "pray"], "strategy"),
        ([""], "a risk needs a title"),
        (["y" * 201], "title"),
    ],
)
def test_risk_add_mistakes_write_nothing(
    store: Store, team: Team, args: list[str], message: str
) -> None:
    before = state(store)
    refused(run(store.path, "risk", "add", *args), message)
    assert state(store) == before


# --- daily updates and meetings ----------------------------------------------------


def test_update_add_as_the_member_whose_login_is_the_actor(store: Store, team: Team) -> None:
    out = ok(run(store.path, "--as", "liwei", "update", "add", "--done", "wiring", "--date", "-1d"))
    assert "Li Wei" in out
    mine = find(store, DailyUpdate)[0]
    assert (mine.member_id, mine.date, mine.done) == (team.li.id, date(2026, 11, 22), "wiring")


def test_update_add_for_a_named_member(store: Store, team: Team) -> None:
    ok(sh(store.path, "update add --member 王芳 --done poster --next print --blockers 'no budget'"))
    rows = json.loads(ok(run(store.path, "update", "list", "--json")))
    assert list(rows[0]) == list(DailyUpdate.model_fields)
    assert [rows[0][k] for k in ("date", "next", "blockers")] == [
        "2026-11-23",
        "print",
        "no budget",
    ]
    assert "no budget" in ok(run(store.path, "update", "list"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--done", "x"], "no member has the login 'tester': pass --member NAME"),
        (["--member", "nobody", "--done", "x"], "unknown member"),
        (["--member", "Li Wei", "--done", "  "], "done"),
        (["--member", "Li Wei", "--done", "x", "--date", "2026-13-01"], "not a possible date"),
    ],
)
def test_update_add_mistakes_write_nothing(
    store: Store, team: Team, args: list[str], message: str
) -> None:
    before = state(store)
    refused(run(store.path, "update", "add", *args), message)
    assert state(store) == before


def _weekly(store: Store, team: Team) -> Meeting:
    weekly = add_meeting(
        store,
        Meeting(title="周例会", date=TODAY, start="10:00", attendees=[team.li.id, team.wang.id]),
    )
    for item in (
        MeetingItem(
            meeting_id=weekly.id,
            kind="report",
            department_id=team.rd.id,
            done="board",
            plan="case",
            needs="parts",
        ),
        MeetingItem(meeting_id=weekly.id, kind="decision", text="ship in Q1"),
        MeetingItem(
            meeting_id=weekly.id,
            kind="action",
            text="order parts",
            owner_id=team.wang.id,
            due=date(2026, 11, 30),
        ),
        MeetingItem(meeting_id=weekly.id, kind="note", text="room 3"),
    ):
        add_item(store, item)
    return weekly


def test_meeting_list(store: Store, team: Team) -> None:
    _weekly(store, team)
    rows = json.loads(ok(run(store.path, "meeting", "list", "--json")))
    assert list(rows[0]) == [*Meeting.model_fields, "decisions", "open_actions", "minutes_overdue"]
    assert rows[0]["attendees"] == [team.li.id, team.wang.id]
    assert "周例会" in ok(run(store.path, "meeting", "list"))


# --- export and import ---------------------------------------------------------------


def test_export_json_then_import_json_reproduces_the_records(
    store: Store, team: Team, tmp_path: Path
) -> None:
    _weekly(store, team)
    ok(run(store.path, "task", "add", "A", "--owner", "Li Wei"))
    ok(run(store.path, "task", "add", "B", "--after", "1:SS:1"))
    ok(run(store.path, "risk", "add", "!high late @王芳 #2"))
    exported = ok(run(store.path, "export", "json"))
    assert json.loads(exported)["format"] == "xdept-tui"
    dump = tmp_path / "dump.json"
    dump.write_text(exported, encoding="utf-8")
    copy = tmp_path / "copy.db"
    ok(run(copy, "init"))
    # Two tasks and the weekly's action item.
    assert "3 tasks" in ok(run(copy, "--as", "restorer", "import", "json", str(dump)))
    with Store(copy) as restored:
        assert content(restored) == content(store)
        assert {c.actor for c in changes.since(restored, 1)} == {"restorer"}


def test_export_to_a_file(store: Store, team: Team, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    result = run(store.path, "export", "json", "-o", str(out))
    assert ok(result) == "" and str(out) in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]["members"][1]["name"] == "王芳"


def test_export_and_import_csv(store: Store, team: Team, tmp_path: Path) -> None:
    ok(run(store.path, "task", "add", "A, with comma", "--owner", "Li Wei"))
    text = ok(run(store.path, "export", "csv", "tasks"))
    assert text.splitlines()[0] == ",".join(Task.model_fields)
    assert '"A, with comma"' in text
    csv_file = tmp_path / "tasks.csv"
    ok(run(store.path, "export", "csv", "tasks", "-o", str(csv_file)))
    assert csv_file.read_text(encoding="utf-8") == text
    assert "imported 1 rows into tasks" in ok(
        run(store.path, "import", "csv", "tasks", str(csv_file))
    )
    assert [t.title for t in find(store, Task)] == ["A, with comma"] * 2


def test_import_csv_bad_row_writes_nothing(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("title,start,end\nok,2026-12-01,2026-12-02\nbad,2026-12-01,someday\n")
    before = state(store)
    refused(run(store.path, "import", "csv", "tasks", str(bad)), "tasks line 3: end")
    assert state(store) == before


def test_export_minutes(store: Store, team: Team, tmp_path: Path) -> None:
    weekly = _weekly(store, team)
    text = ok(run(store.path, "export", "minutes", str(weekly.id)))
    assert text.startswith("# 周例会\n")
    for part in ("Li Wei, 王芳", "### R&D", "board", "case", "parts", "ship in Q1", "## Notes"):
        assert part in text
    assert "| order parts | 王芳 | 2026-11-30 |" in text
    refused(run(store.path, "export", "minutes", "99"), "meeting 99 not found")


def test_export_ics(store: Store, team: Team, tmp_path: Path) -> None:
    _weekly(store, team)
    ok(run(store.path, "task", "add", "Ship it", "--end", "fri", "--milestone"))
    target = tmp_path / "plan.ics"
    ok(run(store.path, "export", "ics", "-o", str(target)))
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert (
        b"SUMMARY:#2 Ship it\r\n" in raw
    )  # the weekly's action item is task #1 and b"DTSTART;VALUE=DATE:20261127\r\n" in raw
    assert "SUMMARY:周例会".encode() in raw


def test_export_csv_unknown_table(store: Store) -> None:
    refused(run(store.path, "export", "csv", "secrets"), "unknown table 'secrets'")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not a JSON file"),
        ('{"format": "other"}', "not an xdept-tui export"),
        (None, "tasks[0]: title"),
        (None, "import needs an empty database; create one with xdept-tui init"),
    ],
)
def test_import_json_bad_file_writes_nothing(
    store: Store, team: Team, tmp_path: Path, body: str | None, message: str
) -> None:
    target = tmp_path / "target.db"
    ok(run(target, "init"))
    if body is None:
        document = json.loads(to_json(store))
        if message.startswith("tasks"):
            document["tables"]["tasks"] = [
                {"title": "", "start": "2026-11-23", "end": "2026-11-23"}
            ]
        else:
            ok(run(target, "department", "add", "Already here"))
        body = json.dumps(document)
    dump = tmp_path / "dump.json"
    dump.write_text(body, encoding="utf-8")
    with Store(target) as before_store:
        before = state(before_store)
    refused(run(target, "import", "json", str(dump)), message)
    with Store(target) as after_store:
        assert state(after_store) == before


def test_import_a_missing_file(store: Store, tmp_path: Path) -> None:
    refused(run(store.path, "import", "json", str(tmp_path / "nope.json")), "No such file")


# --- backup and check ----------------------------------------------------------------


def test_backup_is_a_valid_copy(store: Store, team: Team, tmp_path: Path) -> None:
    dest = tmp_path / "copy.db"
    assert str(dest) in ok(run(store.path, "backup", str(dest)))
    with Store(dest) as copy:
        assert copy.check()["integrity"] == "ok"
        assert content(copy) == content(store)
    before = files_of(dest)
    refused(run(store.path, "backup", str(dest)), "already exists")
    assert files_of(dest) == before


def test_check(store: Store, team: Team) -> None:
    text = ok(run(store.path, "check"))
    assert "integrity: ok" in text and "members 2" in text
    report = json.loads(ok(run(store.path, "check", "--json")))
    assert report["schema_version"] == migrations.SCHEMA_VERSION
    assert report["counts"]["departments"] == 2


def test_check_fails_on_a_damaged_file(store: Store, team: Team) -> None:
    raw = sqlite3.connect(store.path)  # another program, without foreign keys
    raw.execute(
        "INSERT INTO members (name, department_id, created_at, updated_at, updated_by) "
        "VALUES ('ghost', 99, 'x', 'x', 'x')"
    )
    raw.commit()
    raw.close()
    result = run(store.path, "check")
    assert result.exit_code == 1
    assert "foreign key violations: 1" in result.stdout


# --- files that are not ours, and read-only ------------------------------------------


def _text_file(path: Path) -> None:
    path.write_text("just some notes\n")


def _corrupt(path: Path) -> None:
    with Store(path, create=True) as s:
        add_department(s, "R&D")
    data = bytearray(path.read_bytes())
    data[100:] = bytes((i * 7 + 3) % 256 for i in range(len(data) - 100))
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    """Ours (our application_id), but from a future version."""
    with Store(path, create=True) as s:
        s.conn.execute("PRAGMA user_version = 99")
        assert s.scalar("PRAGMA application_id") == migrations.APPLICATION_ID


def _directory(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_text_file, "not a database"),
        (_corrupt, "corrupt"),
        (_newer, "schema version 99, newer than this xdept-tui"),
        (_directory, "is a directory"),
    ],
)
@pytest.mark.parametrize("command", [["task", "add", "T"], ["task", "list"], ["check"]])
def test_a_file_that_is_not_ours_is_never_touched(
    tmp_path: Path, make, message: str, command: list[str]
) -> None:
    path = tmp_path / "their.db"
    make(path)
    before = files_of(path)
    refused(run(path, *command), message)
    assert files_of(path) == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(ROOT, reason="root may write a 0440 file, so the refusal cannot be provoked")
def test_a_read_only_file_is_refused_untouched(store: Store, team: Team) -> None:
    path = store.path
    store.close()
    Path(f"{path}-wal").unlink(missing_ok=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    path.chmod(0o440)
    before = files_of(path)
    refused(run(path, "task", "add", "T"), "cannot write")
    assert files_of(path) == before


@pytest.mark.skipif(ROOT, reason="root may write in a read-only folder, so nothing is refused")
def test_a_read_only_folder_cannot_get_a_new_database(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o550)
    try:
        refused(run(folder / "x.db", "init"), "cannot create")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o750)


def test_read_only_option_refuses_writes_and_allows_reads(store: Store, team: Team) -> None:
    before = state(store)
    refused(run(store.path, "--read-only", "task", "add", "T"), "--read-only")
    refused(run(store.path, "--read-only", "import", "csv", "tasks", "x.csv"), "--read-only")
    refused(run(store.path, "--read-only", "demo", "--no-open"), "--read-only")
    assert state(store) == before
    assert "R&D" in ok(run(store.path, "--read-only", "department", "list"))


# --- the real console script ----------------------------------------------------------


def script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    console = Path(sys.executable).with_name("xdept-tui")
    command = [str(console)] if console.exists() else [sys.executable, "-m", "tui.cli"]
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_console_script_writes_and_lists(tmp_path: Path) -> None:
    assert script("--db", "p.db", "init", "--name", "Shell", cwd=tmp_path).returncode == 0
    added = script("--db", "p.db", "task", "add", "From the shell", "--end", "+2wd", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    listed = script("--db", "p.db", "task", "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert [row[k] for k in ("title", "end", "updated_by")] == [
        "From the shell",
        "2026-11-25",
        "tester",
    ]


def test_console_script_mistake_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    done = script("--db", "notes.txt", "task", "add", "x", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "xdept-tui: error: notes.txt is not a database (not an SQLite file)\n"
    usage = script("--db", "notes.txt", "task", "add", cwd=tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_plain_commands_do_not_import_textual(store: Store) -> None:
    code = (
        "import sys\n"
        "from tui.cli.root import main\n"
        "try:\n"
        f"    main(['--db', {str(store.path)!r}, 'task', 'list'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
