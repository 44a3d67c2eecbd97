"""Roles from the command line: ``member role``, and every write command obeys the rules."""

from __future__ import annotations

from pathlib import Path

from store.db import Store
from store.models import Member, Risk
from store.people import add_department, add_member
from store.records import get
from store.risks import add_risk
from tests.cli.test_cli import ok, refused, run, state


def team(store: Store) -> dict[str, Member]:
    """杨帆 (yang) is the PM of a file with two departments; set up before the rules apply."""
    marketing = add_department(store, "Marketing")
    rd = add_department(store, "R&D")
    people = {
        "wang": add_member(store, Member(name="王芳", department_id=marketing.id, login="wang")),
        "li": add_member(
            store, Member(name="李伟", department_id=rd.id, login="li", is_interface=True)
        ),
    }
    people["yang"] = add_member(
        store, Member(name="杨帆", department_id=marketing.id, login="yang", is_pm=True)
    )
    return people


def test_the_pm_hands_the_role_over_with_yes_and_it_is_said(store: Store, db_path: Path) -> None:
    people = team(store)
    before = state(store)
    line = refused(run(db_path, "--as", "yang", "member", "role", "王芳", "--pm"), "--yes")
    assert "Hand the project manager's role from 杨帆 to 王芳?" in line
    assert state(store) == before
    said = ok(run(db_path, "--as", "yang", "member", "role", "王芳", "--pm", "--yes"))
    assert said == "王芳 is now the project manager (was 杨帆)\n"
    assert get(store, Member, people["wang"].id).is_pm
    assert not get(store, Member, people["yang"].id).is_pm
    # 杨帆 is a member now: giving roles is no longer theirs.
    refused(
        run(db_path, "--as", "yang", "member", "role", "李伟", "--head"),
        "only the project manager, 王芳, can change roles",
    )


def test_only_the_pm_gives_roles_and_the_refusal_says_who_may(store: Store, db_path: Path) -> None:
    team(store)
    before = state(store)
    refused(
        run(db_path, "--as", "li", "member", "role", "王芳", "--interface"),
        "only the project manager, 杨帆, can change roles",
    )
    in_chinese = run(db_path, "--as", "li", "--lang", "zh", "member", "role", "王芳", "--head")
    assert in_chinese.exit_code == 1
    assert in_chinese.stderr == "xdept-tui：错误：只有项目经理杨帆可以修改角色、登录名或所属部门\n"
    assert state(store) == before
    assert ok(run(db_path, "--as", "yang", "member", "role", "王芳", "--head")) == (
        "王芳 is now the head of Marketing\n"
    )
    no_role = run(db_path, "--as", "yang", "member", "role", "王芳")
    assert no_role.exit_code == 2 and "--pm, --head or --interface" in no_role.stderr


def test_a_login_outside_the_roster_reads_but_cannot_write(store: Store, db_path: Path) -> None:
    team(store)
    before = state(store)
    refused(
        run(db_path, "--as", "zhao", "risk", "add", "Parts late"),
        "you (zhao) are not on the roster",
        "the project manager, 杨帆, can add you",
        "--login zhao",
    )
    assert state(store) == before
    assert ok(run(db_path, "--as", "zhao", "risk", "list")) is not None


def test_write_commands_obey_the_rules(store: Store, db_path: Path) -> None:
    people = team(store)
    with Store(db_path, "yang") as pm:
        risk = add_risk(pm, Risk(title="Budget cut", owner_id=people["wang"].id))
    before = state(store)
    refused(
        run(db_path, "--as", "li", "risk", "edit", str(risk.id), "--probability", "2"),
        "only its owner, 王芳",
        "can change risk #",
    )
    refused(
        run(db_path, "--as", "li", "task", "add", "Not mine", "--owner", "王芳"),
        "can change task",
    )
    assert state(store) == before
    ok(run(db_path, "--as", "li", "risk", "add", "Tooling late"))  # everyone adds risks
    ok(run(db_path, "--as", "wang", "risk", "close", str(risk.id)))  # its owner closes it


def test_daily_updates_are_their_authors(store: Store, db_path: Path) -> None:
    team(store)
    before = state(store)
    refused(
        run(db_path, "--as", "li", "update", "add", "--member", "王芳", "--done", "x"),
        "can change 王芳's daily updates",
    )
    assert state(store) == before
    ok(run(db_path, "--as", "wang", "update", "add", "--done", "Brief written"))
