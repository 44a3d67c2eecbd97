"""Pydantic models: the validation boundary for every record.

Every value that enters the database — from a form, the command line, an import
file — and every row read back (another program may have written it) passes
through one of these models. Text is stripped of control characters here, so a
title can never carry a terminal escape sequence to someone else's screen.
"""

from __future__ import annotations

import json
import re
from datetime import date
from enum import IntEnum, StrEnum
from functools import cache
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from store.dates import FIRST_DAY, LAST_DAY, OUT_OF_RANGE
from store.errors import Rule, Term
from store.schedule import DepType
from store.text import one_line, strip_controls

TITLE_MAX = 200
# Validation context key: the values come from a row already in the database.
STORED = "stored"
NAME_MAX = 80
TEXT_MAX = 10_000


def _clean_line(value: Any) -> Any:
    if isinstance(value, str):
        return one_line(value)
    return value


def _clean_text(value: Any) -> Any:
    if isinstance(value, str):
        return strip_controls(value.replace("\r\n", "\n")).strip()
    return value


def _rule(limit: int, required: bool = False) -> AfterValidator:
    """Length rules with messages in a person's words (pydantic says "items")."""

    def check(value: str) -> str:
        if required and not value:
            raise Rule("must not be empty")
        if len(value) > limit:
            raise Rule(
                "must be at most {limit} characters (this has {length})",
                limit=limit,
                length=len(value),
            )
        return value

    return AfterValidator(check)


def _none_if_blank(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


# A one-line name or title: required, collapsed whitespace, bounded.
Title = Annotated[str, BeforeValidator(_clean_line), _rule(TITLE_MAX, required=True)]
Name = Annotated[str, BeforeValidator(_clean_line), _rule(NAME_MAX, required=True)]
# An optional one-line value ("" is stored as "").
Line = Annotated[str, BeforeValidator(_clean_line), _rule(TITLE_MAX)]
# Free text that may span lines.
Text = Annotated[str, BeforeValidator(_clean_text), _rule(TEXT_MAX)]


def _plan_day(value: date, info: ValidationInfo) -> date:
    # A row already stored (perhaps before the bound existed) stays readable, so it
    # can be shown and corrected; it must be in range again when it is saved.
    stored = bool(info.context and info.context.get(STORED))
    if not stored and not FIRST_DAY <= value <= LAST_DAY:
        raise Rule("{date} is outside the plan: {range}", date=value, range=Term(OUT_OF_RANGE))
    return value


# A calendar date of the plan: bounded, so no typo makes a century-long Gantt.
PlanDate = Annotated[date, AfterValidator(_plan_day)]
OptionalDate = Annotated[PlanDate | None, BeforeValidator(_none_if_blank)]
OptionalId = Annotated[Annotated[int, Field(gt=0)] | None, BeforeValidator(_none_if_blank)]
Score = Annotated[Annotated[int, Field(ge=1, le=5)] | None, BeforeValidator(_none_if_blank)]


def _matching(pattern: str, message: str) -> AfterValidator:
    """A pattern rule whose message says what is allowed, not the regular expression."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise Rule(message)
        return value

    return AfterValidator(check)


Login = Annotated[
    Annotated[
        str,
        _matching(
            r"[A-Za-z0-9._@-]{1,64}",
            "a login is letters, digits and . _ @ - only (no spaces), at most 64",
        ),
    ]
    | None,
    BeforeValidator(lambda v: _none_if_blank(v.strip() if isinstance(v, str) else v)),
]


class Level(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Document(StrEnum):
    CHARTER = "charter"
    COLLABORATION = "collaboration"
    BASELINE = "baseline"


class RequirementStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DELIVERED = "delivered"


class ResourceKind(StrEnum):
    PEOPLE = "people"
    BUDGET = "budget"
    EQUIPMENT = "equipment"


class ResourceStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    GAP = "gap"


class ChangeStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class TaskStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    BLOCKED = "blocked"
    DONE = "done"


class RiskKind(StrEnum):
    THREAT = "threat"
    OPPORTUNITY = "opportunity"


class Strategy(StrEnum):
    AVOID = "avoid"
    TRANSFER = "transfer"
    MITIGATE = "mitigate"
    ACCEPT = "accept"
    ESCALATE = "escalate"
    EXPLOIT = "exploit"
    ENHANCE = "enhance"
    SHARE = "share"


# The responses open to each kind of risk (a threat is avoided, an opportunity exploited).
STRATEGIES: dict[RiskKind, tuple[Strategy, ...]] = {
    RiskKind.THREAT: (
        Strategy.AVOID,
        Strategy.MITIGATE,
        Strategy.TRANSFER,
        Strategy.ACCEPT,
        Strategy.ESCALATE,
    ),
    RiskKind.OPPORTUNITY: (Strategy.EXPLOIT, Strategy.ENHANCE, Strategy.SHARE, Strategy.ACCEPT),
}


class RiskStatus(StrEnum):
    OPEN = "open"
    WATCHING = "watching"
    OCCURRED = "occurred"
    CLOSED = "closed"


class IssueStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"


class IssueSource(StrEnum):
    """Where a problem came from: a risk that happened, a slipping task, a blocker in a
    daily update, a meeting, or typed in."""

    RISK = "risk"
    TASK = "task"
    UPDATE = "update"
    MEETING = "meeting"
    TYPED = "typed"


class Escalation(IntEnum):
    """Who an issue waits on: its department's interface person, then the project
    manager, then the head of the sponsor department."""

    INTERFACE = 0
    PM = 1
    SPONSOR = 2


class MeetingKind(StrEnum):
    KICKOFF = "kickoff"
    WEEKLY = "weekly"
    TOPIC = "topic"
    REVIEW = "review"
    RETROSPECTIVE = "retrospective"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    PUBLISHED = "published"


class ItemKind(StrEnum):
    REPORT = "report"
    DECISION = "decision"
    ACTION = "action"
    NOTE = "note"
    # A review meeting's charter success criterion, judged met or not with evidence.
    CRITERION = "criterion"
    # A retrospective's findings.
    WENT_WELL = "went_well"
    TO_IMPROVE = "to_improve"


# The id of a record not inserted yet (``Tx.insert`` gives it the file's next id).
UNSAVED = 0


def _unsaved_if_none(value: Any) -> Any:
    # An import file may say "id": null for a row to be numbered on insert.
    return UNSAVED if value is None else value


def _ordered(model: BaseModel, first: str, last: str, message: str) -> None:
    a, b = getattr(model, first), getattr(model, last)
    if a is not None and b is not None and b < a:
        raise Rule(message)


class Record(BaseModel):
    """Fields every record has (docs/architecture.md, "Records"); ``TABLE`` names its table."""

    # An enum field holds its StrEnum member (equal to its value, and dumped as it
    # by ``model_dump(mode="json")``, so rows and the change log hold plain text).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    TABLE: ClassVar[str] = ""
    # Fields stored as JSON text in SQLite.
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ()
    # The field a person recognises the record by (palette, messages).
    LABEL: ClassVar[str] = "title"

    # Set by the store when it inserts the record: a record read from the file
    # always has its id (SQLite numbers rows from 1); a new one has UNSAVED.
    id: Annotated[int, BeforeValidator(_unsaved_if_none)] = UNSAVED
    version: int = 1
    created_at: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], *, stored: bool = True) -> Self:
        """Validate a row read from SQLite (JSON columns decoded); ``stored=False`` for
        rows that are about to be written (imports): they get every write-time rule."""
        data = dict(row)
        for name in cls.JSON_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = json.loads(data[name])
        return cls.model_validate(data, context={STORED: True} if stored else None)

    def to_row(self) -> dict[str, Any]:
        """The row to write: JSON-compatible values, JSON columns encoded."""
        return self._encoded(self.model_dump(mode="json"))

    @classmethod
    def to_rows(cls, records: list[Self]) -> list[dict[str, Any]]:
        """``to_row`` of many records of exactly this model, dumped in one call into
        pydantic (a bulk insert's hundred thousand ``model_dump`` calls cost twice as
        much)."""
        return [cls._encoded(data) for data in _many(cls).dump_python(records, mode="json")]

    @classmethod
    def _encoded(cls, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with its JSON columns encoded."""
        for name in cls.JSON_FIELDS:
            data[name] = json.dumps(data[name], ensure_ascii=False)
        return data

    @classmethod
    def content_fields(cls) -> list[str]:
        """The fields a user edits (everything but id and bookkeeping)."""
        return [f for f in cls.model_fields if f not in Record.model_fields]

    @property
    def display_name(self) -> str:
        return str(getattr(self, self.LABEL))


@cache
def _many(model: type[Record]) -> TypeAdapter[list[Any]]:
    """Dumps a list of ``model``'s records (built once per model)."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]  # the model is known at run time


def _country_code(value: Any) -> Any:
    """``cn`` or `` CN `` is CN; None is no official calendar."""
    if value is None:
        return ""
    return value.strip().upper() if isinstance(value, str) else value


class Project(Record):
    """The project and its charter (项目章程)."""

    TABLE = "project"
    LABEL = "name"
    JSON_FIELDS = ("holidays", "workdays")

    name: Title
    background: Text = ""
    goal: Text = ""
    expected_results: Text = ""
    scope_in: Text = ""
    scope_out: Text = ""
    success_criteria: Text = ""
    sponsor_department_id: OptionalId = None
    pm_member_id: OptionalId = None
    start: OptionalDate = None
    target_end: OptionalDate = None
    holidays: list[PlanDate] = Field(default_factory=list)
    # The official calendar: a country code (CN) of the holidays package, "" for
    # Monday–Friday. The project's own holidays and working days override it.
    country: Annotated[
        str,
        BeforeValidator(_country_code),
        _matching(r"([A-Z]{2})?", "a country is a two-letter code such as CN, or empty"),
    ] = ""
    workdays: list[PlanDate] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        _ordered(self, "start", "target_end", "target end is before the start")
        both = sorted(set(self.holidays) & set(self.workdays))
        if both:
            raise Rule(
                "{day} is both a holiday and a working day: keep it in one list",
                day=both[0].isoformat(),
            )
        return self


class Milestone(Record):
    TABLE = "milestones"
    LABEL = "name"

    name: Title
    date: PlanDate
    description: Text = ""


class SignOff(Record):
    """One department's signature on one document; outdated when the document changes."""

    TABLE = "signoffs"
    LABEL = "document"

    document: Document
    department_id: int = Field(gt=0)
    signed_by_id: int = Field(gt=0)
    on_behalf: bool = False
    reason: Text = ""  # why the project manager signed on the head's behalf
    signed_at: str
    document_version: int = Field(ge=1)
    outdated: bool = False


class Department(Record):
    TABLE = "departments"
    LABEL = "name"

    name: Name
    description: Text = ""


class Member(Record):
    TABLE = "members"
    LABEL = "name"

    name: Name
    department_id: int = Field(gt=0)
    post: Line = ""
    contact: Line = ""
    duties: Text = ""
    login: Login = None
    is_interface: bool = False
    is_head: bool = False
    is_pm: bool = False


class Requirement(Record):
    TABLE = "requirements"
    LABEL = "text"

    department_id: int = Field(gt=0)
    text: Annotated[str, BeforeValidator(_clean_text), _rule(2000, required=True)]
    priority: Level = Level.MEDIUM
    status: RequirementStatus = RequirementStatus.PROPOSED


class ResourceRequest(Record):
    TABLE = "resource_requests"
    LABEL = "description"

    department_id: int = Field(gt=0)
    kind: ResourceKind
    description: Title
    amount: float = Field(default=0, ge=0)
    status: ResourceStatus = ResourceStatus.REQUESTED
    resolution: Text = ""


class ChangeRequest(Record):
    """A requirement change after the baseline: proposed, then approved or rejected."""

    TABLE = "change_requests"

    title: Title
    description: Text = ""
    requirement_id: OptionalId = None
    status: ChangeStatus = ChangeStatus.PROPOSED
    proposed_by: Line = ""
    decided_by: Line = ""
    decided_at: str | None = None


class Task(Record):
    TABLE = "tasks"

    title: Title
    phase: Line = ""
    owner_id: OptionalId = None
    department_id: OptionalId = None
    start: PlanDate
    end: PlanDate
    baseline_start: OptionalDate = None
    baseline_end: OptionalDate = None
    actual_start: OptionalDate = None
    actual_end: OptionalDate = None
    progress: int = Field(default=0, ge=0, le=100)
    status: TaskStatus = TaskStatus.TODO
    deliverable: Text = ""
    milestone: bool = False
    milestone_id: OptionalId = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        _ordered(self, "start", "end", "end is before the start")
        _ordered(self, "baseline_start", "baseline_end", "baseline end is before its start")
        _ordered(self, "actual_start", "actual_end", "actual end is before the actual start")
        if (self.baseline_start is None) != (self.baseline_end is None):
            raise Rule("a baseline needs both a start and an end")
        return self


LAG_MAX = 365  # working days either way: more than a year's shift is a typo


def _lag(value: int) -> int:
    if not -LAG_MAX <= value <= LAG_MAX:
        raise Rule(
            "a lag is between -{max} and {max} working days, not {lag}", max=LAG_MAX, lag=value
        )
    return value


class Dependency(Record):
    TABLE = "dependencies"
    LABEL = "id"

    predecessor_id: int = Field(gt=0)
    successor_id: int = Field(gt=0)
    type: DepType = DepType.FS
    lag: Annotated[int, AfterValidator(_lag)] = 0

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.predecessor_id == self.successor_id:
            raise Rule("a task cannot depend on itself")
        return self


class Baseline(Record):
    """The moment the plan was fixed; tasks carry the baseline dates themselves."""

    TABLE = "baselines"
    LABEL = "label"

    label: Title
    taken_at: str
    task_count: int = Field(ge=0)


def score_of(probability: int | None, impact: int | None) -> int | None:
    """Probability × impact, 1–25 (None until both are known)."""
    return None if probability is None or impact is None else probability * impact


def level_from(probability: int, impact: int) -> Level:
    """Level of a risk from probability × impact on 1–5 scales (a 5×5 matrix):
    a score of 1–4 is low, 5–12 medium, 15–25 high."""
    score = probability * impact
    if score >= 15:
        return Level.HIGH
    if score >= 5:
        return Level.MEDIUM
    return Level.LOW


class Risk(Record):
    """One line of the risk register (风险登记表): what may happen (cause → event →
    effect), how likely and how bad before and after the response, who owns it."""

    TABLE = "risks"
    JSON_FIELDS = ("task_ids",)

    title: Title
    kind: RiskKind = RiskKind.THREAT
    description: Text = ""
    cause: Text = ""
    event: Text = ""
    effect: Text = ""
    category: Line = ""
    level: Level = Level.MEDIUM
    probability: Score = None
    impact: Score = None
    # After the response has worked.
    residual_probability: Score = None
    residual_impact: Score = None
    owner_id: OptionalId = None
    department_id: OptionalId = None
    strategy: Strategy | None = None
    response: Text = ""
    trigger: Text = ""
    contingency: Text = ""
    status: RiskStatus = RiskStatus.OPEN
    next_review: OptionalDate = None
    task_ids: list[Annotated[int, Field(gt=0)]] = Field(default_factory=list)
    # The meeting or the daily update (a blocker) it was raised in.
    meeting_id: OptionalId = None
    update_id: OptionalId = None

    @model_validator(mode="before")
    @classmethod
    def _one_task(cls, data: Any) -> Any:
        """A risk once linked one task (``task_id``, a column the file keeps: SQLite
        cannot drop a column that holds a foreign key); rows and exports of then
        still say it."""
        if isinstance(data, dict) and "task_id" in data:
            data = dict(data)
            task_id = data.pop("task_id")
            if task_id and not data.get("task_ids"):
                data["task_ids"] = [task_id]
        return data

    @field_validator("strategy", mode="before")
    @classmethod
    def _blank_strategy(cls, value: Any) -> Any:
        return _none_if_blank(value)

    @field_validator("task_ids")
    @classmethod
    def _distinct_tasks(cls, value: list[int]) -> list[int]:
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _level(self) -> Self:
        if self.strategy is not None and self.strategy not in STRATEGIES[self.kind]:
            raise Rule(
                "{strategy} is not a response to {kind}: use {choices}",
                strategy=self.strategy.value,
                kind=self.kind.value,
                choices=", ".join(s.value for s in STRATEGIES[self.kind]),
            )
        if self.probability is not None and self.impact is not None:
            level = level_from(self.probability, self.impact)
            if self.level != level:
                # validate_assignment would recurse; bypass it for the derived value.
                object.__setattr__(self, "level", level)
        return self

    @property
    def score(self) -> int | None:
        return score_of(self.probability, self.impact)

    @property
    def residual_score(self) -> int | None:
        return score_of(self.residual_probability, self.residual_impact)

    @property
    def residual_level(self) -> Level | None:
        if self.residual_probability is None or self.residual_impact is None:
            return None
        return level_from(self.residual_probability, self.residual_impact)


class Issue(Record):
    """A problem to solve now (问题): an owner, a due date, and escalation one level
    each time the due date passes unsolved (``Escalation``)."""

    TABLE = "issues"

    title: Title
    description: Text = ""
    # What will be done; an occurred risk's starts from its contingency plan.
    plan: Text = ""
    source: IssueSource = IssueSource.TYPED
    risk_id: OptionalId = None
    task_id: OptionalId = None
    meeting_id: OptionalId = None
    update_id: OptionalId = None
    owner_id: OptionalId = None
    department_id: OptionalId = None
    raised: OptionalDate = None
    due: OptionalDate = None
    escalation: Escalation = Escalation.INTERFACE
    # The day the issue reached its present level (None at the first).
    escalated_on: OptionalDate = None
    status: IssueStatus = IssueStatus.OPEN
    resolution: Text = ""
    resolved_on: OptionalDate = None


class AgendaItem(BaseModel):
    """One point of a meeting's agenda, with its time box and the seconds spent on it
    before it last became the current point."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    minutes: int = Field(default=5, ge=1, le=480)
    department_id: OptionalId = None
    spent: int = Field(default=0, ge=0)


class Meeting(Record):
    TABLE = "meetings"
    JSON_FIELDS = ("attendees", "agenda", "present")

    kind: MeetingKind = MeetingKind.WEEKLY
    title: Title
    date: PlanDate
    start: Annotated[
        str, _matching(r"([01]\d|2[0-3]):[0-5]\d", "a time is HH:MM on a 24-hour clock, e.g. 09:30")
    ] = "10:00"
    planned_minutes: int = Field(default=60, ge=5, le=480)
    attendees: list[int] = Field(default_factory=list)
    status: MeetingStatus = MeetingStatus.PLANNED
    # When the meeting ended (closed); the minutes are published later.
    closed_at: str | None = None
    agenda: list[AgendaItem] = Field(default_factory=list)
    # Members marked present (a subset of the attendees or a guest).
    present: list[int] = Field(default_factory=list)
    # The agenda item the meeting is on, and since when (None while not running).
    current: int = Field(default=0, ge=0)
    current_since: str | None = None
    started_at: str | None = None
    published_at: str | None = None
    published_by: str | None = None
    # A review meeting: the project's acceptance (验收), by whom, and the success
    # criteria accepted although not met.
    accepted_at: str | None = None
    accepted_by: OptionalId = None
    exceptions: Text = ""


class MeetingItem(Record):
    """A department report, decision, action item or note inside a meeting."""

    TABLE = "meeting_items"
    LABEL = "text"

    meeting_id: int = Field(gt=0)
    kind: ItemKind
    department_id: OptionalId = None
    owner_id: OptionalId = None
    text: Text = ""
    done: Text = ""
    plan: Text = ""
    needs: Text = ""
    due: OptionalDate = None
    task_id: OptionalId = None
    position: int = 0
    # The agenda item (its index) it was raised under.
    agenda: int | None = Field(default=None, ge=0)
    # A success criterion: met (True), not met (False) or not judged yet (None).
    met: bool | None = None
    evidence: Text = ""

    @model_validator(mode="after")
    def _content(self) -> Self:
        if self.kind == ItemKind.REPORT:
            if self.department_id is None:
                raise Rule("a department report needs its department")
            if not (self.done or self.plan or self.needs):
                raise Rule("a report needs done, plan or needs")
        elif not self.text:
            raise Rule("a {kind} needs its text", kind=Term(self.kind))
        if self.kind == ItemKind.ACTION and self.owner_id is None:
            raise Rule("an action item needs an owner")
        if self.kind == ItemKind.ACTION and self.due is None:
            raise Rule("an action item needs a due date")
        return self


class DailyUpdate(Record):
    TABLE = "daily_updates"
    LABEL = "done"

    member_id: int = Field(gt=0)
    date: PlanDate
    done: Annotated[str, BeforeValidator(_clean_text), _rule(TEXT_MAX, required=True)]
    next: Text = ""
    blockers: Text = ""


class SshKey(Record):
    """A member's SSH public key: ``xdept-tui serve`` signs them in with it.

    ``public_key`` is given as a line of a ``.pub`` file (``ssh-ed25519 AAAA… comment``)
    and parsed by asyncssh, the library that checks it at sign-in; it is stored
    without its comment, beside the fingerprint OpenSSH shows (``SHA256:…``).
    """

    TABLE = "ssh_keys"
    LABEL = "fingerprint"

    member_id: int = Field(gt=0)
    public_key: str
    fingerprint: str = ""
    comment: Line = ""

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("public_key"), str):
            return data
        import asyncssh

        line = one_line(data["public_key"])
        if not line:
            raise Rule("public key: must not be empty")
        try:
            key = asyncssh.import_public_key(line)
        except (asyncssh.KeyImportError, ValueError):
            raise Rule(
                "public key: {line!r} is not an SSH public key (a .pub file's line: "
                "ssh-ed25519 AAAA… name@host)",
                line=line[:40],
            ) from None
        if key.get_algorithm() == "ssh-dss":
            raise Rule("public key: DSA keys are no longer safe; make an ed25519 key")
        parts = line.split(None, 2)
        return data | {
            "public_key": " ".join(key.export_public_key("openssh").decode().split()[:2]),
            "fingerprint": key.get_fingerprint("sha256"),
            "comment": data.get("comment") or (parts[2] if len(parts) > 2 else ""),
        }


class Change(BaseModel):
    """One change-log row: append-only, never validated for editing."""

    id: int
    at: str
    actor: str
    entity: str
    record_id: int | None
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    os_login: str = ""  # who was logged in to the machine (the actor may be --as)
    tx: int | None = None  # the transaction: its first row's id (None before schema 6)


MODELS: dict[str, type[Record]] = {
    m.TABLE: m
    for m in (
        Project,
        Milestone,
        SignOff,
        Department,
        Member,
        Requirement,
        ResourceRequest,
        ChangeRequest,
        Task,
        Dependency,
        Baseline,
        Risk,
        Issue,
        Meeting,
        MeetingItem,
        DailyUpdate,
        SshKey,
    )
}
