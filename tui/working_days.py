"""The project's working days in one line, for the charter and the ``calendar`` command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.i18n import _, language, ngettext

if TYPE_CHECKING:
    from store.calendars import Summary


def holiday_language() -> str:
    """The language holiday names are asked for (the holidays package's code)."""
    return "zh_CN" if language() == "zh" else "en_US"


def calendar_line(found: Summary) -> str:
    """Which working days count: the official calendar, the project's own days, the next
    days off (not every date: a year of holidays would fill the charter's first screen)."""
    if found.name:
        words = [
            _("{country} official (holidays {version})").format(
                country=_(found.name), version=found.version
            )
        ]
        if found.announced_to:
            words[0] += " " + _("announced to {year}, later years estimated").format(
                year=found.announced_to
            )
    elif found.country:
        words = [_("unknown country {code}: Monday to Friday").format(code=found.country)]
    else:
        words = [_("Monday to Friday")]
    words.append(
        ngettext("{n} project holiday", "{n} project holidays", found.own_holidays).format(
            n=found.own_holidays
        )
    )
    words.append(
        ngettext("{n} extra working day", "{n} extra working days", found.own_workdays).format(
            n=found.own_workdays
        )
    )
    if found.upcoming:
        days = ", ".join(f"{d.isoformat()} {name}".strip() for d, name in found.upcoming)
        words.append(_("next: {days}").format(days=days))
    return " · ".join(words)
