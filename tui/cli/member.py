"""``member``: add people to the team directory and list it."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.language import Group, option
from tui.cli.output import json_option, names, print_records
from tui.cli.session import open_store
from tui.i18n import _


@click.group(cls=Group, help=_("The team directory."))
def member() -> None:
    pass


@member.command("add", help=_("Add a member to a department."))
@click.argument("name")
@option("--department", "department_name", required=True, metavar="D", help=_("Department."))
@option("--post", default="", metavar="P", help=_("Post or job title."))
@option("--contact", default="", metavar="C", help=_("Phone, e-mail or chat handle."))
@option("--login", metavar="L", help=_("OS/SSH login that maps a session to this member."))
@option("--interface", is_flag=True, help=_("The department's interface person (接口人)."))
@option("--head", is_flag=True, help=_("The department's head."))
@option("--pm", is_flag=True, help=_("The project manager."))
@option("--duties", default="", help=_("Main duties in the project."))
def member_add(
    name: str,
    department_name: str,
    post: str,
    contact: str,
    login: str | None,
    interface: bool,
    head: bool,
    pm: bool,
    duties: str,
) -> None:
    from store.models import Member
    from store.people import add_member, department_named, interface_of
    from store.records import validate

    store = open_store(write=True)
    found = department_named(store, department_name)
    new = validate(
        Member,
        {
            "name": name,
            "department_id": found.id,
            "post": post,
            "contact": contact,
            "login": login,
            "duties": duties,
            "is_interface": interface,
            "is_head": head,
            "is_pm": pm,
        },
    )
    before = interface_of(store, found.id) if interface else None
    saved = add_member(store, new)
    click.echo(
        _("added member #{id}: {name} ({department})").format(
            id=saved.id, name=saved.name, department=found.name
        )
    )
    if interface:
        from tui.roles import interface_moved

        click.echo(interface_moved(saved.name, found.name, before))


@member.command("list", help=_("List the team directory."))
@json_option
def member_list(as_json: bool) -> None:
    from store.people import members

    store = open_store(write=False)
    departments = names(store, "departments")

    def roles(m: Any) -> str:
        flags = ((m.is_pm, _("PM")), (m.is_head, _("head")), (m.is_interface, _("interface")))
        return ", ".join(label for on, label in flags if on)

    print_records(
        members(store),
        as_json,
        [_("ID"), _("Name"), _("Department"), _("Post"), _("Roles"), _("Login"), _("Contact")],
        lambda m: [
            m.id,
            m.name,
            departments.get(m.department_id),
            m.post,
            roles(m),
            m.login,
            m.contact,
        ],
    )
