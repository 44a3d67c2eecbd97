"""The ``/`` filter language, parsed and matched without the interface."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from store.board import TASK_FILTER
from store.filters import Filter, FilterLanguage


@pytest.mark.parametrize(
    ("text", "values", "flags", "words"),
    [
        ("", {}, set(), []),
        ("dept:R&D owner:Li", {"dept": ["r&d"], "owner": ["li"]}, set(), []),
        ("dept:R&D dept:IT", {"dept": ["r&d", "it"]}, set(), []),
        ('dept:"Customer service" pilot', {"dept": ["customer service"]}, set(), ["pilot"]),
        ("部门：研发 阶段:试产", {"dept": ["研发"], "phase": ["试产"]}, set(), []),
        ("Department:QA Phase:Pilot", {"dept": ["qa"], "phase": ["pilot"]}, set(), []),
        ("CRIT late 我的", {}, {"critical", "slipping", "mine"}, []),
        ("dept: owner:", {}, set(), []),  # typing: a key without a value is no condition yet
        ('dept:"Customer ser', {}, set(), ["customer", "ser"]),  # an unclosed quote
        ("Pilot #42 url:x", {}, set(), ["pilot", "#42", "url:x"]),  # unknown keys are words
    ],
)
def test_the_task_filter_reads_keys_flags_and_words(text, values, flags, words) -> None:
    found = TASK_FILTER.parse(text)
    assert (found.text, found.values, found.flags, found.words) == (
        text.strip(),
        values,
        flags,
        words,
    )
    assert bool(found) == bool(values or flags or words)


@dataclass
class Row:
    dept: str
    owner: str
    title: str
    critical: bool = False


ROWS = [
    Row("R&D", "Li Wei", "Pilot run", critical=True),
    Row("IT", "Zhang San", "Pilot servers"),
    Row("Customer service", "Li Na", "Hotline script"),
]


def shown(language: FilterLanguage, text: str) -> list[str]:
    def haystack(row: Row) -> str:
        return f"{row.title} {row.dept} {row.owner}".casefold()

    return [
        row.title
        for row in ROWS
        if language.parse(text).matcher(
            lambda r, name: name == "critical" and r.critical,
            lambda r, key: getattr(r, key).casefold(),
            haystack,
        )(row)
    ]


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("", ["Pilot run", "Pilot servers", "Hotline script"]),
        ("pilot", ["Pilot run", "Pilot servers"]),
        ("pilot run", ["Pilot run"]),  # every word must match
        ("dept:it dept:customer", ["Pilot servers", "Hotline script"]),  # a key's values: any
        ("owner:li pilot", ["Pilot run"]),  # keys and words: all
        ("critical", ["Pilot run"]),
        ("critical dept:it", []),
        ("nothing-like-this", []),
    ],
)
def test_a_filter_matches_any_value_of_a_key_and_every_other_part(text, titles) -> None:
    board_like = FilterLanguage(
        keys={"dept": "dept", "owner": "owner"}, flags={"critical": "critical"}
    )
    assert shown(board_like, text) == titles


def test_another_record_kind_brings_its_own_keys_and_flags() -> None:
    """The risks list reuses the language with ``level:`` and ``status:`` of its own."""
    risks = FilterLanguage(
        keys={"level": "level", "等级": "level", "status": "status"}, flags={"mine": "mine"}
    )
    found = risks.parse("level:high 等级:中 status:open mine dept:R&D")
    assert found.values == {"level": ["high", "中"], "status": ["open"]}
    assert found.flags == {"mine"}
    assert found.words == ["dept:r&d"]  # not a risk key: a word


def test_words_are_only_searched_when_the_rest_matches() -> None:
    """The haystack (the costly part at 10,000 cards) is not built for a card already out."""
    built: list[int] = []
    f = Filter(values={"dept": ["it"]}, words=["x"])
    match = f.matcher(lambda r, n: True, lambda r, k: "r&d", lambda r: built.append(r) or "x")
    assert not match(1)
    assert built == []
    assert Filter().matcher(None, None, None)(1)  # type: ignore[arg-type]
