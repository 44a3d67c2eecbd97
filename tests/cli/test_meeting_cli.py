"""``meeting …`` and ``update …`` on real files: planning filled in from the project,
running a meeting, its items and minutes, daily updates; every mistake refused in
one line with nothing written."""

from __future__ import annotations

import json
from datetime import date

import pytest

from store.db import Store
from store.meetings import post_update
from store.models import DailyUpdate, Meeting, MeetingItem, Member, Task
from store.people import add_member
from store.project import project, update_charter
from store.records import find, get
from tests.cli import test_cli
from tests.cli.test_cli import TODAY, Team, ok, refused, run, state

team = test_cli.team  # the fixture: R&D with Li Wei (interface person), 市场部 with 王芳


def plan(store: Store, *args: str) -> Meeting:
    out = json.loads(ok(run(store.path, "meeting", "add", "--json", *args)))
    return get(store, Meeting, out["id"])


def test_meeting_add_plans_a_weekly_meeting_filled_in(store: Store, team: Team) -> None:
    pm = add_member(store, Member(name="Zhang PM", department_id=team.rd.id, is_pm=True))
    out = ok(run(store.path, "meeting", "add", "--time", "09:30"))
    assert out == "planned weekly #1: Weekly meeting 2026-11-23, 2026-11-23 09:30 (45 min)\n"
    meeting = get(store, Meeting, 1)
    assert meeting.attendees == [pm.id, team.li.id]
    assert [a.title for a in meeting.agenda] == [
        "R&D",
        "市场部",
        "Actions from last time",
        "Decisions and other business",
    ]
    reports = find(store, MeetingItem, "meeting_id = 1")
    assert [(i.kind, i.department_id) for i in reports] == [
        ("report", team.rd.id),
        ("report", team.market.id),
    ]


def test_meeting_add_in_chinese_fills_in_chinese(store: Store, team: Team) -> None:
    out = ok(run(store.path, "--lang", "zh", "meeting", "add", "--date", "2026-11-30"))
    assert "周例会 · 2026-11-30" in out
    assert get(store, Meeting, 1).agenda[-2].title == "上次的行动项"


def test_meeting_add_with_options(store: Store, team: Team) -> None:
    update_charter(store, project(store).version, success_criteria="Runs\nCheap")
    meeting = plan(
        store,
        "--kind",
        "Review",
        "--title",
        "Final review",
        "--date",
        "2026-12-01",
        "--minutes",
        "30",
        "--attendee",
        "王芳",
        "--attendee",
        "liwei",
    )
    assert (meeting.kind, meeting.title, meeting.planned_minutes) == ("review", "Final review", 30)
    assert meeting.attendees == [team.wang.id, team.li.id]
    criteria = find(store, MeetingItem, "meeting_id = ?", [meeting.id], "position")
    assert [(c.kind, c.text) for c in criteria] == [("criterion", "Runs"), ("criterion", "Cheap")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--time", "08:59"], "would start in the past (2026-11-23 08:59)"),
        (["--date", "-1d"], "would start in the past"),
        (["--kind", "party"], "--kind 'party': use kickoff, weekly"),
        (["--time", "25:00"], "a time is HH:MM"),
        (["--attendee", "nobody"], "unknown member 'nobody'"),
        (["--minutes", "2"], "planned_minutes"),
        (["--date", "2026-13-01"], "not a possible date"),
    ],
)
def test_meeting_add_mistakes_write_nothing(
    store: Store, team: Team, args: list[str], message: str
) -> None:
    before = state(store)
    refused(run(store.path, "meeting", "add", *args), message)
    assert state(store) == before


def test_a_meeting_runs_from_start_to_published_minutes(store: Store, team: Team) -> None:
    meeting = plan(store, "--kind", "topic", "--title", "Chip shortage")
    before = state(store)
    refused(run(store.path, "meeting", "publish", str(meeting.id)), "close 'Chip shortage'")
    assert state(store) == before
    assert ok(run(store.path, "meeting", "start", str(meeting.id))) == (
        "started meeting #1: Chip shortage\n"
    )
    ok(run(store.path, "meeting", "item", "add", "1", "--kind", "decision", "Buy spot"))
    out = ok(
        run(
            store.path,
            "meeting",
            "item",
            "add",
            "1",
            "Order chips",
            "--kind",
            "action",
            "--owner",
            "Li Wei",
            "--due",
            "fri",
        )
    )
    assert out == "added action #1 to meeting #1: task #1 on the board\n".replace("#1 to", "#2 to")
    task = get(store, Task, 1)
    assert (task.title, task.owner_id, task.end) == ("Order chips", team.li.id, date(2026, 11, 27))
    closed = json.loads(ok(run(store.path, "meeting", "close", "1", "--json")))
    assert closed["status"] == "closed"
    ok(run(store.path, "meeting", "publish", "1"))
    assert get(store, Meeting, 1).published_by == "tester"
    minutes = ok(run(store.path, "meeting", "show", "1"))
    assert minutes.startswith("# Chip shortage\n")
    assert "## Decisions\n\n1. Buy spot" in minutes
    assert "| Order chips | Li Wei | 2026-11-27 | #1 |" in minutes
    assert "Published by tester at" in minutes
    view = json.loads(ok(run(store.path, "meeting", "show", "1", "--json")))
    assert [i["kind"] for i in view["items"]] == ["decision", "action"]
    assert view["items"][0]["agenda"] == 0  # raised under the item the meeting was on
    assert view["names"][str(team.li.id)] == "Li Wei"
    rows = json.loads(ok(run(store.path, "meeting", "list", "--json")))
    assert (rows[0]["decisions"], rows[0]["open_actions"]) == (1, 1)
    table = ok(run(store.path, "meeting", "list"))
    assert "Open actions" in table.splitlines()[0]


def test_publishing_an_empty_meeting_is_refused(store: Store, team: Team) -> None:
    plan(store, "--kind", "topic", "--title", "Nothing")
    ok(run(store.path, "meeting", "start", "1"))
    ok(run(store.path, "meeting", "close", "1"))
    before = state(store)
    refused(run(store.path, "meeting", "publish", "1"), "'Nothing' has nothing recorded")
    assert state(store) == before


def test_meeting_next_plans_the_next_weekly(store: Store, team: Team) -> None:
    plan(store, "--time", "15:00")
    out = ok(run(store.path, "meeting", "next", "1"))
    assert out == "planned weekly #2: Weekly meeting 2026-11-30, 2026-11-30 15:00 (45 min)\n"
    before = state(store)
    refused(run(store.path, "meeting", "next", "1"), "already planned (#2)")
    assert state(store) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "action", "--due", "fri", "x"], "an action item needs an owner"),
        (["--kind", "action", "--owner", "Li Wei", "x"], "an action item needs a due date"),
        (["--kind", "report", "--department", "Sales", "x"], "unknown department 'Sales'"),
        (["--kind", "report", "x"], "a department report needs its department"),
        (["--owner", "nobody", "x"], "unknown member 'nobody'"),
        (["--kind", "gossip", "x"], "--kind 'gossip': use report"),
        (["--kind", "decision", "  "], "a decision needs its text"),
    ],
)
def test_meeting_item_mistakes_write_nothing(
    store: Store, team: Team, args: list[str], message: str
) -> None:
    plan(store, "--kind", "topic")
    before = state(store)
    refused(run(store.path, "meeting", "item", "add", "1", *args), message)
    assert state(store) == before


def test_an_item_of_an_unknown_or_published_meeting_is_refused(store: Store, team: Team) -> None:
    refused(run(store.path, "meeting", "item", "add", "9", "x"), "meeting 9 not found")
    plan(store, "--kind", "topic", "--title", "T")
    for step in ("start", "close"):
        ok(run(store.path, "meeting", step, "1"))
    ok(run(store.path, "meeting", "item", "add", "1", "late note"))
    ok(run(store.path, "meeting", "publish", "1"))
    before = state(store)
    refused(run(store.path, "meeting", "item", "add", "1", "x"), "are published")
    assert state(store) == before


def test_a_report_item(store: Store, team: Team) -> None:
    plan(store, "--kind", "topic")
    out = json.loads(
        ok(
            run(
                store.path,
                "meeting",
                "item",
                "add",
                "1",
                "--kind",
                "report",
                "--department",
                "r&d",
                "board",
                "--plan",
                "case",
                "--needs",
                "parts",
                "--json",
            )
        )
    )
    assert [out[k] for k in ("department_id", "done", "plan", "needs")] == [
        team.rd.id,
        "board",
        "case",
        "parts",
    ]


def test_a_second_update_the_same_day_says_to_edit_the_first(store: Store, team: Team) -> None:
    first = post_update(store, DailyUpdate(member_id=team.li.id, date=TODAY, done="spec"))
    before = state(store)
    refused(
        run(store.path, "update", "add", "--member", "Li Wei", "--done", "again"),
        f"Li Wei already posted the update of 2026-11-23 (#{first.id}): "
        f"use `update edit {first.id}`",
    )
    assert state(store) == before
    out = ok(run(store.path, "update", "edit", str(first.id), "--blockers", "no bench"))
    assert out == f"edited update #{first.id} of 2026-11-23\n"
    assert get(store, DailyUpdate, first.id).blockers == "no bench"
    refused(run(store.path, "update", "edit", str(first.id)), "nothing to change")
    refused(run(store.path, "update", "edit", str(first.id), "--done", ""), "done")
    refused(run(store.path, "update", "edit", "99", "--done", "x"), "daily update 99 not found")


def test_update_list_of_a_day(store: Store, team: Team) -> None:
    post_update(store, DailyUpdate(member_id=team.li.id, date=TODAY, done="today"))
    post_update(store, DailyUpdate(member_id=team.li.id, date=date(2026, 11, 20), done="friday"))
    rows = json.loads(ok(run(store.path, "update", "list", "--date", "2026-11-20", "--json")))
    assert [r["done"] for r in rows] == ["friday"]
    assert len(json.loads(ok(run(store.path, "update", "list", "--json")))) == 2
