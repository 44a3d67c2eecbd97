"""``task``: add tasks of the plan, link and unlink their dependencies, list them."""

from __future__ import annotations

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, names, print_records
from tui.cli.session import date_option, open_store
from tui.i18n import _


@click.group(cls=Group, help=_("Tasks of the plan."))
def task() -> None:
    pass


@task.command("add", help=_("Add a task (dates default to today)."))
@click.argument("title")
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--department", metavar="D", help=_("Department [default: the owner's]."))
@option(
    "--start",
    metavar="DATE",
    help=_("Planned start: 2026-12-01, 12-01, +3d, +2w, +3wd, tomorrow, fri… [default: today]."),
)
@option("--end", metavar="DATE", help=_("Planned end, the same forms [default: the start]."))
@option(
    "--after",
    multiple=True,
    metavar="ID[:TYPE[:LAG]]",
    help=_("A predecessor, e.g. 12 or 12:SS:2 (repeatable)."),
)
@option("--phase", default="", metavar="P", help=_("Phase, e.g. prototype."))
@option("--deliverable", default="", help=_("What the task delivers."))
@option("--milestone", is_flag=True, help=_("Mark the task as a milestone."))
def task_add(
    title: str,
    owner: str | None,
    department: str | None,
    start: str | None,
    end: str | None,
    after: tuple[str, ...],
    phase: str,
    deliverable: str,
    milestone: bool,
) -> None:
    from store import clock
    from store.models import Task
    from store.people import department_named, member_named
    from store.records import validate
    from store.tasks import add_task, held_by, parse_after
    from tui.describe import follows

    today = clock.today()
    store = open_store(write=True)
    first = date_option(start, today, store) or today
    last = date_option(end, today, store) or first
    predecessors = [parse_after(spec) for spec in after]
    person = member_named(store, owner) if owner else None
    department_id: int | None
    if department:
        department_id = department_named(store, department).id
    else:
        department_id = person.department_id if person else None
    new = validate(
        Task,
        {
            "title": title,
            "owner_id": person.id if person else None,
            "department_id": department_id,
            "start": first,
            "end": last,
            "phase": phase,
            "deliverable": deliverable,
            "milestone": milestone,
        },
    )
    saved = add_task(store, new, predecessors)
    click.echo(
        _("added task #{id}: {title} ({start} → {end})").format(
            id=saved.id, title=saved.title, start=saved.start, end=saved.end
        )
    )
    held = held_by(store, saved.id) if saved.start != first else None
    if held is not None:
        click.echo(follows(saved.id, saved.start, held))


@task.command("link", help=_("Make TASK depend on a predecessor: SPEC is ID[:TYPE[:LAG]]."))
@click.argument("task_id", metavar="TASK", type=int)
@click.argument("spec")
def task_link(task_id: int, spec: str) -> None:
    from store.models import Task
    from store.records import get
    from store.tasks import add_dependency, parse_after
    from tui.describe import follows

    store = open_store(write=True)
    dependency = parse_after(spec).model_copy(update={"successor_id": task_id})
    start = get(store, Task, task_id).start
    saved = add_dependency(store, dependency)
    click.echo(
        _("task #{successor} now follows #{predecessor} ({type}, lag {lag})").format(
            successor=saved.successor_id,
            predecessor=saved.predecessor_id,
            type=saved.type,
            lag=saved.lag,
        )
    )
    moved = get(store, Task, task_id)
    if moved.start != start:
        click.echo(follows(task_id, moved.start, saved))


@task.command("unlink", help=_("Remove TASK's dependency on the predecessor PREDECESSOR."))
@click.argument("task_id", metavar="TASK", type=int)
@click.argument("predecessor_id", metavar="PREDECESSOR", type=int)
def task_unlink(task_id: int, predecessor_id: int) -> None:
    from store.tasks import unlink

    unlink(open_store(write=True), task_id, predecessor_id)
    click.echo(
        _("task #{successor} no longer follows #{predecessor}").format(
            successor=task_id, predecessor=predecessor_id
        )
    )


@task.command("list", help=_("List the tasks by start date."))
@json_option
def task_list(as_json: bool) -> None:
    from store.tasks import tasks

    store = open_store(write=False)
    members = names(store, "members")
    print_records(
        tasks(store),
        as_json,
        [_("ID"), _("Title"), _("Owner"), _("Start"), _("End"), _("Status"), _("Done %")],
        lambda t: [t.id, t.title, members.get(t.owner_id), t.start, t.end, t.status, t.progress],
    )
