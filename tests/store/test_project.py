"""Charter, milestones, sign-offs, requirements, resources and change requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from store import changes
from store.db import Store
from store.errors import Conflict, InUse, Invalid, NotFound
from store.models import (
    ChangeRequest,
    Department,
    Document,
    Member,
    Milestone,
    Project,
    Requirement,
    ResourceRequest,
    ResourceStatus,
    SignOff,
    Task,
)
from store.people import add_department, add_member
from store.project import (
    add_milestone,
    change_requests,
    create_project,
    decide_change,
    delete_department_record,
    delete_milestone,
    gaps,
    milestones,
    missing_signoffs,
    next_milestone,
    project,
    propose_change,
    requirements,
    resource_requests,
    save_department_record,
    sign,
    signoffs,
    update_charter,
    update_milestone,
)
from store.records import count, get
from store.tasks import add_task, set_baseline

MON = date(2026, 11, 23)


@dataclass
class Team:
    rd: Department
    sales: Department
    rd_head: Member
    sales_head: Member
    pm: Member
    engineer: Member


@pytest.fixture
def team(store: Store) -> Team:
    rd = add_department(store, "R&D")
    sales = add_department(store, "Sales")
    return Team(
        rd=rd,
        sales=sales,
        rd_head=add_member(store, Member(name="Head R&D", department_id=rd.id, is_head=True)),
        sales_head=add_member(
            store, Member(name="Head Sales", department_id=sales.id, is_head=True)
        ),
        pm=add_member(store, Member(name="PM", department_id=rd.id, is_pm=True)),
        engineer=add_member(store, Member(name="Engineer", department_id=rd.id)),
    )


def current(store: Store, document: Document) -> list[tuple[int, bool]]:
    """(department, outdated) of every signature of a document."""
    return [(s.department_id, s.outdated) for s in signoffs(store, document)]


def test_the_project_and_its_charter(store: Store) -> None:
    charter = project(store)
    assert (charter.id, charter.name, charter.version) == (1, "Test project", 1)
    saved = update_charter(store, 1, goal="Launch in Q3", start=MON, target_end=date(2027, 6, 30))
    assert saved.version == 2
    assert project(store).goal == "Launch in Q3"
    with pytest.raises(Invalid, match="already has a project"):
        create_project(store, Project(name="Second"))
    assert count(store, Project) == 1


def test_a_database_without_a_project(db_path) -> None:
    with Store(db_path, "tester", create=True) as empty, pytest.raises(NotFound, match="project"):
        project(empty)


def test_an_invalid_charter_edit_is_refused(store: Store) -> None:
    with pytest.raises(Invalid, match="target end is before the start"):
        update_charter(store, 1, start=date(2027, 1, 1), target_end=MON)
    assert project(store).version == 1


def test_a_head_signs_for_their_department(store: Store, team: Team) -> None:
    signed = sign(store, Document.CHARTER, team.rd.id, team.rd_head)
    assert (signed.signed_by_id, signed.on_behalf, signed.outdated) == (
        team.rd_head.id,
        False,
        False,
    )
    assert signed.signed_at == "2026-11-23T09:00:00+00:00"
    assert signed.document_version == project(store).version


def test_the_pm_signs_on_behalf_of_a_head_with_a_reason(store: Store, team: Team) -> None:
    with pytest.raises(Invalid, match="on the head's behalf needs a reason"):
        sign(store, Document.CHARTER, team.sales.id, team.pm, reason="  ")
    assert count(store, SignOff) == 0
    signed = sign(store, Document.CHARTER, team.sales.id, team.pm, reason="Head on leave")
    assert (signed.department_id, signed.signed_by_id, signed.on_behalf, signed.reason) == (
        team.sales.id,
        team.pm.id,
        True,
        "Head on leave",
    )


@pytest.mark.parametrize("who", ["engineer", "sales_head"])
def test_others_cannot_sign(store: Store, team: Team, who: str) -> None:
    with pytest.raises(Invalid, match="cannot sign for R&D: only its head"):
        sign(store, Document.CHARTER, team.rd.id, getattr(team, who))
    assert count(store, SignOff) == 0


def test_a_relieved_head_can_no_longer_sign(store: Store, team: Team) -> None:
    """The roster decides, not the (stale) member the caller holds."""
    add_member(store, Member(name="New head", department_id=team.rd.id, is_head=True))
    with pytest.raises(Invalid, match="Head R&D cannot sign for R&D"):
        sign(store, Document.CHARTER, team.rd.id, team.rd_head)
    assert count(store, SignOff) == 0


def test_the_baseline_cannot_be_signed_before_there_is_one(store: Store, team: Team) -> None:
    with pytest.raises(Invalid, match="no plan baseline to sign yet"):
        sign(store, Document.BASELINE, team.rd.id, team.rd_head)
    assert count(store, SignOff) == 0


def test_changing_the_charter_outdates_its_signatures_but_keeps_them(
    store: Store, team: Team
) -> None:
    sign(store, Document.CHARTER, team.rd.id, team.rd_head)
    sign(store, Document.CHARTER, team.sales.id, team.sales_head)
    sign(store, Document.COLLABORATION, team.rd.id, team.rd_head)
    assert current(store, Document.CHARTER) == [(team.rd.id, False), (team.sales.id, False)]

    update_charter(store, project(store).version, scope_out="Export markets")

    assert current(store, Document.CHARTER) == [(team.rd.id, True), (team.sales.id, True)]
    assert current(store, Document.COLLABORATION) == [(team.rd.id, False)]
    outdated = [c for c in changes.since(store, 0) if c.entity == "signoffs" and c.op == "update"]
    assert [c.after["outdated"] for c in outdated] == [True, True]


def test_an_edit_that_changes_nothing_keeps_the_signatures(store: Store, team: Team) -> None:
    sign(store, Document.CHARTER, team.rd.id, team.rd_head)
    update_charter(store, 1, name="Test project")
    assert current(store, Document.CHARTER) == [(team.rd.id, False)]


def test_signing_again_outdates_the_old_signature(store: Store, team: Team) -> None:
    sign(store, Document.CHARTER, team.rd.id, team.pm, reason="away")
    update_charter(store, 1, goal="new goal")
    again = sign(store, Document.CHARTER, team.rd.id, team.rd_head)
    assert current(store, Document.CHARTER) == [(team.rd.id, True), (team.rd.id, False)]
    assert again.document_version == 2
    # Signing the same version again replaces the signature, which stays in history.
    sign(store, Document.CHARTER, team.rd.id, team.rd_head)
    assert current(store, Document.CHARTER) == [(team.rd.id, True)] * 2 + [(team.rd.id, False)]


def test_missing_signoffs(store: Store, team: Team) -> None:
    assert missing_signoffs(store) == [
        ("charter", team.rd),
        ("charter", team.sales),
        ("collaboration", team.rd),
        ("collaboration", team.sales),
    ]
    sign(store, Document.CHARTER, team.rd.id, team.rd_head)
    sign(store, Document.COLLABORATION, team.sales.id, team.pm, reason="away")
    assert missing_signoffs(store) == [("charter", team.sales), ("collaboration", team.rd)]
    # Once a baseline exists, every department must sign it too.
    set_baseline(store)
    assert ("baseline", team.rd) in missing_signoffs(store)
    assert ("baseline", team.sales) in missing_signoffs(store)
    update_charter(store, 1, goal="changed")
    assert ("charter", team.rd) in missing_signoffs(store)


def test_milestones_crud_and_the_next_one(store: Store) -> None:
    late = add_milestone(store, Milestone(name="Launch", date=date(2027, 3, 1)))
    soon = add_milestone(store, Milestone(name="Design frozen", date=date(2026, 12, 18)))
    add_milestone(store, Milestone(name="Kick-off", date=date(2026, 11, 2)))
    assert [m.name for m in milestones(store)] == ["Kick-off", "Design frozen", "Launch"]
    assert next_milestone(store).id == soon.id
    assert next_milestone(store, date(2027, 1, 1)).id == late.id
    assert next_milestone(store, date(2027, 3, 2)) is None
    soon = update_milestone(store, soon.id, soon.version, date=date(2027, 4, 1))
    assert next_milestone(store).id == late.id
    delete_milestone(store, soon.id, soon.version)
    assert [m.name for m in milestones(store)] == ["Kick-off", "Launch"]


def test_a_milestone_with_linked_tasks_cannot_be_deleted(store: Store) -> None:
    launch = add_milestone(store, Milestone(name="Launch", date=date(2027, 3, 1)))
    add_task(store, Task(title="Ship", start=MON, end=MON, milestone_id=launch.id))
    with pytest.raises(InUse, match="Launch"):
        delete_milestone(store, launch.id)
    assert count(store, Milestone) == 1


def test_requirements_and_resources_outdate_the_collaboration_signoff(
    store: Store, team: Team
) -> None:
    sign(store, Document.COLLABORATION, team.rd.id, team.rd_head)
    sign(store, Document.COLLABORATION, team.sales.id, team.sales_head)

    need = save_department_record(
        store, Requirement(department_id=team.rd.id, text="Two test benches")
    )
    assert current(store, Document.COLLABORATION) == [(team.rd.id, True), (team.sales.id, False)]
    assert [r.text for r in requirements(store, team.rd.id)] == ["Two test benches"]

    again = sign(store, Document.COLLABORATION, team.rd.id, team.rd_head)
    assert again.document_version == 2
    save_department_record(store, need, need.version, priority="high")
    assert get(store, Requirement, need.id).priority == "high"
    assert current(store, Document.COLLABORATION) == [
        (team.rd.id, True),
        (team.rd.id, True),
        (team.sales.id, False),
    ]

    money = ResourceRequest(department_id=team.sales.id, kind="budget", description="Ads")
    save_department_record(store, money)
    assert current(store, Document.COLLABORATION)[-1] == (team.sales.id, True)


def test_an_unchanged_department_record_keeps_the_signoff(store: Store, team: Team) -> None:
    need = save_department_record(store, Requirement(department_id=team.rd.id, text="Bench"))
    sign(store, Document.COLLABORATION, team.rd.id, team.rd_head)
    save_department_record(store, need, need.version, text=" Bench ")
    assert current(store, Document.COLLABORATION) == [(team.rd.id, False)]


def test_deleting_a_department_record_outdates_the_signoff(store: Store, team: Team) -> None:
    need = save_department_record(store, Requirement(department_id=team.rd.id, text="Bench"))
    sign(store, Document.COLLABORATION, team.rd.id, team.rd_head)
    delete_department_record(store, Requirement, need.id, need.version)
    assert requirements(store) == []
    assert current(store, Document.COLLABORATION) == [(team.rd.id, True)]


def test_resource_requests_and_gaps(store: Store, team: Team) -> None:
    people = save_department_record(
        store,
        ResourceRequest(department_id=team.rd.id, kind="people", description="2 testers", amount=2),
    )
    bench = save_department_record(
        store, ResourceRequest(department_id=team.sales.id, kind="equipment", description="Booth")
    )
    assert gaps(store) == []
    people = save_department_record(store, people, people.version, status="gap")
    bench = save_department_record(store, bench, bench.version, status="approved")
    assert [r.description for r in gaps(store)] == ["2 testers"]
    assert [r.id for r in resource_requests(store, ResourceStatus.APPROVED)] == [bench.id]
    assert len(resource_requests(store)) == 2
    save_department_record(store, people, people.version, resolution="Borrow from QA")
    assert gaps(store) == []


def test_a_stale_department_record_edit_is_a_conflict(store: Store, team: Team) -> None:
    need = save_department_record(store, Requirement(department_id=team.rd.id, text="Bench"))
    save_department_record(store, need, 1, text="Two benches")
    with pytest.raises(Conflict):
        save_department_record(store, need, 1, text="Three benches")
    assert get(store, Requirement, need.id).text == "Two benches"


def test_change_requests_are_proposed_then_decided_once(db_path, store: Store) -> None:
    change = propose_change(store, ChangeRequest(title="Add a colour"))
    assert (change.status, change.proposed_by, change.decided_by) == ("proposed", "tester", "")
    with Store(db_path, "sponsor") as sponsor:
        decided = decide_change(sponsor, change.id, change.version, approve=True)
    assert (decided.status, decided.decided_by) == ("approved", "sponsor")
    assert decided.decided_at == "2026-11-23T09:00:00+00:00"
    with pytest.raises(Invalid, match="change request 1 was already approved"):
        decide_change(store, change.id, decided.version, approve=False)
    assert get(store, ChangeRequest, change.id).status == "approved"

    other = propose_change(store, ChangeRequest(title="Drop a feature"))
    decide_change(store, other.id, other.version, approve=False)
    assert [(c.title, c.status) for c in change_requests(store)] == [
        ("Drop a feature", "rejected"),
        ("Add a colour", "approved"),
    ]
