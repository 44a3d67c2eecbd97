"""``risk``: add risks to the register (quick syntax or options) and list them."""

from __future__ import annotations

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, names, print_records
from tui.cli.session import open_store
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
