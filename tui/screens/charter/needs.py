"""The requirements and resources tab: each department's requirements (需求清单) and
resource requests (资源需求表), gaps first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store import symbols as sym
from store.text import strip_controls
from tui.i18n import N_, _, ngettext
from tui.modals.form import FormField, FormSpec
from tui.screens.charter.tab import CELL_MAX, CharterTab, short, state
from tui.tcss import css_beside
from tui.widgets.table import KeyedTable, cell

if TYPE_CHECKING:
    from store.charter import CharterView
    from store.models import Requirement, ResourceRequest

PRIORITY = {
    "high": (sym.HIGH, N_("high")),
    "medium": (sym.MEDIUM, N_("medium")),
    "low": (sym.LOW, N_("low")),
}
REQUIREMENT_STATUS = {
    "proposed": (sym.PENDING, N_("proposed")),
    "accepted": (sym.DONE, N_("accepted")),
    "rejected": (sym.REJECTED, N_("rejected")),
    "delivered": (sym.DELIVERED, N_("delivered")),
}
RESOURCE_STATUS = {
    "gap": (sym.TO_FIX, N_("gap")),
    "approved": (sym.DONE, N_("approved")),
    "requested": (sym.PENDING, N_("requested")),
}
RESOURCE_KIND = {"people": N_("people"), "budget": N_("budget"), "equipment": N_("equipment")}


def amount_text(kind: str, amount: float) -> str:
    """A resource amount in its unit, digits grouped: "¥1,200,000", "2 persons", "8 units"."""
    number = f"{amount:,.2f}".rstrip("0").rstrip(".")
    if kind == "budget":
        return _("¥{amount}").format(amount=number)
    # gettext counts whole things: exactly 1 is singular, any other amount plural.
    count = 1 if amount == 1 else 2
    if kind == "people":
        return ngettext("{amount} person", "{amount} persons", count).format(amount=number)
    if kind == "equipment":
        return ngettext("{amount} unit", "{amount} units", count).format(amount=number)
    return number


def _choices(labels: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(translated label with its symbol, value) pairs for a choice field."""
    return tuple(
        (f"{v[0]} {_(v[1])}" if isinstance(v, tuple) else _(v), key) for key, v in labels.items()
    )


class NeedsTab(CharterTab):
    """Requirements above resource requests; n, e and d work on the list focused last."""

    DEFAULT_CSS = css_beside(__file__)
    PART = "needs"
    SHOWS: ClassVar[dict[str, str]] = {
        "requirements": "requirements",
        "resource_requests": "resources",
    }

    def __init__(self) -> None:
        super().__init__(_("Requirements & resources"), id="tab-needs")
        self.requirements: dict[int, Requirement] = {}
        self.resources: dict[int, ResourceRequest] = {}
        self._last = "#requirements"

    def compose(self) -> ComposeResult:
        with Vertical():
            with Vertical(id="requirement-box", classes="box"):
                yield Static(Content(_("Requirements")), classes="section-title")
                yield KeyedTable(
                    [_("Department"), _("Priority"), _("Status"), _("Requirement")],
                    id="requirements",
                )
            with Vertical(id="resource-box", classes="box"):
                yield Static(Content(_("Resource requests")), classes="section-title")
                yield KeyedTable(
                    [
                        _("Status"),
                        _("Department"),
                        _("Kind"),
                        _("Amount"),
                        _("Description"),
                        _("Resolution"),
                    ],
                    id="resources",
                )
            yield Static("", id="needs-detail", classes="detail")

    def main(self) -> Widget:
        return self.query_one(self._last)

    def show(self, view: CharterView) -> None:
        self.requirements = {r.id: r for r in view.requirements}
        self.resources = {r.id: r for r in view.resource_requests}
        super().show(view)

    def redraw(self) -> None:
        department = self.names.department
        width = CELL_MAX[self.wide]
        order = {"high": 0, "medium": 1, "low": 2}
        requirements = sorted(
            self.requirements.values(),
            key=lambda r: (
                department(r.department_id).casefold(),
                order.get(r.priority, 3),
                r.id,
            ),
        )
        self.query_one("#requirements", KeyedTable).sync(
            [
                (
                    str(r.id),
                    [
                        cell(department(r.department_id)),
                        cell(state(PRIORITY, r.priority), "bold" if r.priority == "high" else ""),
                        cell(state(REQUIREMENT_STATUS, r.status)),
                        short(r.text, width),
                    ],
                )
                for r in requirements
            ]
        )
        rank = {"gap": 0, "requested": 1, "approved": 2}

        def resource_order(r: ResourceRequest) -> tuple[Any, ...]:
            unresolved = r.status == "gap" and not r.resolution
            return (
                not unresolved,
                rank.get(r.status, 3),
                department(r.department_id).casefold(),
                r.id,
            )

        rows = []
        for r in sorted(self.resources.values(), key=resource_order):
            if r.status == "gap" and r.resolution:
                status = cell(f"{sym.IN_PROGRESS} " + _("gap, resolved"))
            else:
                status = cell(state(RESOURCE_STATUS, r.status), "bold" if r.status == "gap" else "")
            rows.append(
                (
                    str(r.id),
                    [
                        status,
                        cell(department(r.department_id)),
                        cell(_(RESOURCE_KIND.get(r.kind, r.kind))),
                        Text(amount_text(r.kind, r.amount), justify="right"),
                        short(r.description, width),
                        short(r.resolution, width // 2),
                    ],
                )
            )
        self.query_one("#resources", KeyedTable).sync(rows)
        self._show_detail()

    def _table(self) -> KeyedTable:
        """The requirements or resources table, whichever was focused last."""
        focused = self.screen.focused
        if isinstance(focused, KeyedTable) and focused.id in ("requirements", "resources"):
            return focused
        return self.query_one(self._last, KeyedTable)

    def _current(self) -> Requirement | ResourceRequest | None:
        table = self._table()
        records = self.requirements if table.id == "requirements" else self.resources
        return records.get(int(table.cursor_key or 0))

    def _show_detail(self) -> None:
        record = self._current()
        box = self.query_one("#needs-detail", Static)
        if record is None:
            box.update(
                Content(
                    _("n adds a requirement or resource request to the focused list."),
                )
            )
            return
        from store.models import Requirement

        department = self.names.department(record.department_id)
        if isinstance(record, Requirement):
            parts: list[Any] = [
                (department, "bold"),
                " · ",
                state(PRIORITY, record.priority),
                " · ",
                state(REQUIREMENT_STATUS, record.status),
                "\n",
                strip_controls(record.text),
            ]
        else:
            parts = [
                (department, "bold"),
                " · ",
                _(RESOURCE_KIND.get(record.kind, record.kind)),
                f" · {amount_text(record.kind, record.amount)} · ",
                state(RESOURCE_STATUS, record.status),
                "\n",
                strip_controls(record.description),
            ]
            if record.resolution:
                parts += ["\n", (_("Resolution: "), "bold"), strip_controls(record.resolution)]
        box.update(Content.assemble(*parts))

    @on(DataTable.RowHighlighted, "#requirements, #resources")
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.has_focus:
            self._show_detail()

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, KeyedTable) and widget.id in ("requirements", "resources"):
            self._last = f"#{widget.id}"
            self._show_detail()

    # -- actions ------------------------------------------------------------------
    def can(self, action: str) -> bool:
        return action in ("new", "edit", "delete")

    def action_edit(self) -> None:
        record = self._current()
        if record is not None:
            self.open_form(self._spec(self._table().id or "", record))

    def action_new(self) -> None:
        self.open_form(self._spec(self._table().id or ""))

    def action_delete(self) -> None:
        from store import project

        record = self._current()
        if record is None:
            return
        self.delete_record(
            record,
            _("{department}'s collaboration confirmation will need signing again.").format(
                department=self.names.department(record.department_id)
            ),
            lambda store: project.delete_department_record(
                store, type(record), record.id, record.version
            ),
        )

    def _spec(self, kind: str, record: Any = None) -> FormSpec:
        """The form of a requirement or resource request, new (record None) or existing."""
        from store import project
        from store.models import Requirement, ResourceRequest

        store = self.app.store
        if kind == "requirements":
            model: type[Requirement | ResourceRequest] = Requirement
            title = _("Edit requirement") if record else _("New requirement")
            fields = [
                FormField("department_id", N_("Department"), "department", optional=False),
                FormField("text", N_("Requirement"), "text"),
                FormField("priority", N_("Priority"), "choice", _choices(PRIORITY), optional=False),
                FormField(
                    "status", N_("Status"), "choice", _choices(REQUIREMENT_STATUS), optional=False
                ),
            ]
        else:
            model = ResourceRequest
            title = _("Edit resource request") if record else _("New resource request")
            fields = [
                FormField("department_id", N_("Department"), "department", optional=False),
                FormField("kind", N_("Kind"), "choice", _choices(RESOURCE_KIND), optional=False),
                FormField("description", N_("Description"), optional=False),
                FormField(
                    "amount", N_("Amount"), "float", placeholder=_("persons, ¥ or units, by kind")
                ),
                FormField(
                    "status", N_("Status"), "choice", _choices(RESOURCE_STATUS), optional=False
                ),
                FormField("resolution", N_("Resolution"), "text"),
            ]
        departments = self.names.department_choices()
        if record is None:
            current = self._current()
            # The model's defaults (medium, proposed…), in the department under the cursor.
            values = {
                f.name: model.model_fields[f.name].default
                for f in fields
                if not model.model_fields[f.name].is_required()
            }
            values["department_id"] = current.department_id if current else None
            return FormSpec(
                title,
                model,
                fields,
                lambda values, _v: project.save_department_record(store, model(**values)),
                values=values,
                entity=kind,
                departments=departments,
            )
        return FormSpec.editing(
            title,
            record,
            fields,
            lambda values, version, base: project.save_department_record(
                store, record, version, base, **values
            ),
            departments=departments,
            create=lambda values: project.save_department_record(store, model(**values)),
        )
