"""``whoami`` and ``who``: the acting member, and the apps open on the project."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from store import presence
from store.db import Store
from store.models import Member
from store.people import add_department, add_member
from tests.cli.test_cli import ok, refused, run


def team(store: Store) -> Member:
    marketing = add_department(store, "市场部 Marketing")
    add_member(store, Member(name="王芳", department_id=marketing.id, login="wang"))
    return add_member(
        store,
        Member(name="杨帆", department_id=marketing.id, login="yang", is_pm=True, is_head=True),
    )


def test_whoami_names_the_member_the_login_is(store: Store, db_path: Path) -> None:
    pm = team(store)
    assert ok(run(db_path, "--as", "yang", "whoami")) == (
        "杨帆 (yang) · 市场部 Marketing · project manager, department head\n"
    )
    assert ok(run(db_path, "--as", "wang", "whoami")).endswith("· member\n")
    assert json.loads(ok(run(db_path, "--as", "yang", "whoami", "--json"))) == {
        "id": pm.id,
        "name": "杨帆",
        "login": "yang",
        "department": "市场部 Marketing",
        "roles": ["project manager", "department head"],
    }
    said = ok(run(db_path, "--as", "yang", "--lang", "zh", "whoami"))
    assert said == "杨帆 (yang) · 市场部 Marketing · 项目经理, 部门负责人\n"


def test_whoami_refuses_a_login_on_no_roster_entry_and_says_how_to_join(
    store: Store, db_path: Path
) -> None:
    team(store)
    refused(
        run(db_path, "--as", "zhao", "whoami"),
        "zhao is on no member's roster entry",
        "member add NAME --department D --login zhao",
    )


def test_who_lists_the_apps_open_until_they_go_silent(
    store: Store, db_path: Path, clock_at: Callable[[str], None]
) -> None:
    pm = team(store)
    clock_at("2026-11-23T09:00:00+00:00")
    presence.beat(store, "a", login="yang", member_id=pm.id, screen="risks", editing="risks:3")
    rows = json.loads(ok(run(db_path, "who", "--json")))
    assert [(r["login"], r["name"], r["screen"], r["editing"]) for r in rows] == [
        ("yang", "杨帆", "risks", "risks:3")
    ]
    table = ok(run(db_path, "who"))
    assert "杨帆" in table and "risks:3" in table
    clock_at("2026-11-23T09:01:00+00:00")  # silent for a minute: gone
    assert json.loads(ok(run(db_path, "who", "--json"))) == []
