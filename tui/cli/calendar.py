"""``calendar``: the project's working days, shown and changed."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.language import Command, option
from tui.cli.session import date_option, open_store
from tui.i18n import _


@click.command(
    "calendar",
    cls=Command,
    help=_(
        "The project's working days: its official calendar, own holidays and extra working "
        "days; the options change them."
    ),
)
@option(
    "--country",
    metavar="CODE",
    help=_("Official calendar, e.g. CN; an empty value means Monday to Friday."),
)
@option("--holiday", "holidays", multiple=True, metavar="DATE", help=_("Add a project holiday."))
@option(
    "--workday",
    "workdays",
    multiple=True,
    metavar="DATE",
    help=_("Add an extra working day, e.g. a Saturday worked."),
)
@option(
    "--remove", multiple=True, metavar="DATE", help=_("Remove a date from both of those lists.")
)
def calendar_command(
    country: str | None,
    holidays: tuple[str, ...],
    workdays: tuple[str, ...],
    remove: tuple[str, ...],
) -> None:
    from store import calendars, clock
    from store.project import project, update_charter
    from tui.working_days import calendar_line, holiday_language

    today = clock.today()
    changing = country is not None or bool(holidays or workdays or remove)
    store = open_store(write=changing)
    if changing:
        current = project(store)
        gone = {date_option(text, today, store) for text in remove}
        values: dict[str, Any] = {
            name: sorted(
                (set(getattr(current, name)) - gone) | {date_option(t, today, store) for t in added}
            )
            for name, added in (("holidays", holidays), ("workdays", workdays))
        }
        if country is not None:
            values["country"] = country
        update_charter(store, current.version, **values)
    click.echo(calendar_line(calendars.summary(store, today, holiday_language())))
