"""The quick risk line (store/quick_risk.py): every part, its cases and its mistakes,
any title with markers anywhere (hypothesis), and ``add_quick_risk`` on a real file."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.db import Store
from store.errors import Invalid, NotFound
from store.models import Level, Member, RiskKind, Strategy, Task
from store.quick_risk import QUICK_HELP, add_quick_risk, completions, parse_quick_risk
from store.records import find
from store.text import one_line

NAMES = ["Li Wei", "liwei", "Wang", "王芳"]


def test_quick_syntax_reads_every_part() -> None:
    quick = parse_quick_risk(
        "!high supplier may slip @Li Wei p4 i5 ~mitigate: second supplier #42 #7", NAMES
    )
    assert quick.title == "supplier may slip"
    assert quick.level == Level.HIGH
    assert (quick.probability, quick.impact) == (4, 5)
    assert quick.owner == "Li Wei"
    assert quick.strategy == Strategy.MITIGATE
    assert (quick.response, quick.task_ids) == ("second supplier", [42, 7])


@pytest.mark.parametrize(
    ("line", "title", "level", "owner", "task_ids"),
    [
        ("spec unclear", "spec unclear", None, None, []),
        ("!h spec unclear", "spec unclear", Level.HIGH, None, []),
        ("!低 说明不清 @王芳", "说明不清", Level.LOW, "王芳", []),
        ("spec #7 unclear", "spec unclear", None, None, [7]),
        ("@Li Wei spec unclear", "spec unclear", None, "Li Wei", []),
        ("@Li spec", "spec", None, "Li", []),
        ("mail a@b.c today #1 #1", "mail a@b.c today", None, None, [1, 1]),
        ("C# parser p2 late", "C# parser late", None, None, []),
        (r"\P1 outage \#3 \\x", r"P1 outage #3 \x", None, None, []),
    ],
)
def test_quick_syntax_cases(
    line: str, title: str, level: Level | None, owner: str | None, task_ids: list[int]
) -> None:
    quick = parse_quick_risk(line, NAMES)
    assert (quick.title, quick.level, quick.owner, quick.task_ids) == (
        title,
        level,
        owner,
        task_ids,
    )


@pytest.mark.parametrize(
    ("line", "probability", "impact"),
    [("x p4 i5", 4, 5), ("x P4 I5", 4, 5), ("x p:1 i:2", 1, 2), ("i3 x", None, 3)],
)
def test_probability_and_impact(line: str, probability: int | None, impact: int | None) -> None:
    quick = parse_quick_risk(line, NAMES)
    assert (quick.title, quick.probability, quick.impact) == ("x", probability, impact)


@pytest.mark.parametrize(
    ("line", "kind", "strategy", "response"),
    [
        ("x ~ask the customer", None, None, "ask the customer"),
        ("x ~call", None, None, "call"),
        ("x ~mitigate", None, Strategy.MITIGATE, ""),
        ("x ~Avoid: change the supplier", None, Strategy.AVOID, "change the supplier"),
        ("x ~减轻：第二供应商", None, Strategy.MITIGATE, "第二供应商"),
        ("x ~see docs: page 3", None, None, "see docs: page 3"),
        ("x +opp ~exploit: sell twice", RiskKind.OPPORTUNITY, Strategy.EXPLOIT, "sell twice"),
        ("x ~enhance", RiskKind.OPPORTUNITY, Strategy.ENHANCE, ""),
        ("+机会 x ~accept", RiskKind.OPPORTUNITY, Strategy.ACCEPT, ""),
        ("x +threat", RiskKind.THREAT, None, ""),
    ],
)
def test_responses_and_kinds(
    line: str, kind: RiskKind | None, strategy: Strategy | None, response: str
) -> None:
    quick = parse_quick_risk(line, NAMES)
    assert (quick.title, quick.kind, quick.strategy, quick.response) == (
        "x",
        kind,
        strategy,
        response,
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("!urgent spec", "the level must be high, medium or low"),
        ("spec #x1", "a linked task is #ID"),
        ("spec #0", "a linked task is #ID"),
        ("spec #99999999999999999999", "a linked task is #ID"),
        ("spec p6", "the probability is 1 to 5"),
        ("spec p0", "the probability is 1 to 5"),
        ("spec I9", "the impact is 1 to 5"),
        ("spec p2 p3", "given twice"),
        ("spec !h !l", "given twice"),
        ("spec @Wang @liwei", "given twice"),
        ("spec ~a plan ~another", "given twice"),
        ("spec ~mitgate: x", "not a strategy"),
        ("spec +opp ~avoid", "avoid is not a response to opportunity"),
        ("spec ~exploit +threat", "exploit is not a response to threat"),
        ("spec !low p4 i5", "makes a high risk"),
        ("!high", "a risk needs a title"),
        ("p1 i1 @Wang #4", "a risk needs a title"),
        ("   ", "a risk needs a title"),
    ],
)
def test_quick_syntax_errors(line: str, message: str) -> None:
    with pytest.raises(Invalid, match=re.escape(message)):
        parse_quick_risk(line, NAMES)


def test_quick_help_names_every_marker() -> None:
    for marker in (
        "!high",
        "p1..p5",
        "i1..i5",
        "@NAME",
        "~STRATEGY: PLAN",
        "+opp",
        "#ID",
        "\\WORD",
    ):
        assert marker in QUICK_HELP


# --- properties ------------------------------------------------------------------------

MARKER_LOOKING = re.compile(r"[!@~#+\\]|[pi]:?\d", re.IGNORECASE | re.ASCII)


def literal(title: str) -> str:
    """A title written so that none of its words is read as a marker (``\\`` before each
    word that starts like one): how a user types "P1 outage" as a title."""
    return " ".join(
        "\\" + word if MARKER_LOOKING.match(word) else word for word in one_line(title).split()
    )


titles = st.text(min_size=1, max_size=60).filter(lambda t: one_line(t) != "")
markers = st.lists(
    # p × i is 6 or 10: a medium risk, as !m says.
    st.sampled_from(["!m", "p3", "I2", "p:5", "@Li Wei", "@王芳", "#12", "#3", "+opp"]),
    unique_by=lambda m: m[0].casefold() if m[0] in "pPiI!+@" else m,
    max_size=5,
)


@given(titles, markers, st.randoms(use_true_random=False))
def test_any_title_round_trips_with_markers_anywhere(title, parts, rng) -> None:
    words = literal(title).split()
    for part in parts:
        words.insert(rng.randint(0, len(words)), part)
    if rng.random() < 0.5:  # a plan runs to the next marker: last, or before one
        words += ["~accept:", "second", "supplier"]  # fits both kinds
    quick = parse_quick_risk(" ".join(words), NAMES)
    assert quick.title == one_line(title)
    assert sorted(quick.task_ids) == sorted(int(p[1:]) for p in parts if p.startswith("#"))
    assert (quick.owner is not None) == any(p.startswith("@") for p in parts)
    if "~accept:" in words:
        assert (quick.strategy, quick.response) == (Strategy.ACCEPT, "second supplier")


@given(st.text(max_size=80))
def test_any_line_is_read_or_refused_with_invalid(line: str) -> None:
    try:
        quick = parse_quick_risk(line, NAMES)
    except Invalid as error:
        assert str(error)
    else:
        assert quick.title
        assert quick.probability in (None, 1, 2, 3, 4, 5)
        assert quick.impact in (None, 1, 2, 3, 4, 5)


@given(st.sampled_from("pPiI"), st.integers().filter(lambda n: not 1 <= n <= 5))
def test_a_score_outside_1_to_5_is_refused(letter: str, value: int) -> None:
    with pytest.raises(Invalid, match="is 1 to 5"):
        parse_quick_risk(f"x {letter}{abs(value)}" if value >= 0 else f"x {letter}:0", NAMES)


# --- add_quick_risk --------------------------------------------------------------------


@pytest.fixture
def team(store: Store) -> dict[str, int]:
    from store import people
    from store.tasks import add_task

    dept = people.add_department(store, "Engineering", "")
    li = people.add_member(store, Member(name="Li Wei", department_id=dept.id, login="liwei"))
    task = add_task(store, Task(title="Pilot", start="2026-12-01", end="2026-12-02"))
    return {"li": li.id, "task": task.id, "dept": dept.id}


def test_add_quick_risk_resolves_the_owner_and_the_level(store: Store, team) -> None:
    risk = add_quick_risk(store, f"Supplier late @liwei p4 i5 ~mitigate: second #{team['task']}")
    assert (risk.title, risk.owner_id, risk.department_id) == (
        "Supplier late",
        team["li"],
        team["dept"],
    )
    assert (risk.level, risk.score, risk.task_ids) == (Level.HIGH, 20, [team["task"]])
    assert risk.updated_by == store.actor


def test_add_quick_risk_options_override_the_line(store: Store, team) -> None:
    risk = add_quick_risk(store, "x !low @nobody", level="high", owner="Li Wei")
    assert (risk.level, risk.owner_id) == (Level.HIGH, team["li"])


@pytest.mark.parametrize(
    ("line", "error", "message"),
    [
        ("x @nobody", Invalid, "unknown member 'nobody'"),
        ("x #999", NotFound, "task 999 not found"),
        ("x p9", Invalid, "probability"),
        ("[bold]x[/] ~pray: hard", Invalid, "not a strategy"),
    ],
)
def test_add_quick_risk_mistakes_save_nothing(
    store: Store, team, line: str, error: type, message: str
) -> None:
    from store.models import Risk

    with pytest.raises(error, match=re.escape(message)):
        add_quick_risk(store, line)
    assert find(store, Risk) == []


def test_completions_list_members_and_tasks(store: Store, team) -> None:
    found = completions(store)
    assert found.members == [("Li Wei", "liwei", "Engineering")]
    assert found.tasks == {team["task"]: "Pilot"}
    assert found.folded == [(team["task"], str(team["task"]), "pilot")]
