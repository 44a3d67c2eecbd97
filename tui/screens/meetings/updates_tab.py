"""The meetings screen's "Daily updates" tab (日报): one day's updates by department
(done / next / blockers), who has not posted (interface persons first), and earlier
days a key away (``[`` / ``]`` move the day inside this tab).

A blocker becomes an issue (``I``: who handles it, by when) or a risk (``R``: the
quick risk line, filled with the blocker and linked to the update) with one key.
The day is read in one pass (``store.update_view.updates_day``); every change of
updates or people reaches the tab once, through ``apply_changes``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from store import clock
from store import symbols as sym
from store.text import one_line
from tui.i18n import N_, _, weekday
from tui.messages import DataChanged
from tui.screens.meetings.table_tab import TableTab
from tui.tell import say, work
from tui.widgets.table import cell

if TYPE_CHECKING:
    from store.models import DailyUpdate
    from store.update_view import UpdatesDay

COLUMNS = (N_("Department"), N_("Member"), N_("Done"), N_("Next"), N_("Blockers"))
CUT = 30  # cells of done / next / blockers in the table (the detail shows them whole)
# What a change of these entities can alter in the day shown.
SHOWN_ENTITIES = ("daily_updates", "members", "departments")


def day_label(day: date) -> str:
    """ "Mon 2026-11-23", the weekday in the user's language."""
    return f"{weekday(day)} {day.isoformat()}"


class UpdatesTab(TableTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"daily_updates", "missing_updates"})
    WRITE_ACTIONS = frozenset({"issue", "risk"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "day(-1)", N_("Earlier day"), id="updates.earlier"),
        Binding("right_square_bracket", "day(1)", N_("Later day"), id="updates.later"),
        Binding("t", "today", N_("Today"), show=False, id="updates.today"),
        Binding("I", "issue", N_("Blocker → issue"), id="updates.issue"),
        Binding("R", "risk", N_("Blocker → risk"), id="updates.risk"),
    ]

    KEY = "updates"
    COLUMNS = COLUMNS
    LOADING = N_("Loading the daily updates…")

    def __init__(self) -> None:
        super().__init__(_("Daily updates"), "updates")
        self.day = clock.today()
        self.view: UpdatesDay | None = None
        self.by_id: dict[int, DailyUpdate] = {}

    def compose_above(self) -> ComposeResult:
        yield Static("", id="updates-day")

    # -- loading -------------------------------------------------------------------------
    @work(group="updates-load", exclusive=True)
    async def reload(self) -> None:
        from store.update_view import updates_day

        self.view = await self.app.run_db(updates_day, self.app.store, self.day)
        self.by_id = {u.id: u for u in self.view.updates}
        self._show()

    def apply_changes(self, message: DataChanged) -> None:
        if message.touched(*SHOWN_ENTITIES):
            self.reload()

    def action_day(self, step: int) -> None:
        """An earlier or later day, up to today (nobody posts tomorrow's update)."""
        day = min(self.day + timedelta(days=step), clock.today())
        if day != self.day:
            self.day = day
            self.reload()

    def action_today(self) -> None:
        self.day = clock.today()
        self.reload()

    # -- what it shows ---------------------------------------------------------------------
    def _show(self) -> None:
        view = self.view
        if view is None:
            return
        warning = f"bold {self.app.theme_variables.get('warning', 'yellow')}"
        rows = []
        for update in view.updates:
            member = view.members.get(update.member_id)
            department = view.departments.get(member.department_id) if member else None
            blockers = (f"{sym.BLOCKED} " + update.blockers) if update.blockers else ""
            rows.append(
                (
                    str(update.id),
                    [
                        cell(department.name if department else ""),
                        cell(_person(member) if member else "?"),
                        cell(update.done, cells=CUT),
                        cell(update.next, cells=CUT),
                        cell(blockers, warning, CUT),
                    ],
                )
            )
        self.table.sync(rows)
        heading = Content.assemble(
            (f"{sym.UPDATE} " + day_label(view.day), "bold"),
            "  ",
            _("{posted} posted · {missing} not yet").format(
                posted=len(view.updates), missing=len(view.missing)
            ),
            ("   [ ] " + _("earlier / later day"), "dim"),
        )
        self.query_one("#updates-day", Static).update(heading)
        self.seek_wanted()
        self._show_detail()

    @property
    def current(self) -> DailyUpdate | None:
        key = self.table.cursor_key
        return self.by_id.get(int(key)) if key else None

    @on(DataTable.RowHighlighted, "#updates-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        view = self.view
        if view is None:
            return
        parts: list[Any] = []
        update = self.current
        if update is not None:
            member = view.members.get(update.member_id)
            parts += [(one_line(member.name) if member else "?", "bold"), f"  #{update.id}\n"]
            for label, text, style in (
                (_("Done"), update.done, ""),
                (_("Next"), update.next, ""),
                (_("Blockers"), update.blockers, "bold $warning"),
            ):
                if text:
                    mark = f"{sym.BLOCKED} " if style else ""
                    parts += [(f"{mark}{label}: ", "bold " + style), text, "\n"]
            if update.blockers:
                parts += [(_("I makes it an issue, R a risk") + "\n", "dim")]
            parts.append("\n")
        elif not view.updates:
            parts.append(_("No daily updates on this day.") + "\n\n")
        parts.append((_("Not posted yet ({n})").format(n=len(view.missing)), "bold $accent"))
        for member in view.missing:
            department = view.departments.get(member.department_id)
            mark = f"{sym.INTERFACE} " if member.is_interface else "  "
            where = f" · {one_line(department.name)}" if department else ""
            parts += ["\n", mark, one_line(member.name), (where, "dim")]
        self.show_detail_text(Content.assemble(*parts))

    def show_record(self, entity: str, record_id: int) -> None:
        """An update (the palette, a risk's source), or today's missing updates (the
        dashboard's line names a member who has not posted)."""
        if entity == "missing_updates":
            if self.day != clock.today():
                self.action_today()
            self.table.focus()
        else:
            self.seek(record_id)

    def shows(self, record_id: int) -> bool:
        return record_id in self.by_id

    # -- a blocker becomes an issue or a risk ----------------------------------------------
    def _blocked(self) -> DailyUpdate | None:
        """The selected update if it names a blocker; else says why nothing happens."""
        update = self.current
        if update is None or not update.blockers:
            say(self, _("Select an update that names a blocker"), severity="warning")
            return None
        return update

    def action_issue(self) -> None:
        from store.meetings import issue_from_blocker
        from store.models import Issue
        from tui.modals.form import FormSpec
        from tui.modals.risk_form import OCCUR_FIELDS

        update = self._blocked()
        if update is None or self.view is None:
            return
        store = self.app.store
        members = sorted(
            ((m.name, m.id) for m in self.view.members.values()), key=lambda p: p[0].casefold()
        )

        def save(values: dict[str, Any], _version: object) -> Issue:
            return issue_from_blocker(store, update.id, values["owner_id"], values["due"])

        spec = FormSpec(
            _("Blocker of update #{id} → issue: who handles it, by when?").format(id=update.id),
            Issue,
            OCCUR_FIELDS,
            save,
            values={"title": update.blockers, "owner_id": update.member_id},
            entity="issues",
            members=members,
        )
        self.app.forms.open(spec, self._issue_saved)

    def _issue_saved(self, issue: Any) -> None:
        if issue is not None:
            say(
                self,
                _("Issue #{id} opened: {title}").format(id=issue.id, title=one_line(issue.title)),
            )

    def action_risk(self) -> None:
        from tui.modals.quick_risk import open_quick_risk

        update = self._blocked()
        if update is not None:
            open_quick_risk(self.app, {"update_id": update.id}, one_line(update.blockers))


def _person(member: Any) -> str:
    """A member's name, marked when they are their department's interface person."""
    return f"{sym.INTERFACE} {member.name}" if member.is_interface else member.name
