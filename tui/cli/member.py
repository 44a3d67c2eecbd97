"""``member``: add people to the team directory and list it."""

from __future__ import annotations

import sys
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
        from tui.roles import role_moved

        click.echo(role_moved("is_interface", saved.name, found.name, before))


@member.command(
    "role",
    help=_(
        "Give a member a role: the project manager (handed over from the one now, "
        "after a question), or their department's head or interface person (the one "
        "before is relieved). Only the project manager gives roles."
    ),
)
@click.argument("name")
@option("--pm", "role", flag_value="is_pm", help=_("The project manager."))
@option("--head", "role", flag_value="is_head", help=_("The department's head."))
@option(
    "--interface",
    "role",
    flag_value="is_interface",
    help=_("The department's interface person (接口人)."),
)
@option("--yes", is_flag=True, help=_("Hand the project manager's role over without asking."))
def member_role(name: str, role: str | None, yes: bool) -> None:
    from store.errors import Invalid
    from store.models import Department
    from store.people import give_role, member_named, project_manager
    from store.records import get
    from tui.roles import handover_question, role_moved

    if role is None:
        raise click.UsageError(_("say which role: --pm, --head or --interface"))
    store = open_store(write=True)
    member = member_named(store, name)
    if role == "is_pm" and not member.is_pm and not yes:
        question = handover_question(member.name, project_manager(store))
        if not sys.stdin.isatty():
            raise Invalid(
                _("{question} Add --yes to hand it over without a question.").format(
                    question=question
                )
            )
        if not click.confirm(question, default=False):
            raise Invalid(_("nothing changed"))
    saved, before = give_role(store, member.id, role)
    department = get(store, Department, saved.department_id)
    click.echo(role_moved(role, saved.name, department.name, before))


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
