"""Working days as a project's people have them: an official calendar and the project's own days.

The official calendar comes from the ``holidays`` package for the project's
country (``CN``: public holidays, substituted days off and the weekend days that
are official working days, 调休). Years the government has not announced yet are
the package's estimates, so the project's own holidays and working days are laid
on top and win. Importing the package and building a country's years is the
slow part, so each (country, years, language) is built once per process and each
store keeps the project's Calendar until the project row changes; the official
days are also kept in the user's cache folder for the next process
(``python -m bench.store`` times the import against the cache read).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from store.db import Store
from store.errors import Invalid
from store.schedule import Calendar
from store.text import one_line

# Years of official holidays around the project: the plan can run past its target end.
YEARS_BEFORE = 1
YEARS_AFTER = 2


@dataclass(frozen=True)
class Official:
    """One country's official days over some years."""

    country: str
    name: str  # the country's name in the package ("China")
    version: str  # of the holidays package
    holidays: dict[date, str]  # every official day off, with its name
    workdays: frozenset[date]  # weekend days that are official working days
    announced_to: int | None  # the last year with official substitutions (later: estimates)


@lru_cache(maxsize=32)
def official(
    country: str, first_year: int, last_year: int, language: str | None = None
) -> Official:
    """The official days of ``country`` in [first_year, last_year]; Invalid if unknown.

    Read from the user's cache when this version of the package built them before:
    a command that finds them there never imports the package.
    """
    key = f"{country}-{first_year}-{last_year}-{language or ''}"
    cached = _read_cache(key)
    if cached is not None:
        return cached
    import holidays
    from holidays.registry import COUNTRIES

    try:
        days = holidays.country_holidays(
            country, years=range(first_year, last_year + 1), language=language
        )
    except NotImplementedError:
        raise Invalid(
            "there is no official calendar for {country!r}: use a two-letter country code "
            "such as CN, or leave it empty for Monday to Friday",
            country=country,
        ) from None
    name = next((v[0] for v in COUNTRIES.values() if country in v[1:]), country)
    special = getattr(days, "special_public_holidays", {}) or {}
    workdays = frozenset(d for d in days.weekend_workdays if first_year <= d.year <= last_year)
    found = Official(
        country,
        name,
        holidays.__version__,
        dict(sorted(days.items())),
        workdays,
        max(special) if days.has_substituted_holidays and special else None,
    )
    _write_cache(key, found)
    return found


def _cache_file(key: str) -> Path | None:
    """Where official days are kept, named by the installed package's version (its
    dist-info folder, found without importing it); None if it cannot be told."""
    import importlib.util

    import platformdirs

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    installed = sorted(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    if len(installed) != 1:
        return None
    folder = platformdirs.user_cache_path("xdept-tui") / "calendars"
    return folder / f"{installed[0].name.removesuffix('.dist-info')}-{key}.json"


def _read_cache(key: str) -> Official | None:
    path = _cache_file(key)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else None
        if data is None:
            return None
        return Official(
            data["country"],
            data["name"],
            data["version"],
            {date.fromisoformat(d): n for d, n in data["holidays"]},
            frozenset(map(date.fromisoformat, data["workdays"])),
            data["announced_to"],
        )
    except (OSError, ValueError, KeyError, TypeError):  # none yet, or damaged: build again
        return None


def _write_cache(key: str, found: Official) -> None:
    """Write atomically (another process may read it meanwhile); a cache that cannot be
    written is only slower."""
    path = _cache_file(key)
    if path is None:
        return
    data = {
        "country": found.country,
        "name": found.name,
        "version": found.version,
        "holidays": [(d.isoformat(), n) for d, n in found.holidays.items()],
        "workdays": sorted(d.isoformat() for d in found.workdays),
        "announced_to": found.announced_to,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


def check_country(country: str) -> None:
    """Refuse a country the holidays package does not know (before it is stored)."""
    if country:
        official(country, 2000, 2000)


@dataclass(frozen=True)
class CalendarColumns:
    """The project row's calendar columns, as stored."""

    country: str = ""
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    first_year: int = 0
    last_year: int = 0


def calendar_columns(store: Store, today: date) -> CalendarColumns:
    """The calendar columns of the project row (read raw: this runs on every schedule)."""
    row = store.conn.execute(
        "SELECT country, holidays, workdays, start, target_end FROM project LIMIT 1"
    ).fetchone()
    if row is None:
        return CalendarColumns()
    country, holidays, workdays, start, target_end = row
    first = min(date.fromisoformat(start).year if start else today.year, today.year)
    last = max(date.fromisoformat(target_end).year if target_end else today.year, today.year)
    return CalendarColumns(
        one_line(country or "").upper(),  # another program may have written anything
        frozenset(map(date.fromisoformat, json.loads(holidays or "[]"))),
        frozenset(map(date.fromisoformat, json.loads(workdays or "[]"))),
        first - YEARS_BEFORE,
        last + YEARS_AFTER,
    )


def build(found: CalendarColumns) -> Calendar:
    """The official days of the country with the project's own on top (they win).

    An unknown country (written by another program) gives Monday to Friday with
    the project's own days rather than no schedule at all.
    """
    holidays, workdays = frozenset[date](), frozenset[date]()
    if found.country:
        try:
            days = official(found.country, found.first_year, found.last_year)
        except Invalid:
            pass
        else:
            holidays, workdays = frozenset(days.holidays), days.workdays
    return Calendar(
        (holidays - found.workdays) | found.holidays, (workdays - found.holidays) | found.workdays
    )


def project_calendar(store: Store, today: date) -> Calendar:
    """The project's calendar, rebuilt only when its calendar columns (or the year) change."""
    found = calendar_columns(store, today)
    cached = store.memo.get("calendar")
    if cached is not None and cached[0] == found:
        return cached[1]
    calendar = build(found)
    store.memo["calendar"] = (found, calendar)
    return calendar


@dataclass(frozen=True)
class Summary:
    """What the charter says about the calendar in use."""

    country: str
    name: str  # "" for plain Monday–Friday or an unknown country
    version: str
    announced_to: int | None
    own_holidays: int
    own_workdays: int
    upcoming: list[tuple[date, str]]  # the next days off from today, with their names


def summary(store: Store, today: date, language: str | None = None, count: int = 3) -> Summary:
    """The calendar in words: which official one, how many own days, the next days off."""
    found = calendar_columns(store, today)
    names: dict[date, str] = {}
    name = version = ""
    announced = None
    if found.country:
        try:
            days = official(found.country, found.first_year, found.last_year, language)
        except Invalid:
            pass
        else:
            name, version, announced = days.name, days.version, days.announced_to
            names = {d: n for d, n in days.holidays.items() if d not in found.workdays}
    names.update(dict.fromkeys(found.holidays, ""))
    calendar = project_calendar(store, today)
    upcoming: list[tuple[date, str]] = []
    previous = date.min
    for day in sorted(d for d in names if d >= today and not calendar.is_working(d)):
        run, previous = (day - previous).days <= 3, day  # a weekend may lie between
        if run:
            continue  # a run of days off (Spring Festival week) is named by its first
        if len(upcoming) == count:
            break
        upcoming.append((day, names[day]))
    return Summary(
        found.country,
        name,
        version,
        announced,
        len(found.holidays),
        len(found.workdays),
        upcoming,
    )
