"""Full-text search behind the palette: Chinese and Latin words, kept in step with
every write (another program's too), ranked, and the query is never syntax."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from store import demo
from store.db import Store
from store.models import Member, Risk, Task
from store.people import add_department, add_member
from store.records import BULK_ROWS, get
from store.risks import add_risk
from store.search import search
from store.tasks import add_task, delete_task, update_task

DAY = date(2026, 11, 23)


def found(store: Store, text: str) -> list[tuple[str, str]]:
    return [(hit.entity, hit.label) for hit in search(store, text, 20)]


def task(store: Store, title: str, deliverable: str = "") -> Task:
    return add_task(store, Task(title=title, deliverable=deliverable, start=DAY, end=DAY))


@pytest.fixture
def filled(store: Store) -> Store:
    department = add_department(store, "研发部 R&D", "硬件与固件")
    add_member(store, Member(name="王芳", department_id=department.id, post="硬件工程师"))
    add_member(store, Member(name="Emma Clark", department_id=department.id, login="eclark"))
    task(store, "主板打样 Board sample", "EVT 样机五台")
    task(store, "固件升级 Firmware update")
    add_risk(store, Risk(title="供应商延期交付", description="芯片缺货 chip shortage"))
    return store


def test_chinese_words_of_two_and_of_three_or_more_characters(filled: Store) -> None:
    assert found(filled, "王芳") == [("members", "王芳")]
    assert found(filled, "打样") == [("tasks", "主板打样 Board sample")]
    assert found(filled, "延期交付") == [("risks", "供应商延期交付")]
    assert found(filled, "芯片缺货") == [("risks", "供应商延期交付")]  # in its description
    assert found(filled, "样机五") == [("tasks", "主板打样 Board sample")]  # in its deliverable
    assert found(filled, "固件") == [
        ("tasks", "固件升级 Firmware update"),  # in its name: first
        ("departments", "研发部 R&D"),  # in its description
    ]


def test_latin_words_ignore_case_and_every_word_must_be_there(filled: Store) -> None:
    assert found(filled, "emma") == [("members", "Emma Clark")]
    assert found(filled, "ECLARK") == [("members", "Emma Clark")]  # the login
    assert found(filled, "board SAMPLE") == [("tasks", "主板打样 Board sample")]
    assert found(filled, "board firmware") == []
    assert found(filled, "ev") == [("tasks", "主板打样 Board sample")]  # short: LIKE
    assert found(filled, "打样 evt") == [("tasks", "主板打样 Board sample")]


def test_a_name_that_is_the_query_comes_before_one_that_only_holds_it(store: Store) -> None:
    task(store, "Review the review plan")
    task(store, "Plan", "review")
    task(store, "Review")
    assert [label for _entity, label in found(store, "review")] == [
        "Review",
        "Review the review plan",
        "Plan",
    ]


def test_a_name_match_is_found_past_many_other_matches(store: Store) -> None:
    """Names are looked in first: the named record is in the list however many
    records mention the word before it."""
    for n in range(5):
        task(store, f"Step {n}", "design review")
    task(store, "设计评审 Design review")
    assert [hit.label for hit in search(store, "design review", 2)] == [
        "设计评审 Design review",
        "Step 0",
    ]
    assert [hit.label for hit in search(store, "评审", 1)] == ["设计评审 Design review"]


def test_query_syntax_and_wildcards_are_plain_text(filled: Store) -> None:
    hostile = '[@click=app.quit]q[/] "AND" NEAR(x) 100%_*'
    task(filled, hostile)
    for query in ('"', "AND OR NOT", "NEAR(", "*", "%", "_", "a:b", "\\", "'; DROP"):
        found(filled, query)  # no error
    assert found(filled, "%") == [("tasks", hostile)]
    assert found(filled, "_*") == [("tasks", hostile)]
    assert found(filled, '"AND"') == [("tasks", hostile)]
    assert found(filled, "[@click") == [("tasks", hostile)]


def test_another_programs_writes_are_found_at_once(filled: Store, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute("UPDATE tasks SET title = '外壳开模 Housing tooling' WHERE title LIKE '主板%'")
        raw.execute("DELETE FROM risks")
        raw.execute(
            "INSERT INTO meetings (kind, title, date, start, planned_minutes, status, "
            "created_at, updated_at, updated_by) VALUES ('weekly', '第三周周例会', "
            "'2026-11-23', '10:00', 60, 'planned', '', '', 'other')"
        )
    raw.close()
    assert found(filled, "开模") == [("tasks", "外壳开模 Housing tooling")]
    assert found(filled, "tooling") == [("tasks", "外壳开模 Housing tooling")]
    assert found(filled, "Board") == found(filled, "打样") == []
    assert found(filled, "延期") == found(filled, "chip") == []
    assert found(filled, "周例会") == [("meetings", "第三周周例会")]


def test_the_stores_own_updates_and_deletes(filled: Store) -> None:
    board = next(h for h in search(filled, "打样", 1))
    saved = get(filled, Task, board.record_id)
    update_task(filled, saved.id, saved.version, deliverable="DVT 样机")
    assert found(filled, "DVT") == [("tasks", "主板打样 Board sample")]
    assert found(filled, "EVT") == []
    delete_task(filled, saved.id)
    assert found(filled, "打样") == found(filled, "DVT") == []


def test_without_words_the_first_records_of_each_kind(filled: Store) -> None:
    assert [hit.entity for hit in search(filled, "  ", 4)] == [
        "members",
        "members",
        "departments",
        "tasks",
    ]
    hit = search(filled, "王芳", 1)[0]
    assert hit.detail == "研发部 R&D"  # a member's department beside the name


def test_the_demos_bulk_inserts_are_indexed(tmp_path: Path) -> None:
    with Store(tmp_path / "demo.db", "tester", create=True) as store:
        demo.generate(store, tasks=demo.MIN_TASKS)
        titles = store.conn.execute("SELECT id, title FROM tasks ORDER BY id DESC LIMIT 1")
        task_id, title = titles.fetchone()
        assert ("tasks", task_id) in [(h.entity, h.record_id) for h in search(store, title, 5)]


def test_a_bulk_insert_of_many_statements_is_all_written_logged_and_indexed(store: Store) -> None:
    n = 2 * BULK_ROWS + 1
    with store.transaction() as tx:
        tx.insert_many([Risk(title=f"批量风险 bulk risk {i:04d}") for i in range(n)])
    assert store.scalar("SELECT count(*) FROM risks") == n
    logged = "SELECT count(*) FROM changes WHERE entity = 'risks' AND op = 'create'"
    assert store.scalar(logged) == n
    assert [h.label for h in search(store, f"risk {n - 1:04d}", 5)] == [
        f"批量风险 bulk risk {n - 1:04d}"
    ]
    assert len(search(store, "批量", n + 1)) == n
