"""Who may do what: the roster's rules, checked by every write (``records.Tx``).

The acting user is the roster member whose login is the store's actor (``--as``,
``XDEPT_USER``, else the OS login). The project manager may change anything; only
they change the charter, the departments, roles, the baseline and milestones, and
decide change requests. A department's head and interface person change their
department's tasks, risks, issues, reports, requirements and people; a member
changes their own tasks and daily updates, and what they created or own. Everyone
on the roster may add risks, issues, change requests and meeting notes; a login on
no member's record may read and write nothing.

Checked in the store, so the command line obeys them too. The roster is read once
per transaction: one action is judged by the roles as they were when it began (a
PM handing the role over is still PM for the rest of that action). A file without
a project manager who can sign in (one with a login) has no rules yet: its first
people are setting it up, and nobody could ever change a role otherwise.

On a shared host anyone who can write the file can write anything with ``sqlite3``:
these rules prevent mistakes and make every change accountable (the change log
records the OS login beside the actor); behind ``xdept-tui serve`` nobody reaches
the file, and they are enforced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from store.errors import Message, StoreError, Term
from store.text import one_line

if TYPE_CHECKING:
    from store.db import Store

Row = Mapping[str, Any]

ROLES = ("is_pm", "is_head", "is_interface")
# Who someone is: changed only by the PM (a login names whose writes are whose).
IDENTITY = (*ROLES, "login", "department_id")
BASELINE_FIELDS = ("baseline_start", "baseline_end")
DECISION_FIELDS = ("status", "decided_by", "decided_at")


class Refused(StoreError):
    """The acting user may not make this change; says who may."""


@dataclass(frozen=True)
class Person:
    """A roster member as the rules see them."""

    id: int
    name: str
    department_id: int
    is_pm: bool
    is_head: bool
    is_interface: bool


@dataclass
class Roster:
    """Who is who, read once per transaction."""

    login: str
    me: Person | None
    pm: Person | None  # the project manager, once they have a login
    people: dict[int, Person] = field(default_factory=dict)
    departments: dict[int, str] = field(default_factory=dict)

    def speaks_for(self, department_id: Any) -> bool:
        """Whether I am the head or the interface person of ``department_id``."""
        me = self.me
        return (
            me is not None
            and department_id is not None
            and me.department_id == department_id
            and (me.is_head or me.is_interface)
        )

    def department(self, department_id: Any) -> str:
        return self.departments.get(department_id, "") if department_id is not None else ""

    def represents_any(self) -> bool:
        return self.me is not None and (self.me.is_head or self.me.is_interface)

    def holders(self, department_id: Any, *, heads_only: bool = False) -> list[Person]:
        """The head and the interface person of a department (or its head alone)."""
        return [
            p
            for p in self.people.values()
            if p.department_id == department_id
            and (p.is_head or (p.is_interface and not heads_only))
        ]


def roster(store: Store) -> Roster:
    rows = store.conn.execute(
        "SELECT id, name, department_id, is_pm, is_head, is_interface, login FROM members"
    ).fetchall()
    people = {
        row[0]: Person(row[0], one_line(row[1]), row[2], bool(row[3]), bool(row[4]), bool(row[5]))
        for row in rows
    }
    me = next((people[row[0]] for row in rows if row[6] == store.actor), None)
    pm = next((people[row[0]] for row in rows if row[3] and row[6]), None)
    departments = dict(store.conn.execute("SELECT id, name FROM departments").fetchall())
    return Roster(store.actor, me, pm, people, departments)


def refusal(store: Store, table: str, record_id: int) -> Refused | None:
    """Why the acting user may not change this record, or None when they may (or it
    is gone): a form says so as it opens, before anything is typed."""
    from store.models import MODELS

    if table not in MODELS:
        return None
    rows = store.query(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    if not rows:
        return None
    try:
        Rules(store).check(table, rows[0], rows[0])
    except Refused as refused:
        return refused
    return None


def require_pm(store: Store, what: Message) -> None:
    """Refused unless the acting user is the project manager (or the file has no rules
    yet): for what only the PM may even see, such as the SSH keys and sessions."""
    who = roster(store)
    if who.pm is not None and (who.me is None or not who.me.is_pm):
        raise _refuse(who, [], what)


def _either(parts: list[Message]) -> Message:
    """ "A", "A or B", "A, B or C": who may, in one phrase."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return Message("{first} or {second}", first=parts[0], second=parts[1])
    return Message("{first}, {rest}", first=parts[0], rest=_either(parts[1:]))


def _pm(who: Roster) -> Message:
    assert who.pm is not None  # rules apply only once there is one
    return Message("the project manager, {name}", name=who.pm.name)


def _representatives(who: Roster, department_id: Any, *, heads_only: bool = False) -> list[Message]:
    department = who.department(department_id)
    return [
        Message("the head of {department}, {name}", department=department, name=p.name)
        if p.is_head
        else Message(
            "the interface person of {department}, {name}", department=department, name=p.name
        )
        for p in who.holders(department_id, heads_only=heads_only)
    ]


def _name(who: Roster, member_id: Any) -> str | None:
    person = who.people.get(member_id) if member_id is not None else None
    return None if person is None else person.name


def _owner(who: Roster, member_id: Any) -> list[Message]:
    name = _name(who, member_id)
    return [] if name is None else [Message("its owner, {name}", name=name)]


def _themselves(who: Roster, member_id: Any) -> list[Message]:
    name = _name(who, member_id)
    return [] if name is None else [Message("{name} themselves", name=name)]


def _refuse(who: Roster, may: list[Message], what: Message) -> Refused:
    return Refused("only {who}, can {what}", who=_either([*may, _pm(who)]), what=what)


def _record(table: str, row: Row) -> Message:
    from store.models import MODELS

    label = row.get(MODELS[table].LABEL) if table in MODELS else None
    if label:
        return Message(
            "change {entity} #{id} “{label}”",
            entity=Term(_singular(table)),
            id=row.get("id"),
            label=one_line(str(label))[:40],
        )
    return Message("change {entity} #{id}", entity=Term(_singular(table)), id=row.get("id"))


def _singular(table: str) -> str:
    """ "task" for tasks, "meeting item" for meeting_items: a record's kind in a sentence."""
    return table.removesuffix("s").replace("_", " ")


class Rules:
    """The check one transaction makes before each write."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._who: Roster | None = None

    @property
    def who(self) -> Roster:
        if self._who is None:
            self._who = roster(self.store)
        return self._who

    def check(self, table: str, before: Row | None, after: Row | None) -> None:
        """Refused unless the acting user may turn ``before`` into ``after`` (None:
        the row does not exist before an insert, or after a delete)."""
        who = self.who
        if who.pm is None or (who.me is not None and who.me.is_pm):
            return
        if who.me is None:
            raise Refused(
                "you ({login}) are not on the roster, so you can read but not change "
                "anything; the project manager, {pm}, can add you: "
                "xdept-tui member add NAME --department DEPARTMENT --login {login}",
                login=who.login,
                pm=who.pm.name,
            )
        rule = _RULES.get(table, _pm_only)
        rule(self, table, before, after)

    def creator(self, table: str, record_id: Any) -> str | None:
        """Who created a record (its first change-log row)."""
        return self.store.scalar(
            "SELECT actor FROM changes WHERE entity = ? AND record_id = ? AND op = 'create' "
            "ORDER BY id LIMIT 1",
            [table, record_id],
        )

    def created_it(self, table: str, before: Row | None) -> bool:
        return before is not None and self.creator(table, before.get("id")) == self.who.login


def _changed(before: Row | None, after: Row | None, names: tuple[str, ...]) -> bool:
    """Whether a write sets or changes any of ``names`` (an insert: sets them at all)."""
    if before is None or after is None:
        return any((before or after or {}).get(n) for n in names)
    return any(before.get(n) != after.get(n) for n in names)


def _changes(before: Row, after: Row) -> set[str]:
    return {k for k in after if after[k] != before.get(k)}


def _both(before: Row | None, after: Row | None, key: str) -> list[Any]:
    return [row.get(key) for row in (before, after) if row is not None]


# What only the project manager changes, and how a refusal words it.
_PM_WORK = {
    "project": Message("change the charter"),
    "departments": Message("change the departments"),
    "baselines": Message("set the baseline"),
    "milestones": Message("change the milestones"),
    "ssh_keys": Message("change the SSH keys"),
}


def _pm_only(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    raise _refuse(rules.who, [], _PM_WORK.get(table) or _record(table, before or after or {}))


def _department_work(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    """Requirements and resource requests: the department's head or interface person."""
    who = rules.who
    departments = _both(before, after, "department_id")
    if all(who.speaks_for(d) for d in departments):
        return
    raise _refuse(who, _representatives(who, departments[0]), _record(table, before or after or {}))


def _members(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    who = rules.who
    assert who.me is not None
    if _changed(before, after, ROLES if before is None or after is None else IDENTITY):
        raise _refuse(who, [], Message("change roles, logins or departments"))
    row = before or after or {}
    if before is not None and before.get("id") == who.me.id:
        return  # your own contact details
    if who.speaks_for(row.get("department_id")):
        return
    raise _refuse(
        who,
        _themselves(who, row.get("id")) + _representatives(who, row.get("department_id")),
        Message("change {name}'s record", name=one_line(str(row.get("name", "")))),
    )


def _signoffs(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    who = rules.who
    assert who.me is not None
    if before is not None and after is not None and _changes(before, after) <= {"outdated"}:
        return  # a changed document outdates its signatures, whoever changed it
    row = after or before or {}
    department = row.get("department_id")
    if (
        after is not None
        and before is None
        and after.get("signed_by_id") == who.me.id
        and who.me.is_head
        and who.me.department_id == department
    ):
        return
    raise _refuse(
        who,
        _representatives(who, department, heads_only=True),
        Message("sign for {department}", department=who.department(department)),
    )


def _tasks(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    who = rules.who
    assert who.me is not None
    if _changed(before, after, BASELINE_FIELDS):
        raise _refuse(who, [], Message("set the baseline"))
    departments = _both(before, after, "department_id")
    if all(who.speaks_for(d) for d in departments):
        return
    # Your own task (handing it to someone else included), or a new one you will own.
    owner = (before or after or {}).get("owner_id")
    if owner == who.me.id:
        return
    raise _refuse(
        who,
        _owner(who, owner) + _representatives(who, departments[0]),
        _record(table, before or after or {}),
    )


def _dependencies(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    """A task's links belong to the task that waits (the successor)."""
    row = before or after or {}
    task = rules.store.query("SELECT * FROM tasks WHERE id = ?", [row.get("successor_id")])
    if task:
        _tasks(rules, "tasks", task[0], task[0])


def _owned(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    """Risks, issues: anyone adds one; its owner, its department's head or interface
    person and whoever raised it change it."""
    who = rules.who
    assert who.me is not None
    if before is None:
        return
    departments = _both(before, after, "department_id")
    if all(who.speaks_for(d) for d in departments) or before.get("owner_id") == who.me.id:
        return
    if rules.created_it(table, before):
        return
    raise _refuse(
        who,
        _owner(who, before.get("owner_id")) + _representatives(who, before.get("department_id")),
        _record(table, before),
    )


def _daily_updates(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    who = rules.who
    assert who.me is not None
    members = _both(before, after, "member_id")
    if all(m == who.me.id for m in members):
        return
    departments = [who.people[m].department_id for m in members if m in who.people]
    if departments and all(who.speaks_for(d) for d in departments):
        return
    person = who.people.get(members[0])
    raise _refuse(
        who,
        _themselves(who, members[0])
        + _representatives(who, person.department_id if person else None),
        Message("change {name}'s daily updates", name=person.name if person else "?"),
    )


def _meetings(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    """Meetings are planned and run by the PM and the departments' representatives."""
    who = rules.who
    if who.represents_any():
        return
    raise _refuse(
        who,
        [Message("a department's head or interface person")],
        Message("plan or run meetings"),
    )


def _meeting_items(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    """A report is its department's; notes, decisions and actions anyone records, and
    their owner, their department or whoever recorded them change them."""
    who = rules.who
    assert who.me is not None
    row = before or after or {}
    department = row.get("department_id")
    if row.get("kind") == "report":
        if all(who.speaks_for(d) for d in _both(before, after, "department_id")):
            return
        raise _refuse(
            who,
            _representatives(who, department),
            Message(
                "record the report of {department}",
                department=who.department(department),
            ),
        )
    if before is None:
        return
    if department is None and who.represents_any():
        return
    if who.speaks_for(department) or before.get("owner_id") == who.me.id:
        return
    if rules.created_it(table, before):
        return
    raise _refuse(
        who,
        _owner(who, before.get("owner_id")) + _representatives(who, department),
        _record(table, before),
    )


def _change_requests(rules: Rules, table: str, before: Row | None, after: Row | None) -> None:
    who = rules.who
    if _changed(before, after, DECISION_FIELDS) and before is not None:
        raise _refuse(who, [], Message("approve or reject change requests"))
    if before is None or before.get("proposed_by") == who.login:
        return
    raise _refuse(who, [], _record(table, before))


_RULES = {
    "members": _members,
    "signoffs": _signoffs,
    "requirements": _department_work,
    "resource_requests": _department_work,
    "tasks": _tasks,
    "dependencies": _dependencies,
    "risks": _owned,
    "issues": _owned,
    "daily_updates": _daily_updates,
    "meetings": _meetings,
    "meeting_items": _meeting_items,
    "change_requests": _change_requests,
}
