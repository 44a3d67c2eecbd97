"""The project's calendar: China's official days (holidays and 调休 working weekends), the
project's own days on top, and every working-day count reading it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from store import calendars, migrations
from store.board import board_flags
from store.dates import parse_date
from store.db import Store
from store.errors import Invalid
from store.gantt import gantt
from store.models import Task
from store.project import create_project, project, update_charter
from store.tasks import add_task, calendar, set_baseline, slipping

SPRING_FESTIVAL_2027 = [date(2027, 2, d) for d in range(5, 11)]  # Fri 5 – Wed 10
TIAOXIU_2026 = [date(2026, 2, 14), date(2026, 2, 28)]  # Saturdays worked for the festival


def china(store: Store, **values: object) -> None:
    update_charter(store, project(store).version, country="CN", **values)


def test_spring_festival_is_off_and_the_tiaoxiu_saturdays_are_working(store: Store) -> None:
    assert all(calendar(store).is_working(d) for d in SPRING_FESTIVAL_2027[:1])  # plain Mon–Fri
    china(store)
    cal = calendar(store)
    assert not any(cal.is_working(d) for d in SPRING_FESTIVAL_2027)
    assert cal.is_working(date(2027, 2, 11))
    assert all(cal.is_working(d) for d in TIAOXIU_2026)
    assert not cal.is_working(date(2026, 2, 21))  # an ordinary Saturday
    # 2026-02-13 (Fri) + 1 working day is the Saturday worked, + 2 is after the week off.
    assert cal.add(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert cal.add(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_a_task_due_before_spring_festival_is_late_by_official_working_days(
    store: Store,
) -> None:
    """Due Friday 13 February 2026, still open on Monday 2 March: 7 working days late
    (Sat 14, 24–27, Sat 28, Mon 2), not the 11 weekdays of a Monday–Friday calendar."""
    task = add_task(store, Task(title="试产准备", start=date(2026, 2, 9), end=date(2026, 2, 13)))
    set_baseline(store)
    today = date(2026, 3, 2)
    assert [(s.task.id, s.days) for s in slipping(store, today)] == [(task.id, 11)]
    china(store)
    assert [(s.task.id, s.days) for s in slipping(store, today)] == [(task.id, 7)]
    assert board_flags(store, today).slip == {task.id: 7}
    chart = gantt(store, today)
    assert chart.bars[task.id].slip == 7 and chart.bars[task.id].slipping
    assert chart.calendar.is_working(date(2026, 2, 14))  # the chart shades days off by it
    # Checked on the first working day after the festival week: 2 working days, tolerated.
    assert slipping(store, date(2026, 2, 24)) == []


def test_the_projects_own_days_win_over_the_official_ones(store: Store) -> None:
    china(store, holidays=[date(2026, 2, 28)], workdays=[date(2027, 2, 10), date(2027, 3, 6)])
    cal = calendar(store)
    assert not cal.is_working(date(2026, 2, 28))  # an official working Saturday, given off
    assert cal.is_working(date(2027, 2, 10))  # an official holiday, worked
    assert cal.is_working(date(2027, 3, 6))  # an ordinary Saturday, worked
    assert cal.is_working(date(2026, 2, 14))  # the other official one still counts
    with pytest.raises(Invalid, match="both a holiday and a working day"):
        update_charter(
            store,
            project(store).version,
            holidays=[date(2027, 3, 8)],
            workdays=[date(2027, 3, 8)],
        )


def test_the_calendar_is_built_once_until_the_project_changes(store: Store) -> None:
    china(store)
    first = calendar(store)
    assert calendar(store) is first
    calendars.official.cache_clear()
    assert calendar(store) is first  # not even the official days are read again
    update_charter(store, project(store).version, workdays=[date(2027, 3, 6)])
    assert calendar(store) is not first
    assert calendar(store).is_working(date(2027, 3, 6))


def test_an_unknown_country_is_refused_and_one_written_elsewhere_means_monday_to_friday(
    store: Store, tmp_path: Path
) -> None:
    with pytest.raises(Invalid, match="no official calendar for 'XX'"):
        update_charter(store, project(store).version, country="xx")
    with (
        Store(tmp_path / "other.db", "tester", create=True) as other,
        pytest.raises(Invalid, match="'XX'"),
    ):
        create_project(other, project(store).model_copy(update={"id": None, "country": "XX"}))
    store.conn.execute("UPDATE project SET country = 'XX'")
    store.memo.clear()
    assert calendar(store).is_working(date(2027, 2, 8))


def test_summary_names_the_calendar_and_the_next_days_off(store: Store) -> None:
    plain = calendars.summary(store, date(2026, 11, 23))
    assert (plain.name, plain.own_holidays, plain.upcoming) == ("", 0, [])
    china(store, holidays=[date(2026, 12, 24)], workdays=[date(2027, 1, 2)])
    found = calendars.summary(store, date(2026, 11, 23), "en_US")
    assert (found.country, found.name, found.own_holidays, found.own_workdays) == (
        "CN",
        "China",
        1,
        1,
    )
    assert found.version and found.announced_to and found.announced_to >= 2026
    assert found.upcoming == [
        (date(2026, 12, 24), ""),
        (date(2027, 1, 1), "New Year's Day"),
        (date(2027, 2, 5), "Chinese New Year's Eve"),
    ]


def test_plus_working_days_count_the_project_calendar(store: Store) -> None:
    china(store)
    friday = date(2026, 2, 13)
    assert parse_date("+1wd", friday, calendar(store)) == date(2026, 2, 14)
    assert parse_date("+2wd", friday, calendar(store)) == date(2026, 2, 24)
    assert parse_date("-1wd", date(2026, 2, 24), calendar(store)) == date(2026, 2, 14)
    assert parse_date("+2wd", friday) == date(2026, 2, 17)  # no calendar: Monday–Friday
    assert parse_date("+1wd", date(2026, 2, 15), calendar(store)) == date(2026, 2, 24)


def test_a_file_from_before_gets_no_official_calendar(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    for statement in migrations._statements(migrations.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute(
        "INSERT INTO project (name, holidays, created_at, updated_at, updated_by) "
        "VALUES ('old', '[\"2027-02-08\"]', 'x', 'x', 'x')"
    )
    conn.execute("COMMIT")
    conn.close()
    with Store(db_path, "tester") as store:
        old = project(store)
        assert (old.country, old.workdays, old.holidays) == ("", [], [date(2027, 2, 8)])
        assert not calendar(store).is_working(date(2027, 2, 8))
        assert calendar(store).is_working(date(2027, 2, 9))


def test_the_next_process_reads_the_official_days_from_the_cache(tmp_path: Path) -> None:
    """Importing the holidays package costs each command ~0.25 s; the cache ~1 ms."""
    script = (
        "import sys; from datetime import date; from store import calendars; "
        "days = calendars.official('CN', 2026, 2027); "
        "print('holidays' in sys.modules, date(2027, 2, 8) in days.holidays, "
        "date(2026, 2, 14) in days.workdays)"
    )

    def run() -> str:
        found = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        return found.stdout.split()

    assert run() == ["True", "True", "True"]  # built, and cached
    (cached,) = (tmp_path / "xdg-cache").rglob("holidays-*-CN-2026-2027-.json")
    assert run() == ["False", "True", "True"]  # read back without the package
    cached.write_text("{damaged")
    assert run() == ["True", "True", "True"]
