"""What the user is told when a role changes hands (the roster's ``i``, the CLI)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.text import one_line
from tui.i18n import _

if TYPE_CHECKING:
    from store.models import Member


def interface_moved(name: str, department: str, before: Member | None) -> str:
    """ "王芳 is now the interface person of 市场部 (was 李伟)": who lost the role, too."""
    if before is None or one_line(before.name) == one_line(name):
        return _("{name} is now the interface person of {department}").format(
            name=one_line(name), department=one_line(department)
        )
    return _("{name} is now the interface person of {department} (was {before})").format(
        name=one_line(name), department=one_line(department), before=one_line(before.name)
    )
