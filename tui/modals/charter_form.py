"""The charter's form: its holidays and extra working days typed as lists of dates."""

from __future__ import annotations

from typing import Any

from store import clock
from store.dates import parse_dates
from tui.i18n import say_error
from tui.modals.form import RecordForm

# The charter's date-list fields: typed as dates separated by commas or spaces.
DATE_LISTS = ("holidays", "workdays")


class CharterForm(RecordForm):
    """The charter's form: holidays and working days typed as lists of dates; the date
    order shown at the end.

    The model's only cross-field rule (target end before start) has no field of
    its own, so its message is put beside "Target end", where it was typed.
    """

    def _parse(self, typed: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
        from store.errors import StoreError

        values, errors = super()._parse(typed)
        for name in DATE_LISTS:
            try:
                values[name] = parse_dates(values.get(name) or "", clock.today())
            except StoreError as error:
                errors[name] = say_error(error)
        return values, errors

    def _fill(self, values: dict[str, Any]) -> None:
        """Their date lists arrive as the row's JSON lists: show them as typed dates."""
        import json

        for name in DATE_LISTS:
            found = values.get(name)
            if isinstance(found, str) and found.startswith("["):
                values = values | {name: ", ".join(json.loads(found))}
        super()._fill(values)

    def _show_errors(self, errors: dict[str, str], general: str = "") -> None:
        if "" in errors:
            errors = dict(errors)
            errors["target_end"] = errors.pop("")
        super()._show_errors(errors, general)
