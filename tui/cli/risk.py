"""``risk``: add risks to the register (quick syntax or options) and list them."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, names, print_records
from tui.cli.session import open_store
from tui.i18n import _


def _quick_help() -> str:
    from store.quick_risk import QUICK_HELP

    return "\b\n" + QUICK_HELP


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
@option("--strategy", help=_("avoid, transfer, mitigate, accept or escalate."))
@option("--task", "task_id", type=int, metavar="ID", help=_("The linked task."))
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
    task_id: int | None,
    probability: int | None,
    impact: int | None,
) -> None:
    from store.models import Risk, Task
    from store.people import member_named, members
    from store.quick_risk import parse_quick_risk
    from store.records import get, validate
    from store.risks import add_risk

    store = open_store(write=True)
    known = [n for m in members(store) for n in (m.name, m.login) if n]
    quick = parse_quick_risk(text, known)
    owner = owner or quick.owner
    task_id = task_id if task_id is not None else quick.task_id
    if task_id is not None:
        get(store, Task, task_id)
    values: dict[str, Any] = {
        "title": quick.title,
        "owner_id": member_named(store, owner).id if owner else None,
        "strategy": strategy.lower() if strategy else quick.strategy,
        "response": response if response is not None else quick.response,
        "task_ids": [] if task_id is None else [task_id],
        "probability": probability,
        "impact": impact,
    }
    if level or quick.level:
        values["level"] = level.lower() if level else quick.level
    saved = add_risk(store, validate(Risk, values))
    click.echo(
        _("added {level} risk #{id}: {title}").format(
            level=saved.level, id=saved.id, title=saved.title
        )
    )


@risk.command("list", help=_("List the risks, highest first."))
@json_option
def risk_list(as_json: bool) -> None:
    from store.risks import risks

    store = open_store(write=False)
    members = names(store, "members")
    print_records(
        risks(store),
        as_json,
        [_("ID"), _("Level"), _("Title"), _("Owner"), _("Strategy"), _("Status"), _("Task")],
        lambda r: [
            r.id,
            r.level,
            r.title,
            members.get(r.owner_id),
            r.strategy,
            r.status,
            " ".join(f"#{t}" for t in r.task_ids) or None,
        ],
    )
