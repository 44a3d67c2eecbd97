"""``risk edit|close|occur|list`` and ``issue …`` on real files: what each saves and
says, and every mistake refused in one line with nothing written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from store import changes, risks
from store.db import Store
from store.issues import add_issue, escalation_chain
from store.models import Escalation, Issue, Member, Risk, Task
from store.people import add_member
from store.project import project, update_charter
from store.records import count, find, get
from store.risks import add_risk, update_risk
from store.tasks import add_task
from tests.cli import test_cli
from tests.cli.test_bad_input import console, one_error
from tests.cli.test_cli import TODAY, Team, ok, refused, run, state

FRI = date(2026, 11, 27)
team = test_cli.team  # the fixture: R&D with Li Wei (interface person), 市场部 with 王芳
HOSTILE = "evil \x1b]0;pwned\x07[bold red]x[/] \x9b31m end"


@pytest.fixture
def plan(store: Store, team: Team) -> dict[str, int]:
    """Two tasks, a risk owned by Li Wei linking the first, a PM, 市场部 the sponsor."""
    one = add_task(store, Task(title="Prototype", start=TODAY, end=FRI))
    two = add_task(store, Task(title="Build", start=TODAY, end=FRI))
    add_member(store, Member(name="Zhang PM", department_id=team.rd.id, is_pm=True))
    update_charter(store, project(store).version, sponsor_department_id=team.market.id)
    risk = add_risk(
        store,
        Risk(title="Chip late", owner_id=team.li.id, task_ids=[one.id], contingency="Spot buy"),
    )
    return {"one": one.id, "two": two.id, "risk": risk.id}


# --- risk edit -------------------------------------------------------------------------


def test_risk_edit_sets_every_field(store: Store, team: Team, plan: dict[str, int]) -> None:
    said = ok(
        run(
            store.path,
            "risk", "edit", str(plan["risk"]),
            "--title", "Chip supply late", "--cause", "one supplier", "--event", "MCU late",
            "--effect", "DVT slips", "--category", "supply", "-p", "4", "-i", "5",
            "--residual-probability", "2", "--residual-impact", "3", "--strategy", "MITIGATE",
            "--response", "second supplier", "--trigger", "lead time > 6 weeks",
            "--contingency", "buy at spot price", "--owner", "王芳", "--status", "watching",
            "--review", "fri", "--task", str(plan["two"]), "--task", str(plan["one"]),
        )
    )  # fmt: skip
    assert said == f"edited high risk #{plan['risk']}: Chip supply late\n"
    risk = get(store, Risk, plan["risk"])
    assert (risk.cause, risk.event, risk.effect, risk.category) == (
        "one supplier",
        "MCU late",
        "DVT slips",
        "supply",
    )
    assert (risk.level, risk.score, risk.residual_score, risk.residual_level) == (
        "high",
        20,
        6,
        "medium",
    )
    assert (risk.strategy, risk.response, risk.trigger, risk.contingency) == (
        "mitigate",
        "second supplier",
        "lead time > 6 weeks",
        "buy at spot price",
    )
    # A new owner brings their department; the links are replaced, in the order given.
    assert (risk.owner_id, risk.department_id) == (team.wang.id, team.market.id)
    assert (risk.status, risk.next_review, risk.task_ids) == (
        "watching",
        FRI,
        [plan["two"], plan["one"]],
    )
    assert risk.version == 2  # one user action, one version


def test_risk_edit_clears_with_empty_values(store: Store, team: Team, plan: dict[str, int]) -> None:
    rid = str(plan["risk"])
    ok(run(store.path, "risk", "edit", rid, "-p", "3", "-i", "3", "--review", "fri"))
    ok(
        run(
            store.path, "risk", "edit", rid, "--contingency", "", "-p", "", "--review", "",
            "--task", "", "--owner", "", "--department", "",
        )
    )  # fmt: skip
    risk = get(store, Risk, plan["risk"])
    assert (risk.contingency, risk.probability, risk.impact, risk.next_review) == (
        "",
        None,
        3,
        None,
    )
    assert (risk.task_ids, risk.owner_id, risk.department_id) == ([], None, None)


def test_risk_edit_with_another_department_than_the_owners(
    store: Store,
    team: Team,
    plan: dict[str, int],
) -> None:
    ok(run(store.path, "risk", "edit", str(plan["risk"]), "--owner", "王芳", "--department", "R&D"))
    risk = get(store, Risk, plan["risk"])
    assert (risk.owner_id, risk.department_id) == (team.wang.id, team.rd.id)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "nobody"], "unknown member 'nobody'"),
        (["--department", "Nowhere"], "unknown department 'Nowhere'"),
        (["-p", "6"], "probability: Input should be less than or equal to 5"),
        (["--impact", "0"], "impact"),
        (["-p", "high"], "probability: Input should be a valid integer"),
        (["--residual-impact", "9"], "residual_impact"),
        (["--task", "1", "--task", "999"], "task 999 not found"),
        (["--task", "abc"], "task_ids"),
        (["--title", ""], "title: must not be empty"),
        (["--title", "   "], "title: must not be empty"),
        (["--kind", "opportunity"], "mitigate is not a response to opportunity"),
        (
            ["--kind", "opportunity", "--strategy", "avoid"],
            "avoid is not a response to opportunity",
        ),
        (["--strategy", "exploit"], "exploit is not a response to threat"),
        (["--kind", "menace"], "kind"),
        (["--status", "gone"], "status"),
        (["--review", "2026-13-45"], "'2026-13-45' is not a possible date"),
        (["--review", "soon"], "'soon' is not a date"),
        (["--review", "1999-01-01"], "1999-01-01"),
        ([], "nothing to change"),
    ],
)
def test_risk_edit_mistakes_write_nothing(
    store: Store,
    team: Team,
    plan: dict[str, int],
    args: list[str],
    message: str,
) -> None:
    ok(run(store.path, "risk", "edit", str(plan["risk"]), "--strategy", "mitigate"))
    before = state(store)
    refused(run(store.path, "risk", "edit", str(plan["risk"]), *args), message)
    assert state(store) == before


def test_risk_edit_of_an_unknown_risk(store: Store) -> None:
    before = state(store)
    refused(run(store.path, "risk", "edit", "42", "--title", "x"), "risk 42 not found")
    assert state(store) == before


def test_a_change_made_between_read_and_write_is_a_conflict(
    store: Store,
    team: Team,
    plan: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Someone retitles the risk after the command read it: one line, theirs kept."""
    real = risks.update_risk

    def someone_else_first(s: Store, risk_id: int, version: int, *args, **values):
        with Store(store.path, "wang") as other:
            real(other, risk_id, version, title="Their title")
        return real(s, risk_id, version, *args, **values)

    monkeypatch.setattr(risks, "update_risk", someone_else_first)
    cursor = changes.cursor(store)
    refused(
        run(store.path, "risk", "edit", str(plan["risk"]), "--title", "My title"),
        f"risks {plan['risk']} was changed by wang",
    )
    assert get(store, Risk, plan["risk"]).title == "Their title"
    assert [c.actor for c in changes.since(store, cursor)] == ["wang"]


def test_a_change_to_another_field_in_between_is_merged(
    store: Store,
    team: Team,
    plan: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = risks.update_risk

    def someone_else_first(s: Store, risk_id: int, version: int, *args, **values):
        with Store(store.path, "wang") as other:
            real(other, risk_id, version, trigger="No answer")
        return real(s, risk_id, version, *args, **values)

    monkeypatch.setattr(risks, "update_risk", someone_else_first)
    ok(run(store.path, "risk", "edit", str(plan["risk"]), "--title", "My title"))
    risk = get(store, Risk, plan["risk"])
    assert (risk.title, risk.trigger) == ("My title", "No answer")


def test_hostile_text_is_stored_without_controls_and_printed_as_typed(
    store: Store,
    team: Team,
    plan: dict[str, int],
) -> None:
    said = ok(run(store.path, "risk", "edit", str(plan["risk"]), "--title", HOSTILE))
    title = get(store, Risk, plan["risk"]).title
    assert title == "evil ]0;pwned[bold red]x[/] 31m end"
    assert said == f"edited medium risk #{plan['risk']}: {title}\n"
    listed = ok(run(store.path, "risk", "list"))
    assert "[bold red]x[/]" in listed and "\x1b" not in listed and "\x9b" not in listed


# --- risk close, occur, list ------------------------------------------------------------


def test_risk_close(store: Store, team: Team, plan: dict[str, int]) -> None:
    assert ok(run(store.path, "risk", "close", str(plan["risk"]))) == (
        f"closed risk #{plan['risk']}: Chip late\n"
    )
    assert get(store, Risk, plan["risk"]).status == "closed"
    refused(run(store.path, "risk", "close", "42"), "risk 42 not found")


def test_risk_occur_opens_an_issue_and_says_who_it_waits_on(
    store: Store,
    team: Team,
    plan: dict[str, int],
) -> None:
    said = ok(
        run(store.path, "risk", "occur", str(plan["risk"]), "--owner", "liwei", "--due", "fri")
    )
    issue = find(store, Issue)[0]
    assert said == (
        f"risk #{plan['risk']} occurred: issue #{issue.id} opened, due 2026-11-27; "
        "waits on Li Wei (interface person)\n"
    )
    assert (issue.title, issue.plan, issue.owner_id, issue.due, issue.risk_id) == (
        "Chip late",
        "Spot buy",
        team.li.id,
        FRI,
        plan["risk"],
    )
    assert get(store, Risk, plan["risk"]).status == "occurred"


def test_risk_occur_with_its_own_title_for_an_owner_elsewhere(
    store: Store,
    team: Team,
    plan: dict[str, int],
) -> None:
    said = ok(
        run(
            store.path, "risk", "occur", str(plan["risk"]), "--owner", "王芳", "--due", "+3wd",
            "--title", "Chips 2 weeks late",
        )
    )  # fmt: skip
    issue = find(store, Issue)[0]
    assert (issue.title, issue.department_id, issue.due) == (
        "Chips 2 weeks late",
        team.market.id,
        date(2026, 11, 26),
    )
    # 市场部 has no interface person: the issue waits on nobody until it is escalated.
    assert said.endswith("waits on nobody (interface person)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "nobody", "--due", "fri"], "unknown member 'nobody'"),
        (["--owner", "liwei", "--due", "someday"], "'someday' is not a date"),
        (["--owner", "liwei", "--due", "fri", "--title", ""], "title: must not be empty"),
    ],
)
def test_risk_occur_mistakes_write_nothing(
    store: Store,
    team: Team,
    plan: dict[str, int],
    args: list[str],
    message: str,
) -> None:
    before = state(store)
    refused(run(store.path, "risk", "occur", str(plan["risk"]), *args), message)
    assert state(store) == before


def test_a_risk_occurs_once(store: Store, team: Team, plan: dict[str, int]) -> None:
    args = ("risk", "occur", str(plan["risk"]), "--owner", "liwei", "--due", "fri")
    ok(run(store.path, *args))
    before = state(store)
    refused(run(store.path, *args), "has already occurred")
    assert state(store) == before


def test_risk_occur_needs_an_owner_and_a_due_date(store: Store, plan: dict[str, int]) -> None:
    assert run(store.path, "risk", "occur", str(plan["risk"]), "--due", "fri").exit_code == 2
    assert run(store.path, "risk", "occur", str(plan["risk"]), "--owner", "x").exit_code == 2
    assert count(store, Issue) == 0


def test_risk_list_shows_scores_and_filters(store: Store, team: Team, plan: dict[str, int]) -> None:
    low = add_risk(store, Risk(title="Printer jams", probability=1, impact=2, kind="threat"))
    update_risk(
        store,
        plan["risk"],
        1,
        probability=4,
        impact=4,
        residual_probability=2,
        residual_impact=2,
        next_review=FRI,
    )
    rows = json.loads(ok(run(store.path, "risk", "list", "--json")))
    assert [(r["id"], r["score"], r["residual_score"], r["residual_level"]) for r in rows] == [
        (plan["risk"], 16, 4, "low"),
        (low.id, 2, None, None),
    ]
    assert rows[0]["task_ids"] == [plan["one"]] and rows[0]["next_review"] == "2026-11-27"
    table = ok(run(store.path, "risk", "list")).splitlines()
    assert table[0].split() == [
        "ID", "Level", "Score", "Residual", "Kind", "Title", "Owner", "Department",
        "Strategy", "Status", "Review", "Tasks",
    ]  # fmt: skip
    assert "4 low" in table[2] and "2026-11-27" in table[2] and f"#{plan['one']}" in table[2]
    assert "R&D" in table[2] and "Li Wei" in table[2]
    high = json.loads(ok(run(store.path, "risk", "list", "--json", "--level", "HIGH")))
    assert [r["id"] for r in high] == [plan["risk"]]
    ok(run(store.path, "risk", "close", str(low.id)))
    both = run(store.path, "risk", "list", "--json", "--status", "closed", "--status", "open")
    assert [r["id"] for r in json.loads(ok(both))] == [plan["risk"], low.id]
    refused(run(store.path, "risk", "list", "--status", "done"), "--status 'done'", "closed")


# --- issues ---------------------------------------------------------------------------


def test_issue_add_with_every_option(store: Store, team: Team, plan: dict[str, int]) -> None:
    said = ok(
        run(
            store.path, "issue", "add", "Mould late", "--owner", "liwei", "--due", "fri",
            "--plan", "back-up maker", "--description", "capacity gone",
            "--risk", str(plan["risk"]), "--task", str(plan["two"]),
        )
    )  # fmt: skip
    issue = get(store, Issue, 1)
    assert said == f"opened issue #{issue.id}: Mould late; waits on Li Wei (interface person)\n"
    assert (issue.owner_id, issue.department_id, issue.due, issue.raised) == (
        team.li.id,
        team.rd.id,
        FRI,
        TODAY,
    )
    assert (issue.plan, issue.description, issue.risk_id, issue.task_id, issue.source) == (
        "back-up maker",
        "capacity gone",
        plan["risk"],
        plan["two"],
        "typed",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([""], "issues: title: must not be empty"),
        (["x", "--owner", "ghost"], "unknown member 'ghost'"),
        (["x", "--department", "Nowhere"], "unknown department 'Nowhere'"),
        (["x", "--due", "13-40"], "'13-40' is not a possible date"),
        (["x", "--risk", "99"], "risk 99 not found"),
        (["x", "--task", "99"], "task 99 not found"),
        (["y" * 201], "title"),
    ],
)
def test_issue_add_mistakes_write_nothing(
    store: Store,
    team: Team,
    plan: dict[str, int],
    args: list[str],
    message: str,
) -> None:
    before = state(store)
    refused(run(store.path, "issue", "add", *args), message)
    assert state(store) == before


def test_issue_list_shows_open_ones_and_who_each_waits_on(
    store: Store,
    team: Team,
    plan: dict[str, int],
) -> None:
    first = add_issue(store, Issue(title="Mould late", owner_id=team.li.id, due=FRI))
    up = add_issue(
        store, Issue(title="Ads late", department_id=team.market.id, escalation=Escalation.PM)
    )
    done = add_issue(store, Issue(title="Old", status="resolved"))
    table = ok(run(store.path, "issue", "list"))
    assert "Li Wei (interface person)" in table and "Zhang PM (project manager)" in table
    assert "Old" not in table
    rows = json.loads(ok(run(store.path, "issue", "list", "--json", "--all")))
    pm = escalation_chain(store).pm
    assert pm is not None
    assert [(r["id"], r["waits_on"], r["waits_on_id"]) for r in rows] == [
        (first.id, "Li Wei", team.li.id),
        (up.id, "Zhang PM", pm.id),
        (done.id, None, None),
    ]


def test_issue_edit_status_and_fields(store: Store, team: Team, plan: dict[str, int]) -> None:
    made = add_issue(store, Issue(title="Mould late", owner_id=team.li.id, task_id=plan["one"]))
    said = ok(
        run(
            store.path, "issue", "edit", str(made.id), "--status", "IN_PROGRESS", "--plan",
            "call them", "--due", "+2wd", "--owner", "王芳", "--task", "",
        )
    )  # fmt: skip
    assert said == (
        f"edited issue #{made.id}: Mould late (in progress); waits on nobody (interface person)\n"
    )
    issue = get(store, Issue, made.id)
    assert (issue.status, issue.plan, issue.due, issue.task_id) == (
        "in_progress",
        "call them",
        date(2026, 11, 25),
        None,
    )
    assert (issue.owner_id, issue.department_id) == (team.wang.id, team.market.id)
    ok(run(store.path, "issue", "edit", str(made.id), "--status", "resolved"))
    assert get(store, Issue, made.id).resolved_on == TODAY
    ok(run(store.path, "issue", "edit", str(made.id), "--status", "open"))
    assert get(store, Issue, made.id).resolved_on is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "done"], "status"),
        (["--title", ""], "title: must not be empty"),
        (["--owner", "ghost"], "unknown member 'ghost'"),
        (["--task", "999"], "task 999 not found"),
        (["--risk", "77"], "risk 77 not found"),
        (["--risk", "abc"], "risk_id"),
        (["--due", "someday"], "'someday' is not a date"),
        ([], "nothing to change"),
    ],
)
def test_issue_edit_mistakes_write_nothing(
    store: Store,
    team: Team,
    plan: dict[str, int],
    args: list[str],
    message: str,
) -> None:
    made = add_issue(store, Issue(title="Mould late"))
    before = state(store)
    refused(run(store.path, "issue", "edit", str(made.id), *args), message)
    assert state(store) == before


def test_issue_resolve_and_escalate(store: Store, team: Team, plan: dict[str, int]) -> None:
    made = add_issue(
        store, Issue(title="Mould late", department_id=team.rd.id, due=FRI)
    )  # a later due date than 2 working days on: kept
    said = ok(run(store.path, "issue", "escalate", str(made.id)))
    assert said == (
        f"escalated issue #{made.id}: waits on Zhang PM (project manager), due 2026-11-27\n"
    )
    said = ok(run(store.path, "issue", "escalate", str(made.id)))
    assert "waits on 王芳 (sponsor head)" in said
    refused(run(store.path, "issue", "escalate", str(made.id)), "already at the sponsor")
    said = ok(run(store.path, "issue", "resolve", str(made.id), "--resolution", "new maker"))
    assert said == f"resolved issue #{made.id}: Mould late\n"
    issue = get(store, Issue, made.id)
    assert (issue.status, issue.resolution, issue.resolved_on) == ("resolved", "new maker", TODAY)
    before = state(store)
    refused(run(store.path, "issue", "escalate", str(made.id)), f"issue {made.id} is resolved")
    unknown = made.id + 1
    for command in ("resolve", "escalate"):
        refused(run(store.path, "issue", command, str(unknown)), f"issue {unknown} not found")
    assert state(store) == before


def test_issue_commands_speak_chinese(store: Store, team: Team, plan: dict[str, int]) -> None:
    said = ok(run(store.path, "--lang", "zh", "issue", "add", "模具延期", "--owner", "liwei"))
    assert said == "已登记问题 #1：模具延期；等待 Li Wei（接口人）\n"
    assert "问题" in ok(run(store.path, "--lang", "zh", "issue", "--help"))
    assert "应急计划" in ok(run(store.path, "--lang", "zh", "risk", "edit", "--help"))


# --- export and import --------------------------------------------------------------------


def test_export_csv_risks_and_issues_read_back(
    store: Store,
    team: Team,
    plan: dict[str, int],
    tmp_path: Path,
) -> None:
    ok(run(store.path, "risk", "edit", str(plan["risk"]), "--task", "2", "--task", "1"))
    ok(run(store.path, "issue", "add", "Mould late, again", "--risk", str(plan["risk"])))
    for table in ("risks", "issues"):
        path = tmp_path / f"{table}.csv"
        ok(run(store.path, "export", "csv", table, "-o", str(path)))
        assert f"imported 1 rows into {table}" in ok(
            run(store.path, "import", "csv", table, str(path))
        )
    copy = find(store, Risk)[1]
    assert (copy.title, copy.task_ids) == ("Chip late", [2, 1])
    assert [i.title for i in find(store, Issue)] == ["Mould late, again"] * 2


# --- the real console script ----------------------------------------------------------------


def test_console_script_mistakes_are_one_line(
    store: Store, team: Team, plan: dict[str, int]
) -> None:
    before = state(store)
    for args in (
        ("risk", "edit", str(plan["risk"]), "-p", "6"),
        (
            "risk",
            "edit",
            str(plan["risk"]),
            "--title",
            HOSTILE,
            "--kind",
            "opportunity",
            "--strategy",
            "avoid",
        ),
        ("issue", "add", "x", "--task", "999"),
        ("risk", "occur", str(plan["risk"]), "--owner", "nobody", "--due", "fri"),
    ):
        line = one_error(console("--db", str(store.path), *args, cwd=store.path.parent))
        assert "\x1b" not in line
    assert state(store) == before
