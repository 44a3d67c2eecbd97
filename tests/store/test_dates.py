"""store.dates: every accepted form, the MM-DD year rule, and nothing but Invalid on bad input."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.dates import FIRST_DAY, LAST_DAY, add_working_days, parse_date, parse_dates
from store.errors import Invalid

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/01", date(2026, 12, 1)),
        ("2026-1-5", date(2026, 1, 5)),
        (" 2026-12-01 ", date(2026, 12, 1)),
        ("２０２６／１２／０１", date(2026, 12, 1)),  # full-width, as a Chinese IME types it
        ("12-01", date(2026, 12, 1)),
        ("12/24", date(2026, 12, 24)),
        ("06-01", date(2026, 6, 1)),  # 175 days ago: a recent date, kept in this year
        ("05-01", date(2027, 5, 1)),  # 206 days ago: next May
        ("01-15", date(2027, 1, 15)),
        ("+3d", date(2026, 11, 26)),
        ("-2d", date(2026, 11, 21)),
        ("+2w", date(2026, 12, 7)),
        ("+0d", MONDAY),
        ("+3wd", date(2026, 11, 26)),
        ("+5wd", date(2026, 11, 30)),
        ("-1wd", date(2026, 11, 20)),
        ("today", MONDAY),
        ("TOMORROW", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("今天", MONDAY),
        ("明天", date(2026, 11, 24)),
        ("后天", date(2026, 11, 25)),
        ("mon", date(2026, 11, 30)),  # today is Monday: the next one
        ("monday", date(2026, 11, 30)),
        ("Tue", date(2026, 11, 24)),
        ("friday", date(2026, 11, 27)),
        ("sun", date(2026, 11, 29)),
        ("周一", date(2026, 11, 30)),
        ("周三", date(2026, 11, 25)),
        ("星期五", date(2026, 11, 27)),
        ("周日", date(2026, 11, 29)),
        ("星期天", date(2026, 11, 29)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("+1wd", date(2026, 11, 27), date(2026, 11, 30)),  # Friday → Monday
        ("+1wd", date(2026, 11, 28), date(2026, 11, 30)),  # Saturday → Monday
        ("+5wd", date(2026, 11, 28), date(2026, 12, 4)),  # Saturday → Friday
        ("-1wd", date(2026, 11, 29), date(2026, 11, 27)),  # Sunday → Friday
        ("12-31", date(2026, 1, 2), date(2026, 12, 31)),
        ("02-29", date(2027, 12, 1), date(2028, 2, 29)),  # over six months gone: next (leap) year
    ],
)
def test_relative_to_other_days(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-02-30",
        "2026-13-01",
        "0000-01-01",
        "02-29",  # 2026 and 2027 are not leap years
        "13-01",
        "04-31",
        "next week",
        "+3",
        "3d",
        "+3x",
        "+99999999d",
        "周八",
        "2026-12-01T10:00",
        "mo",
    ],
)
def test_refused_with_the_input_and_the_forms(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_date(text, MONDAY)
    message = str(caught.value)
    assert repr(text) in message
    assert "YYYY-MM-DD" in message
    assert "\n" not in message


def test_overflow_at_the_end_of_the_calendar_is_invalid() -> None:
    with pytest.raises(Invalid):
        parse_date("+1d", date.max)
    with pytest.raises(Invalid):
        parse_date("tomorrow", date.max)


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_iso_round_trip(day: date) -> None:
    assert parse_date(day.isoformat(), MONDAY) == day
    assert parse_date(day.isoformat().replace("-", "/"), MONDAY) == day


@given(st.text(max_size=30), st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31)))
def test_anything_else_is_invalid_never_another_error(text: str, today: date) -> None:
    with contextlib.suppress(Invalid):
        parse_date(text, today)


def _step_working_days(start: date, n: int) -> date:
    """The obvious slow definition the fast one must agree with."""
    current, step = start, (1 if n > 0 else -1)
    for _ in range(abs(n)):
        current += timedelta(days=step)
        while current.weekday() >= 5:
            current += timedelta(days=step)
    return current


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(-60, 60))
def test_working_days_agree_with_stepping(start: date, n: int) -> None:
    assert add_working_days(start, n) == _step_working_days(start, n)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_month_day_is_never_over_six_months_gone(today: date) -> None:
    for month, day in ((1, 1), (3, 15), (6, 30), (9, 1), (12, 31)):
        found = parse_date(f"{month:02d}-{day:02d}", today)
        assert (found.month, found.day) == (month, day)
        assert today - timedelta(days=182) <= found <= today + timedelta(days=366)


@pytest.mark.parametrize(
    "text",
    ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "+99999d", "-9999999d", "+9999999wd"],
)
def test_dates_outside_a_plan_are_refused_with_the_range(text: str) -> None:
    with pytest.raises(
        Invalid, match="a plan's dates are between 2000-01-01 and 2100-12-31"
    ) as caught:
        parse_date(text, MONDAY)
    assert repr(text) in str(caught.value)


def test_the_range_ends_are_dates_of_a_plan() -> None:
    assert parse_date("2000-01-01", MONDAY) == FIRST_DAY
    assert parse_date("2100-12-31", MONDAY) == LAST_DAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("2027-02-17, 1-1", [date(2027, 1, 1), date(2027, 2, 17)]),  # sorted
        ("2027-01-01 2027-01-01", [date(2027, 1, 1)]),  # once
        ("2027-01-01，2027-01-02、2027-01-03", [date(2027, 1, d) for d in (1, 2, 3)]),
        ("tomorrow,  +1wd", [date(2026, 11, 24)]),
    ],
)
def test_a_list_of_dates_reads_every_separator_sorted_and_once(
    text: str, expected: list[date]
) -> None:
    assert parse_dates(text, MONDAY) == expected


def test_a_list_with_one_bad_date_names_it() -> None:
    with pytest.raises(Invalid, match="'soon' is not a date"):
        parse_dates("2027-01-01, soon", MONDAY)
