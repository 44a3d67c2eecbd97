"""The sign-offs tab: who signed each department's charter, collaboration confirmation
and plan baseline (签字), and signing one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store import symbols as sym
from store.text import one_line
from tui.i18n import N_, _
from tui.modals.confirm import Confirm
from tui.modals.line_prompt import LinePrompt
from tui.screens.charter.tab import CharterTab
from tui.tell import say, work
from tui.widgets.table import KeyedTable, cell

if TYPE_CHECKING:
    from store.charter import CharterView, Signatures
    from store.models import Member

# document → (column label, full name)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "charter": (N_("Charter"), N_("the charter")),
    "collaboration": (N_("Collaboration"), N_("the collaboration confirmation")),
    "baseline": (N_("Baseline"), N_("the plan baseline")),
}


class SignoffsTab(CharterTab):
    """A department per row, a document per column; s signs the cell under the cursor."""

    PART = "signoffs"
    SHOWS: ClassVar[dict[str, str]] = {"signoffs": "signoffs", "departments": "signoffs"}

    def __init__(self) -> None:
        super().__init__(_("Sign-offs"), id="tab-signoffs")
        self.signatures: Signatures = {}
        self.has_baseline = False
        self.me: Member | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            # The department stays in view when the documents scroll sideways (80 columns).
            yield KeyedTable(
                [_("Department"), *(_(label) for label, _full in DOCUMENTS.values())],
                id="signoffs",
                fixed_columns=1,
            )
            yield Static("", id="signoff-detail", classes="detail")

    def on_mount(self) -> None:
        self.query_one("#signoffs", KeyedTable).cursor_type = "cell"

    def main(self) -> Widget:
        return self.query_one("#signoffs")

    def show(self, view: CharterView) -> None:
        self.signatures = view.signatures
        self.has_baseline = view.has_baseline
        self.me = view.me
        super().show(view)

    def _cell(self, document: str, department_id: int) -> Text:
        signoff = self.signatures.get((document, department_id))
        if signoff is None:
            if document == "baseline" and not self.has_baseline:
                return cell("— " + _("no baseline"), "dim")
            return cell(f"{sym.TO_FIX} " + _("missing"), "bold")
        name = self.names.member(signoff.signed_by_id)
        if signoff.outdated and self.wide:
            return cell(
                f"{sym.OUTDATED} " + _("outdated — signed by {name}").format(name=name), "italic"
            )
        if signoff.outdated:  # short enough for the three documents to fit 80 columns
            return cell(
                f"{sym.OUTDATED} {name} {signoff.signed_at[5:10]} " + _("outdated"), "italic"
            )
        if self.wide:
            text = f"{sym.DONE} " + _("signed by {name} {date}").format(
                name=name, date=signoff.signed_at[:10]
            )
        else:
            text = f"{sym.DONE} {name} {signoff.signed_at[5:10]}"
        if signoff.on_behalf:
            text += " " + _("(for head)")
        return cell(text)

    def redraw(self) -> None:
        rows = [
            (
                str(d.id),
                [cell(d.name), *(self._cell(doc, d.id) for doc in DOCUMENTS)],
            )
            for d in sorted(self.names.departments.values(), key=lambda d: d.name.casefold())
        ]
        table = self.query_one("#signoffs", KeyedTable)
        first = not table.row_count
        table.sync(rows)
        if first and rows:  # start on the first document, not on the department's name
            table.move_cursor(column=1, animate=False)
        self._show_detail()

    def _target(self) -> tuple[str, int] | None:
        """(document, department id) under the cursor."""
        table = self.query_one("#signoffs", KeyedTable)
        key = table.cursor_key
        if key is None or not 1 <= table.cursor_column <= len(DOCUMENTS):
            return None
        return list(DOCUMENTS)[table.cursor_column - 1], int(key)

    def _show_detail(self) -> None:
        target = self._target()
        parts: list[Any] = []
        if target is not None:
            document, department_id = target
            head = next(
                (
                    m.name
                    for m in self.names.members.values()
                    if m.department_id == department_id and m.is_head
                ),
                None,
            )
            parts += [
                (self.names.department(department_id), "bold"),
                " · ",
                _(DOCUMENTS[document][1]),
                ": ",
                self._cell(document, department_id).plain,
                "\n",
                _("Head: {name}").format(name=head)
                if head
                else f"{sym.TO_FIX} " + _("no head named"),
                "\n",
            ]
            signoff = self.signatures.get(target)
            if signoff is not None:
                parts += [
                    (
                        _("Signed {at} by {name}{behalf}, document version {v}.").format(
                            at=signoff.signed_at[:16].replace("T", " "),
                            name=self.names.member(signoff.signed_by_id),
                            behalf=" " + _("on behalf of the head") if signoff.on_behalf else "",
                            v=signoff.document_version,
                        ),
                        "dim",
                    ),
                    "\n",
                ]
                if signoff.reason:
                    parts += [_("Reason: {reason}").format(reason=one_line(signoff.reason)), "\n"]
        rule = _("The head signs; the PM may sign on the head's behalf.")
        if self.app.read_only:
            who = _("Read-only: signing is off.")
        elif self.me is None:
            who = _("You ({login}) are not on the roster: set your login there to sign.").format(
                login=one_line(self.app.store.actor or "")
            )
        else:
            who = _("s signs as {name}.").format(name=one_line(self.me.name))
        parts += [(f"{rule} {who}", "dim")]
        self.query_one("#signoff-detail", Static).update(Content.assemble(*parts))

    @on(DataTable.CellHighlighted, "#signoffs")
    def _moved(self) -> None:
        self._show_detail()

    def can(self, action: str) -> bool:
        return action == "sign"

    @work(group="charter-sign", exclusive=True)
    async def action_sign(self) -> None:
        from store import people, project
        from store.models import Document

        target = self._target()
        if target is None:
            say(self, _("Move to a document's column (← →) to sign it."), severity="warning")
            return
        document, department_id = target
        department = self.names.departments.get(department_id)
        if department is None:
            return
        if document == "baseline" and not self.has_baseline:
            say(
                self,
                _("There is no plan baseline to sign yet: fix the plan first."),
                severity="warning",
                timeout=6,
            )
            return
        signer = await self.app.run_db(
            people.member_for_login, self.app.store, self.app.store.actor or ""
        )
        if signer is None:
            say(
                self,
                _(
                    "You ({login}) are not on the roster: set your login on the Roster (3) to sign."
                ).format(login=self.app.store.actor),
                severity="error",
                timeout=8,
            )
            return
        on_behalf = project.signs_on_behalf(signer, department)  # refused: said by ``work``
        question = (
            _("Sign {document} for {department} as {name} (on behalf of the head)?")
            if on_behalf
            else _("Sign {document} for {department} as {name}?")
        ).format(
            document=_(DOCUMENTS[document][1]),
            department=one_line(department.name),
            name=one_line(signer.name),
        )
        current = self.signatures.get(target)
        detail = ""
        if current is not None:
            state = self._cell(document, department_id).plain
            detail = (
                _("Now: {state}").format(state=state)
                if current.outdated
                else _("Already signed: {state}. Signing again records a new signature.").format(
                    state=state
                )
            )
        if on_behalf:  # the reason is shown beside the signature
            reason = await self.app.push_screen_wait(
                LinePrompt(
                    question + " " + _("Why can the head not sign?"), "", detail, enter=_("Sign")
                )
            )
        elif await self.app.push_screen_wait(Confirm(question, yes=_("Sign"), detail=detail)):
            reason = ""
        else:
            reason = None
        if reason is not None:
            await self.app.run_db(
                project.sign, self.app.store, Document(document), department_id, signer, reason
            )
            say(
                self,
                _("Signed {document} for {department}").format(
                    document=_(DOCUMENTS[document][1]), department=one_line(department.name)
                ),
            )
