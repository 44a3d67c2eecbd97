"""``schedule``: the critical-path table of the plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tui.cli.language import Command
from tui.cli.output import json_option, print_json, print_table
from tui.cli.session import open_store
from tui.collector import many_objects
from tui.i18n import _, ngettext

if TYPE_CHECKING:
    from store.db import Store


@click.command(
    cls=Command, help=_("The critical-path table: ES, EF, LS, LF, floats (working days).")
)
@json_option
def schedule(as_json: bool) -> None:
    with many_objects():
        _print_schedule(open_store(write=False), as_json)


def _print_schedule(store: Store, as_json: bool) -> None:
    from store.errors import Invalid
    from store.plan_rows import plan_inputs, titles
    from store.schedule import CycleError, compute

    names = titles(store)
    try:
        plan = compute(*plan_inputs(store))  # once: no memo for the app's next change
    except CycleError as error:
        path = " → ".join(f"#{i}" for i in [*error.cycle, error.cycle[0]])
        raise Invalid(_("the dependencies make a cycle: {path}").format(path=path)) from None
    rows = [
        {
            "id": s.id,
            "title": names.get(s.id, ""),  # a task added meanwhile by someone else
            "es": s.es.isoformat(),
            "ef": s.ef.isoformat(),
            "ls": s.ls.isoformat(),
            "lf": s.lf.isoformat(),
            "total_float": s.total_float,
            "free_float": s.free_float,
            "critical": s.critical,
        }
        for s in sorted(plan.tasks.values(), key=lambda s: (s.es, s.id))
    ]
    if as_json:
        print_json(rows)
        return
    keys = ["id", "title", "es", "ef", "ls", "lf", "total_float", "free_float", "critical"]
    headers = [_("ID"), _("Title"), "ES", "EF", "LS", "LF", _("TF"), _("FF"), _("Critical")]
    print_table(headers, [[row[k] for k in keys] for row in rows])
    critical = sum(1 for row in rows if row["critical"])
    click.echo(
        _("project finish: {finish}; critical path: {count}").format(
            finish=plan.finish.isoformat() if plan.finish else "—",
            count=ngettext("{n} task", "{n} tasks", critical).format(n=critical),
        )
    )
