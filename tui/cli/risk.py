"""``risk``: add risks to the register (quick syntax or options) and list them."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.language import Group, option
from tui.cli.output import chosen, json_option, names, print_records, word
from tui.cli.session import clearable_date, date_option, open_store, owner_and_department
from tui.i18n import _


def _quick_help() -> str:
    from store.quick_risk import QUICK_HELP

    return "\b\n" + _(QUICK_HELP)


@click.group(cls=Group, help=_("The risk register."))
def risk() -> None:
    pass


@risk.command(
    "add",
    help=_("Add a risk. TEXT may use the quick syntax below; options override what it says."),
    epilog=_quick_help,
)
@click.argument("text")
@option("--level", help=_("high, medium or low."))
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--response", help=_("The response plan."))
@option(
    "--strategy",
    help=_(
        "Threats: avoid, mitigate, transfer, accept, escalate; "
        "opportunities: exploit, enhance, share, accept."
    ),
)
@option(
    "--task",
    "task_ids",
    type=int,
    multiple=True,
    metavar="ID",
    help=_("A linked task (repeatable)."),
)
@option("--probability", type=int, metavar="1-5", help=_("Probability, 1 to 5."))
@option(
    "--impact",
    type=int,
    metavar="1-5",
    help=_("Impact, 1 to 5 (with probability: sets the level)."),
)
def risk_add(
    text: str,
    level: str | None,
    owner: str | None,
    response: str | None,
    strategy: str | None,
    task_ids: tuple[int, ...],
    probability: int | None,
    impact: int | None,
) -> None:
    from store.quick_risk import add_quick_risk

    saved = add_quick_risk(
        open_store(write=True),
        text,
        level=level.lower() if level else None,
        owner=owner,
        response=response,
        strategy=strategy.lower() if strategy else None,
        task_ids=list(task_ids) or None,
        probability=probability,
        impact=impact,
    )
    click.echo(
        _("added {level} risk #{id}: {title}").format(
            level=_(saved.level.value), id=saved.id, title=saved.title
        )
    )


@risk.command("list", help=_("List the risks, highest first."))
@option(
    "--status",
    "statuses",
    multiple=True,
    metavar="S",
    help=_("Only risks in this status: open, watching, occurred, closed (repeatable)."),
)
@option(
    "--level",
    "levels",
    multiple=True,
    metavar="L",
    help=_("Only risks of this level: high, medium, low (repeatable)."),
)
@json_option
def risk_list(statuses: tuple[str, ...], levels: tuple[str, ...], as_json: bool) -> None:
    from store.models import Level, RiskStatus
    from store.risks import risks

    store = open_store(write=False)
    found = risks(
        store,
        chosen(RiskStatus, statuses, "--status"),
        chosen(Level, levels, "--level"),
    )
    members = names(store, "members")
    departments = names(store, "departments")
    print_records(
        found,
        as_json,
        [
            _("ID"),
            _("Level"),
            _("Score"),
            _("Residual"),
            _("Kind"),
            _("Title"),
            _("Owner"),
            _("Department"),
            _("Strategy"),
            _("Status"),
            _("Review"),
            _("Tasks"),
        ],
        lambda r: [
            r.id,
            word(r.level),
            r.score,
            r.residual_score and f"{r.residual_score} {word(r.residual_level)}",
            word(r.kind),
            r.title,
            members.get(r.owner_id),
            departments.get(r.department_id),
            word(r.strategy),
            word(r.status),
            r.next_review,
            " ".join(f"#{t}" for t in r.task_ids) or None,
        ],
        lambda r: {
            "score": r.score,
            "residual_score": r.residual_score,
            "residual_level": r.residual_level,
        },
    )


@risk.command("edit", help=_("Change a risk: only the options given ('' clears one)."))
@click.argument("risk_id", metavar="ID", type=int)
@option("--title", help=_("The title."))
@option("--kind", help=_("threat or opportunity."))
@option("--description", help=_("What the risk is."))
@option("--cause", help=_("What may cause it."))
@option("--event", help=_("What may happen."))
@option("--effect", help=_("What it would do to the project."))
@option("--category", help=_("A category, e.g. supply."))
@option("-p", "--probability", metavar="1-5", help=_("Probability, 1 to 5."))
@option("-i", "--impact", metavar="1-5", help=_("Impact, 1 to 5."))
@option("--residual-probability", metavar="1-5", help=_("Probability after the response."))
@option("--residual-impact", metavar="1-5", help=_("Impact after the response."))
@option(
    "--strategy",
    help=_(
        "Threats: avoid, mitigate, transfer, accept, escalate; "
        "opportunities: exploit, enhance, share, accept."
    ),
)
@option("--response", help=_("The response plan."))
@option("--trigger", help=_("The sign that the risk is happening."))
@option("--contingency", help=_("The contingency plan: what to do if it happens."))
@option("--owner", metavar="NAME", help=_("Owner: a member's name or login."))
@option("--department", metavar="NAME", help=_("Department [default: the new owner's]."))
@option("--status", help=_("open, watching, occurred or closed."))
@option("--review", metavar="DATE", help=_("The next review date."))
@option(
    "--task",
    "tasks",
    multiple=True,
    metavar="ID",
    help=_("A linked task (repeatable): replaces the links; --task '' removes them."),
)
def risk_edit(
    risk_id: int,
    owner: str | None,
    department: str | None,
    review: str | None,
    tasks: tuple[str, ...],
    **fields: str | None,
) -> None:
    from store.models import Risk
    from store.records import get
    from store.risks import update_risk
    from tui.cli.issue import given, nothing_to_change

    store = open_store(write=True)
    values = given(fields, lowered=("kind", "strategy", "status"))
    values |= owner_and_department(store, owner, department)
    if review is not None:
        values["next_review"] = clearable_date(review, store)
    if tasks:
        values["task_ids"] = [t for t in tasks if t.strip()]
    if not values:
        nothing_to_change()
    current = get(store, Risk, risk_id)
    saved = update_risk(store, risk_id, current.version, current.model_dump(), **values)
    click.echo(
        _("edited {level} risk #{id}: {title}").format(
            level=_(saved.level.value), id=saved.id, title=saved.title
        )
    )


@risk.command("close", help=_("Close a risk: it can no longer happen, or its response worked."))
@click.argument("risk_id", metavar="ID", type=int)
def risk_close(risk_id: int) -> None:
    from store.risks import close_risk

    saved = close_risk(open_store(write=True), risk_id)
    click.echo(_("closed risk #{id}: {title}").format(id=saved.id, title=saved.title))


@risk.command(
    "occur",
    help=_(
        "The risk happened: mark it occurred and open an issue for OWNER, due DATE, "
        "its action plan the contingency plan."
    ),
)
@click.argument("risk_id", metavar="ID", type=int)
@option("--owner", required=True, metavar="NAME", help=_("Who solves the issue."))
@option("--due", required=True, metavar="DATE", help=_("When the issue must be solved."))
@option("--title", help=_("The issue's title [default: the risk's]."))
def risk_occur(risk_id: int, owner: str, due: str, title: str | None) -> None:
    from store import clock
    from store.people import member_named
    from store.risks import occurred
    from tui.cli.issue import waits_on

    store = open_store(write=True)
    person = member_named(store, owner)
    day = date_option(due, clock.today(), store)
    extra: dict[str, Any] = {} if title is None else {"title": title}
    _risk, saved = occurred(store, risk_id, None, person.id, day, **extra)
    click.echo(
        _("risk #{risk} occurred: issue #{id} opened, due {due}; waits on {who}").format(
            risk=risk_id, id=saved.id, due=saved.due, who=waits_on(store, saved)
        )
    )
