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


def _cell(value: Any, whole: bool = False) -> str:
    from rich.cells import cell_len, set_cell_size

    from store.symbols import DONE
    from store.text import one_line

    if value is None:
        return ""
    if isinstance(value, bool):
        return DONE if value else ""
    text = one_line(value.isoformat() if isinstance(value, date) else str(value))
    if not whole and cell_len(text) > CELL_MAX:
        text = set_cell_size(text, CELL_MAX - 1) + "…"
    return text


def print_table(headers: list[str], rows: list[list[Any]], whole: tuple[int, ...] = ()) -> None:
    """An aligned table measured in terminal cells, so Chinese text lines up; the
    columns in ``whole`` are never cut (a key's fingerprint is compared character
    by character)."""
    from rich.cells import cell_len

    cells = [[_cell(v, i in whole) for i, v in enumerate(row)] for row in rows]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [
        bool(rows) and all(isinstance(r[i], int) and not isinstance(r[i], bool) for r in rows)
        for i in range(len(headers))
    ]

    def line(values: list[str]) -> str:
        padded = []
        for text, width, right in zip(values, widths, numeric, strict=True):
            gap = " " * (width - cell_len(text))
            padded.append(gap + text if right else text + gap)
        return "  ".join(padded).rstrip()

    click.echo(line(headers))
    click.echo(line(["-" * w for w in widths]))
    for row in cells:
        click.echo(line(row))


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
