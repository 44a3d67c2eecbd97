"""The quick risk line: a risk in a few keystrokes, as ``xdept-tui risk add`` reads it.

``!high supplier may slip @Li Wei ~mitigate: second supplier #42``: the level, the
owner (a name of several words is matched against the roster, as the task quick
line does: ``people.owner_words``), the response and the linked task, in any order
around the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from store.errors import Invalid
from store.models import Level, Strategy
from store.people import owner_words
from store.text import one_line

QUICK_HELP = """\
Quick syntax, all parts optional but the title, in any order:
  !high|!medium|!low (or !h !m !l, !高 !中 !低)   the level
  @NAME               the owner (a member's name or login)
  ~STRATEGY: PLAN     the response: avoid, transfer, mitigate, accept or escalate,
                      then the plan (or just ~PLAN)
  #ID                 the linked task
e.g.  "!high supplier may slip @Li Wei ~mitigate: second supplier #42\""""

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
_STRATEGIES = {s.value for s in Strategy}
_MARKER = re.compile(r"(?:^|(?<=\s))([!@~#])(?=\S)")


@dataclass
class QuickRisk:
    """What one quick line said; owner is a name still to be resolved."""

    title: str = ""
    level: Level | None = None
    owner: str | None = None
    strategy: Strategy | None = None
    response: str = ""
    task_id: int | None = None
    rest: list[str] = field(default_factory=list)


def parse_quick_risk(line: str, names: Iterable[str] = ()) -> QuickRisk:
    """Read the quick syntax; ``names`` are the roster's names and logins.

    An owner's name may contain spaces ("@Li Wei"): the longest run of words
    after ``@`` that names a member is taken, the rest stays in the title.
    """
    line = one_line(line)  # typed names compare as stored ones (store.people.name_key)
    known = {n.casefold() for n in names}
    result = QuickRisk()
    pieces = _MARKER.split(line)
    title = [pieces[0]]
    for marker, text in zip(pieces[1::2], pieces[2::2], strict=True):
        words = text.split()
        if marker == "!":
            level = _LEVELS.get(words[0].casefold())
            if level is None:
                raise Invalid("!{level}: the level must be high, medium or low", level=words[0])
            result.level = level
            title += words[1:]
        elif marker == "#":
            digits = re.match(r"\d+", words[0])
            if not digits or digits.group() != words[0]:
                raise Invalid("#{task}: a linked task is #ID, e.g. #42", task=words[0])
            result.task_id = int(words[0])
            title += words[1:]
        elif marker == "@":
            take = owner_words(words, known)
            result.owner = " ".join(words[:take])
            title += words[take:]
        else:
            head, _, plan = text.partition(":")
            if head.strip().casefold() in _STRATEGIES:
                result.strategy = Strategy(head.strip().casefold())
                result.response = plan.strip()
            else:
                result.response = text.strip()
    result.title = " ".join(" ".join(title).split())
    if not result.title:
        raise Invalid("a risk needs a title")
    return result
