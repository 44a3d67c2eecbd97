"""The Issues tab's one read, and whom an escalation reached."""

from __future__ import annotations

from store.db import Store
from store.issue_view import escalated, issue_history, issues_view
from store.issues import add_issue, delete_issue, escalate
from store.models import Escalation, Issue, IssueSource, Member, Risk
from store.people import add_department, add_member
from store.project import project, update_charter
from store.risks import add_risk, occurred


def test_the_view_names_sources_and_who_each_issue_waits_on(store: Store) -> None:
    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="Li Wei", department_id=rd.id, is_interface=True))
    pm = add_member(store, Member(name="Zhang Min", department_id=rd.id, is_pm=True))
    risk = add_risk(store, Risk(title="Supplier may slip", owner_id=li.id))
    _risk, from_risk = occurred(store, risk.id, None)
    typed = add_issue(store, Issue(title="Courier strike", department_id=rd.id))
    view = issues_view(store)
    assert [i.id for i in view.issues] == [from_risk.id, typed.id]
    assert view.sources == {("risks", risk.id): "Supplier may slip"}
    assert from_risk.source == IssueSource.RISK
    assert view.chain.waits_on(typed) == li
    assert view.members[pm.id].name == "Zhang Min"
    assert view.departments[rd.id].name == "R&D"
    typed = escalate(store, typed.id, None)
    assert issues_view(store).chain.waits_on(typed) == pm
    assert [c.op for c in issue_history(store, typed.id)] == ["update", "create"]


def test_an_escalation_names_the_person_at_its_level(store: Store) -> None:
    rd = add_department(store, "R&D")
    head = add_member(store, Member(name="Wang Fang", department_id=rd.id, is_head=True))
    update_charter(store, project(store).version, sponsor_department_id=rd.id)
    issue = add_issue(store, Issue(title="Courier strike", department_id=rd.id))
    gone = add_issue(store, Issue(title="Gone"))
    delete_issue(store, gone.id)
    found = escalated(store, [(issue.id, 2), (gone.id, 1), (issue.id, 1)])
    assert [(e.issue_id, e.level, e.waits_on) for e in found] == [
        (issue.id, Escalation.SPONSOR, head),
        (issue.id, Escalation.PM, None),  # no project manager in the roster
    ]
