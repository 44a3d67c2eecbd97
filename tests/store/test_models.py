"""The pydantic models are the validation boundary: what they accept is what the file holds."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from store import changes
from store.db import Store
from store.errors import Invalid, describe, field_errors
from store.models import (
    MODELS,
    TITLE_MAX,
    UNSAVED,
    Baseline,
    ChangeRequest,
    DailyUpdate,
    Department,
    Dependency,
    Issue,
    Level,
    Meeting,
    MeetingItem,
    Member,
    Milestone,
    Project,
    Requirement,
    ResourceRequest,
    Risk,
    RiskStatus,
    SignOff,
    Strategy,
    Task,
    level_from,
)
from store.records import get
from store.risks import add_risk, update_risk
from store.text import CONTROL_CHARS, strip_controls

MON = date(2026, 11, 23)
FRI = date(2026, 11, 27)

# One valid record of every model (store.models.MODELS).
VALID: dict[str, dict[str, Any]] = {
    "project": {"name": "新产品上市", "start": MON, "target_end": FRI, "holidays": [FRI]},
    "milestones": {"name": "Design frozen", "date": FRI},
    "signoffs": {
        "document": "charter",
        "department_id": 1,
        "signed_by_id": 1,
        "signed_at": "2026-11-23T09:00:00+00:00",
        "document_version": 1,
    },
    "departments": {"name": "研发部"},
    "members": {"name": "Li Wei", "department_id": 1, "login": "liwei", "is_interface": True},
    "requirements": {"department_id": 1, "text": "Two test benches", "priority": "high"},
    "resource_requests": {"department_id": 1, "kind": "equipment", "description": "Bench"},
    "change_requests": {"title": "Add a colour", "description": "Customer asked"},
    "tasks": {"title": "Write spec", "start": MON, "end": FRI},
    "dependencies": {"predecessor_id": 1, "successor_id": 2, "type": "SS", "lag": -2},
    "baselines": {"label": "Baseline 1", "taken_at": "2026-11-23T09:00:00+00:00", "task_count": 3},
    "risks": {"title": "Supplier may slip", "level": "high", "strategy": "mitigate"},
    "issues": {"title": "Supplier slipped", "due": FRI, "escalation": 2},
    "meetings": {"title": "Weekly", "date": MON, "start": "09:30", "attendees": [1, 2]},
    "meeting_items": {"meeting_id": 1, "kind": "report", "department_id": 1, "done": "spec"},
    "daily_updates": {"member_id": 1, "date": MON, "done": "wrote the spec"},
    "ssh_keys": {
        "member_id": 1,
        "public_key": "ssh-ed25519 "
        "AAAAC3NzaC1lZDI1NTE5AAAAIMxIz2a+jAx3ODBUqgcbJFAgIBBQ8dpOGedM20uOSadt",
        "comment": "王芳@laptop",
    },
}


def errors_of(model: type, **data: Any) -> str:
    """The one-line message a user would see for invalid ``data``."""
    with pytest.raises(ValidationError) as caught:
        model(**data)
    return describe(caught.value)


def test_every_model_has_a_valid_example() -> None:
    assert set(VALID) == set(MODELS)


@pytest.mark.parametrize("table", sorted(VALID))
def test_each_model_accepts_a_valid_record_and_round_trips_through_a_row(table: str) -> None:
    model = MODELS[table]
    record = model(**VALID[table])
    assert record.id == UNSAVED
    assert record.version == 1
    row = record.to_row()
    assert set(row) == set(model.model_fields)
    assert model.from_row(row) == record


def test_json_fields_are_stored_as_json_text() -> None:
    meeting = Meeting(**VALID["meetings"])
    assert meeting.to_row()["attendees"] == "[1, 2]"
    project = Project(**VALID["project"])
    assert project.to_row()["holidays"] == '["2026-11-27"]'
    assert Project.from_row(project.to_row()).holidays == [FRI]


def test_content_fields_leave_out_the_bookkeeping() -> None:
    assert Department.content_fields() == ["name", "description"]
    assert "version" not in Task.content_fields()
    assert "id" not in Risk.content_fields()


def test_display_name_uses_the_label_field() -> None:
    assert Member(**VALID["members"]).display_name == "Li Wei"
    assert Task(**VALID["tasks"]).display_name == "Write spec"


@pytest.mark.parametrize("title", ["", "   ", "\t\n", "\x1b\x07", "x" * (TITLE_MAX + 1)])
@pytest.mark.parametrize("model", [Task, Risk, Issue, ChangeRequest, Meeting])
def test_titles_must_be_one_to_200_visible_characters(model: type, title: str) -> None:
    data = {**VALID[model.TABLE], "title": title}
    assert "title" in errors_of(model, **data)


def test_a_title_of_exactly_200_characters_is_accepted() -> None:
    assert Task(**{**VALID["tasks"], "title": "x" * TITLE_MAX}).title == "x" * TITLE_MAX


def test_names_are_required_and_bounded() -> None:
    assert "name" in errors_of(Department, name=" ")
    assert "name" in errors_of(Member, **{**VALID["members"], "name": "n" * 81})
    assert "name" in errors_of(Project, name="")


def test_escape_and_control_characters_are_stripped_from_titles() -> None:
    assert Task(**{**VALID["tasks"], "title": "\x1b[2Jx\x07"}).title == "[2Jx"
    assert Task(**{**VALID["tasks"], "title": "a\x9bb\x7fc\x00"}).title == "abc"


def test_one_line_titles_collapse_newlines_and_tabs() -> None:
    task = Task(**{**VALID["tasks"], "title": "  first\nsecond\r\n\tthird  "})
    assert task.title == "first second third"


def test_multi_line_text_keeps_tabs_and_newlines_but_not_escapes() -> None:
    risk = Risk(title="r", description="  line 1\r\n\tline 2\x1b]52;c;aGk=\x07\n\x85end  ")
    assert risk.description == "line 1\n\tline 2]52;c;aGk=\nend"


def test_rows_written_by_other_programs_are_cleaned_when_read() -> None:
    row = Task(**VALID["tasks"]).to_row() | {"title": "\x1b[31mred", "deliverable": "a\x1bb"}
    task = Task.from_row(row)
    assert (task.title, task.deliverable) == ("[31mred", "ab")


def test_assignment_is_validated_too() -> None:
    task = Task(**VALID["tasks"])
    with pytest.raises(ValidationError):
        task.title = " "
    assert task.title == "Write spec"


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Risk, "level", "urgent"),
        (Risk, "status", "forgotten"),
        (Risk, "strategy", "ignore"),
        (Task, "status", "finished"),
        (Dependency, "type", "XX"),
        (Requirement, "priority", "critical"),
        (ResourceRequest, "kind", "money"),
        (Meeting, "kind", "party"),
        (MeetingItem, "kind", "joke"),
        (SignOff, "document", "contract"),
    ],
)
def test_unknown_enum_values_are_rejected(model: type, field: str, value: str) -> None:
    message = errors_of(model, **{**VALID[model.TABLE], field: value})
    assert message.startswith(f"{field}: ")


def test_enum_fields_hold_the_enum_and_the_file_and_the_log_hold_its_value(
    store: Store,
) -> None:
    risk = Risk(title="r", level="low", strategy="avoid")
    assert (type(risk.level), type(risk.strategy)) == (Level, Strategy)
    assert (risk.level, risk.strategy) == (Level.LOW, Strategy.AVOID)
    saved = add_risk(store, risk)
    saved = update_risk(store, saved.id, saved.version, status="watching")
    assert type(saved.status) is RiskStatus
    assert type(get(store, Risk, saved.id).level) is Level
    assert store.query("SELECT level, strategy, status FROM risks") == [
        {"level": "low", "strategy": "avoid", "status": "watching"}
    ]
    create, update = changes.since(store, 0)[-2:]
    assert (create.after or {})["level"] == "low"
    assert (update.before, update.after) == (
        {"status": "open"},
        {"status": "watching", "version": 2},
    )
    assert json.dumps(saved.model_dump(mode="json")["status"]) == '"watching"'


def test_a_blank_strategy_means_none() -> None:
    assert Risk(title="r", strategy="  ").strategy is None


def test_dates_must_be_in_order() -> None:
    assert "end is before the start" in errors_of(Task, title="t", start=FRI, end=MON)
    assert "target end is before the start" in errors_of(
        Project, name="p", start=FRI, target_end=MON
    )
    assert "actual end" in errors_of(Task, **VALID["tasks"], actual_start=FRI, actual_end=MON)
    assert "baseline end" in errors_of(Task, **VALID["tasks"], baseline_start=FRI, baseline_end=MON)


def test_a_one_day_task_is_fine() -> None:
    assert Task(title="t", start=MON, end=MON).end == MON


@pytest.mark.parametrize("side", ["baseline_start", "baseline_end"])
def test_a_baseline_needs_both_sides(side: str) -> None:
    assert "a baseline needs both" in errors_of(Task, **VALID["tasks"], **{side: MON})


def test_blank_optional_dates_and_ids_are_none() -> None:
    task = Task(**VALID["tasks"], baseline_start="", baseline_end=" ", owner_id="")
    assert (task.baseline_start, task.baseline_end, task.owner_id) == (None, None, None)


@pytest.mark.parametrize("value", [0, 6, -1])
@pytest.mark.parametrize("field", ["probability", "impact"])
def test_probability_and_impact_are_one_to_five(field: str, value: int) -> None:
    assert field in errors_of(Risk, title="r", **{field: value})


@pytest.mark.parametrize(
    ("probability", "impact", "level"),
    [
        (1, 1, "low"),
        (1, 4, "low"),
        (1, 5, "medium"),
        (2, 3, "medium"),
        (2, 2, "low"),
        (3, 5, "high"),
        (5, 5, "high"),
    ],
)
def test_risk_level_follows_probability_times_impact(
    probability: int, impact: int, level: str
) -> None:
    # The given level is overridden when both scores exist.
    other = "high" if level != "high" else "low"
    risk = Risk(title="r", level=other, probability=probability, impact=impact)
    assert risk.level == level == level_from(probability, impact)


def test_risk_level_stays_as_given_with_only_one_score() -> None:
    assert Risk(title="r", level="high", probability=1).level == "high"


def test_a_task_cannot_depend_on_itself() -> None:
    assert "cannot depend on itself" in errors_of(Dependency, predecessor_id=3, successor_id=3)


@pytest.mark.parametrize(("lag", "ok"), [(-366, False), (-365, True), (365, True), (366, False)])
def test_lag_is_within_a_year_of_working_days(lag: int, ok: bool) -> None:
    data = {"predecessor_id": 1, "successor_id": 2, "lag": lag}
    if ok:
        assert Dependency(**data).lag == lag
    else:
        assert "lag" in errors_of(Dependency, **data)


@pytest.mark.parametrize("login", ["li wei", "li/wei", "x" * 65, "a\tb"])
def test_logins_are_os_user_names(login: str) -> None:
    assert "login" in errors_of(Member, **{**VALID["members"], "login": login})


def test_a_login_is_trimmed_and_blank_means_none() -> None:
    assert Member(**{**VALID["members"], "login": "  li.wei@corp  "}).login == "li.wei@corp"
    assert Member(**{**VALID["members"], "login": "   "}).login is None


@pytest.mark.parametrize("start", ["25:00", "9:00", "12:60", "noon", ""])
def test_a_meeting_starts_at_a_clock_time(start: str) -> None:
    assert "start" in errors_of(Meeting, **{**VALID["meetings"], "start": start})


def test_meeting_length_is_bounded() -> None:
    assert Meeting(**VALID["meetings"], planned_minutes=480).planned_minutes == 480
    assert "planned_minutes" in errors_of(Meeting, **VALID["meetings"], planned_minutes=4)


def test_a_report_item_needs_its_department_and_content() -> None:
    base = {"meeting_id": 1, "kind": "report"}
    assert "needs its department" in errors_of(MeetingItem, **base, done="spec")
    assert "needs done, plan or needs" in errors_of(MeetingItem, **base, department_id=1)
    assert MeetingItem(**base, department_id=1, needs="a bench").needs == "a bench"


def test_an_action_item_needs_text_and_an_owner() -> None:
    assert "needs an owner" in errors_of(MeetingItem, meeting_id=1, kind="action", text="Do")
    assert "needs its text" in errors_of(MeetingItem, meeting_id=1, kind="action", owner_id=1)
    no_due = errors_of(MeetingItem, meeting_id=1, kind="action", text="Do", owner_id=1)
    assert "needs a due date" in no_due
    assert "needs its text" in errors_of(MeetingItem, meeting_id=1, kind="decision", text=" ")


def test_a_daily_update_needs_what_was_done() -> None:
    assert "done" in errors_of(DailyUpdate, member_id=1, date=MON, done="\x1b ")


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (Task, {**VALID["tasks"], "progress": 101}, "progress"),
        (Issue, {"title": "i", "escalation": 4}, "escalation"),
        (ResourceRequest, {**VALID["resource_requests"], "amount": -1}, "amount"),
        (Baseline, {**VALID["baselines"], "task_count": -1}, "task_count"),
        (SignOff, {**VALID["signoffs"], "document_version": 0}, "document_version"),
        (Milestone, {"name": "m", "date": "someday"}, "date"),
        (Requirement, {"department_id": 1, "text": ""}, "text"),
        (Member, {"name": "m", "department_id": 0}, "department_id"),
        (Task, {**VALID["tasks"], "colour": "red"}, "colour"),
    ],
)
def test_out_of_range_and_unknown_fields_are_rejected(
    model: type, data: dict[str, Any], field: str
) -> None:
    assert field in errors_of(model, **data)


def test_describe_and_field_errors_give_one_line_per_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Task(title="", start=FRI, end="not a date")
    line = describe(caught.value)
    assert "\n" not in line
    assert line.startswith("title: ")
    assert "; end: " in line
    errors = field_errors(caught.value)
    assert set(errors) == {"title", "end"}
    assert not errors["end"].startswith("Value error")


def test_model_level_errors_have_no_field_prefix() -> None:
    assert errors_of(Task, title="t", start=FRI, end=MON) == "end is before the start"
    with pytest.raises(ValidationError) as caught:
        Task(title="t", start=FRI, end=MON)
    assert field_errors(caught.value) == {"": "end is before the start"}


@given(st.text(max_size=260))
def test_any_title_is_clean_and_bounded_or_rejected(text: str) -> None:
    visible = " ".join(strip_controls(text).split())
    try:
        task = Task(title=text, start=MON, end=FRI)
    except ValidationError as error:
        assert field_errors(error).keys() == {"title"}
        assert not 1 <= len(visible) <= TITLE_MAX
    else:
        assert not CONTROL_CHARS.search(task.title)
        assert "\n" not in task.title
        assert task.title == task.title.strip()
        assert 1 <= len(task.title) <= TITLE_MAX


@given(st.text())
def test_multi_line_text_never_carries_control_characters(text: str) -> None:
    description = Risk(title="r", description=text).description
    assert not CONTROL_CHARS.search(description)
    assert description == description.strip()


@given(st.text())
def test_strip_controls_is_idempotent_and_keeps_everything_else(text: str) -> None:
    once = strip_controls(text)
    assert strip_controls(once) == once
    assert not CONTROL_CHARS.search(once)
    kept = [c for c in text if c in "\t\n" or not (_control(c) or _invisible(c))]
    assert once == "".join(kept)


def _control(c: str) -> bool:
    return "\x00" <= c <= "\x1f" or "\x7f" <= c <= "\x9f"


# Bidi controls, zero-width characters, BOM, word joiner and tag characters.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2060"
INVISIBLE += "\u2066\u2067\u2068\u2069\ufeff\U000e0001\U000e0041"


def _invisible(c: str) -> bool:
    return (
        "\u200b" <= c <= "\u200f"
        or "\u202a" <= c <= "\u202e"
        or "\u2060" <= c <= "\u206f"
        or "\ufff9" <= c <= "\ufffb"
        or "\U000e0000" <= c <= "\U000e007f"
        or c in "\u061c\ufeff"
    )


@pytest.mark.parametrize("char", list(INVISIBLE), ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_and_zero_width_characters_never_reach_a_name_or_text(char: str) -> None:
    member = Member(name=f"Li{char}Wei {char}", department_id=1, post=f"{char}PM")
    assert (member.name, member.post) == ("LiWei", "PM")
    risk = Risk(title=f"{char}r", description=f"line one{char}\nline two")
    assert (risk.title, risk.description) == ("r", "line one\nline two")


def test_emoji_joined_by_zwj_keep_their_parts() -> None:
    """ZWJ sequences are split: terminals disagree on their width; the parts stay."""
    assert Task(title="👩\u200d💻 review", start=MON, end=FRI).title == "👩💻 review"


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("智能手环", 8), ("Ｘ1", 3), ("e\u0301", 1), ("◆ ▲", 3), ("", 0)],
)
def test_cells_counts_terminal_columns(text: str, width: int) -> None:
    """The plain-text Gantt pads CJK titles by cells, as a terminal shows them."""
    from store.text import cells

    assert cells(text) == width


@given(st.text())
def test_one_line_fast_path_agrees_with_the_full_cleaning(value: str) -> None:
    from store.text import one_line

    assert one_line(value) == " ".join(strip_controls(value).split())


@pytest.mark.parametrize(
    ("model", "values", "field"),
    [
        (Task, {"title": "t", "start": date(1, 1, 1), "end": FRI}, "start"),
        (Task, {"title": "t", "start": MON, "end": date(9999, 12, 31)}, "end"),
        (Task, {"title": "t", "start": MON, "end": FRI, "actual_end": "2101-01-01"}, "actual_end"),
        (Risk, {"title": "r"}, None),
        (Issue, {"title": "i", "due": date(1999, 12, 31)}, "due"),
        (Milestone, {"name": "m", "date": date(2200, 1, 1)}, "date"),
        (Meeting, {"title": "m", "date": date(1, 1, 1)}, "date"),
        (DailyUpdate, {"member_id": 1, "date": date(3000, 1, 1), "done": "x"}, "date"),
        (Project, {"name": "p", "holidays": [date(1900, 1, 1)]}, "holidays"),
    ],
)
def test_dates_are_bounded_to_what_a_plan_can_have(
    model: type, values: dict, field: str | None
) -> None:
    if field is None:
        model(**values)
        return
    with pytest.raises(ValidationError) as caught:
        model(**values)
    [(where, message)] = field_errors(caught.value).items()
    assert where == field
    assert "a plan's dates are between 2000-01-01 and 2100-12-31" in message


@pytest.mark.parametrize("lag", [-366, 366, 99_999])
def test_lags_are_bounded_with_a_message_in_working_days(lag: int) -> None:
    with pytest.raises(ValidationError) as caught:
        Dependency(predecessor_id=1, successor_id=2, lag=lag)
    assert field_errors(caught.value) == {
        "lag": f"a lag is between -365 and 365 working days, not {lag}"
    }
    assert Dependency(predecessor_id=1, successor_id=2, lag=-365).lag == -365


def test_a_stored_row_out_of_range_stays_readable_but_cannot_be_saved_so(store: Store) -> None:
    """A task saved before the bound (or by another program) can be shown and fixed."""
    from store.exports import to_json
    from store.records import get
    from store.tasks import add_task, update_task

    task = add_task(store, Task(title="typo", start=MON, end=FRI))
    store.conn.execute('UPDATE tasks SET "end" = ? WHERE id = ?', ["9999-12-31", task.id])
    stored = get(store, Task, task.id)
    assert stored.end == date(9999, 12, 31)
    assert "9999-12-31" in to_json(store)
    with pytest.raises(Invalid, match="end: 9999-12-31 is outside the plan"):
        update_task(store, task.id, stored.version, title="still a typo")
    fixed = update_task(store, task.id, stored.version, end=FRI)
    assert fixed.end == FRI


def test_many_records_dump_to_the_rows_each_would() -> None:
    """``to_rows`` (a bulk insert's one call into pydantic) is ``to_row`` of each,
    JSON columns, dates and enums included."""
    risks = [
        Risk(title="风险 a", task_ids=[3, 1], level=Level.HIGH, id=4),
        Risk(title="b", probability=2, impact=5),
    ]
    meetings = [Meeting(title="周会", date=date(2026, 11, 24), attendees=[1, 2])]
    for records in (risks, meetings):
        assert type(records[0]).to_rows(records) == [r.to_row() for r in records]
