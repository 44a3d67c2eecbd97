"""The quick risk line: a risk in a few keystrokes, as ``xdept-tui risk add`` and the
app's ``r`` line read it.

``!high supplier may slip @Li Wei p4 i5 ~mitigate: second supplier #42 #43``: the
level, the owner (a name of several words is matched against the roster, as the
task quick line does: ``people.owner_words``), probability and impact, the
response and the linked tasks, in any order around the title. Every marker is a
word of its own; a word that only looks like one stays in the title when it
starts with a backslash (``\\P1 outage`` is the title "P1 outage").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from store.db import Store
from store.errors import Invalid, Term
from store.models import STRATEGIES, Level, Risk, RiskKind, Strategy, level_from
from store.people import member_named, owner_words, roster_names
from store.records import validate
from store.risks import insert_risk
from store.text import is_number, one_line

QUICK_HELP = """\
Quick syntax, all parts optional but the title, in any order:
  !high !medium !low  the level (also !h !m !l, !高 !中 !低)
  p1..p5 i1..i5       probability, impact (also P4, p:4): both set the level
  @NAME               the owner (a member's name or login)
  ~STRATEGY: PLAN     the response and its plan; the strategies of
                      threats: avoid, mitigate, transfer, accept, escalate;
                      opportunities: exploit, enhance, share, accept
                      (规避 减轻 转移 接受 上报 / 开拓 提高 分享)
  ~PLAN               a plan alone (no colon after its first word)
  +opp                an opportunity (also +opportunity, +机会)
  #ID                 a linked task (several allowed)
  \\WORD               WORD stays in the title though it looks like a marker
e.g.  "!high supplier may slip @Li Wei p4 i5 ~mitigate: second supplier #42\""""

_LEVELS = {
    "high": Level.HIGH,
    "h": Level.HIGH,
    "高": Level.HIGH,
    "medium": Level.MEDIUM,
    "med": Level.MEDIUM,
    "m": Level.MEDIUM,
    "中": Level.MEDIUM,
    "low": Level.LOW,
    "l": Level.LOW,
    "低": Level.LOW,
}
_STRATEGIES: dict[str, Strategy] = {s.value: s for s in Strategy} | {
    "规避": Strategy.AVOID,
    "减轻": Strategy.MITIGATE,
    "转移": Strategy.TRANSFER,
    "接受": Strategy.ACCEPT,
    "上报": Strategy.ESCALATE,
    "开拓": Strategy.EXPLOIT,
    "提高": Strategy.ENHANCE,
    "分享": Strategy.SHARE,
}
_KINDS = {
    "opp": RiskKind.OPPORTUNITY,
    "opportunity": RiskKind.OPPORTUNITY,
    "机会": RiskKind.OPPORTUNITY,
    "threat": RiskKind.THREAT,
    "威胁": RiskKind.THREAT,
}
_SCORE = re.compile(r"([pi]):?(\d+)", re.ASCII | re.IGNORECASE)
_COLON = re.compile("[:：]")
_MAX_ID = 2**63  # SQLite's integers


@dataclass
class QuickRisk:
    """What one quick line said; owner is a name still to be resolved."""

    title: str = ""
    kind: RiskKind | None = None
    level: Level | None = None
    probability: int | None = None
    impact: int | None = None
    owner: str | None = None
    strategy: Strategy | None = None
    response: str = ""
    task_ids: list[int] = field(default_factory=list)


def _marker(word: str) -> str | None:
    """Which part a word starts, if any: ``!`` ``@`` ``~`` ``#`` ``+`` or ``p``/``i``."""
    if _SCORE.fullmatch(word):
        return word[0].casefold()
    if len(word) > 1 and word[0] in "!@~#":
        return word[0]
    if word[:1] == "+" and word[1:].casefold() in _KINDS:
        return "+"
    return None


def _once(current: Any, word: str) -> None:
    if current not in (None, ""):
        raise Invalid("{word}: this part is given twice", word=word)


def parse_quick_risk(line: str, names: Iterable[str] = ()) -> QuickRisk:
    """Read the quick syntax; ``names`` are the roster's names and logins.

    Pure: nothing is looked up, so an unknown owner is found by ``add_quick_risk``.
    An owner's name may contain spaces ("@Li Wei"): the longest run of words after
    ``@`` that names a member is taken, the rest stays in the title. A plan runs
    from ``~`` to the next marker. Every mistake is an ``Invalid`` naming its word.
    """
    line = one_line(line)  # typed names compare as stored ones (store.people.name_key)
    known = {n.casefold() for n in names}
    words = line.split()
    result = QuickRisk()
    title: list[str] = []
    plan: list[str] | None = None  # the words of ``~``, while it runs
    i = 0
    while i < len(words):
        word, i = words[i], i + 1
        kind = _marker(word)
        if kind is None:
            literal = word[1:] if word.startswith("\\") and len(word) > 1 else word
            (title if plan is None else plan).append(literal)
            continue
        if plan is not None:
            _respond(result, plan)
            plan = None
        if kind in "pi":
            _score(result, word)
        elif kind == "!":
            _once(result.level, word)
            level = _LEVELS.get(word[1:].casefold())
            if level is None:
                raise Invalid("!{level}: the level must be high, medium or low", level=word[1:])
            result.level = level
        elif kind == "#":
            digits = word[1:]
            if not (is_number(digits) and 0 < int(digits) < _MAX_ID):
                raise Invalid("#{task}: a linked task is #ID, e.g. #42", task=digits)
            result.task_ids.append(int(word[1:]))
        elif kind == "+":
            _once(result.kind, word)
            result.kind = _KINDS[word[1:].casefold()]
        elif kind == "@":
            _once(result.owner, word)
            end = i
            while end < len(words) and _marker(words[end]) is None:
                end += 1
            run = [word[1:], *words[i:end]]
            take = owner_words(run, known)
            result.owner = " ".join(run[:take])
            i += take - 1  # the words after the first that name the owner
        else:
            _once(result.response or result.strategy, word)
            plan = [word[1:]]
    if plan is not None:
        _respond(result, plan)
    result.title = " ".join(title)
    _check(result)
    return result


def _score(result: QuickRisk, word: str) -> None:
    match = _SCORE.fullmatch(word)
    assert match is not None
    letter, value = match[1].casefold(), int(match[2])
    name = "probability" if letter == "p" else "impact"
    _once(getattr(result, name), word)
    if not 1 <= value <= 5:
        if letter == "p":
            raise Invalid("{word}: the probability is 1 to 5 (p1 … p5)", word=word)
        raise Invalid("{word}: the impact is 1 to 5 (i1 … i5)", word=word)
    setattr(result, name, value)


def _respond(result: QuickRisk, words: list[str]) -> None:
    """``~mitigate: plan``, ``~mitigate`` or ``~plan``: a single word before a colon,
    or a word alone, must be a strategy (a typo is said, not saved as the plan)."""
    text = " ".join(w for w in words if w)
    head, *rest = _COLON.split(text, maxsplit=1)
    colon, plan = bool(rest), "".join(rest)
    head = head.strip()
    if (colon and " " not in head) or (not colon and " " not in text):
        strategy = _STRATEGIES.get(head.casefold())
        if strategy is None and (colon or head.casefold() in _STRATEGIES):
            raise Invalid(
                "~{head}: not a strategy; use avoid, mitigate, transfer, accept, escalate, "
                "exploit, enhance or share (~PLAN without a colon for a plan alone)",
                head=head,
            )
        if strategy is not None:
            result.strategy = strategy
            result.response = plan.strip()
            return
    result.response = text


def _check(result: QuickRisk) -> None:
    """What the parts say together: a title, a strategy that fits the kind, a level
    that agrees with probability × impact."""
    if not result.title:
        raise Invalid("a risk needs a title")
    strategy = result.strategy
    if result.kind is None and strategy in (Strategy.EXPLOIT, Strategy.ENHANCE, Strategy.SHARE):
        result.kind = RiskKind.OPPORTUNITY  # only an opportunity is exploited
    kind = result.kind or RiskKind.THREAT
    if strategy is not None and strategy not in STRATEGIES[kind]:
        raise Invalid(
            "{strategy} is not a response to {kind}: use {choices}",
            strategy=strategy.value,
            kind=Term(kind.value),
            choices=", ".join(s.value for s in STRATEGIES[kind]),
        )
    if result.probability and result.impact and result.level:
        level = level_from(result.probability, result.impact)
        if level != result.level:
            raise Invalid(
                "!{level} but p{p} i{i} makes a {score_level} risk (score {score})",
                level=result.level.value,
                p=result.probability,
                i=result.impact,
                score_level=Term(level.value),
                score=result.probability * result.impact,
            )


def add_quick_risk(store: Store, line: str, **overrides: Any) -> Risk:
    """Add the risk a quick line describes, in one transaction: the owner found in the
    roster, every linked task checked. ``overrides`` (the command line's options:
    level, owner, strategy, response, task_ids, probability, impact) win over the line."""
    quick = parse_quick_risk(line, roster_names(store))
    said = {k: v for k, v in overrides.items() if v is not None}
    owner = said.pop("owner", quick.owner)
    values: dict[str, Any] = {
        "title": quick.title,
        "kind": quick.kind,
        "level": quick.level,
        "probability": quick.probability,
        "impact": quick.impact,
        "strategy": quick.strategy,
        "response": quick.response,
        "task_ids": quick.task_ids,
    } | said
    with store.transaction() as tx:
        if owner:
            values["owner_id"] = member_named(store, owner).id
        risk = validate(Risk, {k: v for k, v in values.items() if v is not None})
        return insert_risk(tx, risk)


class Completions(NamedTuple):
    """What the ``r`` line completes: owners after ``@``, tasks after ``#``; each key
    filters these in memory, so they come ready to compare."""

    members: list[tuple[str, str, str]]  # (name, login, department), by name
    tasks: dict[int, str]  # id → title, by id
    folded: list[tuple[int, str, str]]  # (id, id as text, title casefolded), by id


def completions(store: Store) -> Completions:
    members = [
        (name, login or "", department or "")
        for name, login, department in store.conn.execute(
            "SELECT m.name, m.login, d.name FROM members m"
            " LEFT JOIN departments d ON d.id = m.department_id ORDER BY m.name"
        )
    ]
    tasks = dict(store.conn.execute("SELECT id, title FROM tasks ORDER BY id"))
    folded = [(i, str(i), one_line(title).casefold()) for i, title in tasks.items()]
    return Completions(members, tasks, folded)
