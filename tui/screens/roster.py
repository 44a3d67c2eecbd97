"""Roster (3): the team directory (团队名录) and the departments, with a member's detail.

The interface person, department head and project manager are marked with their
symbols (store.symbols), not colour alone. Naming a new interface person relieves the old
one (the store enforces exactly one per department).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from store import symbols as sym
from store.text import one_line
from tui.i18n import N_, _, say_error
from tui.messages import DataChanged
from tui.modals.confirm import Confirm
from tui.modals.form import FormField, FormSpec
from tui.roles import handover_question, role_moved
from tui.screens.base import XdeptScreen
from tui.tcss import css_beside
from tui.tell import say, work
from tui.widgets.table import KeyedTable, cell

if TYPE_CHECKING:
    from store.models import Department, Member

MEMBER_FIELDS = [
    FormField("name", N_("Name"), optional=False),
    FormField("department_id", N_("Department"), "department", optional=False),
    FormField("post", N_("Post")),
    FormField("contact", N_("Contact")),
    FormField("login", N_("Login"), placeholder=N_("OS/SSH user name")),
    FormField("duties", N_("Main duties"), "text"),
    FormField("is_interface", N_("Interface person"), "bool"),
    FormField("is_head", N_("Department head"), "bool"),
    FormField("is_pm", N_("Project manager"), "bool"),
]
DEPARTMENT_FIELDS = [
    FormField("name", N_("Department name"), optional=False),
    FormField("description", N_("Description"), "text"),
]


def roles(member: Member) -> str:
    """Role symbols: project manager, interface person, department head."""
    return (
        (sym.PM if member.is_pm else "")
        + (sym.INTERFACE if member.is_interface else "")
        + (sym.HEAD if member.is_head else "")
    )


def _load(store: Any) -> tuple[list[Member], list[Department]]:
    from store import people

    return people.members(store), people.departments(store)


class RosterScreen(XdeptScreen):
    # Textual annotates it ClassVar[...] | None, which a checker reads as per instance.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (130, "-wide")]  # type: ignore[misc]
    DEFAULT_CSS = css_beside(__file__)
    WRITE_ACTIONS = frozenset({"new", "edit", "delete", "give_role"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,a", "new", N_("New"), id="roster.new"),
        Binding("e,enter", "edit", N_("Edit"), id="roster.edit"),
        Binding("d", "delete", N_("Delete"), id="roster.delete"),
        Binding(
            "i", "give_role('is_interface')", N_("Make interface person"), id="roster.interface"
        ),
        Binding(  # rare: listed by ?, not in the footer
            "p", "give_role('is_pm')", N_("Make project manager"), show=False, id="roster.pm"
        ),
        Binding("slash", "filter", N_("Filter"), id="roster.filter"),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="roster.clear"),
        Binding("tab", "switch_tab", N_("Members/Departments"), show=False, id="roster.switch_tab"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[int, Member] = {}
        self.departments: dict[int, Department] = {}
        # A record asked for before the rows arrived (dashboard, palette).
        self._wanted: tuple[str, int] | None = None

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=_("filter: name, department, post, login…"), id="filter")
        with Horizontal(id="roster-body"):
            with TabbedContent(id="roster-tabs"):
                with TabPane(_("Members"), id="tab-members"):
                    yield KeyedTable(
                        [
                            _("Role"),
                            _("Name"),
                            _("Department"),
                            _("Post"),
                            _("Contact"),
                            _("Login"),
                        ],
                        mark_column=1,
                        id="members",
                    )
                with TabPane(_("Departments"), id="tab-departments"):
                    yield KeyedTable(
                        [_("Department"), _("Interface person"), _("Head"), _("Members")],
                        id="departments",
                    )
            with VerticalScroll(id="member-detail"):
                yield Static(
                    Content(_("Select a member to see their tasks, risks and updates.")),
                    id="detail-text",
                )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#members", KeyedTable).focus()
        self.reload()

    # -- loading -----------------------------------------------------------------
    @work(group="roster-load", exclusive=True)
    async def reload(self) -> None:
        members, departments = await self.app.run_db(_load, self.app.store)
        self.members = {m.id: m for m in members}
        self.departments = {d.id: d for d in departments}
        self._show()

    def apply_changes(self, message: DataChanged) -> None:
        if message.touched("members", "departments"):
            self.reload()

    def presence_changed(self) -> None:
        presence = self.app.presence
        self.query_one("#members", KeyedTable).mark(presence.editing("members"))
        self.query_one("#departments", KeyedTable).mark(presence.editing("departments"))

    def _show(self) -> None:
        needle = self.query_one("#filter", Input).value.strip().casefold()
        dept_name = {d.id: d.name for d in self.departments.values()}
        rows = []
        for m in sorted(
            self.members.values(),
            key=lambda m: (dept_name.get(m.department_id, "").casefold(), m.name.casefold()),
        ):
            values = (
                roles(m),
                m.name,
                dept_name.get(m.department_id, ""),
                m.post,
                m.contact,
                m.login or "",
            )
            if needle and needle not in " ".join(values).casefold():
                continue
            rows.append((str(m.id), [cell(v) for v in values]))
        self.query_one("#members", KeyedTable).sync(rows)
        by_dept: dict[int, list[Member]] = {}
        for m in self.members.values():
            by_dept.setdefault(m.department_id, []).append(m)
        dept_rows = []
        for d in sorted(self.departments.values(), key=lambda d: d.name.casefold()):
            staff = by_dept.get(d.id, [])
            interface = next((m.name for m in staff if m.is_interface), None)
            head = next((m.name for m in staff if m.is_head), "")
            cells = [
                cell(d.name),
                cell(f"{sym.INTERFACE} {interface}")
                if interface
                else cell(f"{sym.TO_FIX} " + _("none"), "bold"),
                cell(head),
                cell(len(staff)),
            ]
            if needle and needle not in " ".join(v.plain for v in cells).casefold():
                continue
            dept_rows.append((str(d.id), cells))
        self.query_one("#departments", KeyedTable).sync(dept_rows)
        if self._wanted is not None:
            self.show_record(*self._wanted)
        self._show_detail()

    # -- the detail panel --------------------------------------------------------
    def _keys(self, entity: str) -> set[str]:
        return {str(i) for i in (self.departments if entity == "departments" else self.members)}

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        if self.check_action("edit", ()):  # enter and clicks must obey read-only too
            self.action_edit()

    @on(DataTable.RowHighlighted, "#members")
    def _highlighted(self) -> None:
        self._show_detail()

    def shown_record(self) -> tuple[str, int] | None:
        kind, record_id = self._current()
        return (kind, record_id) if record_id is not None else None

    def _current(self) -> tuple[str, int | None]:
        """("members" | "departments", id under the cursor in the active tab)."""
        tab = self.query_one(TabbedContent).active
        table_id = "departments" if tab == "tab-departments" else "members"
        key = self.query_one(f"#{table_id}", KeyedTable).cursor_key
        return table_id, int(key) if key else None

    def _show_detail(self) -> None:
        kind, record_id = self._current()
        member = self.members.get(record_id or 0) if kind == "members" else None
        if member is not None:
            self.load_detail(member.id)

    @work(group="roster-detail", exclusive=True)
    async def load_detail(self, member_id: int) -> None:
        from store.people import member_detail

        detail = await self.app.run_db(member_detail, self.app.store, member_id)
        member = self.members.get(member_id)
        if member is None:
            return
        department = self.departments.get(member.department_id)
        parts: list[Any] = [
            (one_line(member.name), "bold"),
            f"  {roles(member)}\n",
            one_line(f"{department.name if department else ''} · {member.post}"),
            "\n",
            one_line(member.contact),
            "\n",
        ]
        if member.duties:
            parts += [(_("Duties: "), "bold"), one_line(member.duties), "\n"]
        parts += [(_("Tasks") + f" ({len(detail.tasks)})\n", "bold $accent")]
        for task in detail.tasks[:8]:
            mark = sym.TASK_STATUS.get(task.status, "?")
            parts += [f" {mark} #{task.id} ", one_line(task.title), f" · {task.end}\n"]
        parts += [(_("Open risks") + f" ({len(detail.risks)})\n", "bold $accent")]
        for risk in detail.risks[:5]:
            # "high", "medium", "low" are marked for translation with the levels' names.
            level = f"{sym.LEVEL.get(risk.level, '')} {_(risk.level)}"
            parts += [f" {level} ", one_line(risk.title), "\n"]
        parts += [(_("Recent daily updates") + "\n", "bold $accent")]
        for update in detail.updates:
            parts += [f" {update.date} ", one_line(update.done), "\n"]
        text = Content.assemble(*parts)
        box = self.query_one("#detail-text", Static)
        # A layout only when the height changes: it was most of a cursor move's time.
        box.update(text, layout=text.plain.count("\n") != str(box.content).count("\n"))

    # -- actions ------------------------------------------------------------------
    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-departments" if tabs.active == "tab-members" else "tab-members"
        table = "#departments" if tabs.active == "tab-departments" else "#members"
        self.query_one(table, KeyedTable).focus()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-shown")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("-shown")
        self._current_table().focus()
        self._show()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._show()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self._current_table().focus()

    def _current_table(self) -> KeyedTable:
        kind, _record = self._current()
        return self.query_one(f"#{kind}", KeyedTable)

    def _department_choices(self) -> list[tuple[str, int]]:
        return [(d.name, d.id) for d in sorted(self.departments.values(), key=lambda d: d.name)]

    def action_new(self) -> None:
        from store import people
        from store.models import Department, Member

        kind, _record = self._current()
        store = self.app.store
        if kind == "departments":
            spec = FormSpec(
                _("New department"),
                Department,
                DEPARTMENT_FIELDS,
                lambda values, _v: people.add_department(store, **values),
                entity="departments",
            )
        else:
            spec = FormSpec(
                _("New member"),
                Member,
                MEMBER_FIELDS,
                lambda values, _v: people.add_member(store, Member(**values)),
                entity="members",
                departments=self._department_choices(),
            )
        self.app.forms.open(spec, self._saved)

    def action_edit(self) -> None:
        from store import people
        from store.models import Member

        kind, record_id = self._current()
        store = self.app.store
        if kind == "departments" and record_id in self.departments:
            dept = self.departments[record_id]
            spec = FormSpec.editing(
                _("Edit department"),
                dept,
                DEPARTMENT_FIELDS,
                lambda values, version, base: people.update_department(
                    store, dept.id, version, base, **values
                ),
                create=lambda values: people.add_department(store, **values),
            )
        elif kind == "members" and record_id in self.members:
            member = self.members[record_id]
            spec = FormSpec.editing(
                _("Edit member"),
                member,
                MEMBER_FIELDS,
                lambda values, version, base: people.update_member(
                    store, member.id, version, base, **values
                ),
                departments=self._department_choices(),
                create=lambda values: people.add_member(store, Member(**values)),
            )
        else:
            return
        self.app.forms.open(spec, self._saved)

    def _saved(self, record: Any) -> None:
        if record is not None:
            say(self, _("Saved {name}").format(name=one_line(record.display_name)))
            self.call_after_refresh(self._seek_saved, record)

    def _seek_saved(self, record: Any) -> None:
        self.show_record(record.TABLE, record.id)

    @work(group="roster-write")
    async def action_delete(self) -> None:
        from store.records import uses
        from tui.in_use import in_use_message

        kind, record_id = self._current()
        record = (self.members if kind == "members" else self.departments).get(record_id or 0)
        if record is None:
            return
        # Say why not before asking, rather than refuse after "Delete?".
        used = await self.app.run_db(uses, self.app.store, type(record), record.id)
        if used:
            message = in_use_message(record.display_name, used)
            say(self, message, severity="warning", timeout=8)
            return
        question = Confirm(
            _("Delete {name}?").format(name=one_line(record.display_name)),
            yes=_("Delete"),
            detail=_("The change log keeps a copy."),
        )
        if await self.app.push_screen_wait(question):
            self.delete(kind, record)

    @work(group="roster-write")
    async def delete(self, kind: str, record: Any) -> None:
        from store import people
        from store.errors import StoreError

        remove = people.delete_member if kind == "members" else people.delete_department
        try:
            await self.app.run_db(remove, self.app.store, record.id, record.version)
        except StoreError as error:
            say(self, say_error(error), severity="error")
        else:
            say(self, _("Deleted {name}").format(name=one_line(record.display_name)))

    @work(group="roster-write")
    async def action_give_role(self, role: str) -> None:
        """``i``: the department's interface person; ``p``: the project manager, handed
        over after a question (the store says who may, and relieves the one before)."""
        from store import people
        from store.errors import StoreError

        kind, record_id = self._current()
        member = self.members.get(record_id or 0) if kind == "members" else None
        if member is None or getattr(member, role):
            return
        if role == "is_pm":
            pm = next((m for m in self.members.values() if m.is_pm), None)
            question = Confirm(handover_question(member.name, pm), yes=_("Hand over"))
            if not await self.app.push_screen_wait(question):
                return
        department = self.departments.get(member.department_id)
        try:
            _saved, before = await self.app.run_db(
                people.give_role, self.app.store, member.id, role
            )
        except StoreError as error:
            say(self, say_error(error), severity="error")
        else:
            where = department.name if department else ""
            say(self, role_moved(role, member.name, where, before))

    def show_record(self, entity: str, record_id: int) -> None:
        if str(record_id) not in self._keys(entity):
            # Not read yet (a fresh screen): ``_show`` comes back here once it is.
            self._wanted = (entity, record_id)
            return
        self._wanted = None
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-departments" if entity == "departments" else "tab-members"
        table = self.query_one(
            "#departments" if entity == "departments" else "#members", KeyedTable
        )
        if not table.seek(str(record_id)):
            self.action_clear_filter()
            table.seek(str(record_id))
        table.focus()
