"""The quick-add language (store.quick_task): parsed, round-tripped, and added with
its owner and predecessors resolved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.db import Store
from store.errors import Invalid
from store.models import Member
from store.people import add_department, add_member
from store.quick_task import add_quick_task, parse_quick_task, quick_dates
from store.schedule import Calendar
from store.tasks import predecessors
from tests.store.helpers import MON, day, task

CAL = Calendar()


@pytest.fixture
def team(store: Store) -> dict[str, Member]:
    rd = add_department(store, "R&D")
    mk = add_department(store, "Marketing")
    return {
        "li": add_member(store, Member(name="Li Wei", department_id=rd.id, login="liwei")),
        "wang": add_member(store, Member(name="王芳", department_id=mk.id, login="wangfang")),
    }


# -- parse_quick_task ---------------------------------------------------------------------


def test_quick_title_only() -> None:
    quick = parse_quick_task("  Write   the test plan ", MON)
    assert quick.title == "Write the test plan"
    assert (quick.owner, quick.due, quick.duration, quick.after) == (None, None, None, [])


def test_quick_every_token() -> None:
    quick = parse_quick_task(
        "Pilot run @Li Wei ^12-01 for:3d after:42 after:7:SS:2 for line 2", MON, ["Li Wei"]
    )
    assert quick.title == "Pilot run for line 2"
    assert quick.owner == "Li Wei"
    assert quick.due == day(12, 1)
    assert quick.duration == 3
    assert [(d.predecessor_id, d.type, d.lag) for d in quick.after] == [
        (42, "FS", 0),
        (7, "SS", 2),
    ]


@pytest.mark.parametrize(
    ("token", "due"),
    [
        ("^2026-12-01", day(12, 1)),
        ("^12-01", day(12, 1)),
        ("^+3d", MON + timedelta(3)),
        ("^fri", day(11, 27)),
        ("^周五", day(11, 27)),
    ],
)
def test_quick_due_forms(token: str, due: date) -> None:
    assert parse_quick_task(f"Task {token}", MON).due == due


@pytest.mark.parametrize(
    ("token", "days"), [("for:1d", 1), ("for:3d", 3), ("for:4wd", 4), ("for:2w", 10)]
)
def test_quick_duration_forms(token: str, days: int) -> None:
    assert parse_quick_task(f"Task {token}", MON).duration == days


def test_quick_owner_login_and_unknown_single_word() -> None:
    assert parse_quick_task("Fix @liwei now", MON, ["Li Wei", "liwei"]).owner == "liwei"
    quick = parse_quick_task("Fix @nobody now", MON, ["Li Wei"])
    assert (quick.owner, quick.title) == ("nobody", "Fix now")


def test_quick_markers_inside_words_stay_title() -> None:
    quick = parse_quick_task("Mail bob@example.com about C++ 2^8 +1 after", MON)
    assert quick.title == "Mail bob@example.com about C++ 2^8 +1 after"
    assert quick.owner is None and quick.due is None and quick.duration is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "needs a title"),
        ("@liwei ^12-01 for:3d", "needs a title"),
        ("Task ^notadate", "'notadate' is not a date"),
        ("Task ^2026-02-30", "not a possible date"),
        ("Task for:0d", "at least 1 working day"),
        ("Task +3d", "+3d is a date (today +3d): write ^+3d for the due date, or for:3d"),
        ("Task for:3d for:4d", "duration is given twice"),
        ("Task ^12-01 ^12-02", "due date is given twice"),
        ("Task @a @b", "owner is given twice"),
        ("Task after:x", "expected ID[:TYPE[:LAG]]"),
        ("Task after:4:XX", "type must be FS, SS, FF or SF"),
        ("Task after:4:SS:soon", "lag must be a whole number"),
        ("Task after:4:SS:999", "between -365 and 365"),
        ("Task after:4 after:4", "#4 is given twice"),
        ("x" * 201, "at most 200 characters"),
    ],
)
def test_quick_errors_say_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(Invalid, match=None) as error:
        parse_quick_task(line, MON)
    assert message in str(error.value)


WORD = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]),
    min_size=1,
    max_size=8,
).filter(lambda w: w[0] not in "@^+" and not w.casefold().startswith(("after:", "for:")))
NAME = st.lists(
    st.text(alphabet="abcdefghij李伟王芳", min_size=1, max_size=6), min_size=1, max_size=3
).map(" ".join)


@given(
    title=st.lists(WORD, min_size=1, max_size=5),
    owner=NAME,
    due=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    duration=st.integers(1, 500),
    preds=st.lists(st.integers(1, 10**6), unique=True, max_size=3),
    order=st.randoms(use_true_random=False),
)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_quick_round_trip(title, owner, due, duration, preds, order) -> None:
    """Every token is read back whatever the order; the rest is the title."""
    tokens = [f"@{owner}", f"^{due.isoformat()}", f"for:{duration}d"]
    tokens += [f"after:{p}" for p in preds]
    order.shuffle(tokens)
    # Tokens go after the title words here so that a multi-word owner cannot eat title words.
    quick = parse_quick_task(" ".join([*title, *tokens]), MON, [owner])
    assert quick.owner == owner
    assert quick.due == due
    assert quick.duration == duration
    assert sorted(d.predecessor_id for d in quick.after) == sorted(preds)
    if tokens[-1].startswith("@"):
        assert quick.title == " ".join(title)


@given(st.text(max_size=60))
@settings(max_examples=300)
def test_quick_any_text_is_a_task_or_a_clear_error(line: str) -> None:
    try:
        quick = parse_quick_task(line, MON, ["Li Wei"])
    except Invalid as error:
        assert str(error)
    else:
        assert quick.title and quick.title == quick.title.strip()
        assert quick.duration is None or quick.duration >= 1


@given(
    due=st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2027, 12, 31))),
    duration=st.one_of(st.none(), st.integers(1, 300)),
)
def test_quick_dates_end_on_due_and_last_duration(due, duration) -> None:
    from store.quick_task import QuickTask

    start, end = quick_dates(QuickTask("t", due=due, duration=duration), MON, CAL)
    assert start <= end
    if due is not None:
        assert end == due
    if duration is not None:
        assert CAL.duration(start, end) == duration
    if due is None:
        assert start == MON


# -- add_quick_task ------------------------------------------------------------------------


def test_add_quick_task_resolves_owner_and_predecessor(store: Store, team) -> None:
    a = task(store, "A", MON, day(11, 27))
    saved = add_quick_task(store, f"Build it @Li Wei for:3d after:{a.id}", "todo", MON)
    assert saved.owner_id == team["li"].id
    assert saved.department_id == team["li"].department_id
    # Starts the working day after its predecessor ends, lasts 3 working days.
    assert (saved.start, saved.end) == (day(11, 30), day(12, 2))
    assert [d.predecessor_id for d in predecessors(store, saved.id)] == [a.id]


def test_add_quick_task_in_doing_records_actual_start(store: Store, team) -> None:
    saved = add_quick_task(store, "Now @wangfang", "doing", MON)
    assert saved.status == "doing" and saved.actual_start == MON
    assert saved.owner_id == team["wang"].id


def test_add_quick_task_errors(store: Store, team) -> None:
    with pytest.raises(Invalid, match="unknown member 'nobody'"):
        add_quick_task(store, "X @nobody", "todo", MON)
    with pytest.raises(Invalid, match="there is no task #999"):
        add_quick_task(store, "X after:999", "todo", MON)
