"""store.exports on real files: JSON round trip, CSV, minutes, iCalendar, refused imports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from store import changes
from store.db import Store
from store.errors import Invalid, NotFound
from store.exports import (
    gantt_markdown,
    ics_escape,
    ics_fold,
    import_csv,
    import_json,
    minutes,
    to_csv,
    to_ics,
    to_json,
)
from store.issues import add_issue
from store.meeting_plan import accept_project, judge, next_weekly, plan_meeting
from store.meetings import (
    add_item,
    add_meeting,
    close_meeting,
    mark_present,
    post_update,
    publish_minutes,
    start_meeting,
)
from store.models import (
    MODELS,
    DailyUpdate,
    Issue,
    Meeting,
    MeetingItem,
    Member,
    Milestone,
    Project,
    Risk,
    Task,
)
from store.people import add_department, add_member
from store.project import create_project, update_charter
from store.records import META, count, find, get
from store.risks import add_risk
from store.tasks import add_task, parse_after, set_baseline, update_task
from tests.store.helpers import FRI, MON, task


@pytest.fixture
def filled(store: Store) -> Store:
    """A small project touching every export: people, plan, risk, meeting, update."""
    rnd = add_department(store, "R&D")
    market = add_department(store, "市场部")
    li = add_member(
        store, Member(name="Li Wei", department_id=rnd.id, login="liwei", is_interface=True)
    )
    wang = add_member(store, Member(name="王芳", department_id=market.id, is_head=True))
    with store.transaction() as tx:
        tx.insert(
            Milestone(name="Launch; v1, final", date=date(2026, 12, 15), description="go\nlive")
        )
    a = add_task(
        store,
        Task(
            title="Prototype",
            owner_id=li.id,
            department_id=rnd.id,
            start=date(2026, 11, 23),
            end=date(2026, 11, 27),
            deliverable="a board, a case; tested",
        ),
    )
    add_task(
        store,
        Task(title="Build 构建", owner_id=wang.id, start=date(2026, 11, 30), end=date(2026, 12, 4)),
        after=[parse_after(f"{a.id}:FS:1")],
    )
    done = add_task(store, Task(title="Kick-off", start=date(2026, 11, 2), end=date(2026, 11, 2)))
    update_task(store, done.id, done.version, status="done")
    add_risk(store, Risk(title="supplier may slip", level="high", owner_id=li.id, task_ids=[a.id]))
    weekly = add_meeting(
        store,
        Meeting(
            title="Weekly | sync",
            date=date(2026, 11, 23),
            start="10:00",
            planned_minutes=45,
            attendees=[li.id, wang.id],
        ),
    )
    add_item(
        store,
        MeetingItem(
            meeting_id=weekly.id,
            kind="report",
            department_id=rnd.id,
            done="board v2\nfirmware",
            plan="case",
            needs="parts from purchasing",
        ),
    )
    add_item(store, MeetingItem(meeting_id=weekly.id, kind="decision", text="ship in Q1"))
    add_item(
        store,
        MeetingItem(
            meeting_id=weekly.id,
            kind="action",
            text="order parts | fast",
            owner_id=wang.id,
            due=date(2026, 11, 30),
            task_id=a.id,  # else recording it would add its own task
        ),
    )
    add_item(store, MeetingItem(meeting_id=weekly.id, kind="note", text="room 3 next time"))
    post_update(store, DailyUpdate(member_id=li.id, date=date(2026, 11, 23), done="wiring"))
    return store


@pytest.fixture
def empty(tmp_path: Path):
    """A second file as ``xdept-tui init`` leaves it: an empty placeholder project."""
    with Store(tmp_path / "other.db", "importer", create=True) as s:
        create_project(s, Project(name="New project"))
        yield s


def _content(store: Store) -> dict[str, list[dict]]:
    """Every record's id and content (not versions or timestamps), per table."""
    return {
        table: [r.model_dump(mode="json", exclude=set(META) - {"id"}) for r in find(store, model)]
        for table, model in MODELS.items()
    }


def _snapshot(store: Store) -> tuple[dict[str, int], int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in MODELS}, changes.cursor(store)


# --- JSON ------------------------------------------------------------------------


def test_json_document_has_every_table_and_the_change_log(filled: Store) -> None:
    document = json.loads(to_json(filled))
    assert document["format"] == "xdept-tui"
    assert document["schema_version"] == filled.scalar("PRAGMA user_version")
    assert document["exported_at"] == "2026-11-23T09:00:00+00:00"
    assert list(document["tables"]) == [*MODELS, "changes"]
    assert len(document["tables"]["changes"]) == changes.cursor(filled)
    assert document["tables"]["meetings"][0]["attendees"] == [1, 2]
    assert list(document["tables"]["tasks"][0]) == list(Task.model_fields)


def test_json_round_trip_reproduces_the_records(filled: Store, empty: Store) -> None:
    counts = import_json(empty, to_json(filled))
    assert _content(empty) == _content(filled)
    assert counts["tasks"] == 3
    assert counts["meeting_items"] == 4
    # The import is the new file's history, by the importing actor.
    logged = changes.since(empty, 0, limit=-1)
    assert {c.actor for c in logged} == {"importer"}
    assert sum(1 for c in logged if c.op == "create" and c.entity == "tasks") == 3


def test_json_import_keeps_the_placeholder_project_when_the_file_has_none(
    filled: Store, empty: Store
) -> None:
    document = json.loads(to_json(filled))
    document["tables"]["project"] = []
    import_json(empty, json.dumps(document))
    assert [p.name for p in find(empty, Project)] == ["New project"]
    assert count(empty, Task) == 3


def test_json_import_refuses_a_database_with_records(filled: Store, empty: Store) -> None:
    exported = to_json(filled)
    import_json(empty, exported)
    before = _snapshot(empty)
    with pytest.raises(Invalid, match="import needs an empty database"):
        import_json(empty, exported)
    assert _snapshot(empty) == before


def _edited(filled: Store, table: str, index: int, **values: object) -> str:
    document = json.loads(to_json(filled))
    document["tables"][table][index].update(values)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda f: b"\xff\xfe not text", "not UTF-8"),
        (lambda f: "{nope", "not a JSON file"),
        (lambda f: "[]", "not an xdept-tui export"),
        (lambda f: json.dumps({"format": "other"}), "not an xdept-tui export"),
        (
            lambda f: json.dumps({"format": "xdept-tui", "schema_version": 99, "tables": {}}),
            "schema_version 99",
        ),
        (lambda f: json.dumps({"format": "xdept-tui", "schema_version": 1}), '"tables"'),
        (
            lambda f: json.dumps({"format": "xdept-tui", "schema_version": 1, "tables": {"x": []}}),
            "unknown table 'x'",
        ),
        (lambda f: _edited(f, "tasks", 1, end="2026-01-01"), "tasks[1]: end is before the start"),
        (lambda f: _edited(f, "tasks", 0, colour="red"), "tasks[0]: colour"),
        (lambda f: _edited(f, "risks", 0, level="urgent"), "risks[0]: level"),
        (lambda f: _edited(f, "members", 1, name=""), "members[1]: name"),
        (lambda f: _edited(f, "tasks", 2, owner_id=99), "tasks[2] (id 3): refers to a record"),
    ],
)
def test_a_bad_file_is_refused_whole(filled: Store, empty: Store, make, message: str) -> None:
    before = _snapshot(empty)
    with pytest.raises(Invalid) as caught:
        import_json(empty, make(filled))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _snapshot(empty) == before


def test_a_dependency_cycle_in_the_file_is_named(filled: Store, empty: Store) -> None:
    document = json.loads(to_json(filled))
    back = dict(document["tables"]["dependencies"][0], id=2, predecessor_id=2, successor_id=1)
    document["tables"]["dependencies"].append(back)
    before = _snapshot(empty)
    with pytest.raises(Invalid, match="cycle: #1 → #2 → #1"):
        import_json(empty, json.dumps(document))
    assert _snapshot(empty) == before


# --- CSV -------------------------------------------------------------------------


def test_csv_has_the_model_fields_and_every_row(filled: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(filled, "tasks"))))
    assert list(rows[0]) == list(Task.model_fields)
    assert [r["title"] for r in rows] == ["Prototype", "Build 构建", "Kick-off"]
    assert rows[0]["deliverable"] == "a board, a case; tested"
    log = list(csv.DictReader(io.StringIO(to_csv(filled, "changes"))))
    assert len(log) == changes.cursor(filled)


def test_csv_round_trip_table_by_table(filled: Store, empty: Store) -> None:
    for table in ("departments", "members", "tasks"):
        import_csv(empty, table, to_csv(filled, table))
    # New ids are given in file order, so on an empty file the links still match.
    assert _content(empty)["tasks"] == _content(filled)["tasks"]
    assert _content(empty)["members"] == _content(filled)["members"]
    assert import_csv(empty, "tasks", to_csv(filled, "tasks")) == 3
    assert [t.id for t in find(empty, Task)] == [1, 2, 3, 4, 5, 6]


def test_csv_import_is_all_or_nothing(empty: Store) -> None:
    text = "title,start,end\nGood,2026-12-01,2026-12-02\nBad,2026-12-05,2026-12-01\n"
    before = _snapshot(empty)
    with pytest.raises(Invalid, match="tasks line 3: end is before the start"):
        import_csv(empty, "tasks", text)
    assert _snapshot(empty) == before


def test_csv_import_names_a_missing_reference_by_row(empty: Store) -> None:
    text = "title,start,end,owner_id\nGood,2026-12-01,2026-12-02,\nX,2026-12-01,2026-12-02,7\n"
    before = _snapshot(empty)
    with pytest.raises(Invalid, match="tasks line 3: refers to a record that does not exist"):
        import_csv(empty, "tasks", text)
    assert _snapshot(empty) == before


def test_csv_dependencies_that_close_a_cycle_are_refused(filled: Store) -> None:
    before = _snapshot(filled)
    with pytest.raises(Invalid, match="cycle: #1 → #2 → #1"):
        import_csv(filled, "dependencies", "predecessor_id,successor_id\n2,1\n")
    assert _snapshot(filled) == before
    assert import_csv(filled, "dependencies", "predecessor_id,successor_id,type\n1,3,SS\n") == 1


def test_csv_never_makes_a_second_project(filled: Store) -> None:
    before = _snapshot(filled)
    with pytest.raises(Invalid, match="one project"):
        import_csv(filled, "project", "name\nAnother\n")
    assert _snapshot(filled) == before


def test_json_import_keeps_an_edited_project(filled: Store, empty: Store) -> None:
    update_charter(empty, 1, goal="launch in March")
    before = _snapshot(empty)
    with pytest.raises(Invalid, match="import needs an empty database"):
        import_json(empty, to_json(filled))
    assert _snapshot(empty) == before


@pytest.mark.parametrize(
    ("table", "text", "message"),
    [
        ("nope", "a\n1\n", "unknown table 'nope'"),
        ("changes", "a\n1\n", "unknown table 'changes'"),
        ("tasks", "", "empty"),
        ("tasks", "title,colour\nx,red\n", "unknown column 'colour'"),
        ("tasks", "title,start,end\nx,2026-12-01,2026-12-02,extra\n", "more cells than columns"),
        ("tasks", "title,start,end\n,2026-12-01,2026-12-02\n", "tasks line 2: title"),
    ],
)
def test_bad_csv_is_refused(empty: Store, table: str, text: str, message: str) -> None:
    before = _snapshot(empty)
    with pytest.raises(Invalid, match=message):
        import_csv(empty, table, text)
    assert _snapshot(empty) == before


# --- minutes ---------------------------------------------------------------------


def test_minutes_hold_every_part_of_the_meeting(filled: Store) -> None:
    text = minutes(filled, 1)
    assert text.startswith("# Weekly | sync\n")
    assert "**Attendees:** Li Wei, 王芳" in text
    assert "2026-11-23 10:00 (45 min)" in text
    assert "### R&D" in text
    assert "**Done this week:** board v2\n  firmware" in text
    assert "**Plan for next week:** case" in text
    assert "**Needs from others:** parts from purchasing" in text
    assert "## Decisions\n\n1. ship in Q1" in text
    assert "| order parts \\| fast | 王芳 | 2026-11-30 | #1 |" in text
    assert "## Notes\n\n- room 3 next time" in text


def test_minutes_headings_take_the_callers_translation(filled: Store) -> None:
    words = {"Decisions": "决定", "Attendees": "参会人"}
    text = minutes(filled, 1, lambda text: words.get(text, text))
    assert "## 决定" in text
    assert "**参会人:**" in text


def test_minutes_of_an_unknown_meeting(filled: Store) -> None:
    with pytest.raises(NotFound, match="meeting 9 not found"):
        minutes(filled, 9)


def held_weekly(store: Store) -> tuple[int, Member, Member]:
    """A weekly meeting held and published, after an earlier one with an open action,
    with a risk and an issue raised in it and the next one planned."""
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, login="tester"))
    wang = add_member(store, Member(name="Wang Fang", department_id=rd.id))
    due = date(2026, 11, 27)
    earlier = add_meeting(store, Meeting(title="Week 47", date=date(2026, 11, 16)))
    add_item(
        store,
        MeetingItem(meeting_id=earlier.id, kind="action", text="Ask QA", owner_id=wang.id, due=due),
    )
    meeting = plan_meeting(
        store, Meeting(title="Week 48", date=MON, start="10:00", attendees=[li.id, wang.id])
    )
    next_weekly(store, meeting.id)
    meeting = start_meeting(store, meeting.id, meeting.version)
    mark_present(store, meeting.id, li.id)
    add_item(store, MeetingItem(meeting_id=meeting.id, kind="decision", text="Ship in Q1"))
    add_item(
        store,
        MeetingItem(meeting_id=meeting.id, kind="action", text="Order", owner_id=li.id, due=due),
    )
    add_risk(
        store, Risk(title="Supplier late", level="high", owner_id=li.id, meeting_id=meeting.id)
    )
    add_issue(store, Issue(title="No bench", owner_id=wang.id, due=due, meeting_id=meeting.id))
    meeting = close_meeting(store, meeting.id, get(store, Meeting, meeting.id).version)
    publish_minutes(store, meeting.id, meeting.version)
    return meeting.id, li, wang


def test_minutes_of_a_held_weekly_meeting(store: Store) -> None:
    meeting_id, _li, _wang = held_weekly(store)
    text = minutes(store, meeting_id)
    assert text.startswith("# Week 48\n")
    assert "- **Date:** 2026-11-23 10:00 (60 min) · Held: 2026-11-23 09:00 – 09:00" in text
    assert "- **Kind:** weekly\n- **Status:** published\n" in text
    assert "- **Present:** Li Wei\n- **Absent:** Wang Fang\n" in text
    assert "## Actions from last time\n\n| Action | Owner | Due | Task |" in text
    assert "| Ask QA | Wang Fang | 2026-11-27 | #1 |" in text
    assert "## Decisions\n\n1. Ship in Q1" in text
    assert (
        "## Action items\n\n| Action | Owner | Due | Task |\n| --- | --- | --- | --- |\n"
        "| Order | Li Wei | 2026-11-27 | #2 |" in text
    )
    assert "## Risks raised\n\n- #1 Supplier late (high; Li Wei)" in text
    assert "## Issues raised\n\n- #1 No bench (Wang Fang; 2026-11-27)" in text
    assert "## Next meeting\n\n- Weekly meeting 2026-11-30: 2026-11-30 10:00 (60 min)" in text
    assert text.endswith("---\n\nPublished by Li Wei at 2026-11-23 09:00\n")


def test_minutes_in_chinese(store: Store) -> None:
    from tui.i18n import _, set_language

    meeting_id, _li, _wang = held_weekly(store)
    set_language("zh")
    text = minutes(store, meeting_id, _)
    for words in (
        "**日期:**",
        "**类型:** 周例会",
        "**状态:** 已发布",
        "**出席:** Li Wei",
        "**缺席:** Wang Fang",
        "## 上次的行动项",
        "## 决议",
        "## 行动项",
        "## 提出的风险",
        "## 提出的问题",
        "## 下次会议",
        "2026-11-30 10:00 (60 分钟)",
        "Li Wei 于 2026-11-23 09:00 发布",
    ):
        assert words in text, words


def test_minutes_of_a_review_say_criteria_and_acceptance(store: Store) -> None:
    rd = add_department(store, "QA")
    head = add_member(
        store, Member(name="Sun Hao", department_id=rd.id, is_head=True, login="tester")
    )
    charter = find(store, Project)[0]
    update_charter(
        store, charter.version, sponsor_department_id=rd.id, success_criteria="Runs | fast\nCheap"
    )
    meeting = plan_meeting(store, Meeting(kind="review", title="Review", date=MON, start="10:00"))
    runs, cheap = find(store, MeetingItem, "meeting_id = ?", [meeting.id], "position")
    judge(store, runs.id, runs.version, True, "Log #3")
    judge(store, cheap.id, cheap.version, False, "")
    assert "## Acceptance\n\n- Not accepted yet" in minutes(store, meeting.id)
    accept_project(store, meeting.id, meeting.version, "Cost over by 5%")
    text = minutes(store, meeting.id)
    assert (
        "| Criterion | Met | Evidence |\n| --- | --- | --- |\n"
        "| Runs \\| fast | met | Log #3 |\n| Cheap | not met | — |" in text
    )
    assert "- **Accepted by:** Sun Hao, 2026-11-23 09:00\n- **Exceptions:** Cost over by 5%" in text
    assert head.name in text


def test_minutes_of_a_retrospective_say_what_went_well_and_what_to_improve(store: Store) -> None:
    meeting = plan_meeting(
        store, Meeting(kind="retrospective", title="Retro", date=MON, start="10:00")
    )
    for kind, text in (
        ("went_well", "Daily sync"),
        ("to_improve", "Late specs"),
        ("note", "Thanks"),
    ):
        add_item(store, MeetingItem(meeting_id=meeting.id, kind=kind, text=text))
    text = minutes(store, meeting.id)
    assert (
        "## Went well\n\n- Daily sync\n\n## To improve\n\n- Late specs\n\n## Notes\n\n- Thanks"
        in text
    )
    assert "Acceptance" not in text


# --- iCalendar -------------------------------------------------------------------


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_events_for_milestones_meetings_and_open_tasks(filled: Store) -> None:
    text = to_ics(filled)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 4  # milestone, meeting, two open tasks (not the done one)
    assert "SUMMARY:◆ Launch\\; v1\\, final" in lines
    assert "DESCRIPTION:go\\nlive" in lines
    assert "DTSTART;VALUE=DATE:20261215" in lines
    assert "DTSTART:20261123T100000" in lines
    assert "DURATION:PT45M" in lines
    assert "SUMMARY:#1 Prototype" in lines
    assert "DESCRIPTION:a board\\, a case\\; tested" in lines
    assert not any("Kick-off" in line for line in lines)
    assert "DTSTAMP:20261123T090000Z" in lines
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == len(uids) == 4


def test_ics_is_read_by_a_real_icalendar_parser(store: Store) -> None:
    """Every meeting an event at its wall-clock start for its planned minutes, with a
    UID that stays the same in the next export (a calendar updates the event)."""
    from datetime import datetime, timedelta

    icalendar = pytest.importorskip("icalendar")

    weekly = plan_meeting(
        store,
        Meeting(
            title="周例会 · 2026-11-30; a, b " + "长" * 40,
            date=date(2026, 11, 30),
            start="09:30",
            planned_minutes=45,
        ),
        [],
    )
    review = plan_meeting(
        store, Meeting(kind="review", title="Review", date=date(2026, 12, 18), start="14:00"), []
    )

    def events(text: str) -> dict[str, dict]:
        calendar = icalendar.Calendar.from_ical(text)
        return {
            str(e["UID"]): {
                "summary": str(e["SUMMARY"]),
                "start": e.decoded("DTSTART"),
                "duration": e.decoded("DURATION"),
                "description": str(e.get("DESCRIPTION", "")),
            }
            for e in calendar.walk("VEVENT")
        }

    first = events(to_ics(store))
    assert len(first) == 2
    by_title = {e["summary"]: e for e in first.values()}
    held = by_title[weekly.title]
    assert held["start"] == datetime(2026, 11, 30, 9, 30)  # floating: the wall clock
    assert held["duration"] == timedelta(minutes=45)
    assert by_title["Review"]["start"] == datetime(2026, 12, 18, 14, 0)
    assert by_title["Review"]["duration"] == timedelta(minutes=60)
    start_meeting(store, review.id, review.version)
    again = events(to_ics(store))
    assert set(again) == set(first)


def test_ics_escape() -> None:
    assert ics_escape("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300))
def test_ics_fold_keeps_lines_short_and_whole(text: str) -> None:
    value = ics_escape(text)  # what the export folds: line breaks already escaped
    folded = ics_fold(f"SUMMARY:{value}")
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == f"SUMMARY:{value}"


def test_exports_hold_no_escape_or_c1_byte_another_program_stored(
    store: Store, db_path: Path
) -> None:
    """A title written with sqlite3 that retitles the window, writes the clipboard
    (OSC 52) and starts a C1 CSI: no export carries those bytes (they did in CSV)."""
    import sqlite3

    add_task(store, Task(title="t", start=date(2026, 11, 23), end=date(2026, 11, 24)))
    evil = "a\x1b]0;pwned\x07b\x1b]52;c;aGk=\x07c\x9b2Jd\tkeep\nlines"
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE tasks SET title = ?, phase = ?", [evil, evil])
        raw.execute(
            "INSERT INTO changes (at, actor, entity, record_id, op, before, after) "
            "VALUES ('2026-11-23', ?, 'tasks', 1, 'update', NULL, ?)",
            [evil, json.dumps({"title": evil})],
        )
    raw.close()
    document = json.loads(to_json(store))
    text = json.dumps(document, ensure_ascii=False)
    for output in (text, to_csv(store, "tasks"), to_csv(store, "changes"), to_ics(store)):
        assert "\x1b" not in output and "\x9b" not in output and "\x07" not in output
    assert document["tables"]["changes"][-1]["actor"] == "a]0;pwnedb]52;c;aGk=c2Jd\tkeep\nlines"
    assert "a]0;pwnedb]52;c;aGk=c2Jd\tkeep\nlines" in to_csv(store, "tasks")


# --- the Markdown Gantt ------------------------------------------------------------


def chart_column(row: str) -> int:
    """The cell where a chart row's week columns start (after the 30-cell label and a space)."""
    for i in range(len(row)):
        if cell_len(row[:i]) == 31:
            assert row[i] in "·█▒~|◆", row
            assert row[i - 1] == " ", row
            return 31
    return -1


def test_gantt_markdown(store: Store, phased_chain: list[Task]) -> None:
    update_task(store, phased_chain[0].id, 1, title="设计 [bold]x[/] | pipe")
    set_baseline(store)
    text = gantt_markdown(store, MON)
    assert text.startswith("# Gantt chart: Test project\n")
    assert "| ID | Task | Owner | Start | End | Float (wd) | Critical | Slip (wd) |" in text
    assert "| 1 | 设计 [bold]x[/] \\| pipe | — | 2026-11-23 | 2026-11-27 | 0 | yes | +0 |" in text
    assert "## Build" in text and "## Test" in text
    block = text.split("```")[1].strip("\n").splitlines()
    rows = [line for line in block if line[:5].strip().isdigit()]
    assert len(rows) == 4
    # CJK titles are padded by cells: the week columns start in the same cell on every row.
    assert {chart_column(r) for r in rows} == {31}
    assert "Legend:" in text
    assert "█ critical task" in text


def test_gantt_markdown_translates(store: Store, phased_chain: list[Task]) -> None:
    zh = {"Gantt chart": "甘特图", "Legend:": "图例："}
    text = gantt_markdown(store, MON, lambda s: zh.get(s, s))
    assert text.startswith("# 甘特图: Test project")
    assert "图例：" in text


def test_week_columns_line_up(store: Store) -> None:
    task(store, "很长的中文任务名称很长的中文任务名称", MON, FRI)
    task(store, "short", MON, FRI)
    block = gantt_markdown(store, MON).split("```")[1].splitlines()
    rows = [line for line in block if "很长" in line or "short" in line]
    assert len(rows) == 2
    assert {chart_column(r) for r in rows} == {31}


# --- risks and issues --------------------------------------------------------------


def test_csv_round_trip_of_risks_and_issues_keeps_links_and_scores(
    filled: Store, empty: Store
) -> None:
    from store.issues import add_issue
    from store.models import Issue

    risk = find(filled, Risk)[0]
    two = find(filled, Task)[1]
    with filled.transaction() as tx:
        tx.update(Risk, risk.id, risk.version, task_ids=[two.id, *risk.task_ids])
        tx.update(Risk, risk.id, risk.version + 1, probability=3, impact=5, residual_impact=2)
        tx.update(Risk, risk.id, risk.version + 1, residual_probability=2, strategy="mitigate")
    add_issue(filled, Issue(title="late, again", risk_id=risk.id, due=FRI, escalation=1))
    for table in ("departments", "members", "tasks", "risks", "issues"):
        import_csv(empty, table, to_csv(filled, table))
    for table in ("risks", "issues"):
        assert _content(empty)[table] == _content(filled)[table]
    copy = find(empty, Risk)[0]
    assert (copy.task_ids, copy.score, copy.residual_score) == ([two.id, 1], 15, 4)


@pytest.mark.parametrize("links", ["[99]", '"[1, 99]"'])
def test_csv_risks_linking_a_missing_task_are_refused_by_row(filled: Store, links: str) -> None:
    before = _snapshot(filled)
    with pytest.raises(Invalid, match="risks line 3: task 99 not found"):
        import_csv(filled, "risks", f"title,task_ids\nfine,[1]\nbroken,{links}\n")
    assert _snapshot(filled) == before


def test_json_risks_linking_a_missing_task_are_refused(filled: Store, empty: Store) -> None:
    document = json.loads(to_json(filled))
    document["tables"]["risks"][0]["task_ids"] = [99]
    with pytest.raises(Invalid, match=r"risks\[0\] \(id 1\): task 99 not found"):
        import_json(empty, json.dumps(document))
    assert count(empty, Task) == 0
