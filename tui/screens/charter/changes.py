"""The change requests tab: requirement changes proposed, approved or rejected (变更审批)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store import symbols as sym
from store.text import one_line, strip_controls
from tui.i18n import N_, _
from tui.modals.confirm import Confirm
from tui.modals.form import FormField, FormSpec
from tui.screens.charter.tab import CELL_MAX, CharterTab, short, state
from tui.tell import say, work
from tui.widgets.table import KeyedTable, cell

if TYPE_CHECKING:
    from store.charter import CharterView
    from store.models import ChangeRequest, Requirement

CHANGE_STATUS = {
    "proposed": (sym.PENDING, N_("proposed")),
    "approved": (sym.DONE, N_("approved")),
    "rejected": (sym.REJECTED, N_("rejected")),
}


class ChangesTab(CharterTab):
    """Open requests first; n proposes one, y approves and x rejects the one under the
    cursor."""

    PART = "changes"
    SHOWS: ClassVar[dict[str, str]] = {"change_requests": "changes"}

    def __init__(self) -> None:
        super().__init__(_("Change requests"), id="tab-changes")
        self.changes: dict[int, ChangeRequest] = {}
        self.requirements: dict[int, Requirement] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield KeyedTable(
                [
                    _("Status"),
                    "#",
                    _("Title"),
                    _("Requirement"),
                    _("Proposed by"),
                    _("Decided by"),
                ],
                id="changes",
            )
            yield Static("", id="change-detail", classes="detail")

    def main(self) -> Widget:
        return self.query_one("#changes")

    def show(self, view: CharterView) -> None:
        self.changes = {c.id: c for c in view.change_requests}
        self.requirements = {r.id: r for r in view.requirements}
        super().show(view)

    def redraw(self) -> None:
        login = self.names.login
        rows = []
        for c in sorted(self.changes.values(), key=lambda c: (c.status != "proposed", -c.id)):
            decided = ""
            if c.decided_by:
                decided = f"{login(c.decided_by)} {(c.decided_at or '')[:10]}"
            rows.append(
                (
                    str(c.id),
                    [
                        cell(
                            state(CHANGE_STATUS, c.status),
                            "bold" if c.status == "proposed" else "",
                        ),
                        cell(c.id),
                        short(c.title, CELL_MAX[self.wide]),
                        cell(f"#{c.requirement_id}" if c.requirement_id else ""),
                        cell(login(c.proposed_by)),
                        cell(decided),
                    ],
                )
            )
        self.query_one("#changes", KeyedTable).sync(rows)
        self._show_detail()

    def _current(self) -> ChangeRequest | None:
        return self.changes.get(int(self.query_one("#changes", KeyedTable).cursor_key or 0))

    def _show_detail(self) -> None:
        change = self._current()
        box = self.query_one("#change-detail", Static)
        if change is None:
            box.update(Content(_("n proposes a requirement change; y approves, x rejects.")))
            return
        parts: list[Any] = [(strip_controls(change.title), "bold"), "\n"]
        requirement = self.requirements.get(change.requirement_id or 0)
        if requirement is not None:
            parts += [
                (_("Requirement: "), "bold"),
                f"#{requirement.id} {self.names.department(requirement.department_id)}: ",
                one_line(requirement.text),
                "\n",
            ]
        parts += [strip_controls(change.description) or (_("(no description)"), "dim")]
        box.update(Content.assemble(*parts))

    @on(DataTable.RowHighlighted, "#changes")
    def _moved(self) -> None:
        self._show_detail()

    # -- actions ------------------------------------------------------------------
    def can(self, action: str) -> bool:
        return action in ("new", "approve", "reject")

    def action_new(self) -> None:
        from store import project
        from store.models import ChangeRequest

        store = self.app.store
        fields = [
            FormField("title", N_("Title"), optional=False),
            FormField("description", N_("Description"), "text"),
            FormField("requirement_id", N_("Requirement"), "choice", self._requirement_choices()),
        ]
        self.open_form(
            FormSpec(
                _("Propose a requirement change"),
                ChangeRequest,
                fields,
                lambda values, _v: project.propose_change(store, ChangeRequest(**values)),
                entity="change_requests",
            )
        )

    def _requirement_choices(self) -> tuple[tuple[str, int], ...]:
        department = self.names.department
        return tuple(
            (short(f"#{r.id} {department(r.department_id)}: {r.text}", 56).plain, r.id)
            for r in self.requirements.values()
        )

    def action_approve(self) -> None:
        self._decide(True)

    def action_reject(self) -> None:
        self._decide(False)

    def _decide(self, approve: bool) -> None:
        change = self._current()
        if change is None:
            return
        if change.status != "proposed":
            say(
                self,
                _("Change request #{id} was already {status}.").format(
                    id=change.id, status=state(CHANGE_STATUS, change.status)
                ),
                severity="warning",
            )
            return
        question = (
            _("Approve change request #{id} “{title}”?")
            if approve
            else _("Reject change request #{id} “{title}”?")
        ).format(id=change.id, title=one_line(change.title))

        def answered(yes: bool | None) -> None:
            if yes:
                self.decide(change, approve)

        self.app.push_screen(
            Confirm(question, yes=_("Approve") if approve else _("Reject")), answered
        )

    @work(group="charter-write")
    async def decide(self, change: ChangeRequest, approve: bool) -> None:
        from store import project

        saved = await self.app.run_db(
            project.decide_change, self.app.store, change.id, change.version, approve
        )
        say(
            self,
            _("Change request #{id} is {status}").format(
                id=saved.id, status=state(CHANGE_STATUS, saved.status)
            ),
        )
