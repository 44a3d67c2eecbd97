"""``issue``: problems to solve now (问题): open, list, edit, resolve and escalate them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, names, print_records, word
from tui.cli.session import clearable_date, date_option, open_store, owner_and_department
from tui.i18n import N_, _

if TYPE_CHECKING:
    from store.db import Store
    from store.issues import Chain
    from store.models import Issue

# Escalation level → who holds the issue there.
LEVELS = (N_("interface person"), N_("project manager"), N_("sponsor head"))


def given(options: dict[str, str | None], lowered: tuple[str, ...] = ()) -> dict[str, Any]:
    """The options typed, by field name, for the model to check (``lowered``: choice words)."""
    return {
        name: value.lower() if name in lowered else value
        for name, value in options.items()
        if value is not None
    }


def nothing_to_change() -> None:
    from store.errors import Invalid

    raise Invalid(_("nothing to change: give the fields to change, e.g. --title TEXT"))


def waits_on(store: Store, issue: Issue, chain: Chain | None = None) -> str:
    """Who the issue waits on now and at what level, e.g. "Li Wei (interface person)"."""
    from store.issues import escalation_chain

    person = (chain or escalation_chain(store)).waits_on(issue)
    level = _(LEVELS[issue.escalation])
    if person is None:
        return _("nobody ({level})").format(level=level)
    return _("{name} ({level})").format(name=person.name, level=level)


@click.group(cls=Group, help=_("Problems to solve now, with an owner, a due date and escalation."))
def issue() -> None:
    pass


@issue.command("add", help=_("Open an issue."))
@click.argument("title")
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--department", metavar="NAME", help=_("Department [default: the owner's]."))
@option("--due", metavar="DATE", help=_("Due date: 2026-12-01, 12-01, +3d, +3wd, fri…"))
@option("--plan", default="", help=_("The action plan."))
@option("--description", default="", help=_("What the problem is."))
@option("--risk", "risk_id", type=int, metavar="ID", help=_("The risk it comes from."))
@option("--task", "task_id", type=int, metavar="ID", help=_("The task it concerns."))
def issue_add(
    title: str,
    owner: str | None,
    department: str | None,
    due: str | None,
    plan: str,
    description: str,
    risk_id: int | None,
    task_id: int | None,
) -> None:
    from store import clock
    from store.issues import add_issue
    from store.models import Issue
    from store.records import validate

    store = open_store(write=True)
    values = {
        "title": title,
        "description": description,
        "plan": plan,
        "risk_id": risk_id,
        "task_id": task_id,
        "raised": clock.today(),
        "due": date_option(due, clock.today(), store),
    }
    saved = add_issue(
        store, validate(Issue, values | owner_and_department(store, owner, department))
    )
    click.echo(
        _("opened issue #{id}: {title}; waits on {who}").format(
            id=saved.id, title=saved.title, who=waits_on(store, saved)
        )
    )


@issue.command("list", help=_("List the open issues, the soonest due first."))
@option("--all", "everything", is_flag=True, help=_("Resolved issues too."))
@json_option
def issue_list(everything: bool, as_json: bool) -> None:
    from store.issues import escalation_chain, issues

    store = open_store(write=False)
    members = names(store, "members")
    departments = names(store, "departments")
    chain = escalation_chain(store)
    print_records(
        issues(store, resolved=everything),
        as_json,
        [
            _("ID"),
            _("Title"),
            _("Owner"),
            _("Department"),
            _("Due"),
            _("Status"),
            _("Waits on"),
            _("Source"),
        ],
        lambda i: [
            i.id,
            i.title,
            members.get(i.owner_id),
            departments.get(i.department_id),
            i.due,
            word(i.status),
            waits_on(store, i, chain),
            word(i.source),
        ],
        lambda i: {
            "waits_on_id": getattr(chain.waits_on(i), "id", None),
            "waits_on": getattr(chain.waits_on(i), "name", None),
        },
    )


@issue.command("edit", help=_("Change an issue: only the options given ('' clears one)."))
@click.argument("issue_id", metavar="ID", type=int)
@option("--title", help=_("The title."))
@option("--description", help=_("What the problem is."))
@option("--plan", help=_("The action plan."))
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--department", metavar="NAME", help=_("Department [default: the new owner's]."))
@option("--due", metavar="DATE", help=_("Due date."))
@option("--status", help=_("open, in_progress or resolved."))
@option("--resolution", help=_("How it was solved."))
@option("--risk", "risk_id", metavar="ID", help=_("The risk it comes from."))
@option("--task", "task_id", metavar="ID", help=_("The task it concerns."))
def issue_edit(
    issue_id: int, owner: str | None, department: str | None, due: str | None, **fields: str | None
) -> None:
    from store.issues import update_issue
    from store.models import Issue
    from store.records import get

    store = open_store(write=True)
    values = given(fields, lowered=("status",)) | owner_and_department(store, owner, department)
    if due is not None:
        values["due"] = clearable_date(due, store)
    if not values:
        nothing_to_change()
    current = get(store, Issue, issue_id)
    saved = update_issue(store, issue_id, current.version, current.model_dump(), **values)
    click.echo(
        _("edited issue #{id}: {title} ({status}); waits on {who}").format(
            id=saved.id, title=saved.title, status=word(saved.status), who=waits_on(store, saved)
        )
    )


@issue.command("resolve", help=_("Mark an issue resolved."))
@click.argument("issue_id", metavar="ID", type=int)
@option("--resolution", default="", help=_("How it was solved."))
def issue_resolve(issue_id: int, resolution: str) -> None:
    from store.issues import resolve_issue

    saved = resolve_issue(open_store(write=True), issue_id, None, resolution)
    click.echo(_("resolved issue #{id}: {title}").format(id=saved.id, title=saved.title))


@issue.command(
    "escalate", help=_("Take an issue one level up now, without waiting for its due date.")
)
@click.argument("issue_id", metavar="ID", type=int)
def issue_escalate(issue_id: int) -> None:
    from store.issues import escalate

    store = open_store(write=True)
    saved = escalate(store, issue_id, None)
    click.echo(
        _("escalated issue #{id}: waits on {who}, due {due}").format(
            id=saved.id, who=waits_on(store, saved), due=saved.due
        )
    )
