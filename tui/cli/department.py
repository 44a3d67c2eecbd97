"""``department``: add and list the departments of the project."""

from __future__ import annotations

from collections import Counter

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, print_records
from tui.cli.session import open_store
from tui.i18n import _


@click.group(cls=Group, help=_("Departments of the project."))
def department() -> None:
    pass


@department.command("add", help=_("Add a department."))
@click.argument("name")
@option("--description", default="", help=_("What the department does in the project."))
def department_add(name: str, description: str) -> None:
    from store.models import Department
    from store.people import add_department
    from store.records import validate

    checked = validate(Department, {"name": name, "description": description})
    store = open_store(write=True)
    saved = add_department(store, checked.name, checked.description)
    click.echo(_("added department #{id}: {name}").format(id=saved.id, name=saved.name))


@department.command("list", help=_("List the departments."))
@json_option
def department_list(as_json: bool) -> None:
    from store.people import departments, members

    store = open_store(write=False)
    team = members(store)
    interface = {m.department_id: m.name for m in team if m.is_interface}
    size = Counter(m.department_id for m in team)
    print_records(
        departments(store),
        as_json,
        [_("ID"), _("Department"), _("Interface"), _("Members"), _("Description")],
        lambda d: [d.id, d.name, interface.get(d.id), size.get(d.id, 0), d.description],
    )
