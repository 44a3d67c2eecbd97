"""What the user is told when a role changes hands (the roster's keys, the CLI)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.text import one_line
from tui.i18n import N_, _

if TYPE_CHECKING:
    from store.models import Member

# role → (now theirs, now theirs and was someone else's)
_SAYINGS = {
    "is_interface": (
        N_("{name} is now the interface person of {department}"),
        N_("{name} is now the interface person of {department} (was {before})"),
    ),
    "is_head": (
        N_("{name} is now the head of {department}"),
        N_("{name} is now the head of {department} (was {before})"),
    ),
    "is_pm": (
        N_("{name} is now the project manager"),
        N_("{name} is now the project manager (was {before})"),
    ),
}


def role_moved(role: str, name: str, department: str, before: Member | None) -> str:
    """ "王芳 is now the interface person of 市场部 (was 李伟)": who lost the role, too."""
    alone, handed = _SAYINGS[role]
    values = {"name": one_line(name), "department": one_line(department)}
    if before is None or one_line(before.name) == values["name"]:
        return _(alone).format(**values)
    return _(handed).format(**values, before=one_line(before.name))


def handover_question(name: str, pm: Member | None) -> str:
    """Asked before the project manager's role goes to someone else."""
    if pm is None:
        return _("Make {name} the project manager?").format(name=one_line(name))
    return _(
        "Hand the project manager's role from {pm} to {name}? {pm} will no longer be "
        "the project manager."
    ).format(pm=one_line(pm.name), name=one_line(name))
