"""Critical path method over working days: calendar arithmetic, the four
dependency types with lags, floats, cycles, rescheduling and slip warnings."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.schedule import (
    SLIP_THRESHOLD,
    Activity,
    Calendar,
    CycleError,
    DepType,
    Link,
    Schedule,
    compute,
    find_cycle,
    is_slipping,
    reschedule,
    slip_days,
)

# The autouse fixtures in conftest only set environment variables: nothing to
# reset between Hypothesis examples.
hypothesis_settings = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)

FS, SS, FF, SF = DepType.FS, DepType.SS, DepType.FF, DepType.SF


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def next_working(cal: Calendar, day: date, step: int = 1) -> date:
    """The brute-force answer the calendar must match: walk one day at a time."""
    while not (day.weekday() < 5 and day not in cal.holidays):
        day += timedelta(days=step)
    return day


# ---------------------------------------------------------------- calendar

# Holidays on weekdays, a whole holiday week (Oct 1-7, 2026 spans a weekend),
# back-to-back holidays across a weekend and one falling on a Saturday.
HOLIDAYS = frozenset(
    [d(1, 1), d(5, 1), d(12, 25), d(12, 28), d(3, 7)]
    + [d(10, day) for day in range(1, 8)]
    + [d(1, 1, 2027), d(12, 31, 2025), d(2, 29, 2028)]
)
CAL = Calendar(HOLIDAYS)


def test_index_counts_working_days_one_by_one() -> None:
    """Walking every day for seven years: consecutive working days differ by 1."""
    day, end = d(11, 1, 2023), d(2, 1, 2031)
    count = 0
    base = CAL.index(day)
    while day < end:
        if CAL.is_working(day):
            assert CAL.index(day) == base + count
            assert CAL.end_index(day) == base + count
            assert CAL.date(base + count) == day
            count += 1
        else:
            assert CAL.index(day) == base + count  # the next working day's index
            assert CAL.end_index(day) == base + count - 1  # the previous one's
        day += timedelta(days=1)
    assert CAL.index(end) - base == count
    assert count > 7 * 250


def test_is_working() -> None:
    assert CAL.is_working(d(3, 6))  # Friday
    assert not CAL.is_working(d(3, 7))  # Saturday (and a holiday)
    assert not CAL.is_working(d(3, 8))  # Sunday
    assert not CAL.is_working(d(10, 1))  # holiday
    assert Calendar().is_working(d(10, 1))


holiday_sets = st.frozensets(st.dates(date(2025, 1, 1), date(2029, 12, 31)), max_size=60)


@hypothesis_settings
@given(holidays=holiday_sets, day=st.dates(date(2025, 1, 1), date(2029, 12, 31)))
def test_index_and_date_round_trip(holidays: frozenset[date], day: date) -> None:
    cal = Calendar(holidays)
    forward = next_working(cal, day, 1)
    backward = next_working(cal, day, -1)
    assert cal.date(cal.index(day)) == forward  # starts snap forward
    assert cal.date(cal.end_index(day)) == backward  # ends snap back
    assert cal.index(forward) == cal.index(day)
    assert cal.is_working(day) == (forward == day == backward)
    if cal.is_working(day):
        assert cal.index(day) == cal.end_index(day)
        assert cal.index(cal.add(day, 1)) == cal.index(day) + 1
    else:
        assert cal.end_index(day) == cal.index(day) - 1


@hypothesis_settings
@given(holidays=holiday_sets, i=st.integers(-20_000, 20_000))
def test_date_of_any_index_is_a_working_day_with_that_index(
    holidays: frozenset[date], i: int
) -> None:
    cal = Calendar(holidays)
    day = cal.date(i)  # index 0 is in 2000; negative indexes are before it
    assert cal.is_working(day)
    assert cal.index(day) == i
    assert cal.date(i + 1) > day


def test_weekend_snapping() -> None:
    cal = Calendar()
    sat, sun, fri, mon = d(3, 7), d(3, 8), d(3, 6), d(3, 9)
    for weekend in (sat, sun):
        assert cal.index(weekend) == cal.index(mon)
        assert cal.end_index(weekend) == cal.index(fri)
        assert cal.index(weekend) == cal.index(fri) + 1


def test_holiday_snapping() -> None:
    cal = Calendar(frozenset({d(3, 11)}))  # a Wednesday
    assert cal.index(d(3, 11)) == cal.index(d(3, 12)) == cal.index(d(3, 10)) + 1
    assert cal.end_index(d(3, 11)) == cal.index(d(3, 10))
    assert cal.date(cal.index(d(3, 10)) + 1) == d(3, 12)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (d(3, 2), d(3, 2), 1),  # one working day
        (d(3, 2), d(3, 6), 5),  # Monday to Friday
        (d(3, 6), d(3, 9), 2),  # Friday to Monday
        (d(3, 7), d(3, 8), 0),  # a weekend only
        (d(3, 7), d(3, 13), 4),  # Saturday to Friday, minus the Wednesday holiday
        (d(3, 9), d(3, 13), 4),  # a week with the holiday
        (d(3, 11), d(3, 11), 0),  # the holiday alone
        (d(3, 6), d(3, 2), 0),  # end before start
        (d(3, 2), d(3, 31), 21),  # March 2026 from the 2nd: 22 weekdays - 1 holiday
    ],
)
def test_duration(start: date, end: date, expected: int) -> None:
    assert Calendar(frozenset({d(3, 11)})).duration(start, end) == expected


def test_add() -> None:
    cal = Calendar(frozenset({d(3, 11)}))
    assert cal.add(d(3, 6), 1) == d(3, 9)  # Friday + 1 = Monday
    assert cal.add(d(3, 7), 0) == d(3, 9)  # a Saturday snaps to Monday
    assert cal.add(d(3, 9), -1) == d(3, 6)  # back over the weekend
    assert cal.add(d(3, 10), 1) == d(3, 12)  # over the holiday
    assert cal.add(d(3, 2), 10) == d(3, 17)  # two weeks less the holiday
    assert cal.add(d(3, 17), -10) == d(3, 2)


def test_working_days_between() -> None:
    cal = Calendar()
    assert cal.working_days_between(d(3, 6), d(3, 9)) == 1  # Friday -> Monday
    assert cal.working_days_between(d(3, 9), d(3, 6)) == -1
    assert cal.working_days_between(d(3, 6), d(3, 8)) == 0  # Sunday ends on Friday
    assert cal.working_days_between(d(3, 2), d(3, 13)) == 9


def test_calendar_takes_any_set_and_compares_by_holidays() -> None:
    a = Calendar({d(3, 11)})  # type: ignore[arg-type]
    assert a.holidays == frozenset({d(3, 11)})
    assert a == Calendar(frozenset({d(3, 11)}))
    assert hash(a) == hash(Calendar(frozenset({d(3, 11)})))
    assert a != Calendar()
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.holidays = frozenset()  # type: ignore[misc]


# ------------------------------------------------------- a worked example

# Working days of March 2026 with Wednesday 11 March a holiday, numbered from
# Monday 2 March (the tests compare indexes relative to this one):
#   0 Mar 2   1 Mar 3   2 Mar 4   3 Mar 5   4 Mar 6
#   5 Mar 9   6 Mar 10  -- Mar 11 --        7 Mar 12  8 Mar 13
#   9 Mar 16 10 Mar 17 11 Mar 18 12 Mar 19 13 Mar 20
WORKED_CAL = Calendar(frozenset({d(3, 11)}))
WORKED_ACTIVITIES = [
    Activity(1, d(3, 2), d(3, 6)),  # A  dur 5  [0, 5)
    Activity(2, d(3, 2), d(3, 4)),  # B  dur 3
    Activity(3, d(3, 2), d(3, 5)),  # C  dur 4
    Activity(4, d(3, 2), d(3, 3)),  # D  dur 2
    Activity(5, d(3, 2), d(3, 4)),  # E  dur 3
    Activity(6, d(3, 2), d(3, 3)),  # F  dur 2
    Activity(7, d(3, 2), d(3, 2), milestone=True),  # Done, dur 0
    Activity(8, d(3, 14), d(3, 17)),  # G  Sat 14 -> Mon 16 (9), to Tue 17: dur 2
]
WORKED_LINKS = [
    Link(1, 3),  # A -FS-> C
    Link(2, 3, SS, 2),  # B -SS+2-> C
    Link(1, 4, FF, -1),  # A -FF-1-> D   (negative lag)
    Link(3, 5, FS, 1),  # C -FS+1-> E   (positive lag)
    Link(2, 6, SF, 6),  # B -SF+6-> F
    Link(2, 8),  # B -FS-> G
    Link(4, 7),
    Link(5, 7),
    Link(6, 7),
    Link(8, 7),
]
# Forward pass (ES = max(planned start, constraints), EF = ES + dur):
#   A: ES 0, EF 5.   B: ES 0, EF 3.
#   C: max(0, FS: EF_A 5, SS: ES_B 0 + 2 = 2) = 5, EF 9 (Mar 9,10,12,13: skips the holiday)
#   D: FF-1: f_D >= EF_A 5 - 1 = 4, so s_D >= 4 - 2 = 2: ES 2, EF 4
#   E: FS+1: EF_C 9 + 1 = 10, EF 13.    F: SF+6: f_F >= ES_B 0 + 6, so ES 6 - 2 = 4, EF 6
#   G: planned start 9 beats FS: EF_B 3, so ES 9, EF 11
#   Done: max(EF_D 4, EF_E 13, EF_F 6, EF_G 11) = 13, EF 13.   Project finish F = 13.
# Backward pass (LF = min(F, successors' bounds), LS = LF - dur):
#   Done: LF 13, LS 13.   D, E, F, G: LF = LS_Done 13; LS 11, 10, 11, 11.
#   C: FS+1: LS_E 10 - 1 = 9, LS 5.
#   B: min(SS: LS_C 5 - 2 + dur_B 3 = 6, SF: LF_F 13 - 6 + 3 = 10, FS: LS_G 11) = 6, LS 3
#   A: min(FS: LS_C 5, FF: LF_D 13 + 1 = 14) = 5, LS 0.
# Total float = LS - ES.  Free float = min(F - EF, slack of each out-link, early dates):
#   A: min(8, FS: 5 - 5 = 0, FF: EF_D 4 - (5 - 1) = 0) = 0
#   B: min(10, SS: 5 - (0 + 2) = 3, SF: EF_F 6 - (0 + 6) = 0, FS: 9 - 3 = 6) = 0
#   C: min(4, FS: 10 - (9 + 1) = 0) = 0    D: 13 - 4 = 9    E: 0    F: 13 - 6 = 7
#   G: 13 - 11 = 2    Done: 0
# ef/lf are the last day occupied (index EF - 1), a milestone's ef == es.
WORKED_EXPECTED = {
    #   id: (es, ef, ls, lf, dur, total, free, critical, (ES, EF, LS, LF))
    1: (d(3, 2), d(3, 6), d(3, 2), d(3, 6), 5, 0, 0, True, (0, 5, 0, 5)),
    2: (d(3, 2), d(3, 4), d(3, 5), d(3, 9), 3, 3, 0, False, (0, 3, 3, 6)),
    3: (d(3, 9), d(3, 13), d(3, 9), d(3, 13), 4, 0, 0, True, (5, 9, 5, 9)),
    4: (d(3, 4), d(3, 5), d(3, 18), d(3, 19), 2, 9, 9, False, (2, 4, 11, 13)),
    5: (d(3, 17), d(3, 19), d(3, 17), d(3, 19), 3, 0, 0, True, (10, 13, 10, 13)),
    6: (d(3, 6), d(3, 9), d(3, 18), d(3, 19), 2, 7, 7, False, (4, 6, 11, 13)),
    7: (d(3, 20), d(3, 20), d(3, 20), d(3, 20), 0, 0, 0, True, (13, 13, 13, 13)),
    8: (d(3, 16), d(3, 17), d(3, 18), d(3, 19), 2, 2, 2, False, (9, 11, 11, 13)),
}


def test_worked_example_with_every_dependency_type() -> None:
    schedule = compute(WORKED_ACTIVITIES, WORKED_LINKS, WORKED_CAL)
    base = WORKED_CAL.index(d(3, 2))
    got = {
        t.id: (
            t.es,
            t.ef,
            t.ls,
            t.lf,
            t.duration,
            t.total_float,
            t.free_float,
            t.critical,
            (t.es_i - base, t.ef_i - base, t.ls_i - base, t.lf_i - base),
        )
        for t in schedule.tasks.values()
    }
    assert got == WORKED_EXPECTED
    assert schedule.start == d(3, 2)
    # The finish is the last date any task shows: here the closing milestone's.
    assert schedule.finish == d(3, 20)
    assert schedule.finish_index == base + 13
    assert schedule.critical_path() == [1, 3, 5, 7]


def test_without_the_holiday_everything_after_it_is_a_day_earlier() -> None:
    schedule = compute(WORKED_ACTIVITIES, WORKED_LINKS, Calendar())
    assert schedule.tasks[3].ef == d(3, 12)
    assert schedule.tasks[5].es == d(3, 16)
    assert schedule.finish == d(3, 19)  # the closing milestone's date


def test_links_as_plain_strings_and_unknown_tasks() -> None:
    links = [Link(1, 3, "FS"), Link(1, 99), Link(42, 3, SS, 3)]  # type: ignore[arg-type]
    schedule = compute(WORKED_ACTIVITIES[:3], links, WORKED_CAL)
    assert schedule.tasks[3].es == d(3, 9)
    assert set(schedule.tasks) == {1, 2, 3}
    with pytest.raises(ValueError, match="unknown dependency type 'XX'"):
        compute(WORKED_ACTIVITIES[:3], [Link(1, 3, "XX")], WORKED_CAL)  # type: ignore[arg-type]


def test_duplicate_activity_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate activity id 1"):
        compute([WORKED_ACTIVITIES[0], WORKED_ACTIVITIES[0]], [])


def test_empty_plan() -> None:
    assert compute([], [Link(1, 2)]) == Schedule({}, None, None, 0)
    assert compute([], []).critical_path() == []


def test_critical_path_orders_by_start_then_id() -> None:
    acts = [Activity(i, d(3, 2), d(3, 3)) for i in (5, 3, 9)]
    schedule = compute(acts, [Link(9, 5)])
    assert schedule.critical_path() == [9, 5]  # 3 has float: it ends before 5
    schedule = compute(acts, [])
    assert schedule.critical_path() == [3, 5, 9]


# -------------------------------------------------------------- milestones


def test_milestones_take_no_time() -> None:
    cal = Calendar()
    acts = [
        Activity(1, d(3, 2), d(3, 2), milestone=True),  # kick-off
        Activity(2, d(3, 2), d(3, 4)),
        Activity(3, d(3, 2), d(3, 20), milestone=True),  # a span is ignored
        Activity(4, d(2, 28), d(3, 1)),  # a weekend-only task: 0 working days
        Activity(5, d(3, 2), d(3, 3)),
    ]
    links = [Link(1, 2), Link(2, 3), Link(3, 5)]
    schedule = compute(acts, links, cal)
    kickoff, work, gate, weekend, after = (schedule.tasks[i] for i in range(1, 6))
    assert (kickoff.duration, kickoff.es, kickoff.ef) == (0, d(3, 2), d(3, 2))
    assert kickoff.critical and kickoff.es_i == kickoff.ef_i
    assert (work.es, work.ef) == (d(3, 2), d(3, 4))
    # the gate is at the start of the day after the work ends; what follows starts then
    assert (gate.duration, gate.es, gate.ef, gate.ls, gate.lf) == (0,) + (d(3, 5),) * 4
    assert (after.es, after.ef) == (d(3, 5), d(3, 6))
    assert weekend.duration == 0
    assert weekend.es == weekend.ef == d(3, 2)  # snapped to Monday, takes no day
    assert weekend.total_float == 5 and not weekend.critical
    assert schedule.finish == d(3, 6)
    assert schedule.critical_path() == [1, 2, 3, 5]


def test_a_lone_milestone_is_the_whole_project() -> None:
    schedule = compute([Activity(1, d(3, 7), d(3, 7), milestone=True)], [])
    task = schedule.tasks[1]
    assert task.es == task.ef == task.ls == task.lf == d(3, 9)
    assert task.critical
    assert schedule.finish_index == task.es_i
    assert schedule.finish == d(3, 9)  # the project ends on the milestone's date


# ------------------------------------------------------------------ cycles


def test_compute_names_the_cycle() -> None:
    acts = [Activity(i, d(3, 2), d(3, 3)) for i in range(1, 8)]
    links = [Link(5, 1), Link(1, 2), Link(2, 3), Link(3, 1), Link(3, 4), Link(6, 7)]
    with pytest.raises(CycleError) as caught:
        compute(acts, links)
    assert caught.value.cycle == [1, 2, 3]
    assert str(caught.value) == "dependency cycle: 1 → 2 → 3 → 1"
    assert isinstance(caught.value, ValueError)


def test_cycle_starts_at_its_smallest_id_and_follows_the_arrows() -> None:
    acts = [Activity(i, d(3, 2), d(3, 3)) for i in (3, 7, 9, 20)]
    links = [Link(9, 3, SS, -1), Link(3, 7, FF), Link(7, 9, SF, 2), Link(20, 3)]
    with pytest.raises(CycleError, match=r"^dependency cycle: 3 → 7 → 9 → 3$") as caught:
        compute(acts, links)
    assert caught.value.cycle == [3, 7, 9]


def test_find_cycle() -> None:
    dag = [Link(1, 2), Link(2, 3), Link(1, 3), Link(3, 4)]
    assert find_cycle([1, 2, 3, 4], dag) is None
    assert find_cycle([1, 2, 3, 4], [*dag, Link(4, 2)]) == [2, 3, 4]
    assert find_cycle([1, 2, 3], [*dag, Link(4, 1)]) is None  # 4 is not a node
    assert find_cycle([], []) is None


def test_self_link_is_a_cycle_of_one() -> None:
    assert find_cycle([1, 2], [Link(1, 2), Link(2, 2)]) == [2]
    with pytest.raises(CycleError, match=r"^dependency cycle: 2 → 2$"):
        compute([Activity(2, d(3, 2), d(3, 3))], [Link(2, 2, SS)])


# -------------------------------------------------------------- reschedule


def test_moving_a_predecessor_later_pushes_its_successors() -> None:
    cal = Calendar(frozenset({d(3, 17)}))  # a Tuesday holiday
    design = Activity(1, d(3, 2), d(3, 6))
    build = Activity(2, d(3, 9), d(3, 11))  # 3 days, right after design
    test = Activity(3, d(3, 12), d(3, 12))
    launch = Activity(4, d(4, 6), d(4, 6), milestone=True)  # far enough away
    links = [Link(1, 2), Link(2, 3), Link(3, 4)]
    assert reschedule([design, build, test, launch], links, cal) == {}

    late_design = Activity(1, d(3, 9), d(3, 13))
    moved = reschedule([late_design, build, test, launch], links, cal)
    # build starts Mon 16 and keeps its 3 working days: 16, (17 off), 18, 19
    assert moved == {2: (d(3, 16), d(3, 19)), 3: (d(3, 20), d(3, 20))}
    assert cal.duration(*moved[2]) == cal.duration(build.start, build.end)


def test_reschedule_leaves_satisfied_tasks_out() -> None:
    acts = [
        Activity(1, d(3, 2), d(3, 4)),
        Activity(2, d(3, 3), d(3, 3)),
        Activity(3, d(3, 20), d(3, 20)),
    ]
    links = [Link(1, 2), Link(1, 3)]
    assert reschedule(acts, links, Calendar()) == {2: (d(3, 5), d(3, 5))}


def test_reschedule_of_a_milestone_and_other_types() -> None:
    acts = [
        Activity(1, d(3, 2), d(3, 6)),
        Activity(2, d(3, 2), d(3, 2), milestone=True),
        Activity(3, d(3, 2), d(3, 3)),
    ]
    links = [Link(1, 2, FF), Link(1, 3, SS, 2)]
    assert reschedule(acts, links, Calendar()) == {
        2: (d(3, 9), d(3, 9)),
        3: (d(3, 4), d(3, 5)),
    }


def test_reschedule_refuses_a_cycle() -> None:
    acts = [Activity(1, d(3, 2), d(3, 6)), Activity(2, d(3, 2), d(3, 6))]
    with pytest.raises(CycleError):
        reschedule(acts, [Link(1, 2), Link(2, 1)], Calendar())


# ------------------------------------------- working weekend days (调休)


class NaiveCalendar:
    """The reference: every answer found by walking one day at a time."""

    BASE = date(2023, 1, 2)  # a Monday before every date the tests draw

    def __init__(self, holidays: frozenset[date], workdays: frozenset[date]) -> None:
        self.holidays, self.workdays = holidays, workdays

    def is_working(self, day: date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)

    def count(self, first: date, stop: date) -> int:
        """Working days in [first, stop)."""
        n, day = 0, first
        while day < stop:
            n += self.is_working(day)
            day += timedelta(days=1)
        return n

    def add(self, day: date, n: int) -> date:
        while not self.is_working(day):  # a start snaps forward
            day += timedelta(days=1)
        step = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            day += timedelta(days=step)
            while not self.is_working(day):
                day += timedelta(days=step)
        return day

    def between(self, a: date, b: date) -> int:
        """Working days b ends after a: the working days in (a, b], negative if b < a."""
        if b >= a:
            return self.count(a + timedelta(days=1), b + timedelta(days=1))
        return -self.count(b + timedelta(days=1), a + timedelta(days=1))


span = st.dates(date(2025, 1, 1), date(2027, 12, 31))
weekend_days = span.map(lambda day: day + timedelta(days=5 - day.weekday() % 7 + day.day % 2))
exception_sets = st.tuples(
    st.frozensets(span, max_size=40),
    st.frozensets(st.one_of(weekend_days, span), max_size=20),
)


@hypothesis_settings
@given(sets=exception_sets, day=span, n=st.integers(-40, 40), other=span)
def test_calendar_with_working_weekends_matches_walking_day_by_day(
    sets: tuple[frozenset[date], frozenset[date]], day: date, n: int, other: date
) -> None:
    holidays, workdays = sets
    cal, naive = Calendar(holidays, workdays), NaiveCalendar(holidays, workdays)
    base = cal.index(naive.BASE)
    assert cal.is_working(day) == naive.is_working(day)
    assert cal.index(day) - base == naive.count(naive.BASE, day)
    assert cal.end_index(day) - base == naive.count(naive.BASE, day + timedelta(days=1)) - 1
    assert cal.add(day, n) == naive.add(day, n)
    assert cal.working_days_between(day, other) == naive.between(day, other)
    first, last = sorted((day, other))
    assert cal.duration(first, last) == naive.count(first, last + timedelta(days=1))
    i = cal.index(day) + n
    assert cal.is_working(cal.date(i)) and cal.index(cal.date(i)) == i


@hypothesis_settings
@given(sets=exception_sets)
def test_every_working_day_has_the_next_index(
    sets: tuple[frozenset[date], frozenset[date]],
) -> None:
    """Over a whole year: consecutive working days differ by 1, date() inverts index()."""
    cal = Calendar(*sets)
    day, i = date(2025, 1, 1), cal.index(date(2025, 1, 1))
    while day.year < 2028:
        if cal.is_working(day):
            assert cal.index(day) == cal.end_index(day) == i
            assert cal.date(i) == day
            i += 1
        else:
            assert cal.index(day) == i and cal.end_index(day) == i - 1
        day += timedelta(days=1)


def test_a_working_saturday_counts_and_a_day_in_both_sets_works() -> None:
    sat, fri, mon = d(2, 14), d(2, 13), d(2, 16)
    cal = Calendar(frozenset({d(2, 17), mon}), frozenset({sat, mon}))
    assert cal.is_working(sat) and cal.is_working(mon) and not cal.is_working(d(2, 17))
    assert cal.add(fri, 1) == sat
    assert cal.add(sat, 1) == mon
    assert cal.add(fri, 3) == d(2, 18)
    assert cal.working_days_between(fri, d(2, 18)) == 3
    assert cal.duration(d(2, 9), d(2, 20)) == 10  # 9 weekdays less a holiday, plus Saturday


def test_workdays_on_weekdays_change_nothing() -> None:
    assert Calendar(HOLIDAYS, frozenset({d(3, 4)})).index(d(6, 1)) == CAL.index(d(6, 1))
    assert Calendar(workdays=frozenset({d(3, 7)})) != Calendar()


# ------------------------------------------------------------------- slips


def test_no_baseline_means_no_slip() -> None:
    assert slip_days(None, d(3, 20), d(3, 6), True, d(3, 23), Calendar()) is None
    assert not is_slipping(None, False)


def test_done_late_and_done_early() -> None:
    cal = Calendar()
    assert slip_days(d(3, 6), d(3, 10), d(3, 6), True, d(3, 30), cal) == 2  # Mon, Tue
    assert slip_days(d(3, 6), d(3, 4), d(3, 6), True, d(3, 30), cal) == -2
    # finished but no actual end recorded: judged by its plan, not by today
    assert slip_days(d(3, 6), None, d(3, 9), True, d(3, 30), cal) == 1


def test_unfinished_task_past_its_end_is_as_late_as_today() -> None:
    cal = Calendar()
    assert slip_days(d(3, 6), None, d(3, 6), False, d(3, 12), cal) == 4
    assert slip_days(d(3, 6), d(3, 9), d(3, 6), False, d(3, 12), cal) == 4  # not done
    # before its planned end, the planned end counts, not today
    assert slip_days(d(3, 6), None, d(3, 10), False, d(3, 9), cal) == 2
    # on a weekend, "today" counts as the Friday before
    assert slip_days(d(3, 6), None, d(3, 6), False, d(3, 8), cal) == 0


def test_forecast_end_from_the_schedule() -> None:
    cal = Calendar()
    assert slip_days(d(3, 6), None, d(3, 6), False, d(3, 2), cal, forecast_end=d(3, 11)) == 3
    # an earlier forecast does not pull the planned end in
    assert slip_days(d(3, 6), None, d(3, 9), False, d(3, 2), cal, forecast_end=d(3, 3)) == 1
    # today wins when it is later still
    assert slip_days(d(3, 6), None, d(3, 6), False, d(3, 13), cal, forecast_end=d(3, 9)) == 5
    # a done task ignores the forecast
    assert slip_days(d(3, 6), d(3, 6), d(3, 6), True, d(3, 13), cal, forecast_end=d(3, 20)) == 0


def test_slip_counts_working_days_only() -> None:
    cal = Calendar(frozenset({d(3, 11)}))
    # baseline Friday 6, forecast Friday 13: a week less the holiday
    assert slip_days(d(3, 6), None, d(3, 13), False, d(3, 2), cal) == 4


def test_slipping_threshold() -> None:
    assert SLIP_THRESHOLD == 2
    assert not is_slipping(2, False)
    assert is_slipping(3, False)
    assert not is_slipping(0, False)
    assert not is_slipping(-5, False)
    cal = Calendar()
    assert not is_slipping(slip_days(d(3, 6), None, d(3, 6), False, d(3, 10), cal), False)
    assert is_slipping(slip_days(d(3, 6), None, d(3, 6), False, d(3, 11), cal), False)


def test_a_done_task_is_never_slipping() -> None:
    """Finished three working days late: the slip says so, but nothing lists it as slipping."""
    late = slip_days(d(3, 6), d(3, 11), d(3, 6), True, d(3, 30), Calendar())
    assert late == 3
    assert not is_slipping(late, True)


# ---------------------------------------------------- random DAG properties


@st.composite
def plans(draw: st.DrawFn, workdays: bool = False) -> tuple[list[Activity], list[Link], Calendar]:
    """1-40 tasks in 2026-2027, links only from lower to higher ids (a DAG);
    with ``workdays``, some weekend days are working days."""
    n = draw(st.integers(1, 40))
    acts = []
    for i in range(1, n + 1):
        start = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
        span = draw(st.integers(-2, 25))  # calendar days; negative = 0 working days
        milestone = draw(st.integers(0, 9)) == 0
        acts.append(Activity(i, start, start + timedelta(days=span), milestone))
    links: list[Link] = []
    if n > 1:
        pairs = st.integers(1, n - 1).flatmap(
            lambda i: st.tuples(st.just(i), st.integers(i + 1, n))
        )
        raw = draw(
            st.lists(st.tuples(pairs, st.sampled_from(DepType), st.integers(-3, 5)), max_size=3 * n)
        )
        links = [Link(i, j, kind, lag) for (i, j), kind, lag in raw]
    holidays = draw(st.frozensets(st.dates(date(2026, 1, 1), date(2028, 6, 30)), max_size=15))
    extra = draw(st.frozensets(weekend_days, max_size=15)) if workdays else frozenset()
    return acts, links, Calendar(holidays, extra)


def slack(link: Link, t: dict[int, tuple[int, int]]) -> int:
    """How much room a link leaves, from the spec's formulas: >= 0 when it holds.
    ``t`` maps id -> (start, finish) half-open indexes."""
    (s_i, f_i), (s_j, f_j) = t[link.predecessor], t[link.successor]
    anchor = f_i if link.type in (FS, FF) else s_i
    end = s_j if link.type in (FS, SS) else f_j
    return end - (anchor + link.lag)


def check_schedule(acts: list[Activity], links: list[Link], cal: Calendar, sch: Schedule) -> None:
    tasks = sch.tasks
    assert set(tasks) == {a.id for a in acts}
    finish = max(t.ef_i for t in tasks.values())
    assert sch.finish_index == finish
    assert sch.finish == max(t.ef for t in sch.tasks.values())
    assert sch.start == cal.date(min(t.es_i for t in tasks.values()))
    early = {t.id: (t.es_i, t.ef_i) for t in tasks.values()}
    late = {t.id: (t.ls_i, t.lf_i) for t in tasks.values()}
    for a in acts:
        t = tasks[a.id]
        dur = 0 if a.milestone else cal.duration(a.start, a.end)
        assert t.duration == dur == t.ef_i - t.es_i == t.lf_i - t.ls_i
        assert t.es_i >= cal.index(a.start)
        assert t.lf_i <= finish
        assert t.total_float == t.ls_i - t.es_i >= 0
        assert 0 <= t.free_float <= t.total_float
        assert t.critical == (t.total_float == 0)
        assert t.es == cal.date(t.es_i) and t.ls == cal.date(t.ls_i)
        assert t.ef == (cal.date(t.ef_i - 1) if dur else t.es)
        assert t.lf == (cal.date(t.lf_i - 1) if dur else t.ls)
        out = [link for link in links if link.predecessor == a.id]
        into = [link for link in links if link.successor == a.id]
        # Every value is exactly what the spec's max/min formulas give.
        assert t.es_i == max([cal.index(a.start)] + [t.es_i - slack(k, early) for k in into])
        assert t.lf_i == min([finish] + [t.lf_i + slack(k, late) for k in out])
        assert t.free_float == min([finish - t.ef_i] + [slack(k, early) for k in out])
    for link in links:  # every dependency holds in both schedules
        assert slack(link, early) >= 0
        assert slack(link, late) >= 0

    # The critical tasks form a chain from a task that starts as planned to
    # one that ends the project: walk back along tight ("driving") links.
    ends = [t for t in tasks.values() if t.critical and t.ef_i == finish]
    assert ends
    starts = {a.id: cal.index(a.start) for a in acts}
    for end in ends:
        current, steps = end, 0
        while current.es_i != starts[current.id]:
            drivers = [
                tasks[k.predecessor]
                for k in links
                if k.successor == current.id and slack(k, early) == 0
            ]
            assert drivers, f"task {current.id} starts late with no driving predecessor"
            assert all(p.critical for p in drivers)
            current = drivers[0]
            steps += 1
            assert steps <= len(acts)
        assert current.critical


@hypothesis_settings
@given(plan=plans())
def test_random_dags_satisfy_the_cpm_invariants(
    plan: tuple[list[Activity], list[Link], Calendar],
) -> None:
    acts, links, cal = plan
    check_schedule(acts, links, cal, compute(acts, links, cal))
    assert find_cycle([a.id for a in acts], links) is None


@hypothesis_settings
@given(plan=plans(workdays=True))
def test_random_dags_with_working_weekends_satisfy_the_cpm_invariants(
    plan: tuple[list[Activity], list[Link], Calendar],
) -> None:
    acts, links, cal = plan
    check_schedule(acts, links, cal, compute(acts, links, cal))


@hypothesis_settings
@given(plan=plans(), seed=st.integers(0, 2**32))
def test_compute_is_deterministic(
    plan: tuple[list[Activity], list[Link], Calendar], seed: int
) -> None:
    acts, links, cal = plan
    first = compute(acts, links, cal)
    rng = random.Random(seed)
    acts2, links2 = acts[:], links[:]
    rng.shuffle(acts2)
    rng.shuffle(links2)
    second = compute(iter(acts2), iter(links2), cal)
    assert second == first
    assert list(second.tasks) == list(first.tasks) == sorted(first.tasks)
    assert second.critical_path() == first.critical_path()


@hypothesis_settings
@given(plan=plans(), data=st.data())
def test_closing_a_loop_is_reported_as_that_loop(
    plan: tuple[list[Activity], list[Link], Calendar], data: st.DataObject
) -> None:
    acts, links, cal = plan
    if not links:
        return
    # A link back from a task to one of its ancestors closes a cycle.
    first = data.draw(st.sampled_from(links))
    back = Link(first.successor, first.predecessor)
    with pytest.raises(CycleError) as caught:
        compute(acts, [*links, back], cal)
    cycle = caught.value.cycle
    assert cycle == find_cycle([a.id for a in acts], [*links, back])
    assert cycle[0] == min(cycle) and len(set(cycle)) == len(cycle)
    edges = {(k.predecessor, k.successor) for k in [*links, back]}
    for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        assert (a, b) in edges


# ------------------------------------------------------------ large inputs


def test_ten_thousand_task_network() -> None:
    rng = random.Random(7)
    cal = Calendar(frozenset({d(5, 1), d(10, 1), d(1, 1, 2027)}))
    n = 10_000
    acts = [
        Activity(i, cal.add(d(1, 5), i // 50 + rng.randint(0, 10)), cal.add(d(1, 5), i // 50 + 12))
        for i in range(n)
    ]
    links = []
    for _ in range(2 * n):
        i = rng.randrange(n - 1)
        kind = rng.choice([FS, FS, FS, SS, FF, SF])
        links.append(Link(i, rng.randint(i + 1, min(n - 1, i + 300)), kind, rng.randint(-2, 5)))
    schedule = compute(acts, links, cal)
    assert len(schedule.tasks) == n
    assert all(t.total_float >= 0 for t in schedule.tasks.values())
    assert schedule.critical_path()
    assert find_cycle(range(n), links) is None
    back = Link(links[-1].successor, links[-1].predecessor)
    with pytest.raises(CycleError) as caught:
        compute(acts, [*links, back], cal)
    assert back.successor in caught.value.cycle


def test_ten_thousand_task_chain() -> None:
    n = 10_000
    acts = [Activity(i, d(1, 5), d(1, 6)) for i in range(n)]  # 2 days each
    chain = [Link(i, i + 1) for i in range(n - 1)]
    schedule = compute(acts, chain)
    cal = Calendar()
    assert schedule.finish_index == cal.index(d(1, 5)) + 2 * n
    assert schedule.critical_path() == list(range(n))
    moved = reschedule(acts, chain, cal)
    assert len(moved) == n - 1
    assert moved[n - 1] == (cal.add(d(1, 5), 2 * n - 2), cal.add(d(1, 5), 2 * n - 1))

    with pytest.raises(CycleError) as caught:
        compute(acts, [*chain, Link(n - 1, 0)])
    assert caught.value.cycle == list(range(n))
    assert find_cycle(range(n), [*chain, Link(n - 1, 0)]) == list(range(n))
