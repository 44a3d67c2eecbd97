"""``history ENTITY ID [--json]`` and ``undo`` on real files: what they print, and
bad input refused in one line."""

from __future__ import annotations

import json

from store.db import Store
from store.models import Member, Task
from store.people import add_department, add_member
from store.records import get
from store.tasks import add_task, update_task
from tests.cli.test_cli import TODAY, ok, refused, run, state

HOSTILE = "evil \x1b]0;pwned\x07[bold red]x[/] end"


def _task(store: Store) -> Task:
    made = add_task(store, Task(title="Design", start=TODAY, end=TODAY))
    return update_task(store, made.id, made.version, title="Design review")


def test_history_lists_each_change_newest_first(store: Store) -> None:
    made = _task(store)
    said = ok(run(store.path, "history", "task", str(made.id)))
    lines = said.splitlines()
    assert lines[0] == f"History of task #{made.id} “Design review”"
    assert lines[2].startswith("2026-11-23 09:00  tester")
    assert lines[3] == "  Title: Design → Design review"
    assert "  created" in lines and "  Title: Design" in lines


def test_history_json_is_stable(store: Store) -> None:
    made = _task(store)
    found = json.loads(ok(run(store.path, "history", "tasks", str(made.id), "--json")))
    assert [e["op"] for e in found] == ["update", "create"]
    newest = found[0]
    assert set(newest) == {"id", "at", "actor", "name", "os_login", "op", "fields", "note", "tx"}
    assert newest["fields"] == {"title": {"before": "Design", "after": "Design review"}}
    assert newest["actor"] == "tester" and newest["tx"] == newest["id"]


def test_history_in_chinese_and_of_hostile_text(store: Store) -> None:
    made = add_task(store, Task(title=HOSTILE, start=TODAY, end=TODAY))
    said = ok(run(store.path, "--lang", "zh", "history", "task", str(made.id)))
    assert "\x1b" not in said and "\x07" not in said
    assert "[bold red]x[/]" in said and said.startswith("任务 #")


def test_history_refuses_unknown_kinds_and_records(store: Store) -> None:
    before = state(store)
    refused(run(store.path, "history", "tsk", "1"), "unknown record kind 'tsk'", "task")
    refused(run(store.path, "history", "task", "99"), "task 99 not found")
    assert state(store) == before


def test_undo_says_what_it_undid_and_goes_further_back(store: Store) -> None:
    made = _task(store)
    assert ok(run(store.path, "undo")) == f"Undone: task #{made.id} “Design”\n"
    assert get(store, Task, made.id).title == "Design"
    assert ok(run(store.path, "undo")) == f"Undone: task #{made.id} “Design”\n"  # the create


def test_undo_refused_after_someone_else_changed_it(store: Store) -> None:
    dept = add_department(store, "R&D")
    add_member(store, Member(name="王芳", department_id=dept.id, login="wang"))
    made = _task(store)
    with Store(store.path, "wang") as wang:
        update_task(wang, made.id, made.version, title="Theirs")
    before = state(store)
    refused(
        run(store.path, "undo"),
        f"task #{made.id} “Theirs” was changed by 王芳 since (2026-11-23 09:00)",
    )
    assert state(store) == before
    refused(run(store.path, "--as", "nobody", "undo"), "nothing to undo")
