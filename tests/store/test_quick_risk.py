"""The quick risk line (store/quick_risk.py): every part, its cases and its mistakes."""

from __future__ import annotations

import pytest

from store.errors import Invalid
from store.models import Level, Strategy
from store.quick_risk import parse_quick_risk

NAMES = ["Li Wei", "liwei", "Wang"]


def test_quick_syntax_reads_every_part() -> None:
    quick = parse_quick_risk(
        "!high supplier may slip @Li Wei ~mitigate: second supplier #42", NAMES
    )
    assert quick.title == "supplier may slip"
    assert quick.level == Level.HIGH
    assert quick.owner == "Li Wei"
    assert quick.strategy == Strategy.MITIGATE
    assert (quick.response, quick.task_id) == ("second supplier", 42)


@pytest.mark.parametrize(
    ("line", "title", "level", "owner", "task_id"),
    [
        ("spec unclear", "spec unclear", None, None, None),
        ("!h spec unclear", "spec unclear", Level.HIGH, None, None),
        ("!低 说明不清 @Wang", "说明不清", Level.LOW, "Wang", None),
        ("spec #7 unclear", "spec unclear", None, None, 7),
        ("@Li Wei spec unclear", "spec unclear", None, "Li Wei", None),
        ("@Li spec", "spec", None, "Li", None),
        ("mail a@b.c today", "mail a@b.c today", None, None, None),
    ],
)
def test_quick_syntax_cases(
    line: str, title: str, level: Level | None, owner: str | None, task_id: int | None
) -> None:
    quick = parse_quick_risk(line, NAMES)
    assert (quick.title, quick.level, quick.owner, quick.task_id) == (title, level, owner, task_id)


def test_quick_response_without_a_strategy() -> None:
    quick = parse_quick_risk("spec unclear ~ask the customer", NAMES)
    assert (quick.title, quick.strategy, quick.response) == (
        "spec unclear",
        None,
        "ask the customer",
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("!urgent spec", "the level must be high, medium or low"),
        ("spec #x1", "a linked task is #ID"),
        ("!high", "a risk needs a title"),
        ("   ", "a risk needs a title"),
    ],
)
def test_quick_syntax_errors(line: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        parse_quick_risk(line, NAMES)
