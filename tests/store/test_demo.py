"""The demo project: realistic, consistent with today, deterministic, and scalable."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from store import (
    board,
    changes,
    clock,
    demo,
    gantt,
    health,
    issues,
    meetings,
    people,
    progress,
    project,
    risks,
    schedule,
    tasks,
)
from store.db import Store
from store.errors import Invalid
from store.models import (
    MODELS,
    Document,
    MeetingKind,
    MeetingStatus,
    Milestone,
    SignOff,
    Task,
)
from store.records import find, get

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_store(db_path: Path):
    with Store(db_path, "tester", create=True) as s:
        demo.generate(s)
        yield s


def counts(s: Store) -> dict[str, int]:
    return s.check()["counts"]


def test_the_demo_gives_back_the_page_cache_and_the_temporary_store(db_path: Path) -> None:
    """A bigger page cache and statement journals in memory while the demo is written,
    SQLite's own settings afterwards."""
    with Store(db_path, "tester", create=True) as s:
        before = [s.scalar(f"PRAGMA {name}") for name in demo.BULK_PRAGMAS]
        demo.generate(s, tasks=10)
        assert [s.scalar(f"PRAGMA {name}") for name in demo.BULK_PRAGMAS] == before


def test_counts_are_in_the_expected_ranges(demo_store: Store) -> None:
    c = counts(demo_store)
    assert c["project"] == 1
    assert c["departments"] == 6
    assert 20 <= c["members"] <= 30
    assert 50 <= c["tasks"] <= 70
    assert c["tasks"] <= c["dependencies"] <= 2 * c["tasks"]
    assert 10 <= c["risks"] <= 15
    assert c["milestones"] == 5
    assert c["requirements"] == 12
    assert c["issues"] == 1
    assert c["change_requests"] >= 1
    assert c["meetings"] == 8  # the kick-off, six weekly meetings held, this week's planned
    assert c["daily_updates"] >= 10


def test_one_department_lacks_an_interface_person_and_none_has_two(demo_store: Store) -> None:
    assert [d.name for d in people.without_interface(demo_store)] == ["客服部 Customer Service"]
    roles = demo_store.query(
        "SELECT department_id, sum(is_interface) AS interfaces, sum(is_head) AS heads "
        "FROM members GROUP BY department_id"
    )
    assert len(roles) == 6
    assert all(r["heads"] == 1 and r["interfaces"] <= 1 for r in roles)


def test_the_tester_login_is_the_project_manager(demo_store: Store) -> None:
    pm = people.member_for_login(demo_store, "tester")
    assert pm is not None and pm.is_pm
    assert project.project(demo_store).pm_member_id == pm.id
    assert demo_store.scalar("SELECT count(*) FROM members WHERE is_pm") == 1
    names = [m.name for m in people.members(demo_store)]
    assert "李伟" in names and "Emma Clark" in names


def test_charter_is_filled_and_signed_by_most(demo_store: Store) -> None:
    charter = project.project(demo_store)
    for field in ("background", "goal", "scope_in", "scope_out", "success_criteria"):
        assert getattr(charter, field)
    # Signed at version 1, then the expected results changed.
    assert charter.version == 2 and "20,000" in charter.expected_results
    assert (
        charter.sponsor_department_id == people.department_named(demo_store, "市场部 Marketing").id
    )
    missing = {
        (doc, d.name) for doc, d in project.missing_signoffs(demo_store) if doc == Document.CHARTER
    }
    assert missing == {
        (Document.CHARTER, "生产部 Production"),
        (Document.CHARTER, "信息技术部 IT"),
    }
    it = people.department_named(demo_store, "信息技术部 IT").id
    its = find(demo_store, SignOff, "document = 'charter' AND department_id = ?", [it])
    assert [(s.outdated, s.document_version) for s in its] == [(True, 1)]
    assert any(s.on_behalf for s in project.signoffs(demo_store, Document.CHARTER))
    assert project.signoffs(demo_store, Document.COLLABORATION)


def test_two_open_tasks_slip_and_one_finished_late_is_not_listed(demo_store: Store) -> None:
    slips = tasks.slipping(demo_store)
    assert {s.task.status for s in slips} == {"doing", "blocked"}
    assert all(s.days > 2 for s in slips)
    late = demo_store.query(
        "SELECT id FROM tasks WHERE status = 'done' AND actual_end > baseline_end"
    )
    assert late


def test_a_done_task_is_never_slipping_anywhere(demo_store: Store) -> None:
    """The board's flags, the Gantt, the header's health and the progress table."""
    done = {t.id for t in tasks.tasks(demo_store) if t.status == "done"}
    finished_late = demo_store.scalar(
        "SELECT id FROM tasks WHERE status = 'done' AND actual_end > baseline_end"
    )
    assert finished_late in done
    assert not done & set(board.board_flags(demo_store).slip)
    chart = gantt.gantt(demo_store)
    assert not [i for i in done if chart.bars[i].slipping]
    assert chart.bars[finished_late].slip and chart.bars[finished_late].slip > 2
    assert chart.slipping == len(tasks.slipping(demo_store)) == 2
    assert not done & {s.task.id for s in health.health(demo_store).slipping}
    assert not done & {row.id for row in progress.weekly_progress(demo_store).slipping}


def test_no_milestone_meeting_or_task_date_falls_on_a_day_off(demo_store: Store) -> None:
    """China's official calendar: Spring Festival, National Day, weekends (but 调休 Saturdays
    are working days)."""
    cal = tasks.calendar(demo_store)
    assert project.project(demo_store).country == "CN"
    assert not cal.is_working(date(2027, 2, 8))  # Spring Festival 2027
    dates = [m.date for m in find(demo_store, Milestone)]
    for t in tasks.tasks(demo_store):
        dates += [t.start, t.end, t.baseline_start, t.baseline_end, t.actual_start, t.actual_end]
    dates += [m.date for m in meetings.meetings(demo_store)]
    off = sorted({d for d in dates if d is not None and not cal.is_working(d)})
    assert off == []


def test_the_plan_has_no_cycle_and_a_baseline(demo_store: Store) -> None:
    deps = tasks.dependencies(demo_store)
    ids = [t.id for t in tasks.tasks(demo_store)]
    links = [schedule.Link(d.predecessor_id, d.successor_id) for d in deps]
    assert schedule.find_cycle(ids, links) is None
    result = tasks.compute_schedule(demo_store)
    assert result.critical_path()
    assert len(tasks.baselines(demo_store)) == 1
    # Every task but the two made from last week's action items is baselined.
    assert demo_store.scalar("SELECT count(*) FROM tasks WHERE baseline_end IS NULL") == 2
    assert {d.type for d in deps} >= {"FS", "SS", "FF"}
    assert any(d.lag for d in deps)
    by_id = {t.id: t for t in tasks.tasks(demo_store)}
    assert any(
        by_id[d.predecessor_id].department_id != by_id[d.successor_id].department_id for d in deps
    )


def test_milestone_tasks_are_zero_length_and_on_their_milestone(demo_store: Store) -> None:
    marks = [t for t in tasks.tasks(demo_store) if t.milestone]
    assert len(marks) == 5
    dates = {m.id: m.date for m in find(demo_store, Milestone)}
    assert all(t.start == t.end == dates[t.milestone_id] for t in marks)


def test_statuses_follow_today(demo_store: Store) -> None:
    today = clock.today()
    charter = project.project(demo_store)
    assert charter.start < today < charter.target_end
    items = tasks.tasks(demo_store)
    for t in items:
        if t.end < today:
            assert t.status == "done" and t.actual_end is not None, t.title
        if t.start > today:
            assert t.status == "todo" and t.progress == 0, t.title
        if t.status in ("doing", "blocked"):
            assert 0 < t.progress < 100 and t.actual_start is not None, t.title
    by_status = Counter(t.status for t in items)
    assert by_status["blocked"] == 1
    assert by_status["doing"] >= 2 and by_status["done"] >= 10 and by_status["todo"] >= 10


def test_risks_cover_every_level_and_one_became_an_issue(demo_store: Store) -> None:
    register = risks.risks(demo_store)
    assert {r.level for r in register} == {"high", "medium", "low"}
    assert any(r.probability and r.impact for r in register)
    assert any(r.task_ids for r in register)
    assert all(r.owner_id for r in register)
    happened = [r for r in register if r.status == "occurred"]
    assert len(happened) == 1
    (issue,) = issues.issues(demo_store)
    assert issue.risk_id == happened[0].id and issue.owner_id and issue.due


def test_requirements_resources_and_a_change_request(demo_store: Store) -> None:
    per_department = Counter(r.department_id for r in project.requirements(demo_store))
    assert set(per_department.values()) == {2}
    requests = project.resource_requests(demo_store)
    assert {r.kind for r in requests} == {"people", "budget", "equipment"}
    assert len(project.gaps(demo_store)) == 1
    assert any(r.status == "gap" and r.resolution for r in requests)
    assert project.change_requests(demo_store)


def test_weekly_meetings_are_published_with_every_department_reporting(
    demo_store: Store,
) -> None:
    all_meetings = meetings.meetings(demo_store)
    weekly = [m for m in all_meetings if m.kind == MeetingKind.WEEKLY and m.status == "published"]
    assert len(weekly) == 6
    assert weekly[0].date == date(2026, 11, 17)  # last Tuesday: a few days ago
    departments = {d.id for d in people.departments(demo_store)}
    for meeting in weekly:
        items = meetings.items(demo_store, meeting.id)
        assert {i.department_id for i in items if i.kind == "report"} == departments
        assert {i.kind for i in items} >= {"report", "decision", "action"}
    today = clock.today()
    for meeting in [m for m in all_meetings if m.status == MeetingStatus.PUBLISHED]:
        # Held and published: started, closed, then published by the PM, in that order.
        assert meeting.started_at and meeting.closed_at and meeting.published_at
        assert meeting.started_at < meeting.closed_at < meeting.published_at
        assert meeting.published_by == demo_store.scalar("SELECT login FROM members WHERE is_pm")
        assert meeting.agenda and all(a.spent > 0 for a in meeting.agenda)
        assert set(meeting.present) <= set(meeting.attendees) and meeting.present
        agenda = range(len(meeting.agenda))
        assert all(i.agenda in agenda for i in meetings.items(demo_store, meeting.id))
    for meeting in weekly:
        reports = [i for i in meetings.items(demo_store, meeting.id) if i.kind == "report"]
        assert [meeting.agenda[i.agenda].department_id for i in reports] == [
            i.department_id for i in reports
        ]
    assert any(set(m.present) < set(m.attendees) for m in weekly)  # someone was away
    planned = [m for m in all_meetings if m.status == MeetingStatus.PLANNED]
    assert planned[0].agenda and not planned[0].started_at and not planned[0].present
    assert len(planned) == 1 and today <= planned[0].date < today + timedelta(days=7)
    assert meetings.unpublished_overdue(demo_store) == []
    # Last week's action items became tasks, due this week.
    turned = [i for i in meetings.items(demo_store, weekly[0].id) if i.task_id is not None]
    assert len(turned) == 2
    for item in turned:
        task = get(demo_store, Task, item.task_id)
        assert (task.title, task.end, task.status) == (item.text, item.due, "todo")
        assert today <= item.due <= health.week_of(today)[1]


def test_daily_updates_are_missing_today_for_two_interface_persons(demo_store: Store) -> None:
    assert len(meetings.missing_updates(demo_store)) == 2
    yesterday = demo_store.scalar(
        "SELECT max(date) FROM daily_updates WHERE date < ?", [clock.today().isoformat()]
    )
    assert len(meetings.updates(demo_store, date.fromisoformat(yesterday))) == 5


def test_every_row_revalidates_and_its_creation_is_logged(demo_store: Store) -> None:
    logins = {m.login for m in people.members(demo_store) if m.login}
    log = changes.since(demo_store, 0, limit=100_000)
    assert {c.actor for c in log} <= logins
    created = {(c.entity, c.record_id) for c in log if c.op == "create"}
    for table, model in MODELS.items():
        for row in demo_store.query(f"SELECT * FROM {table}"):
            model.from_row(row)
            assert (table, row["id"]) in created, (table, row["id"])


def test_the_change_log_tells_the_weeks_since_the_kick_off(demo_store: Store) -> None:
    """Stamped on the days things happened, in order, by the people who did them; so
    "changed since the last weekly meeting" is this week's work, not the demo's creation."""
    log = changes.since(demo_store, 0, limit=100_000)
    days = [date.fromisoformat(c.at[:10]) for c in log]
    assert days == sorted(days)
    assert [c.at for c in log] == sorted(c.at for c in log)
    assert all(c.at <= clock.timestamp() for c in log)
    charter = project.project(demo_store)
    assert days[0] < charter.start <= clock.today() - timedelta(weeks=6)
    assert len(set(days)) >= 25  # most working days since the kick-off
    by_week = Counter(d.isocalendar()[:2] for d in days)
    assert len(by_week) >= 7
    assert len({c.actor for c in log}) >= 10
    # Tasks were started and finished by their departments, not all by the PM.
    movers = {c.actor for c in log if c.entity == "tasks" and c.op == "update"}
    assert len(movers) >= 8
    report = progress.weekly_progress(demo_store)
    assert report.since == date(2026, 11, 17)
    assert report.counts["tasks"]["update"] >= 5
    assert not report.counts.get("members") and not report.counts.get("departments")
    assert report.counts["daily_updates"]["create"] >= 8
    due = health.health(demo_store).due_this_week
    assert len(due) >= 2


def snapshot(path: Path) -> dict[str, list[dict]]:
    """Every table's rows without the timestamps of when they were written."""
    stamps = {"created_at", "updated_at", "at", "before", "after"}
    with Store(path, "tester", read_only=True) as s:
        return {
            table: [
                {k: v for k, v in row.items() if k not in stamps}
                for row in s.query(f"SELECT * FROM {table} ORDER BY id")
            ]
            for table in [*MODELS, "changes"]
        }


def make(path: Path, tasks_: int | None = None, name: str | None = None) -> Path:
    with Store(path, "tester", create=True) as s:
        demo.generate(s, tasks_, name)
    return path


def test_generating_twice_gives_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make(tmp_path / "a.db")
    # Later the same day: other timestamps, the same demo.
    monkeypatch.setenv("XDEPT_NOW", "2026-11-23T17:45:00+00:00")
    second = make(tmp_path / "b.db")
    assert snapshot(first) == snapshot(second)


def test_dates_follow_the_frozen_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    starts = []
    for now in ("2026-11-23", "2027-03-01"):
        monkeypatch.setenv("XDEPT_NOW", f"{now}T09:00:00+00:00")
        with Store(make(tmp_path / f"{now}.db"), "tester", read_only=True) as s:
            charter = project.project(s)
            today = date.fromisoformat(now)
            assert charter.start < today < charter.target_end - timedelta(days=60)
            assert charter.target_end - today < timedelta(days=200)
            starts.append(charter.start)
    # 14 weeks apart; the first start snapped past the National Day holidays.
    assert timedelta(days=91) <= starts[1] - starts[0] <= timedelta(days=98)


def test_a_scaled_demo_has_the_tasks_asked_for_in_a_network(tmp_path: Path) -> None:
    with Store(make(tmp_path / "big.db", 1_000), "tester", read_only=True) as s:
        c = counts(s)
        assert c["tasks"] == 1_000
        assert 1_800 <= c["dependencies"] <= 2_200
        assert c["risks"] == 200 and c["members"] >= 25 and c["meetings"] >= 4
        assert (
            s.scalar("SELECT count(*) FROM dependencies WHERE predecessor_id >= successor_id") == 0
        )
        assert len(tasks.compute_schedule(s).tasks) == 1_000
        assert len(people.without_interface(s)) == 1
        assert len(tasks.slipping(s)) >= 1
        assert s.scalar("SELECT count(DISTINCT phase) FROM tasks WHERE phase != ''") == 5


def test_the_demo_needs_a_database_without_a_project(store: Store) -> None:
    with pytest.raises(Invalid, match="already has a project"):
        demo.generate(store)
    assert counts(store)["departments"] == 0


def test_a_bad_name_or_size_is_one_clear_error(db_path: Path) -> None:
    with Store(db_path, "tester", create=True) as s:
        with pytest.raises(Invalid, match="at least 10 tasks"):
            demo.generate(s, tasks=3)
        with pytest.raises(Invalid, match="name"):
            demo.generate(s, name="   ")
        assert counts(s)["departments"] == 0  # the failed transaction left nothing
        demo.generate(s, name="Pilot   launch")
        assert project.project(s).name == "Pilot launch"


@pytest.mark.slow
def test_the_store_bench_runs_and_loses_nothing() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.store", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^lost writes: 0\b", run.stdout, re.M), run.stdout
    assert re.search(r"^errors: 0\b", run.stdout, re.M), run.stdout
    assert re.search(r"^cpm .* median [\d.]+ ms", run.stdout, re.M), run.stdout
