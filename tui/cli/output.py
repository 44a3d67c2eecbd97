"""How a command prints records: aligned tables in terminal cells, or JSON with --json."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import click

from tui.cli.language import option
from tui.i18n import N_, _

if TYPE_CHECKING:
    from store.db import Store

# Longest cell of a plain table, in terminal cells; --json has the full text.
CELL_MAX = 48

json_option = option("--json", "as_json", is_flag=True, help=N_("Print JSON (stable field names)."))


class _Cells:
    """Terminal cells as rich counts them (``cell_len``, ``set_cell_size``), measured
    a character at a time from a table filled as characters come: rich's own cache
    keeps 4,096 texts, and a list of 10,000 titles misses it on every one. Texts
    where rich joins characters (zero-width marks, emoji sequences) go to rich."""

    def __init__(self) -> None:
        from rich.cells import cell_len, get_character_cell_size, set_cell_size

        self.rich_len, self.rich_crop = cell_len, set_cell_size

        class Widths(dict[str, int]):
            def __missing__(self, char: str) -> int:
                width = self[char] = get_character_cell_size(char)
                return width

        self.width_of = Widths().__getitem__

    def __call__(self, text: str) -> int:
        if text.isascii():
            return len(text) if text.isprintable() else self.rich_len(text)
        if "\u200d" in text or "\ufe0f" in text:  # joined emoji: rich's own rules
            return self.rich_len(text)
        return sum(map(self.width_of, text))

    def crop(self, text: str, total: int) -> str:
        """The first ``total`` cells of a longer text; a wide character cut in half
        becomes a space."""
        if "\u200d" in text or "\ufe0f" in text:
            return self.rich_crop(text, total)
        used = 0
        for i, width in enumerate(map(self.width_of, text)):
            if not width:  # joins the character before it: rich's own rules
                return self.rich_crop(text, total)
            if used + width > total:
                return text[:i] + " " * (total - used)
            used += width
        return self.rich_crop(text, total)


def print_table(headers: list[str], rows: list[list[Any]], whole: tuple[int, ...] = ()) -> None:
    """An aligned table measured in terminal cells, so Chinese text lines up; the
    columns in ``whole`` are never cut (a key's fingerprint is compared character
    by character).

    Printed in one write: a line at a time, click flushes each, and a 10,000-task
    list would make as many system calls.
    """
    from store.symbols import DONE
    from store.text import one_line

    cell_len = _Cells()

    def cell(value: Any, entire: bool) -> tuple[str, int]:
        if value is None:
            return "", 0
        kind = type(value)
        if kind is bool:
            text = DONE if value else ""
        elif kind is int:
            text = str(value)
        else:
            text = one_line(value.isoformat() if isinstance(value, date) else str(value))
        width = cell_len(text)
        if width > CELL_MAX and not entire:
            text = cell_len.crop(text, CELL_MAX - 1) + "…"
            width = cell_len(text)
        return text, width

    head = [(h, cell_len(h)) for h in headers]
    cells = [[cell(v, i in whole) for i, v in enumerate(row)] for row in rows]
    widths = [max([w] + [r[i][1] for r in cells]) for i, (_h, w) in enumerate(head)]
    numeric = [
        bool(rows) and all(isinstance(r[i], int) and not isinstance(r[i], bool) for r in rows)
        for i in range(len(headers))
    ]

    def line(values: list[tuple[str, int]]) -> str:
        padded = []
        for (text, used), width, right in zip(values, widths, numeric, strict=True):
            gap = " " * (width - used)
            padded.append(gap + text if right else text + gap)
        return "  ".join(padded).rstrip()

    rule = [("-" * w, w) for w in widths]
    click.echo("\n".join([line(head), line(rule), *map(line, cells)]))


def print_json(data: Any) -> None:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, written by the C encoder when
    ``data`` is a list of flat records: the indenting encoder is pure Python, and
    100,000 schedule rows take it a second."""
    if _flat_records(data):
        text = _records_encoder.encode(data)
        # No JSON string holds a raw line break, so "},\n    {" is only ever the
        # boundary between two records: give the list its own indentation.
        text = "[\n  {\n    " + text[2:-2].replace("},\n    {", "\n  },\n  {\n    ") + "\n  }\n]"
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(text)


# Records written as their fields one per line, 4 spaces in: what indent=2 gives a
# record inside a list (its items then fixed by print_json).
_records_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))
_SCALARS = frozenset({str, int, bool, type(None)})
_TEXT = frozenset({str})


def _flat_records(data: Any) -> bool:
    """A non-empty list of non-empty dicts whose keys are text and whose values are
    exactly str, int, bool or None (not a subclass, a float, a list)."""
    return (
        type(data) is list
        and bool(data)
        and all(
            type(record) is dict
            and bool(record)
            and _TEXT.issuperset(map(type, record))
            and _SCALARS.issuperset(map(type, record.values()))
            for record in data
        )
    )


def print_records(
    records: list[Any],
    as_json: bool,
    headers: list[str],
    row: Callable[[Any], list[Any]],
    more: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """A list command's output: the models as JSON (with ``more`` of each after its
    fields: what is derived from them), or chosen columns as a table."""
    if as_json:
        print_json([r.model_dump(mode="json") | (more(r) if more else {}) for r in records])
    else:
        print_table(headers, [row(r) for r in records])


def names(store: Store, table: str) -> dict[int, str]:
    """Id → name of every member or department, for table columns."""
    from store.people import names as directory

    found = directory(store)
    if table == "members":
        return {member_id: name for member_id, (name, _login) in found.members.items()}
    return found.departments


def word(value: str | None) -> str | None:
    """A state, level, kind or strategy as its word in the user's language (tables;
    JSON keeps the stored value)."""
    return _(value.replace("_", " ")) if value else None


def chosen(kind: type[StrEnum], values: tuple[str, ...], name: str) -> list[str]:
    """The words given to a filter option, each one of ``kind``'s, or a one-line error."""
    from store.errors import Invalid

    choices = [k.value for k in kind]
    for value in values:
        if value.lower() not in choices:
            raise Invalid(
                _("{option} {value!r}: use {choices}").format(
                    option=name, value=value, choices=", ".join(choices)
                )
            )
    return [v.lower() for v in values]
