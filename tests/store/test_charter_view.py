"""store.charter: what the charter screen shows, read per part, and the signature that counts."""

from __future__ import annotations

from datetime import date

from store.charter import PARTS, charter_view, parts_showing
from store.db import Store
from store.models import (
    ChangeRequest,
    Document,
    Member,
    Milestone,
    Requirement,
    ResourceRequest,
)
from store.people import add_department, add_member
from store.project import (
    add_milestone,
    propose_change,
    save_department_record,
    sign,
    update_charter,
)

MON = date(2026, 11, 23)


def test_a_change_is_read_again_only_for_the_parts_that_show_it() -> None:
    assert parts_showing(["resource_requests"]) == {"needs"}
    assert parts_showing(["requirements", "baselines"]) == {"needs", "changes", "signoffs"}
    assert parts_showing(["departments"]) == PARTS
    assert parts_showing(["tasks", "risks"]) == frozenset()


def test_the_view_holds_the_parts_asked_for_and_always_the_names(store: Store) -> None:
    rd = add_department(store, "R&D")
    head = add_member(store, Member(name="Head", department_id=rd.id, is_head=True))
    me = add_member(store, Member(name="Me", department_id=rd.id, login="tester"))
    add_milestone(store, Milestone(name="Prototype", date=date(2026, 12, 18)))
    need = save_department_record(store, Requirement(department_id=rd.id, text="3 rigs"))
    save_department_record(
        store, ResourceRequest(department_id=rd.id, kind="equipment", description="Rig")
    )
    propose_change(store, ChangeRequest(title="Add NFC", requirement_id=need.id))
    sign(store, Document.CHARTER, rd.id, head)

    needs = charter_view(store, frozenset({"needs"}), MON)
    assert needs.parts == {"needs"}
    assert ([d.name for d in needs.departments], [m.name for m in needs.members]) == (
        ["R&D"],
        ["Head", "Me"],
    )
    assert [r.text for r in needs.requirements] == ["3 rigs"]
    assert [r.description for r in needs.resource_requests] == ["Rig"]
    assert (needs.project, needs.milestones, needs.change_requests, needs.signatures) == (
        None,
        [],
        [],
        {},
    )

    everything = charter_view(store, PARTS, MON)
    assert everything.project is not None and everything.project.name == "Test project"
    assert everything.calendar is not None
    assert [m.name for m in everything.milestones] == ["Prototype"]
    assert [c.title for c in everything.change_requests] == ["Add NFC"]
    assert everything.me == me
    assert not everything.has_baseline
    assert list(everything.signatures) == [("charter", rd.id)]


def test_the_signature_that_counts_is_the_current_one_else_the_latest(store: Store) -> None:
    rd = add_department(store, "R&D")
    head = add_member(store, Member(name="Head", department_id=rd.id, is_head=True))
    first = sign(store, Document.CHARTER, rd.id, head)
    update_charter(store, 1, goal="Changed")  # outdates it
    (only,) = charter_view(store, frozenset({"signoffs"}), MON).signatures.values()
    assert (only.id, only.outdated) == (first.id, True)
    again = sign(store, Document.CHARTER, rd.id, head)
    (counting,) = charter_view(store, frozenset({"signoffs"}), MON).signatures.values()
    assert (counting.id, counting.outdated) == (again.id, False)
