"""The project: charter, milestones, sign-offs, requirements, resources, change requests.

A sign-off records the version of the document it signed. Changing a signed
document never deletes a signature: it marks it outdated, so everyone can see
who signed which version and who must sign again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from store import clock
from store.calendars import check_country
from store.db import Store
from store.errors import Invalid, NotFound, Term
from store.models import (
    ChangeRequest,
    ChangeStatus,
    Department,
    Document,
    Member,
    Milestone,
    Project,
    Requirement,
    ResourceRequest,
    ResourceStatus,
    SignOff,
)
from store.records import Tx, find, get


def project(store: Store) -> Project:
    """The project of this file (one per file)."""
    found = find(store, Project)
    if not found:
        raise NotFound("project", "—")
    return found[0]


def create_project(store: Store, project: Project) -> Project:
    check_country(project.country)
    with store.transaction() as tx:
        if find(store, Project):
            raise Invalid("this database already has a project")
        return tx.insert(project)


def update_charter(store: Store, version: int, base: dict | None = None, **values: Any) -> Project:
    """Edit the charter; its sign-offs become outdated when it really changed.
    ``base`` (the values as read) merges a stale edit three ways."""
    if isinstance(values.get("country"), str):  # checked before the write lock is taken
        check_country(values["country"].strip().upper())
    with store.transaction() as tx:
        current = project(store)
        saved = tx.update(Project, current.id, version, base, **values)
        if saved.version != current.version:
            outdate(tx, Document.CHARTER)
        return saved


def document_version(store: Store, document: Document, department_id: int) -> int:
    """The revision of a document a signature refers to.

    The charter's is the project row's version; a department's collaboration
    confirmation moves with its requirements and resource requests; the plan
    baseline with each baseline taken.
    """
    if document == Document.CHARTER:
        return project(store).version
    if document == Document.BASELINE:
        return store.scalar("SELECT count(*) FROM baselines") or 1
    return 1 + store.scalar(
        "SELECT count(*) FROM changes WHERE entity IN ('requirements', 'resource_requests') "
        "AND record_id IN (SELECT id FROM requirements WHERE department_id = :d "
        "UNION SELECT id FROM resource_requests WHERE department_id = :d)",
        {"d": department_id},
    )


def outdate(tx: Tx, document: Document, department_id: int | None = None) -> None:
    """Mark current sign-offs of a document (one department's, or all) outdated."""
    where = "document = ? AND NOT outdated"
    params: list[Any] = [document.value]
    if department_id is not None:
        where += " AND department_id = ?"
        params.append(department_id)
    for signoff in find(tx.store, SignOff, where, params):
        tx.update(SignOff, signoff.id, signoff.version, outdated=True)


def signs_on_behalf(signer: Member, department: Department) -> bool:
    """Whether ``signer`` signs for ``department`` on its head's behalf; Invalid if they may not.

    The department head signs; the project manager may sign for the head.
    """
    on_behalf = signer.department_id != department.id or not signer.is_head
    if on_behalf and not signer.is_pm:
        raise Invalid(
            "{signer} cannot sign for {department}: only its head, "
            "or the project manager on the head's behalf",
            signer=signer.name,
            department=department.name,
        )
    return on_behalf


def sign(
    store: Store, document: Document, department_id: int, signer: Member, reason: str = ""
) -> SignOff:
    """Sign a document for a department: by its head, or by the PM on their behalf,
    which needs a reason (shown beside the signature)."""
    with store.transaction() as tx:
        signer = get(store, Member, signer.id)  # as the roster says now, not as the caller saw it
        on_behalf = signs_on_behalf(signer, get(store, Department, department_id))
        if on_behalf and not reason.strip():
            raise Invalid(
                "a signature on the head's behalf needs a reason (why the head cannot sign)"
            )
        if document == Document.BASELINE and not store.scalar("SELECT count(*) FROM baselines"):
            raise Invalid("there is no plan baseline to sign yet: fix the plan first")
        outdate(tx, document, department_id)
        return tx.insert(
            SignOff(
                document=document,
                department_id=department_id,
                signed_by_id=signer.id,
                on_behalf=on_behalf,
                reason=reason if on_behalf else "",
                signed_at=tx.at,
                document_version=document_version(store, document, department_id),
            )
        )


def signoffs(store: Store, document: Document | None = None) -> list[SignOff]:
    if document is None:
        return find(store, SignOff, order_by="document, department_id, id")
    return find(store, SignOff, "document = ?", [document.value], "department_id, id")


def missing_signoffs(store: Store) -> list[tuple[Document, Department]]:
    """(document, department) pairs without a current signature, for the dashboard."""
    current = {(s.document, s.department_id) for s in find(store, SignOff, "NOT outdated")}
    documents = [Document.CHARTER, Document.COLLABORATION]
    if store.scalar("SELECT count(*) FROM baselines"):
        documents.append(Document.BASELINE)
    return [
        (doc, dept)
        for doc in documents
        for dept in find(store, Department, order_by="name COLLATE NOCASE")
        if (doc.value, dept.id) not in current
    ]


def milestones(store: Store) -> list[Milestone]:
    return find(store, Milestone, order_by="date, id")


def next_milestone(store: Store, today: date | None = None) -> Milestone | None:
    found = find(store, Milestone, "date >= ?", [(today or clock.today()).isoformat()], "date, id")
    return found[0] if found else None


def add_milestone(store: Store, milestone: Milestone) -> Milestone:
    with store.transaction() as tx:
        return tx.insert(milestone)


def update_milestone(
    store: Store, milestone_id: int, version: int, base: dict | None = None, **values: Any
) -> Milestone:
    """Edit a milestone; ``base`` (the values as read) merges a stale edit three ways."""
    with store.transaction() as tx:
        return tx.update(Milestone, milestone_id, version, base, **values)


def delete_milestone(store: Store, milestone_id: int, version: int | None = None) -> None:
    """Delete a milestone; InUse while tasks are still linked to it."""
    with store.transaction() as tx:
        tx.delete(Milestone, milestone_id, version)


def requirements(store: Store, department_id: int | None = None) -> list[Requirement]:
    if department_id is None:
        return find(store, Requirement, order_by="department_id, id")
    return find(store, Requirement, "department_id = ?", [department_id])


def resource_requests(store: Store, status: ResourceStatus | None = None) -> list[ResourceRequest]:
    if status is None:
        return find(store, ResourceRequest, order_by="department_id, id")
    return find(store, ResourceRequest, "status = ?", [status.value], "department_id, id")


def gaps(store: Store) -> list[ResourceRequest]:
    """Resource requests still marked as a gap with no resolution."""
    return find(
        store, ResourceRequest, "status = 'gap' AND resolution = ''", order_by="department_id, id"
    )


def save_department_record(
    store: Store,
    record: Requirement | ResourceRequest,
    version: int | None = None,
    base: dict | None = None,
    **values: Any,
) -> Requirement | ResourceRequest:
    """Add (version None) or edit a requirement or resource request (``base``, the
    values as read, merges a stale edit three ways).

    Either changes what the department confirmed, so its collaboration
    confirmation sign-off becomes outdated.
    """
    with store.transaction() as tx:
        if version is None:
            saved = tx.insert(record)
        else:
            saved = tx.update(type(record), record.id, version, base, **values)
            if saved.version == version:  # nothing changed: the signature still holds
                return saved
        outdate(tx, Document.COLLABORATION, saved.department_id)
        return saved


def delete_department_record(
    store: Store, model: type[Requirement | ResourceRequest], record_id: int, version: int | None
) -> None:
    """Remove a requirement or resource request: the department's confirmation is outdated."""
    with store.transaction() as tx:
        department_id = get(store, model, record_id).department_id
        tx.delete(model, record_id, version)
        outdate(tx, Document.COLLABORATION, department_id)


def propose_change(store: Store, change: ChangeRequest) -> ChangeRequest:
    with store.transaction() as tx:
        return tx.insert(change.model_copy(update={"proposed_by": store.actor}))


def decide_change(store: Store, change_id: int, version: int, approve: bool) -> ChangeRequest:
    """Approve or reject a proposed requirement change (变更审批)."""
    with store.transaction() as tx:
        current = get(store, ChangeRequest, change_id)
        if current.status != ChangeStatus.PROPOSED:
            raise Invalid(
                "change request {change_id} was already {status}",
                change_id=change_id,
                status=Term(current.status),
            )
        return tx.update(
            ChangeRequest,
            change_id,
            version,
            status=ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED,
            decided_by=store.actor,
            decided_at=tx.at,
        )


def change_requests(store: Store) -> list[ChangeRequest]:
    return find(store, ChangeRequest, order_by="id DESC")
