"""Departments and members: the team directory (团队名录).

The rules "exactly one interface person and one head per department" and "exactly
one project manager" live here and in partial unique indexes: naming a new holder
relieves the old one in the same transaction (both logged), so there is never a
vacuum and never double management. The project manager's role is only ever
handed over: never cleared, nor deleted with its member.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from store import meetings
from store.db import Store
from store.errors import Invalid, Term
from store.models import DailyUpdate, Department, Member, Risk, SshKey, Task
from store.records import Tx, find, get
from store.text import one_line


def departments(store: Store) -> list[Department]:
    return find(store, Department, order_by="name COLLATE NOCASE")


def members(store: Store, department_id: int | None = None) -> list[Member]:
    if department_id is None:
        return find(store, Member, order_by="department_id, name COLLATE NOCASE")
    return find(store, Member, "department_id = ?", [department_id], "name COLLATE NOCASE")


def name_key(name: str) -> str:
    """A typed or stored name as lookups compare it: cleaned exactly as the models
    store it (controls and invisible characters gone, spaces collapsed), any case."""
    return one_line(name).casefold()


def department_named(store: Store, name: str) -> Department:
    """The department called ``name`` (case-insensitive), or a clear error.

    Compared in Python on names the model cleaned, so a row another program wrote
    with a zero-width space still matches what the screen shows.
    """
    key = name_key(name)
    everyone = departments(store)
    found = [d for d in everyone if name_key(d.name) == key]
    if not found:
        known = ", ".join(d.name for d in everyone) or Term("none yet")
        raise Invalid(
            "unknown department {name!r} (known: {known})", name=one_line(name), known=known
        )
    return found[0]


def department_of(store: Store, member_id: int | None) -> int | None:
    """A member's department (None for no member): a record that names an owner but
    no department belongs to the owner's."""
    return None if member_id is None else get(store, Member, member_id).department_id


def member_named(store: Store, name: str) -> Member:
    """The member whose name or login is ``name``; refuses unknown or ambiguous names."""
    typed = one_line(name).removeprefix("@")
    key = typed.casefold()
    found = [m for m in members(store) if name_key(m.name) == key or m.login == typed]
    if not found:
        raise Invalid("unknown member {key!r}", key=typed)
    if len(found) > 1:
        names = ", ".join(f"{m.name} (#{m.id})" for m in found)
        raise Invalid("{key!r} is ambiguous: {names}", key=typed, names=names)
    return found[0]


def roster_names(store: Store) -> list[str]:
    """Every member's name and login: what a quick line's ``@`` may name."""
    return [
        value
        for row in store.conn.execute("SELECT name, login FROM members")
        for value in row
        if value
    ]


def owner_words(words: list[str], known: set[str]) -> int:
    """How many of the words after a quick line's ``@`` name the owner ("@Li Wei"):
    the longest run that is a name or login in ``known`` (casefolded), else one."""
    return next((n for n in range(len(words), 0, -1) if " ".join(words[:n]).casefold() in known), 1)


class Names(NamedTuple):
    """Who is who, for labels: no model is built per row."""

    members: dict[int, tuple[str, str]]  # id → (name, login)
    departments: dict[int, str]  # id → name
    me: int | None  # the acting user's member id


def names(store: Store) -> Names:
    members = {
        row[0]: (row[1], row[2] or "")
        for row in store.conn.execute("SELECT id, name, login FROM members")
    }
    departments = dict(store.conn.execute("SELECT id, name FROM departments"))
    me = store.scalar("SELECT id FROM members WHERE login = ?", [store.actor])
    return Names(members, departments, me)


class MemberDetail(NamedTuple):
    """What the roster shows beside a member: the tasks they own (by due date), their
    open risks and their latest daily updates (newest first)."""

    tasks: list[Task]
    risks: list[Risk]
    updates: list[DailyUpdate]


def member_detail(store: Store, member_id: int, updates: int = 5) -> MemberDetail:
    return MemberDetail(
        find(store, Task, "owner_id = ?", [member_id], '"end", id'),
        find(store, Risk, "owner_id = ? AND status != 'closed'", [member_id]),
        meetings.updates(store, member_id=member_id)[:updates],
    )


def member_for_login(store: Store, login: str) -> Member | None:
    """The roster member behind an OS/SSH login, if any."""
    found = find(store, Member, "login = ?", [login])
    return found[0] if found else None


def interface_of(store: Store, department_id: int) -> Member | None:
    found = find(store, Member, "department_id = ? AND is_interface", [department_id])
    return found[0] if found else None


def without_interface(store: Store) -> list[Department]:
    """Departments nobody speaks for: flagged on the dashboard."""
    return find(
        store,
        Department,
        "id NOT IN (SELECT department_id FROM members WHERE is_interface)",
        order_by="name COLLATE NOCASE",
    )


ROLES = ("is_interface", "is_head", "is_pm")


def _holders(store: Store, flag: str, department_id: int) -> list[Member]:
    """Who holds a role: in the department (is_interface, is_head), in the project (is_pm)."""
    if flag == "is_pm":
        return find(store, Member, flag)
    return find(store, Member, f"department_id = ? AND {flag}", [department_id])


def _relieve(tx: Tx, department_id: int, flag: str, keep: int | None) -> None:
    """Clear ``flag`` from whoever holds it (``_holders``) but ``keep``."""
    for other in _holders(tx.store, flag, department_id):
        if other.id != keep:
            cleared: dict[str, Any] = {flag: False}
            tx.update(Member, other.id, other.version, **cleared)


def _keep_a_pm(member: Member) -> None:
    if member.is_pm:
        raise Invalid(
            "{name} is the project manager: hand the role to another member first "
            "(xdept-tui member role NAME --pm)",
            name=member.name,
        )


def project_manager(store: Store) -> Member | None:
    found = find(store, Member, "is_pm")
    return found[0] if found else None


def add_department(store: Store, name: str, description: str = "") -> Department:
    with store.transaction() as tx:
        return tx.insert(Department(name=name, description=description))


def update_department(
    store: Store, department_id: int, version: int, base: dict | None = None, **values: Any
) -> Department:
    """Edit a department; ``base`` (the values as read) merges a stale edit three ways."""
    with store.transaction() as tx:
        return tx.update(Department, department_id, version, base, **values)


def delete_department(store: Store, department_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        tx.delete(Department, department_id, version)


def add_member(store: Store, member: Member) -> Member:
    """Add a member; if they are the interface person or head, they replace the old one."""
    with store.transaction() as tx:
        get(store, Department, member.department_id)
        for flag in ROLES:
            if getattr(member, flag):
                _relieve(tx, member.department_id, flag, None)
        return tx.insert(member)


def update_member(
    store: Store, member_id: int, version: int, base: dict | None = None, **values: Any
) -> Member:
    """Edit a member; taking a role relieves its previous holder in the department.
    ``base`` (the values as read) merges a stale edit three ways."""
    with store.transaction() as tx:
        current = get(store, Member, member_id)
        if values.get("is_pm") is False:
            _keep_a_pm(current)
        department_id = values.get("department_id", current.department_id)
        for flag in ("is_interface", "is_head"):
            if values.get(flag, getattr(current, flag) and department_id != current.department_id):
                _relieve(tx, department_id, flag, member_id)
        if values.get("is_pm"):
            _relieve(tx, department_id, "is_pm", member_id)
        return tx.update(Member, member_id, version, base, **values)


def give_role(store: Store, member_id: int, role: str) -> tuple[Member, Member | None]:
    """Make a member the department's head or interface person, or the project
    manager (``role``: is_head, is_interface, is_pm); returns them as saved and who
    held the role before (None when nobody, or they themselves)."""
    member = get(store, Member, member_id)
    holders = _holders(store, role, member.department_id)
    before = next((m for m in holders if m.id != member_id), None)
    values: dict[str, Any] = {role: True}
    return update_member(store, member_id, member.version, **values), before


def delete_member(store: Store, member_id: int, version: int | None = None) -> None:
    with store.transaction() as tx:
        _keep_a_pm(get(store, Member, member_id))
        with tx.trusted():  # their SSH keys go with them, each logged
            for key in find(store, SshKey, "member_id = ?", [member_id]):
                tx.delete(SshKey, key.id, key.version)
        tx.delete(Member, member_id, version)
