"""A realistic demo project: the launch of a smart band across six departments.

``generate`` fills a new, empty database through the store's own write path,
so the change log says who changed what, and when: the writes are replayed in
the order they happened over the weeks since the kick-off (the plan, sign-offs,
each task started and finished by its owner, weekly meetings, slips, daily
updates), each stamped with its day and its person's login. Every date is
relative to ``clock.today()`` (the project started seven weeks ago and ends in a
few months) on China's official calendar of working days, and the randomness
comes from one seeded ``random.Random``: the same today gives the same database.
``tasks=N`` scales the same shape to N tasks (more departments, people, risks
and meetings) for benchmarks.

The demo gives every screen something to show: a department without an
interface person, missing and outdated sign-offs, slipping tasks, a blocked
one, an unresolved resource gap, an occurred risk, published minutes and daily
updates missing today. The content itself is data, in store/demo_content.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from store import calendars, changes, clock, schedule
from store.db import Store
from store.demo_content import (
    BASELINE_PENDING,
    CHARTER,
    CHARTER_MISSING,
    CHARTER_ON_BEHALF,
    CHARTER_OUTDATED,
    COLLABORATION_PENDING,
    DEPARTMENTS,
    FIRST_NAMES,
    GIVEN_NAMES,
    KICKOFF_AGENDA,
    KICKOFF_ITEMS,
    LAST_NAMES,
    MILESTONES,
    OCCURRED_ISSUE,
    OCCURRED_RISK,
    ON_BEHALF_REASON,
    PEOPLE,
    PHASE_SHARE,
    PHASE_WINDOW,
    PHASES,
    PLAN,
    PM_LOGIN,
    POSTS,
    PREFERRED_SLIPS,
    PROJECT_NAME,
    REPORTS,
    REQUIREMENTS,
    RESOURCES,
    RISK_TEMPLATES,
    RISKS,
    STEPS,
    SURNAMES,
    UPDATES,
    UPDATES_MISSING_TODAY,
    WEEKLY_AGENDA,
    WEEKLY_ITEMS,
)
from store.errors import Invalid
from store.meetings import action_to_task
from store.models import (
    AgendaItem,
    Baseline,
    ChangeRequest,
    ChangeStatus,
    DailyUpdate,
    Department,
    Dependency,
    Document,
    Escalation,
    Issue,
    ItemKind,
    Level,
    Meeting,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
    Member,
    Milestone,
    Project,
    Record,
    Requirement,
    ResourceRequest,
    Risk,
    RiskStatus,
    SignOff,
    Task,
    TaskStatus,
)
from store.project import document_version, outdate
from store.records import Tx, validate
from store.risks import occurred
from store.schedule import Activity, Link

SEED = 20_260_302
MIN_TASKS = 10
WEEKS_PAST = 7  # the project started this many weeks before this week's Monday
COUNTRY = "CN"  # the demo's official calendar of working days


def generate(
    store: Store, tasks: int | None = None, name: str | None = None, country: str = COUNTRY
) -> None:
    """Fill a new database (schema, no project yet) with the demo project.

    ``tasks`` None gives the hand-written launch plan (~60 tasks); a number
    builds that many tasks in work packages, with the rest of the project in
    proportion. ``country`` is the official calendar ("" for Monday–Friday).
    One transaction writes it all; the risk that occurred and last week's action
    items turned into tasks then go through the store's own functions, today.
    """
    if tasks is not None and tasks < MIN_TASKS:
        raise Invalid("a demo needs at least {min_tasks} tasks", min_tasks=MIN_TASKS)
    with _bulk_write(store), store.transaction() as tx, tx.trusted():  # as its people wrote it
        if store.scalar("SELECT count(*) FROM project"):
            raise Invalid("this database already has a project; the demo needs a new one")
        demo = _Demo(tx, tasks, country)
        demo.build(name)
    planned = demo.issue
    with Store(store.path, PM_LOGIN) as pm:  # the project manager's doing, whoever asked
        occurred(
            pm,
            demo.occurred_risk_id,
            1,
            planned.owner_id,
            planned.due,
            title=planned.title,
            description=planned.description,
            # The project manager took it over the day it happened.
            escalation=planned.escalation,
            escalated_on=clock.today(),
        )
        for item_id in demo.action_item_ids:
            action_to_task(pm, item_id, 1)


# The demo's one transaction writes the whole file (250 MB at 100,000 tasks): with
# SQLite's default 2 MB of page cache it keeps spilling index pages to the WAL and
# reading them back (``python -m bench.cli --tasks 100000 --only init`` times the demo).
DEMO_CACHE_KIB = 64 * 1024
# What the demo's connection uses while it writes, and gives back after.
BULK_PRAGMAS = {
    "cache_size": f"-{DEMO_CACHE_KIB}",
    # Each statement of many rows keeps the pages it changes in a statement journal
    # (to undo that statement alone): in memory, not a temporary file, a fifth of a
    # 30,000-task demo's time fewer writes.
    "temp_store": "MEMORY",
}


@contextmanager
def _bulk_write(store: Store) -> Iterator[None]:
    """``BULK_PRAGMAS`` on this connection while the demo is written."""
    previous = {name: store.scalar(f"PRAGMA {name}") for name in BULK_PRAGMAS}
    for name, value in BULK_PRAGMAS.items():
        store.conn.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        for name, value in previous.items():
            store.conn.execute(f"PRAGMA {name} = {value}")


@dataclass
class _TaskPlan:
    """A task before it becomes a record; dates as working-day indexes."""

    title: str
    phase: int
    dept: str  # department key, "pm" for the project manager
    start: int
    days: int  # 0 for a milestone
    deliverable: str = ""
    milestone: int | None = None  # index in MILESTONES
    key: str = ""
    theme: str = ""  # the work package's, in the scaled demo

    @property
    def finish(self) -> int:
        """The index after the last working day (the start, for a milestone)."""
        return self.start + self.days


def _stamp(day: date, hour: int = 2) -> str:
    """A past timestamp in the log's format (10:00 Beijing time is 02:00 UTC)."""
    return f"{day.isoformat()}T{hour:02d}:00:00+00:00"


def _fit(p: _TaskPlan, q: _TaskPlan, rng: random.Random) -> tuple[str, int] | None:
    """A dependency p → q (type, lag) that the planned dates already satisfy, if any."""
    if q.start - p.finish >= -1:
        return "FS", min(rng.choice((0, 0, 0, 1, 2)), q.start - p.finish)
    if q.start >= p.start:
        return "SS", min(rng.randint(0, 2), q.start - p.start)
    if q.finish >= p.finish:
        return "FF", min(rng.randint(0, 2), q.finish - p.finish)
    return None


# The fields a task's progress moves, in the order the demo writes them.
MOVED = ("status", "progress", "actual_start", "actual_end", "end")


@dataclass
class _TaskEdit:
    """One task changed by its owner (see ``_Demo.edit``)."""

    demo: _Demo
    task: Task
    after: dict[str, Any]

    def __call__(self) -> None:
        demo, tx, task_id = self.demo, self.demo.tx, self.task.id
        assert task_id is not None
        row = demo.rows_now.get(task_id)
        if row is None:
            row = demo.rows_now[task_id] = self.task.to_row()
        before = {k: row[k] for k in self.after}
        row.update(self.after, version=row["version"] + 1)
        update = [row[k] for k in MOVED] + [row["version"], tx.at, tx.actor, task_id]
        after = self.after | {"version": row["version"]}
        demo.moved.append((update, (tx.at, tx.actor, "tasks", task_id, "update", before, after)))


def _parse_after(spec: str) -> tuple[str, schedule.DepType, int]:
    """``KEY[:TYPE[:LAG]]`` of the default plan."""
    parts = spec.split(":")
    kind = schedule.DepType(parts[1]) if len(parts) > 1 else schedule.DepType.FS
    return parts[0], kind, int(parts[2]) if len(parts) > 2 else 0


class _Demo:
    """Builds the demo inside one transaction; keeps the ids later steps need."""

    def __init__(self, tx: Tx, tasks: int | None, country: str = COUNTRY) -> None:
        self.tx = tx
        self.n = tasks
        self.country = country
        self.rng = random.Random(SEED if tasks is None else SEED + tasks)
        self.today = clock.today()
        self.now = clock.timestamp()
        self.monday = self.today - timedelta(days=self.today.weekday())
        self.weeks = max(WEEKS_PAST, 4 if tasks is None else tasks // 200)
        start = self.monday - timedelta(weeks=self.weeks)
        # The calendar the project will have: its official years cover the whole plan.
        self.cal = calendars.build(
            calendars.CalendarColumns(country, first_year=start.year - 1, last_year=start.year + 5)
        )
        self.start_i = self.cal.index(start)
        self.today_i = self.cal.index(self.today)
        self.days: dict[int, date] = {}
        self.rows_now: dict[int, dict[str, Any]] = {}  # tasks as moved so far
        self.moved: list[tuple[list[Any], tuple[Any, ...]]] = []  # not written yet
        # The writes as they happened: (when, order, login, write), replayed sorted.
        self.story: list[tuple[str, int, str, Callable[[], Any]]] = []
        count = 6 if tasks is None else min(len(DEPARTMENTS), 6 + tasks // 1500)
        self.depts = DEPARTMENTS[:count]
        self.dept_ids: dict[str, int] = {}
        self.members: dict[str, list[Member]] = {}
        self.head: dict[str, Member] = {}
        self.interface: dict[str, Member] = {}
        self.pm: Member | None = None
        self.milestone_ids: list[int] = []
        self.requirement_ids: list[int] = []
        self.first_task = 0
        self.task_ids: dict[str, int] = {}
        self.occurred_risk_id = 0
        self.action_item_ids: list[int] = []
        self.charter: Project | None = None
        self.records: list[Task] = []  # the plan as inserted, by position
        self.owners: list[tuple[Member, str]] = []  # each task's owner and department key
        self.issue: Issue  # the occurred risk's issue, made with the risks

    def day(self, i: int) -> date:
        """The working day with index ``i`` (each converted once: the plan asks often)."""
        found = self.days.get(i)
        if found is None:
            found = self.days[i] = self.cal.date(i)
        return found

    @staticmethod
    def stamp(day: date, hour: float) -> str:
        """The timestamp of ``day`` at ``hour`` UTC (10:00 in Beijing is 2)."""
        minutes = round(hour * 60)
        return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00+00:00"

    def on(self, day: date, hour: float, login: str, write: Callable[[], Any]) -> None:
        """Do ``write`` as ``login`` on ``day`` at ``hour`` UTC."""
        self.story.append((self.stamp(day, hour), len(self.story), login, write))

    def replay(self) -> None:
        """The writes in the order they happened; nothing is stamped after now."""
        for when, _, login, write in sorted(self.story):
            self.tx.at, self.tx.actor = min(when, self.now), login
            if not isinstance(write, _TaskEdit):
                self.flush()
            write()
        self.flush()
        self.story.clear()

    def flush(self) -> None:
        """Write the task moves made so far, in order, with their change-log rows."""
        if not self.moved:
            return
        self.tx.conn.executemany(
            "UPDATE tasks SET " + ", ".join(f'"{k}" = ?' for k in MOVED) + ", version = ?, "
            "updated_at = ?, updated_by = ? WHERE id = ?",
            [update for update, _ in self.moved],
        )
        changes.append(self.tx, (entry for _, entry in self.moved))
        self.moved.clear()

    def build(self, name: str | None) -> None:
        plans, links, floats = self.plan()
        setup = self.day(self.start_i - 2)  # the PM prepares the kick-off
        self.on(setup, 1, PM_LOGIN, self.people)
        self.on(setup, 1.5, PM_LOGIN, lambda: self.project(name, plans))
        self.on(setup, 2, PM_LOGIN, lambda: self.tasks(plans, links))
        self.replay()  # the later steps need the ids of the first
        self.signoffs()
        self.department_records()
        self.baseline()
        self.progress(plans, self.slips(plans, floats))
        self.risks(plans)
        self.meetings()
        self.daily_updates()
        self.replay()

    # -- people -------------------------------------------------------------------

    def people(self) -> None:
        for dept in self.depts:
            saved = self.tx.insert(Department(name=dept.name, description=dept.description))
            self.dept_ids[dept.key] = saved.id
            self.members[dept.key] = []
        for key, name, post, duties, login, role in PEOPLE:
            if key in self.dept_ids:
                self.add_member(key, name, post, duties, login, role)
        if self.n is None:
            return
        names = {m.name for people in self.members.values() for m in people}
        for k in range(max(0, self.n // 40 - len(names))):
            dept = self.depts[k % len(self.depts)]
            post, duties = self.rng.choice(POSTS), self.rng.choice(dept.themes)
            self.add_member(dept.key, self.new_name(names), post, duties)

    def add_member(
        self, key: str, name: str, post: str, duties: str, login: str = "", role: str = ""
    ) -> None:
        number = sum(len(m) for m in self.members.values()) + 1
        email = f"{login}@example.com, " if login else ""
        member = self.tx.insert(
            Member(
                name=name,
                department_id=self.dept_ids[key],
                post=post,
                contact=f"{email}ext. {8000 + number}",
                duties=duties,
                login=login,
                is_interface=role == "interface",
                is_head=role == "head",
                is_pm=role == "pm",
            )
        )
        self.members[key].append(member)
        if role == "head":
            self.head[key] = member
        elif role == "interface":
            self.interface[key] = member
        elif role == "pm":
            self.pm = member

    def new_name(self, taken: set[str]) -> str:
        """A name nobody has yet, so that names stay unambiguous on the command line."""
        rng = self.rng
        for _ in range(20):
            if rng.random() < 0.7:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
            else:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name not in taken:
                break
        else:
            name = f"{name} {len(taken)}"
        taken.add(name)
        return name

    @staticmethod
    def rows(table: list[list[str]], key: str) -> list[list[str]]:
        """A department's rows of a content table."""
        return [row for row in table if row[0] == key]

    def contact(self, key: str) -> Member:
        """Who speaks for a department: its interface person, else its head (or the PM)."""
        found = self.interface.get(key) or self.head.get(key) or self.pm
        assert found is not None
        return found

    def login(self, member: Member, key: str) -> str:
        """Who writes for ``member``: they, or their department's contact (no login)."""
        return member.login or self.contact(key).login or PM_LOGIN

    # -- charter and sign-offs ------------------------------------------------------

    def project(self, name: str | None, plans: list[_TaskPlan]) -> Project:
        launch = next(t for t in plans if t.milestone == len(MILESTONES) - 1)
        values = {
            key: text.format(launch=self.day(launch.start).isoformat(), units="15,000")
            for key, text in CHARTER.items()
        }
        project = validate(
            Project,
            {
                "name": PROJECT_NAME if name is None else name,
                **values,
                "sponsor_department_id": self.dept_ids["mkt"],
                "pm_member_id": self.contact("pm").id,
                "start": self.day(self.start_i),
                "target_end": self.day(max(t.finish for t in plans) - 1),
                "country": self.country,
            },
        )
        self.charter = self.tx.insert(project)
        dates = {t.milestone: self.day(t.start) for t in plans if t.milestone is not None}
        for k, (title, description) in enumerate(MILESTONES):
            milestone = Milestone(name=title, date=dates[k], description=description)
            self.milestone_ids.append(self.tx.insert(milestone).id)
        return self.charter

    def sign(self, document: Document, key: str, when: int, pm: bool = False) -> None:
        """The department's head signs (or the PM for them) ``when`` working days in."""
        signer = self.contact("pm") if pm else self.head[key]
        department = self.dept_ids[key]
        day = self.day(self.start_i + when)

        def write() -> None:
            self.tx.insert(
                SignOff(
                    document=document,
                    department_id=department,
                    signed_by_id=signer.id,
                    on_behalf=pm,
                    reason=ON_BEHALF_REASON if pm else "",
                    signed_at=self.tx.at,
                    document_version=document_version(self.tx.store, document, department),
                )
            )

        hour = 3 + 0.25 * [d.key for d in self.depts].index(key)
        self.on(day, hour, signer.login or PM_LOGIN, write)

    def signoffs(self) -> None:
        """All but one department sign the charter; its expected results then change
        and all but one sign again: one signature missing, one outdated."""
        keys = [d.key for d in self.depts if d.key != CHARTER_MISSING]
        for key in keys:
            self.sign(Document.CHARTER, key, 2)

        def change() -> None:
            assert self.charter is not None
            self.tx.update(
                Project,
                self.charter.id,
                self.charter.version,
                expected_results=CHARTER["expected_results"].format(units="20,000"),
            )
            outdate(self.tx, Document.CHARTER)

        self.on(self.day(self.start_i + 4), 2, PM_LOGIN, change)
        for key in keys:
            if key != CHARTER_OUTDATED:
                self.sign(Document.CHARTER, key, 5, pm=key == CHARTER_ON_BEHALF)

    def department_records(self) -> None:
        """Requirements and resource requests from each department's contact, their
        collaboration confirmations, and two requirement change requests."""
        tx = self.tx
        for k, dept in enumerate(self.depts):
            department = self.dept_ids[dept.key]

            def write(key: str = dept.key, department: int = department) -> None:
                for _, text, priority, status in self.rows(REQUIREMENTS, key):
                    requirement = Requirement(
                        department_id=department, text=text, priority=priority, status=status
                    )
                    self.requirement_ids.append(tx.insert(requirement).id)
                for _, kind, description, amount, status, resolution in self.rows(RESOURCES, key):
                    tx.insert(
                        ResourceRequest(
                            department_id=department,
                            kind=kind,
                            description=description,
                            amount=float(amount),
                            status=status,
                            resolution=resolution,
                        )
                    )

            contact = self.contact(dept.key)
            self.on(self.day(self.start_i + 6), 2 + k / 4, self.login(contact, dept.key), write)
            if dept.key not in COLLABORATION_PENDING:
                self.sign(Document.COLLABORATION, dept.key, 8)
        proposed = ChangeRequest(
            title="续航目标由 7 天提高到 10 天 Battery target from 7 to 10 days",
            description="竞品发布后由市场部提出；影响固件功耗与电池选型。Raised by "
            "Marketing after a competitor launch; affects firmware power work and the "
            "battery.",
            proposed_by="sunli",
        )
        day = self.day(self.start_i + 12)
        self.on(
            day,
            2,
            "sunli",
            lambda: tx.insert(
                proposed.model_copy(update={"requirement_id": self.requirement_ids[0]})
            ),
        )
        approved = ChangeRequest(
            title="说明书增加英文版 Add an English manual",
            status=ChangeStatus.APPROVED,
            proposed_by="gaoxia",
            decided_by=PM_LOGIN,
            decided_at=_stamp(day, 6),
        )
        self.on(day, 6, PM_LOGIN, lambda: tx.insert(approved))

    # -- the plan -------------------------------------------------------------------

    def plan(self) -> tuple[list[_TaskPlan], list[Link], list[int]]:
        """Task plans placed by CPM (so every dependency holds), links and free floats."""
        # The two action items that become tasks (after this transaction) make N.
        actions = sum(row[0] == "-1" and row[1] == ItemKind.ACTION for row in WEEKLY_ITEMS)
        plans, links = self.curated() if self.n is None else self.packages(self.n - actions)
        activities = [
            Activity(i, self.day(t.start), self.day(max(t.start, t.finish - 1)), t.days == 0)
            for i, t in enumerate(plans)
        ]
        placed = schedule.compute(activities, links, self.cal).tasks
        for i, t in enumerate(plans):
            t.start = placed[i].es_i
        return plans, links, [placed[i].free_float for i in range(len(plans))]

    def curated(self) -> tuple[list[_TaskPlan], list[Link]]:
        plans: list[_TaskPlan] = []
        links: list[Link] = []
        index: dict[str, int] = {}
        for key, phase, dept, title, days, deliverable, after in PLAN:
            milestone = int(key[1]) - 1 if key.startswith("M") else None
            index[key] = len(plans)
            plans.append(
                _TaskPlan(
                    title, int(phase), dept, self.start_i, int(days), deliverable, milestone, key
                )
            )
            for spec in after.split():
                pred, kind, lag = _parse_after(spec)
                links.append(Link(index[pred], index[key], kind, lag))
        return plans, links

    def packages(self, n: int) -> tuple[list[_TaskPlan], list[Link]]:
        """N tasks in work packages of 8-24, a milestone closing each phase, ~2N links.

        Dates are chosen first and a link added only where the dates already
        satisfy it, always from a lower to a higher position: no cycle, and no
        link moves a task.
        """
        rng = self.rng
        assert self.n is not None  # only the scaled demo is built in packages
        span = (WEEKS_PAST + max(2, self.n // 200 - 2)) * 5 * 5 // 2
        work = n - len(MILESTONES)
        quotas = [round(work * share) for share in PHASE_SHARE[:-1]]
        quotas.append(work - sum(quotas))
        plans: list[_TaskPlan] = []
        links: list[Link] = []
        pairs: set[tuple[int, int]] = set()

        def link(p: int, q: int, kind: str, lag: int) -> None:
            pairs.add((p, q))
            links.append(Link(p, q, schedule.DepType[kind], lag))  # by name: no enum call

        package = 0
        for phase, quota in enumerate(quotas):
            low, high = (self.start_i + round(span * f) for f in PHASE_WINDOW[phase])
            weights = [d.weights[phase] for d in self.depts]
            ends = []  # the task finishing last in each package of this phase
            made = 0
            while made < quota:
                size = min(quota - made, rng.randint(8, 24))
                dept = rng.choices(self.depts, weights)[0]
                theme = rng.choice(dept.themes)
                package += 1
                first = len(plans)
                begin = rng.randint(low, max(low, high - 15))
                for k in range(size):
                    step, deliverable = STEPS[k % len(STEPS)]
                    if k >= len(STEPS):
                        step += f" {k // len(STEPS) + 1}"
                    title = f"WP{package:03d} {theme} · {step}"
                    days = rng.randint(1, 6)
                    task = _TaskPlan(title, phase, dept.key, begin, days, deliverable, theme=theme)
                    pos = len(plans)
                    if k:
                        main = pos - 1 if rng.random() < 0.6 else rng.randrange(first, pos)
                        pred = plans[main]
                        if rng.random() < 0.75:
                            lag = rng.choice((0, 0, 0, 0, 1, 2, -1))
                            task.start = max(begin, pred.finish + lag)
                            link(main, pos, "FS", lag)
                        else:
                            lag = rng.randint(1, 3)
                            task.start = pred.start + lag
                            link(main, pos, "SS", lag)
                        other = rng.randrange(first, pos)
                        fit = _fit(plans[other], task, rng)
                        if other != main and fit and rng.random() < 0.35:
                            link(other, pos, *fit)
                    plans.append(task)
                ends.append(max(range(first, len(plans)), key=lambda i: plans[i].finish))
                made += size
            gate = _TaskPlan(MILESTONES[phase][0], phase, "pm", high, 0, milestone=phase)
            latest = sorted(ends, key=lambda i: plans[i].finish)[-3:]
            if latest:
                gate.start = max(plans[i].finish for i in latest)
            for i in latest:
                link(i, len(plans), "FS", 0)
            plans.append(gate)
        # Links across packages (and more inside them) up to ~2 per task.
        for _ in range(20 * n):
            if len(links) >= 2 * n:
                break
            q = rng.randrange(1, n)
            p = rng.randrange(max(0, q - 400), q)
            fit = _fit(plans[p], plans[q], rng)
            if fit and (p, q) not in pairs:
                link(p, q, *fit)
        return plans, links

    def slips(self, plans: list[_TaskPlan], floats: list[int]) -> dict[int, tuple[str, int]]:
        """Tasks that run late or are blocked: position → (kind, working days late).

        Only tasks whose free float absorbs the delay, so that a slip does not
        push its successors (and half the plan with them). A blocked task is
        late too when one can be, else blocked on time.
        """
        rng, today = self.rng, self.today
        count = 1 if self.n is None else max(1, self.n // 1000)
        wanted: tuple[tuple[str, int, int], ...] = (
            ("done", 4, count),
            ("doing", 5, count),
            ("blocked", 4, max(1, count // 2)),
        )
        wanted += (("blocked", 0, 1),)  # if no running task had float to spare
        chosen: dict[int, tuple[str, int]] = {}
        for kind, delay, number in wanted:
            if kind == "blocked" and not delay and "blocked" in {k for k, _ in chosen.values()}:
                break

            def fits(i: int, kind: str = kind, delay: int = delay) -> bool:
                t = plans[i]
                if t.days == 0 or i in chosen or floats[i] < delay:
                    return False
                if kind == "done":
                    return self.day(t.finish - 1 + delay) < today
                return self.day(t.start) <= today <= self.day(t.finish - 1)

            preferred = [i for i, t in enumerate(plans) if t.key in PREFERRED_SLIPS[kind]]
            picks = [i for i in preferred if fits(i)][:number]
            others = [i for i in range(len(plans)) if i not in picks and fits(i)]
            picks += rng.sample(others, min(len(others), number - len(picks)))
            for i in picks:
                chosen[i] = (kind, delay)
        return chosen

    def status(self, t: _TaskPlan, kind: str, delay: int) -> dict[str, Any]:
        """Status, progress and actual dates of a task as of today."""
        start, last = self.day(t.start), self.day(max(t.start, t.finish - 1 + delay))
        if last < self.today:
            return {
                "status": TaskStatus.DONE,
                "progress": 100,
                "actual_start": start,
                "actual_end": last,
            }
        if t.days and start <= self.today:
            done = self.today_i - t.start
            progress = max(5, min(95, round(20 * done / (t.days + delay)) * 5))
            status = TaskStatus.BLOCKED if kind == "blocked" else TaskStatus.DOING
            return {"status": status, "progress": progress, "actual_start": start}
        return {"status": TaskStatus.TODO}

    def tasks(self, plans: list[_TaskPlan], links: list[Link]) -> None:
        """The plan as the PM entered it before the kick-off: every task to do."""
        tx = self.tx
        first = self.first_task = tx.store.scalar("SELECT coalesce(max(id), 0) FROM tasks") + 1
        records = []
        for i, t in enumerate(plans):
            owner = self.contact("pm") if t.dept == "pm" else self.rng.choice(self.members[t.dept])
            self.owners.append((owner, t.dept))
            start, last = self.day(t.start), self.day(max(t.start, t.finish - 1))
            records.append(
                Task(
                    id=first + i,
                    title=t.title,
                    phase=PHASES[t.phase],
                    owner_id=owner.id,
                    department_id=owner.department_id,
                    start=start,
                    end=last,
                    baseline_start=start,
                    baseline_end=last,
                    deliverable=t.deliverable,
                    milestone=t.days == 0,
                    milestone_id=None if t.milestone is None else self.milestone_ids[t.milestone],
                )
            )
            if t.key:
                self.task_ids[t.key] = first + i
        tx.insert_many(records)
        tx.insert_many(
            [
                Dependency(
                    predecessor_id=first + link.predecessor,
                    successor_id=first + link.successor,
                    type=link.type.value,
                    lag=link.lag,
                )
                for link in links
            ]
        )
        self.records = records

    def baseline(self) -> None:
        """Two weeks in, the PM fixes the plan and the heads sign it."""

        def write() -> None:
            self.tx.insert(
                Baseline(
                    label="计划基线 v1 Plan baseline v1",
                    taken_at=self.tx.at,
                    task_count=len(self.records),
                )
            )

        self.on(self.day(self.start_i + 10), 8, PM_LOGIN, write)
        for dept in self.depts:
            if dept.key not in BASELINE_PENDING:
                self.sign(Document.BASELINE, dept.key, 11)

    def progress(self, plans: list[_TaskPlan], slips: dict[int, tuple[str, int]]) -> None:
        """Each task started and finished on its day by its owner (or their department's
        contact); the late ones' planned ends moved when that became clear."""
        yesterday = self.day(self.today_i - 1)
        for i, t in enumerate(plans):
            kind, delay = slips.get(i, ("", 0))
            now = self.status(t, kind, delay)
            if "actual_start" not in now:
                continue
            task = self.records[i]
            owner, key = self.owners[i]
            login = self.login(owner, key)
            start = now["actual_start"]
            begun = {"status": "doing", "actual_start": start}
            if start > yesterday and now["status"] != TaskStatus.DONE:  # started today
                begun |= {"status": now["status"].value, "progress": now["progress"]}
            self.on(start, 1.5, login, self.edit(task, **begun))
            if delay:  # found out on the planned last day (a done task), else yesterday
                day = min(task.end, yesterday) if now["status"] == TaskStatus.DONE else yesterday
                end = self.day(t.finish - 1 + delay)
                self.on(max(day, start), 8.5, login, self.edit(task, end=end))
            if now["status"] == TaskStatus.DONE:
                values = {"status": "done", "progress": 100, "actual_end": now["actual_end"]}
                self.on(now["actual_end"], 9.5, login, self.edit(task, **values))
            elif start <= yesterday:  # the progress reported last evening
                values = {"progress": now["progress"]}
                if now["status"] != TaskStatus.DOING:
                    values["status"] = now["status"].value
                self.on(yesterday, 9, login, self.edit(task, **values))

    def insert(self, record: Record) -> Callable[[], Record]:
        return lambda: self.tx.insert(record)

    def edit(self, task: Task, **values: Any) -> _TaskEdit:
        """Change some fields of a task as Tx.update would, without reading the row back
        or building models: written with the next :meth:`flush` (a scaled demo has
        thousands)."""
        after = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
        return _TaskEdit(self, task, after)

    # -- risks, meetings, updates ---------------------------------------------------

    def risks(self, plans: list[_TaskPlan]) -> None:
        """The register from the risk workshop on day 3: each owner enters theirs."""
        rng = self.rng
        first = self.tx.store.scalar("SELECT coalesce(max(id), 0) FROM risks") + 1
        records = []
        for k, row in enumerate(RISKS):
            title, description, prob, impact, level, key, strategy, response = row[:8]
            trigger, status, task_key = row[8:]
            records.append(
                Risk(
                    id=first + k,
                    title=title,
                    description=description,
                    level=level or Level.MEDIUM,
                    probability=prob,
                    impact=impact,
                    owner_id=self.contact(key).id,
                    department_id=self.contact(key).department_id,
                    strategy=strategy,
                    response=response,
                    trigger=trigger,
                    status=status,
                    task_ids=[self.task_ids[task_key]] if task_key in self.task_ids else [],
                )
            )
        statuses = (RiskStatus.OPEN, RiskStatus.WATCHING, RiskStatus.CLOSED)
        for k in range(len(RISKS), 0 if self.n is None else self.n // 5):
            i = rng.randrange(len(plans))
            t = plans[i]
            title, prob, impact, strategy, response, trigger = rng.choice(RISK_TEMPLATES)
            scored = rng.random() < 0.7  # the others have only a level
            owner = rng.choice(self.members.get(t.dept) or [self.contact("pm")])
            records.append(
                Risk(
                    id=first + k,
                    title=f"{t.theme or t.title}：{title}",
                    level=rng.choice(list(Level)),
                    probability=prob if scored else "",
                    impact=impact if scored else "",
                    owner_id=owner.id,
                    department_id=owner.department_id,
                    strategy=strategy,
                    response=response,
                    trigger=trigger,
                    status=rng.choices(statuses, (5, 3, 2))[0],
                    task_ids=[self.first_task + i] if rng.random() < 0.6 else [],
                )
            )
        day = self.day(self.start_i + 3)
        for k, record in enumerate(records[: len(RISKS)]):
            key = RISKS[k][5]
            self.on(day, 5 + k / 10, self.login(self.contact(key), key), self.insert(record))
        if len(records) > len(RISKS):
            rest = records[len(RISKS) :]
            self.on(day, 7, PM_LOGIN, lambda: self.tx.insert_many(rest))
        self.occurred_risk_id = first + OCCURRED_RISK
        self.issue = Issue(
            title=OCCURRED_ISSUE[0],
            description=OCCURRED_ISSUE[1],
            owner_id=self.contact(RISKS[OCCURRED_RISK][5]).id,
            due=self.cal.add(self.today, 3),
            escalation=Escalation.PM,
        )

    def attendees(self) -> list[int]:
        pm = self.contact("pm")
        return [pm.id] + [
            m.id for key in self.dept_ids for m in (self.head[key], self.interface.get(key)) if m
        ]

    def minutes(
        self, meeting: Meeting, rows: list[list[str]], due_from: date, first: int = 0
    ) -> list[MeetingItem]:
        """Decisions, notes and actions (owner, due date) from a content table, in
        agenda order after ``first`` items."""
        items = []
        for position, (kind, text, key, days) in enumerate(rows, start=first + 1):
            values: dict[str, Any] = {"text": text}
            if kind == ItemKind.ACTION:
                owner = self.contact(key)
                values |= {
                    "owner_id": owner.id,
                    "department_id": owner.department_id,
                    "due": self.cal.add(due_from, int(days)),
                }
            items.append(MeetingItem(meeting_id=meeting.id, kind=kind, position=position, **values))
        return items

    def held(self, day: date, start: float, minutes: int, agenda: list[AgendaItem]) -> dict:
        """A meeting held on ``day`` from ``start`` (UTC hour) and published now by the
        PM: its times, everyone present, the clock's seconds on each agenda point
        (the last ran a few minutes over)."""
        spent = [a.model_copy(update={"spent": a.minutes * 60}) for a in agenda]
        spent[-1].spent += 240
        return {
            "status": MeetingStatus.PUBLISHED,
            "agenda": spent,
            "current": len(agenda) - 1,
            "started_at": self.stamp(day, start),
            "closed_at": self.stamp(day, start + (minutes + 4) / 60),
            "published_at": self.tx.at,
            "published_by": self.tx.actor,
        }

    def kickoff(self) -> None:
        """The kick-off meeting at 14:00 (Beijing), its minutes published at 16:00."""
        day = self.day(self.start_i)
        agenda = [AgendaItem(title=title, minutes=minutes) for title, minutes in KICKOFF_AGENDA]
        attendees = self.attendees()
        kickoff = self.tx.insert(
            Meeting(
                kind=MeetingKind.KICKOFF,
                title="项目启动会 Kick-off meeting",
                date=day,
                start="14:00",
                planned_minutes=90,
                attendees=attendees,
                present=attendees,
                **self.held(day, 6, 90, agenda),
            )
        )
        items = self.minutes(kickoff, KICKOFF_ITEMS, day)
        for item in items:
            # Decisions under the goal, notes under the duties, actions last.
            item.agenda = {ItemKind.DECISION: 0, ItemKind.NOTE: 2}.get(item.kind, 3)
        self.tx.insert_many(items)

    def meeting_days(self) -> tuple[list[date], date]:
        """The weekly meetings held since the kick-off (Tuesdays, or the next working
        day) and the next one, today or later."""
        kickoff = self.day(self.start_i)
        tuesday = kickoff - timedelta(days=kickoff.weekday() - 1)
        held: list[date] = []
        while True:
            tuesday += timedelta(weeks=1)
            day = self.day(self.cal.index(tuesday))
            if day >= self.today:
                return held, day
            if not held or day > held[-1]:
                held.append(day)

    def meetings(self) -> None:
        """The kick-off, then a weekly meeting every week, each department reporting, the
        minutes published by the PM that afternoon; the next one planned."""
        self.on(self.day(self.start_i), 8, PM_LOGIN, self.kickoff)  # 16:00 in Beijing
        held, upcoming = self.meeting_days()
        for k, day in enumerate(held):
            ago = len(held) - k
            self.on(day, 7, PM_LOGIN, partial(self.weekly, day, ago))
        planned = Meeting(
            title=self.weekly_title(upcoming),
            date=upcoming,
            attendees=self.attendees(),
            agenda=self.weekly_agenda(),
        )
        self.on(held[-1], 7.5, PM_LOGIN, self.insert(planned))

    def weekly_agenda(self) -> list[AgendaItem]:
        """A report per department, then last week's actions and the decisions."""
        each = max(1, (60 - 10) // len(self.depts))
        return [
            AgendaItem(title=dept.name, minutes=each, department_id=self.dept_ids[dept.key])
            for dept in self.depts
        ] + [AgendaItem(title=title, minutes=5) for title in WEEKLY_AGENDA]

    def weekly(self, day: date, weeks_ago: int) -> None:
        """A weekly meeting at 10:00 (Beijing); every third week one attendee is away."""
        attendees = self.attendees()
        meeting = self.tx.insert(
            Meeting(
                title=self.weekly_title(day),
                date=day,
                attendees=attendees,
                present=attendees[:-1] if weeks_ago % 3 == 0 else attendees,
                **self.held(day, 2, 60, self.weekly_agenda()),
            )
        )
        items: list[MeetingItem] = []
        for dept in self.depts:
            reports = self.rows(REPORTS, dept.key)
            _, done, plan, needs = reports[-weeks_ago % len(reports)]
            items.append(
                MeetingItem(
                    meeting_id=meeting.id,
                    kind=ItemKind.REPORT,
                    position=len(items) + 1,
                    department_id=self.dept_ids[dept.key],
                    owner_id=self.contact(dept.key).id,
                    agenda=len(items),
                    done=done,
                    plan=plan,
                    needs=needs,
                )
            )
        cycle = len({row[0] for row in WEEKLY_ITEMS})
        label = str(-((weeks_ago - 1) % cycle + 1))
        rows = [row[1:] for row in WEEKLY_ITEMS if row[0] == label]
        # Last week's actions are still open: due by the end of this week (the next
        # working day once it is over), they became tasks.
        last = weeks_ago == 1
        actions = self.minutes(meeting, rows, self.today if last else day, len(items))
        for action in actions:
            action.agenda = len(self.depts) + 1  # decisions and other business
        if last:
            friday = self.cal.date(self.cal.end_index(self.monday + timedelta(days=6)))
            due = friday if friday >= self.today else self.cal.date(self.cal.index(self.today))
            for action in actions:
                if action.kind == ItemKind.ACTION:
                    action.due = due
        self.tx.insert_many(items + actions)
        if last:
            self.action_item_ids = [
                row[0]
                for row in self.tx.conn.execute(
                    "SELECT id FROM meeting_items WHERE meeting_id = ? AND kind = 'action' "
                    "ORDER BY position",
                    [meeting.id],
                )
            ]

    def weekly_title(self, day: date) -> str:
        """周例会 · 第 N 周: the kick-off's calendar week is the first."""
        kickoff = self.day(self.start_i)
        week = (day - kickoff).days // 7 + (day.weekday() < kickoff.weekday()) + 1
        return f"周例会 Weekly meeting · 第 {week} 周 week {week}"

    def daily_updates(self) -> None:
        """The interface persons' updates of the last three working days and today (each
        posted that evening), two of them still silent today."""
        days = [self.cal.add(self.today, -k) for k in (3, 2, 1)] + [self.today]
        for dept in self.depts:
            member = self.interface.get(dept.key)
            updates = self.rows(UPDATES, dept.key)
            if member is None or not updates:
                continue
            for k, day in enumerate(days):
                if day == self.today and dept.key in UPDATES_MISSING_TODAY:
                    continue
                _, done, next_, blockers = updates[k % len(updates)]
                update = DailyUpdate(
                    member_id=member.id, date=day, done=done, next=next_, blockers=blockers
                )
                self.on(day, 10, self.login(member, dept.key), self.insert(update))
