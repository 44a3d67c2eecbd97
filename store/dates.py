"""One date parser for the command line and the TUI forms, so both accept the same words.

Accepted (case-insensitive; full-width digits and punctuation work too):

- ``2026-12-01``, ``2026/12/01`` (months and days may have one digit);
- ``12-01``, ``12/01``: in today's year, unless that day is more than 182 days
  (about six months) in the past — then in the next year. So in November,
  ``05-01`` is next May and ``09-15`` the September just gone: a plan date
  typed without a year is nearly always ahead, and a recent past date is a fix;
- ``+3d``, ``-2d``, ``+2w``: calendar days or weeks from today;
- ``+3wd``, ``-1wd``: working days, of the project's calendar when the caller
  gives it (holidays, 调休 working weekends), else Monday–Friday;
- ``today``, ``tomorrow``, ``yesterday``, ``今天``, ``明天``, ``后天``, ``昨天``;
- a weekday, ``mon``…``sun`` or ``monday``…``sunday``, ``周一``…``周日``,
  ``星期一``…``星期日`` (``周天``/``星期天`` too): the next such day, never today.

``parse_dates`` reads a list of them (a project's holidays), separated by commas
(``,`` ``，`` ``、``) or spaces.

Anything else, including impossible dates such as ``2026-02-30``, raises
``Invalid`` naming the input and the accepted forms. So does a date outside
``FIRST_DAY`` … ``LAST_DAY``: a plan runs in this century, and a typo such as
``+99999d`` or year 0202 once made a 44 MB Gantt export. The models hold the
same bounds, so forms, the command line and imports all refuse such dates.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import TYPE_CHECKING

from store.errors import Invalid, Term

if TYPE_CHECKING:
    from store.schedule import Calendar

FORMS = "YYYY-MM-DD, MM-DD, +3d, -2d, +2w, +3wd, today, tomorrow or a weekday (mon…sun, 周一…周日)"

# The dates a plan can have (the models check them too).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
OUT_OF_RANGE = f"a plan's dates are between {FIRST_DAY} and {LAST_DAY}"

# A month-day without a year means the past only when it is this recent.
PAST_WINDOW = timedelta(days=182)

_FULL = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", re.ASCII)
_MONTH_DAY = re.compile(r"(\d{1,2})[-/](\d{1,2})", re.ASCII)
_OFFSET = re.compile(r"([+-])(\d{1,7})(d|w|wd)", re.ASCII)

_RELATIVE = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "今天": 0,
    "明天": 1,
    "后天": 2,
    "昨天": -1,
}
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CHINESE_DAYS = "一二三四五六日"
_WEEKDAYS = {
    **{name: i for i, name in enumerate(_ENGLISH_DAYS)},
    **{name[:3]: i for i, name in enumerate(_ENGLISH_DAYS)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
    **{f"{prefix}{d}": i for i, d in enumerate(_CHINESE_DAYS) for prefix in ("周", "星期")},
    "周天": 6,
    "星期天": 6,
}


def parse_date(text: str, today: date, calendar: Calendar | None = None) -> date:
    """The date ``text`` names, relative to ``today``; ``Invalid`` for anything else.

    ``calendar`` counts ``+3wd`` (the project's working days); without it, Monday–Friday.
    """
    key = unicodedata.normalize("NFKC", text).strip().casefold()
    try:
        found = _parse(key, today, calendar)
    except OverflowError:
        raise Invalid(
            "{text!r} is too far away: {range}", text=text, range=Term(OUT_OF_RANGE)
        ) from None
    except ValueError as error:
        raise Invalid(
            "{text!r} is not a possible date ({error}); use {forms}",
            text=text,
            error=Term(error),
            forms=Term(FORMS),
        ) from None
    if found is None:
        raise Invalid("{text!r} is not a date; use {forms}", text=text, forms=Term(FORMS))
    if not FIRST_DAY <= found <= LAST_DAY:
        raise Invalid(
            "{text!r} is {date}: {range}", text=text, date=found, range=Term(OUT_OF_RANGE)
        )
    return found


def parse_dates(text: str, today: date, calendar: Calendar | None = None) -> list[date]:
    """Comma- or space-separated dates (each as ``parse_date`` reads it), sorted, unique."""
    words = text.replace("，", ",").replace("、", ",").replace(",", " ").split()
    return sorted({parse_date(word, today, calendar) for word in words})


def _parse(key: str, today: date, calendar: Calendar | None = None) -> date | None:
    if match := _FULL.fullmatch(key):
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    if match := _MONTH_DAY.fullmatch(key):
        return _month_day(int(match[1]), int(match[2]), today)
    if match := _OFFSET.fullmatch(key):
        n = int(match[2]) * (1 if match[1] == "+" else -1)
        if match[3] == "wd":
            return add_working_days(today, n, calendar)
        return today + timedelta(days=n * (7 if match[3] == "w" else 1))
    if key in _RELATIVE:
        return today + timedelta(days=_RELATIVE[key])
    if key in _WEEKDAYS:
        ahead = (_WEEKDAYS[key] - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    return None


def _month_day(month: int, day: int, today: date) -> date:
    """MM-DD in this year, or the next when this year's is over six months gone."""
    error: ValueError | None = None
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError as exc:  # 02-29 outside a leap year, 13-01, 04-31…
            error = exc
            continue
        if candidate >= today - PAST_WINDOW:
            return candidate
    raise error or ValueError(f"{month:02d}-{day:02d} is in neither {today.year} nor the next year")


def add_working_days(start: date, n: int, calendar: Calendar | None = None) -> date:
    """The day ``n`` working days after ``start``; before it when negative.

    With a ``calendar``, its working days; without, Monday–Friday: whole weeks
    are jumped (any 7 days hold exactly 5 working days) and the last one to five
    working days are stepped, so a weekend start is right too.
    """
    if n == 0:
        return start
    if calendar is not None:  # from a day off, the day before/after it counts from
        return calendar.date((calendar.end_index(start) if n > 0 else calendar.index(start)) + n)
    step = 1 if n > 0 else -1
    weeks = (abs(n) - 1) // 5
    current = start + timedelta(days=7 * weeks * step)
    for _ in range(abs(n) - 5 * weeks):
        current += timedelta(days=step)
        while current.weekday() >= 5:
            current += timedelta(days=step)
    return current
