"""The register's reads (store.register): rows, the filter's answers, the heat map,
linked tasks as typed, one risk's detail."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from store import register
from store.db import Store
from store.errors import Invalid
from store.models import Member, Risk, Task
from store.people import add_department, add_member
from store.register import (
    RiskRow,
    by_number,
    cell_filter,
    heat_map,
    narrowed,
    parse_task_list,
    risk_detail,
    risk_field,
    risk_flag,
    risk_rows,
    risk_text,
    task_list,
    week_end,
)
from store.risks import RISK_FILTER, add_risk, close_risk, update_risk
from store.tasks import add_task

MON = date(2026, 11, 23)


@pytest.fixture
def owner(store: Store) -> Member:
    rd = add_department(store, "R&D")
    return add_member(store, Member(name="Li Wei", department_id=rd.id, login="liwei"))


def test_rows_read_every_risk_or_those_asked_for(store: Store, owner: Member) -> None:
    task = add_task(store, Task(title="Pilot", start=MON, end=MON))
    a = add_risk(
        store,
        Risk(
            title="Supplier [bold]slips",
            probability=4,
            impact=5,
            residual_probability=2,
            residual_impact=3,
            owner_id=owner.id,
            strategy="mitigate",
            task_ids=[task.id],
            next_review=date(2026, 11, 27),
        ),
    )
    b = add_risk(store, Risk(title="Unscored", kind="opportunity"))
    rows = {r.id: r for r in risk_rows(store)}
    assert set(rows) == {a.id, b.id}
    row = rows[a.id]
    assert (row.level, row.score, row.residual_score) == ("high", 20, 6)
    assert (row.department_id, row.task_ids, row.next_review) == (
        owner.department_id,
        [task.id],
        "2026-11-27",
    )
    assert (
        rows[b.id].score is None and rows[b.id].strategy == "" and rows[b.id].kind == "opportunity"
    )
    assert [r.id for r in risk_rows(store, [b.id])] == [b.id]
    assert risk_rows(store, []) == []


def test_every_risk_is_read_in_batches_by_id(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of two: each after the last id read, until one comes back empty."""
    monkeypatch.setattr(register, "_BATCH", "(SELECT * FROM risks {} ORDER BY id LIMIT 2)")
    ids = [add_risk(store, Risk(title=f"r{n}", kind="opportunity")).id for n in range(5)]
    rows = risk_rows(store)
    assert [(r.id, r.title) for r in rows] == [(i, f"r{n}") for n, i in enumerate(ids)]
    assert rows[0].kind is rows[4].kind  # equal values shared across the batches
    assert not store.conn.in_transaction


def test_a_row_another_program_wrote_badly_is_still_listed(store: Store, db_path) -> None:
    """A linked-task list that is not JSON links nothing; the old single task_id still links."""
    add_risk(store, Risk(title="ok"))
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE risks SET task_ids = 'not json', task_id = NULL")
    raw.close()
    assert [r.task_ids for r in risk_rows(store)] == [[]]


def row(**values) -> RiskRow:
    base = RiskRow(
        3, 1, "Mould [bold]review", "threat", "high", 4, 5, 2, 2, 7, 1, "mitigate", "open",
        "lead time > 6 weeks", "supply", [12], "2026-11-29", "2026-11-01",
    )  # fmt: skip
    return dataclasses.replace(base, **values)


def test_the_risk_filter_answers_for_a_row_without_the_interface() -> None:
    """The register's filter, language and answers both, runs on rows alone."""
    members = {7: ("Li Wei", "liwei"), 8: ("王芳", "wangfang")}
    departments = {1: "R&D", 2: "Customer service"}
    mine = row()
    theirs = row(
        id=4, title="Tooling", level="low", probability=1, impact=2, owner_id=8,
        department_id=2, strategy="accept", status="watching", next_review="2026-12-07",
        residual_probability=None, residual_impact=None, category="", trigger="",
    )  # fmt: skip
    closed = row(id=5, title="Old", status="closed", next_review="2026-11-24")
    chinese = {"high": "高", "low": "低", "watching": "观察中"}

    def matches(text: str) -> list[int]:
        match = RISK_FILTER.parse(text).matcher(
            lambda r, name: risk_flag(r, name, 7, MON),
            lambda r, key: risk_field(r, key, members, departments, lambda w: chinese.get(w, w)),
            lambda r: risk_text(r, members, departments),
        )
        return [r.id for r in (mine, theirs, closed) if match(r)]

    assert matches("") == [3, 4, 5]
    assert matches("dept:r&d") == [3, 5]
    assert matches('dept:"customer service"') == [4]
    assert matches("owner:wangfang") == [4] == matches("负责人:王芳")
    assert matches("level:high") == [3, 5] == matches("等级:高")
    assert matches("status:watching") == [4] == matches("状态:观察中")
    assert matches("strategy:accept") == [4] and matches("category:supply") == [3, 5]
    assert matches("review") == [3]  # by Sunday 29 November; #5 is closed, #4 next week
    assert matches("mine open") == [3] and matches("open") == [3, 4]
    assert matches("p:4 i:5 open") == [3] == matches(cell_filter((4, 5), False))
    assert matches("rp:2 ri:2") == [3, 5] and matches("概率:1 影响:2") == [4]
    assert matches("[bold]") == [3] and matches("#4") == [4] and matches("lead time") == [3, 5]
    assert risk_text(theirs, {}, {}) == "#4 tooling     "


def test_this_week_ends_on_sunday() -> None:
    assert week_end(MON) == date(2026, 11, 29) == week_end(date(2026, 11, 29))


def test_the_heat_map_counts_open_risks_before_and_after_the_response(store: Store) -> None:
    add_risk(
        store, Risk(title="a", probability=4, impact=5, residual_probability=2, residual_impact=2)
    )
    add_risk(store, Risk(title="b", probability=4, impact=5))
    add_risk(store, Risk(title="c"))
    gone = add_risk(store, Risk(title="d", probability=4, impact=5))
    close_risk(store, gone.id)
    found = heat_map(store)
    assert found.before == {(4, 5): 2}
    assert found.after == {(2, 2): 1}
    assert (found.unscored, found.unscored_after) == (1, 2)


def test_linked_tasks_are_typed_as_ids() -> None:
    assert parse_task_list("#12 #40, 7；#12") == [12, 40, 7]
    assert parse_task_list("  ") == []
    assert task_list([12, 40]) == "#12 #40"
    for bad in ("#12 x", "#0", "#-3", "#１"):
        with pytest.raises(Invalid, match="a linked task is #ID"):
            parse_task_list(bad)


def test_the_detail_has_the_linked_tasks_and_the_history(store: Store, owner: Member) -> None:
    task = add_task(store, Task(title="Pilot run", start=MON, end=MON))
    risk = add_risk(store, Risk(title="Supplier slips", task_ids=[task.id]))
    risk = update_risk(store, risk.id, risk.version, status="watching")
    detail = risk_detail(store, risk.id)
    assert detail.risk.status == "watching"
    assert [t.title for t in detail.tasks] == ["Pilot run"]
    assert [c.op for c in detail.history] == ["update", "create"]  # newest first
    assert detail.history[0].fields["status"] == ("open", "watching")


def test_an_edit_from_a_stale_form_merges_with_the_base(store: Store) -> None:
    """``update_risk(base=…)``: a field only the other side changed keeps their value."""
    risk = add_risk(store, Risk(title="Supplier slips"))
    update_risk(store, risk.id, risk.version, trigger="theirs")
    saved = update_risk(
        store, risk.id, risk.version, {"title": "Supplier slips", "trigger": ""}, title="mine"
    )
    assert (saved.title, saved.trigger) == ("mine", "theirs")


@given(
    scores=st.lists(
        st.tuples(*[st.one_of(st.none(), st.integers(1, 5))] * 4), min_size=1, max_size=30
    ),
    text=st.lists(
        st.sampled_from(["p:1", "p:4", "p:5", "i:4", "i:45", "rp:2", "ri:3", "p:", "open", "x"]),
        max_size=4,
    ).map(" ".join),
)
@example(scores=[(4, 1, None, None), (5, 1, None, None)], text="p:4 p:5")
def test_a_heat_map_key_narrows_the_rows_to_test_to_the_same_answer(
    scores: list[tuple[int | None, ...]], text: str
) -> None:
    """Looking a cell's rows up (``narrowed``) keeps exactly the rows testing all would."""
    rows = [
        row(id=n, probability=p, impact=i, residual_probability=rp, residual_impact=ri)
        for n, (p, i, rp, ri) in enumerate(scores, start=1)
    ]
    found = RISK_FILTER.parse(text)
    match = found.matcher(
        lambda r, name: r.status != "closed",
        lambda r, key: risk_field(r, key, {}, {}),
        lambda r: risk_text(r, {}, {}),
    )
    candidates = narrowed(by_number(rows), found.values)
    assert [r.id for r in (rows if candidates is None else candidates) if match(r)] == [
        r.id for r in rows if match(r)
    ]
