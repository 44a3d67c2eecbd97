"""The risks screen's "Register" tab (风险登记表): every risk in a table sorted by any
column, the ``/`` filter, the selected risk's detail, and the keys that add, edit,
close, delete a risk or say it happened.

Rows are read in the database thread (``store.register.risk_rows``) and, after a
change, only the risks it names; the table (``LineTable``) draws only the rows on
screen and keeps its cursor on the same risk, through sorting and filtering. The
sorted order is kept until a row or the sort changes, so a filter only picks rows.

On a wide terminal the heat map sits above the detail (tab/shift+tab reach it):
its ``enter`` filters the register in place. Its counts are this tab's rows
(``store.register.count_cells``), handed to the screen for the Heat map tab too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from store import symbols as sym
from store.filters import Filter
from store.text import one_line
from tui.history import summary, when
from tui.i18n import N_, _
from tui.messages import DataChanged
from tui.modals.confirm import Confirm
from tui.modals.risk_form import LEVEL_LABELS, STATUS_LABELS, STRATEGY_LABELS
from tui.screens.risks.heatmap import HeatMapView, heat_map_notes
from tui.screens.risks.tab import RisksTab
from tui.tell import say, work
from tui.widgets.line_table import LineTable

if TYPE_CHECKING:
    from datetime import date

    from store.models import Issue, Risk
    from store.people import Names
    from store.register import HeatMap, RiskDetail, RiskRow

# The register's one-line filter as a user types it (store.risks.RISK_FILTER): syntax,
# not prose, so not translated.
FILTER_HINT = "text dept:R&D owner:li level:high status:open review mine p:4 i:5"
# Changed risks read one by one up to this many; more (an import) read them all.
FULL_RELOAD = 500
_LEVEL_RANK = {"high": 3, "medium": 2, "low": 1}


def level_text(level: str) -> str:
    """A level as its symbol, then its word."""
    return f"{sym.LEVEL.get(level, '?')} {_(LEVEL_LABELS.get(level, level))}"


class Column:
    """One column of the register: its title, width, and the value it sorts by."""

    def __init__(self, label: str, width: int, key: Any, descending: bool = False) -> None:
        self.label = label
        self.width = width  # in terminal cells (wider when its title needs it)
        self.key = key
        self.descending = descending  # the first direction a sort by it takes


COLUMNS = (
    Column(N_("ID"), 5, lambda r, t: r.id),
    Column(N_("Level"), 8, lambda r, t: (_LEVEL_RANK.get(r.level, 0), r.score or 0), True),
    Column(N_("Score"), 5, lambda r, t: r.score, True),
    Column(N_("Title"), 36, lambda r, t: r.title.casefold()),
    Column(N_("Owner · department"), 24, lambda r, t: t.owner(r).casefold()),
    Column(N_("Strategy"), 8, lambda r, t: r.strategy or None),
    Column(N_("Status"), 8, lambda r, t: list(STATUS_LABELS).index(r.status)
           if r.status in STATUS_LABELS else None),
    Column(N_("Trigger"), 20, lambda r, t: r.trigger.casefold() or None),
    Column(N_("Linked tasks"), 10, lambda r, t: r.task_ids[0] if r.task_ids else None),
    Column(N_("Next review"), 10, lambda r, t: r.next_review or None),
    Column(N_("Age"), 4, lambda r, t: r.created or None, True),
)  # fmt: skip
SCORE = 2
TITLE = 3  # the column before which a risk someone edits says "EDITING name"


def _load(store: Any) -> tuple[list[RiskRow], Names]:
    from store.people import names
    from store.register import risk_rows

    return risk_rows(store), names(store)


class RegisterTab(RisksTab):
    SHOWS: ClassVar[frozenset[str]] = frozenset({"risks"})
    WRITE_ACTIONS = frozenset({"new", "edit", "close_risk", "delete", "occurred"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New risk"), id="risks.new"),
        Binding("e", "edit", N_("Edit"), id="risks.edit"),
        Binding("o", "occurred", N_("It happened"), id="risks.occurred"),
        Binding("c", "close_risk", N_("Close risk"), id="risks.close"),
        Binding("d", "delete", N_("Delete"), show=False, id="risks.delete"),
        Binding("slash", "filter", N_("Filter"), id="risks.filter"),
        Binding("s", "sort", N_("Sort by the next column"), id="risks.sort"),
        Binding("S", "reverse", N_("Reverse the sort"), show=False, id="risks.reverse"),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="risks.clear"),
    ]

    class Counted(Message):
        """The heat map of the register's rows, after they were read or changed."""

        def __init__(self, counts: HeatMap) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self) -> None:
        super().__init__(_("Register"), id="register")
        self.rows: dict[int, RiskRow] = {}
        self.members: dict[int, tuple[str, str]] = {}
        self.departments: dict[int, str] = {}
        self.me: int | None = None
        self.loaded = False
        self.sort_column = SCORE
        self.descending = True
        self.filter = Filter()
        self._cells: dict[int, list[str]] = {}  # built cells by risk, until it changes
        self._order: list[RiskRow] | None = None  # every row sorted, until one changes
        # The sorted rows by heat-map value (``store.register.by_number``), with _order.
        self._by_number: dict[tuple[str, str], list[RiskRow]] | None = None
        self._stale: set[int] = set()
        self._stale_all = False
        self._wanted: int | None = None  # asked for before its row arrived
        self._today: date | None = None
        self._detail_id: int | None = None  # the risk the detail panel shows
        self._widths: list[int] = []  # of the columns, in terminal cells

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("filter: ") + FILTER_HINT, id="risk-filter", compact=True)
        with Horizontal(id="register-body"):
            labels = [f"{_(c.label)}  " for c in COLUMNS]
            self._widths = [
                max(c.width, cell_len(label)) for c, label in zip(COLUMNS, labels, strict=True)
            ]
            with Vertical(id="risk-list"):
                yield LineTable(labels, self._widths, mark_column=TITLE, id="risk-table")
                yield Static("", id="risk-count")
            with Vertical(id="risk-side"):
                yield HeatMapView(legend=False, id="register-map")
                with VerticalScroll(id="risk-detail"):
                    said = Content(_("Select a risk to see its detail."))
                    yield Static(said, id="risk-detail-text")

    @property
    def table(self) -> LineTable:
        return self.query_one("#risk-table", LineTable)

    def presence_changed(self) -> None:
        self.table.mark(self.app.presence.editing("risks"))

    def on_mount(self) -> None:
        self._label_columns()
        self.reload()

    def main(self) -> LineTable:
        return self.table

    # -- loading -------------------------------------------------------------------------
    @work(group="register-load", exclusive=True)
    async def reload(self) -> None:
        """Read every risk (a newer change or load cancels this one; it reads them too)."""
        from store import clock

        self._stale_all = True
        rows, names = await self.app.run_db(_load, self.app.store)
        self._stale_all = False
        self._today = clock.today()
        self.rows = {r.id: r for r in rows}
        self._set_names(names)
        self.loaded = True
        self._rows_changed()

    def _set_names(self, names: Names) -> None:
        self.members, self.departments, self.me = names.members, names.departments, names.me
        self._cells.clear()

    def apply_changes(self, message: DataChanged) -> None:
        touched = message.touched("risks", "members", "departments", "tasks")
        if not touched or not self.loaded:
            return
        if "members" in touched or "departments" in touched or self._stale_all:
            self.reload()
            return
        self._stale |= touched.get("risks", set())
        if len(self._stale) > FULL_RELOAD:
            self._stale.clear()
            self.reload()
        elif self._stale:
            self.refresh_rows()
        if "tasks" in touched:
            self._show_detail(again=True)

    @work(group="register-load", exclusive=True)
    async def refresh_rows(self) -> None:
        from store.register import risk_rows

        ids = set(self._stale)
        found = await self.app.run_db(risk_rows, self.app.store, ids)
        # Only now: a newer refresh that cancelled this one reads these ids as well.
        self._stale -= ids
        for risk_id in ids:
            self.rows.pop(risk_id, None)
            self._cells.pop(risk_id, None)
        self.rows.update((r.id, r) for r in found)
        self._rows_changed()
        if self._detail_id in ids:
            self._show_detail(again=True)

    def _rows_changed(self) -> None:
        """Sort again, show, and count the heat map's cells anew (a filter does not)."""
        from store.register import count_cells

        self._order = None
        self._show()
        counts = count_cells(self.rows.values())
        self.query_one("#register-map", HeatMapView).show_map(counts)
        self.post_message(self.Counted(counts))

    # -- the table -------------------------------------------------------------------------
    def owner(self, row: RiskRow) -> str:
        """ "Li Wei · R&D": the owner and the department."""
        name = self.members.get(row.owner_id or 0, ("", ""))[0]
        department = self.departments.get(row.department_id or 0, "")
        return " · ".join(part for part in (name, department) if part)

    def _row_cells(self, row: RiskRow) -> list[str]:
        found = self._cells.get(row.id)
        if found is not None:
            return found
        age = ""
        if row.created and self._today is not None:
            from datetime import date

            days = (self._today - date.fromisoformat(row.created)).days
            age = _("{n}d").format(n=days)
        values = (
            row.id,
            level_text(row.level),
            row.score,
            row.title,
            self.owner(row),
            _(STRATEGY_LABELS.get(row.strategy, row.strategy)),
            _(STATUS_LABELS.get(row.status, row.status)),
            row.trigger,
            " ".join(f"#{i}" for i in row.task_ids),
            row.next_review,
            age,
        )
        found = self._cells[row.id] = ["" if v is None else str(v) for v in values]
        return found

    def _matches(self) -> Any:
        from store.register import risk_field, risk_flag, risk_text

        today = self._today
        return self.filter.matcher(
            lambda r, name: today is not None and risk_flag(r, name, self.me, today),
            lambda r, key: risk_field(r, key, self.members, self.departments, _),
            lambda r: risk_text(r, self.members, self.departments),
        )

    def _sorted(self, rows: list[RiskRow]) -> list[RiskRow]:
        """By the sort column; rows without a value last either way, then by id."""
        column = COLUMNS[self.sort_column]
        # By id first: the sorts after it are stable, so equal values stay in id order
        # whichever of them changed last.
        keyed = [(column.key(r, self), r) for r in sorted(rows, key=lambda r: r.id)]
        present = [pair for pair in keyed if pair[0] is not None]
        present.sort(key=lambda pair: pair[0], reverse=self.descending)
        return [r for _k, r in present] + [r for k, r in keyed if k is None]

    def _key_cells(self, key: str) -> list[str]:
        return self._row_cells(self.rows[int(key)])

    def _show(self) -> None:
        from store.register import by_number, narrowed

        if self._order is None:
            self._order = self._sorted(list(self.rows.values()))
            self._by_number = None
        if self.filter:
            if self._by_number is None:
                self._by_number = by_number(self._order)
            match = self._matches()
            rows = narrowed(self._by_number, self.filter.values)
            shown = [str(r.id) for r in (self._order if rows is None else rows) if match(r)]
        else:
            shown = [str(r.id) for r in self._order]
        self.table.sync(shown, self._key_cells)
        self._count(len(shown))
        if self._wanted is not None:
            self.show_record("risks", self._wanted)
        self._show_detail()

    def _count(self, shown: int) -> None:
        total = len(self.rows)
        count = f"{shown}/{total}" if self.filter else str(total)
        column = COLUMNS[self.sort_column]
        mark = sym.SORTED_DOWN if self.descending else sym.SORTED_UP
        line = _("{count} risks · sorted by {column} {mark} (s: next column, S: reverse)").format(
            count=count, column=_(column.label), mark=mark
        )
        box = self.query_one("#risk-count", Static)
        if str(box.content) != line:
            box.update(Content(line), layout=False)  # one line, as wide as the table

    def _label_columns(self) -> None:
        """Each column's title, the sort column's with its direction."""
        for index, column in enumerate(COLUMNS):
            mark = " "
            if index == self.sort_column:
                mark = sym.SORTED_DOWN if self.descending else sym.SORTED_UP
            self.table.set_label(index, f"{_(column.label)} {mark}")

    def sort_by(self, index: int, descending: bool | None = None) -> None:
        self.sort_column = index
        self.descending = COLUMNS[index].descending if descending is None else descending
        self._label_columns()
        self._order = None
        self._show()

    def action_sort(self) -> None:
        self.sort_by((self.sort_column + 1) % len(COLUMNS))

    def action_reverse(self) -> None:
        self.sort_by(self.sort_column, not self.descending)

    @on(LineTable.HeaderClicked)
    def _header_clicked(self, event: LineTable.HeaderClicked) -> None:
        event.stop()
        if event.index == self.sort_column:
            self.action_reverse()
        else:
            self.sort_by(event.index)

    # -- the filter --------------------------------------------------------------------------
    @property
    def filter_box(self) -> Input:
        return self.query_one("#risk-filter", Input)

    def action_filter(self) -> None:
        self.filter_box.add_class("-shown")
        self.filter_box.focus()

    def set_filter(self, text: str) -> None:
        """Filter the register (the heat map's cells use it); the box shows the text."""
        from store.risks import RISK_FILTER

        box = self.filter_box
        if box.value != text:
            with box.prevent(Input.Changed):
                box.value = text
        box.set_class(bool(text), "-shown")
        self.filter = RISK_FILTER.parse(text)
        if self.loaded:
            self._show()

    @on(Input.Changed, "#risk-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.set_filter(event.value)

    @on(Input.Submitted, "#risk-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.set_filter("")
        self.table.focus()

    @on(HeatMapView.CellChosen, "#register-map")
    def _cell_chosen(self, event: HeatMapView.CellChosen) -> None:
        """The map's cell lists its risks here, in place; the cursor on the first."""
        event.stop()
        self.set_filter(event.text)
        if self.table.keys:
            self.table.seek(self.table.keys[0])

    def action_clear_filter(self) -> None:
        self.set_filter("")
        self.table.focus()

    # -- the detail panel ---------------------------------------------------------------------
    @property
    def current(self) -> RiskRow | None:
        key = self.table.cursor_key
        return self.rows.get(int(key)) if key else None

    def shown_record(self) -> tuple[str, int] | None:
        row = self.current
        return ("risks", row.id) if row is not None else None

    @on(LineTable.Highlighted, "#risk-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self, again: bool = False) -> None:
        """The selected risk's detail, read when the cursor moved to another (or ``again``)."""
        row = self.current
        if row is None and self._detail_id is not None:  # the filter hides every risk
            self._detail_id = None
            self._set_detail(Content(_("Select a risk to see its detail.")))
        elif row is not None and (again or row.id != self._detail_id):
            self._detail_id = row.id
            # After the frame that shows the cursor there: the read in the database
            # thread would slow that frame down.
            self.call_after_refresh(self.load_detail, row.id)

    @work(group="register-detail", exclusive=True)
    async def load_detail(self, risk_id: int) -> None:
        from store.errors import NotFound
        from store.register import risk_detail

        try:
            detail = await self.app.run_db(risk_detail, self.app.store, risk_id)
        except NotFound:  # deleted meanwhile: its change is on its way
            return
        self._set_detail(self.describe(detail))

    def _set_detail(self, text: Content) -> None:
        """The text at once; a new layout (a frame of the whole screen) only when its
        height changed, and after the frame that shows the table's change."""
        box = self.query_one("#risk-detail-text", Static)
        resized = text.plain.count("\n") != str(box.content).count("\n")
        box.update(text, layout=False)
        if resized:
            self.call_after_refresh(box.refresh, layout=True)

    def describe(self, detail: RiskDetail) -> Content:
        risk = detail.risk
        parts: list[Any] = [
            (f"#{risk.id} {level_text(risk.level)}", "bold"),
            f" {risk.score or ''}  ",
            (one_line(risk.title), "bold"),
            "\n",
        ]
        facts = [
            self.owner(self.rows[risk.id]) if risk.id in self.rows else "",
            _(STRATEGY_LABELS.get(risk.strategy or "", "")) if risk.strategy else "",
            _(STATUS_LABELS.get(risk.status, risk.status)),
        ]
        if risk.residual_score is not None and risk.residual_level is not None:
            facts.append(
                _("residual {score}").format(score=risk.residual_score)
                + f" {sym.LEVEL[risk.residual_level]}"
            )
        if risk.next_review:
            facts.append(_("review {date}").format(date=risk.next_review.isoformat()))
        parts += [one_line(" · ".join(f for f in facts if f)), "\n"]
        chain = [one_line(t) or "?" for t in (risk.cause, risk.event, risk.effect)]
        parts += [(_("Cause → event → effect") + "\n", "bold $accent"), " → ".join(chain), "\n"]
        for label, text in (
            (_("Response plan"), risk.response),
            (_("Trigger condition"), risk.trigger),
            (_("Contingency plan"), risk.contingency),
        ):
            parts += [(label + ": ", "bold $accent"), one_line(text) or "—", "\n"]
        parts += [(_("Linked tasks") + f" ({len(detail.tasks)})\n", "bold $accent")]
        for task in detail.tasks:
            mark = sym.TASK_STATUS.get(task.status, "?")
            parts += [f" {mark} #{task.id} ", one_line(task.title), f" · {task.end}\n"]
        parts += [(_("History") + f" ({len(detail.history)})\n", "bold $accent")]
        for entry in detail.history[:8]:
            parts += [f" {when(entry)} ", summary(entry, "risks"), "\n"]
        return Content.assemble(*parts)

    def help_notes(self) -> list[Content]:
        notes = [
            Content.styled(_("Filter ( / )"), "bold"),
            Content(FILTER_HINT),
            Content(
                _(
                    "Words match #id, title, category, trigger, owner or department. "
                    "level: status: strategy: kind: take the English or the Chinese word; "
                    "p:4 i:5 is a heat-map cell (rp: ri: after the response); review: due "
                    "for review by the end of this week; open: not closed; mine: yours. "
                    "escape clears."
                )
            ),
            Content(""),
            Content.styled(_("Sorting"), "bold"),
            Content(
                _(
                    "s sorts by the next column, S reverses; a click on a column's title "
                    "sorts by it, a second click reverses. {up} {down} mark the column."
                ).format(up=sym.SORTED_UP, down=sym.SORTED_DOWN)
            ),
        ]
        if self.query_one("#register-map", HeatMapView).display:
            notes += [Content(""), *heat_map_notes()]
        return notes

    # -- actions ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS and self.app.read_only:
            return False
        if action == "clear_filter":
            return bool(self.filter_box.value) or self.filter_box.has_class("-shown")
        return True

    @on(LineTable.Selected, "#risk-table")
    def _row_selected(self) -> None:
        if self.check_action("edit", ()):
            self.action_edit()

    def action_new(self) -> None:
        from tui.modals.risk_form import open_risk_form, risk_spec

        open_risk_form(self, risk_spec, None, self._saved)

    def action_edit(self) -> None:
        from tui.modals.risk_form import open_risk_form, risk_spec

        row = self.current
        if row is not None:
            open_risk_form(self, risk_spec, row.id, self._saved)

    def _saved(self, risk: Risk | None) -> None:
        if risk is None:
            return
        say(self, _("Saved #{id} {title}").format(id=risk.id, title=one_line(risk.title)))
        self.show_record("risks", risk.id)

    def action_occurred(self) -> None:
        from tui.modals.risk_form import occur_spec, open_risk_form

        row = self.current
        if row is None:
            return
        if row.status in ("occurred", "closed"):
            said = _("#{id} is {status} already").format(
                id=row.id, status=_(STATUS_LABELS[row.status])
            )
            say(self, said, severity="warning")
            return
        open_risk_form(self, occur_spec, row.id, self._occurred)

    def _occurred(self, saved: tuple[Risk, Issue] | None) -> None:
        if saved is None:
            return
        risk, issue = saved
        owner = self.members.get(issue.owner_id or 0, ("", ""))[0]
        say(
            self,
            _("Issue #{issue} “{title}” opened for {owner}, due {due}").format(
                issue=issue.id,
                title=one_line(issue.title),
                owner=one_line(owner) or "?",
                due=issue.due.isoformat() if issue.due else "?",
            ),
            title=_("#{id} occurred").format(id=risk.id),
        )

    @work(group="register-write")
    async def action_close_risk(self) -> None:
        from store.risks import close_risk

        row = self.current
        if row is None or row.status == "closed":
            return
        question = Confirm(
            _("Close risk #{id} {title}?").format(id=row.id, title=one_line(row.title)[:60]),
            yes=_("Close risk"),
            detail=_("It leaves the heat map; the register keeps it."),
        )
        if await self.app.push_screen_wait(question):
            seen = {"status": row.status}  # the one field it writes, as the user saw it
            await self.app.run_db(close_risk, self.app.store, row.id, row.version, seen)
            say(self, _("Closed #{id}").format(id=row.id))

    @work(group="register-write")
    async def action_delete(self) -> None:
        from store.risks import delete_risk

        row = self.current
        if row is None:
            return
        question = Confirm(
            _("Delete risk #{id} {title}?").format(id=row.id, title=one_line(row.title)[:60]),
            yes=_("Delete"),
            detail=_("Its issues stay; the change log keeps a copy."),
        )
        if await self.app.push_screen_wait(question):
            await self.app.run_db(delete_risk, self.app.store, row.id, row.version)
            say(self, _("Deleted #{id}").format(id=row.id))

    def show_record(self, entity: str, record_id: int) -> None:
        if not self.loaded or record_id not in self.rows:
            # Not read yet (a fresh screen, a save on its way): ``_show`` comes back here.
            self._wanted = record_id
            return
        self._wanted = None
        table = self.table
        if not table.seek(str(record_id)):
            self.set_filter("")
            table.seek(str(record_id))
        table.focus()
