"""The weekly progress tracking table (项目进度跟踪表): plan versus actual this week."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from store import changes, clock
from store.db import Store
from store.models import Change, Task, TaskStatus
from store.risks import RISKS_OF_TASK
from store.schedule import CycleError
from store.symbols import LEVEL
from store.tasks import slipping
from store.text import one_line

NO_DEPARTMENT = "—"


@dataclass
class DepartmentWeek:
    department: str
    planned: int = 0  # tasks planned (baseline end, else planned end) to finish this week
    done: int = 0  # of those, done
    finished: int = 0  # tasks actually finished this week, whatever their plan
    overdue: int = 0  # planned to finish before today, not done


@dataclass
class SlipRow:
    id: int
    title: str
    department: str
    owner: str
    days: int
    cause: str


@dataclass
class WeeklyProgress:
    today: date
    monday: date
    sunday: date
    departments: list[DepartmentWeek] = field(default_factory=list)
    slipping: list[SlipRow] = field(default_factory=list)
    since: date | None = None  # the last weekly meeting's date
    meeting: str = ""  # its title
    counts: dict[str, Counter] = field(default_factory=dict)  # entity → op → n
    notable: list[Change] = field(default_factory=list)

    @property
    def totals(self) -> DepartmentWeek:
        total = DepartmentWeek("")
        for d in self.departments:
            total.planned += d.planned
            total.done += d.done
            total.finished += d.finished
            total.overdue += d.overdue
        return total


NOTABLE_FIELDS = frozenset({"start", "end", "status", "baseline_end", "level"})
NOTABLE_LIMIT = 30


def _notable(change: Change) -> bool:
    if change.entity in ("baselines", "signoffs", "change_requests", "issues"):
        return True
    if change.entity == "risks":
        return change.op == "create" or bool(
            change.after and {"level", "status"} & set(change.after)
        )
    if change.entity == "tasks":
        if change.op != "update":
            return True
        return bool(change.after and NOTABLE_FIELDS & set(change.after))
    return change.entity == "dependencies"


def weekly_progress(store: Store, today: date | None = None) -> WeeklyProgress:
    """The progress tracking table (项目进度跟踪表) for the week holding ``today``."""
    today = today or clock.today()
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    result = WeeklyProgress(today, monday, sunday)
    departments = dict(store.conn.execute("SELECT id, name FROM departments"))
    members = dict(store.conn.execute("SELECT id, name FROM members"))
    rows: dict[int | None, DepartmentWeek] = {}
    for dept_id, name in sorted(departments.items(), key=lambda kv: kv[1].casefold()):
        rows[dept_id] = DepartmentWeek(one_line(name))
    first, last, now = monday.isoformat(), sunday.isoformat(), today.isoformat()
    for dept_id, planned_end, status, actual_end in store.rows(
        'department_id, coalesce(baseline_end, "end"), status, actual_end', "tasks"
    ):
        row = rows.get(dept_id)
        if row is None:
            row = rows[dept_id] = DepartmentWeek(
                one_line(departments.get(dept_id, "")) or NO_DEPARTMENT
            )
        done = status == TaskStatus.DONE
        if first <= planned_end <= last:
            row.planned += 1
            row.done += done
        if done and actual_end and first <= actual_end <= last:
            row.finished += 1
        if not done and planned_end < now:
            row.overdue += 1
    result.departments = [r for r in rows.values() if r.planned or r.finished or r.overdue]

    try:
        late = slipping(store, today)
    except CycleError:
        late = []
    for slip in late:
        task = slip.task
        result.slipping.append(
            SlipRow(
                task.id,
                one_line(task.title),
                one_line(departments.get(task.department_id, "")),
                one_line(members.get(task.owner_id, "")),
                slip.days,
                _cause(store, task, today),
            )
        )

    meeting = store.conn.execute(
        "SELECT date, start, title FROM meetings WHERE kind = 'weekly' AND date < ? "
        "ORDER BY date DESC, start DESC, id DESC LIMIT 1",
        [now],
    ).fetchone()
    if meeting is not None:
        result.since = date.fromisoformat(meeting[0])
        result.meeting = one_line(meeting[2])
        held = datetime.fromisoformat(f"{meeting[0]}T{meeting[1]}")
        # Timestamps are UTC ISO strings: compare from the meeting's day on.
        since = held.date().isoformat()
        for entity, op, n in store.conn.execute(
            "SELECT entity, op, count(*) FROM changes WHERE at >= ? GROUP BY entity, op",
            [since],
        ):
            result.counts.setdefault(entity, Counter())[op] = n
        first_id = store.scalar("SELECT min(id) FROM changes WHERE at >= ?", [since])
        if first_id is not None:
            found = [c for c in changes.since(store, first_id - 1, limit=-1) if _notable(c)]
            result.notable = found[-NOTABLE_LIMIT:][::-1]
    return result


def _cause(store: Store, task: Task, today: date) -> str:
    """Why a task is late: its owner's latest blocker, else a risk on it, else its state."""
    if task.owner_id is not None:
        found = store.conn.execute(
            "SELECT date, blockers FROM daily_updates WHERE member_id = ? AND blockers != '' "
            "AND date <= ? ORDER BY date DESC, id DESC LIMIT 1",
            [task.owner_id, today.isoformat()],
        ).fetchone()
        if found:
            return one_line(f"{found[0][5:]} {found[1]}")
    risk = store.conn.execute(
        f"SELECT title, level FROM risks WHERE {RISKS_OF_TASK} AND status != 'closed' "
        "ORDER BY CASE level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id LIMIT 1",
        [task.id],
    ).fetchone()
    if risk:
        return one_line(f"{LEVEL.get(risk[1], '')} {risk[0]}".strip())
    if task.status == TaskStatus.BLOCKED:
        return "blocked"
    return ""
