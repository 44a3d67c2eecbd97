"""Dashboard (1): the project's health a PM checks each morning; every item opens its record."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import symbols as sym
from store.text import flat
from tui.i18n import N_, _, ngettext, weekday
from tui.messages import DataChanged
from tui.screens.base import XdeptScreen
from tui.task_issue import ACTION, raise_issue
from tui.task_issue import binding as issue_binding
from tui.tcss import css_beside
from tui.tell import work

if TYPE_CHECKING:
    from store.health import Health
    from store.models import Issue, Risk

# (id, symbol, title): the order on screen.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("slipping", sym.SLIPPING, N_("Slipping tasks (> 2 working days past baseline)")),
    ("due", sym.DUE, N_("Due this week")),
    ("risks", sym.HIGH, N_("Open high risks")),
    ("issues", sym.ISSUE, N_("Open issues")),
    ("interface", sym.INTERFACE, N_("Departments without an interface person")),
    ("gaps", sym.TO_FIX, N_("Resource gaps")),
    ("signoffs", sym.SIGN_OFF, N_("Missing sign-offs")),
    ("updates", sym.UPDATE, N_("Daily updates missing today")),
    ("minutes", sym.OVERDUE, N_("Minutes unpublished after 24 h")),
    ("milestone", sym.MILESTONE, N_("Next milestone")),
)

DOCUMENTS = {
    "charter": N_("Charter"),
    "collaboration": N_("Collaboration confirmation"),
    "baseline": N_("Plan baseline"),
}


def _line(*parts: str | tuple[str, str]) -> Content:
    """A list line from user text (shown literally, controls removed) and styled labels."""
    return Content.assemble(*(flat(p) if isinstance(p, str) else (flat(p[0]), p[1]) for p in parts))


class Items(OptionList):
    """A section's list: enter opens the highlighted record (shown as "Open" in the
    footer and help, which read the focused widget's keys first)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", N_("Open"), id="dashboard.open"),
    ]


class Section(Vertical):
    """A titled list of health items; empty sections say so (with the "done" symbol)."""

    DEFAULT_CSS = css_beside(__file__, "dashboard_section")

    def __init__(self, key: str, symbol: str, title: str) -> None:
        super().__init__(id=f"section-{key}")
        self.key = key
        self.symbol = symbol
        self.title_text = title
        # What the list shows (id, text, styles): a health read that leaves it as it was
        # leaves the list alone, so another user's change redraws only what it changed.
        self._shown: list[tuple[str, str, tuple]] | None = None
        self._items: list[tuple[str, Content]] | None = None  # the list it was given last

    def compose(self) -> ComposeResult:
        self.border_title = Content(f"{self.symbol} {_(self.title_text)}")
        yield Items(id=f"list-{self.key}")

    def show(self, items: list[tuple[str, Content]]) -> None:
        """Replace the items, keeping the highlight on the same record if it is still there."""
        if items is self._items:
            return
        self._items = items
        shown = [(key, prompt.plain, tuple(prompt.spans)) for key, prompt in items]
        if shown == self._shown:
            return
        self._shown = shown
        options = self.query_one(OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        self.border_title = Content(f"{self.symbol} {_(self.title_text)} ({len(items)})")
        options.clear_options()
        if not items:
            options.add_option(Option(Content(f"{sym.DONE} " + _("none")), disabled=True))
            return
        options.add_options(Option(prompt, id=key) for key, prompt in items)
        ids = [key for key, _p in items]
        options.highlighted = ids.index(highlighted) if highlighted in ids else 0


def _who(health: Health, member_id: int | None) -> str:
    """An owner as the dashboard names them: "Li Wei (R&D)"."""
    member = health.members.get(member_id or 0)
    if member is None:
        return _("no owner")
    department = health.departments.get(member.department_id)
    return f"{member.name} ({department.name})" if department else member.name


class DashboardScreen(XdeptScreen):
    # Textual annotates it ClassVar[...] | None, which a checker reads as per instance.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-narrow"),
        (110, "-wide"),
        (170, "-very-wide"),
    ]
    DEFAULT_CSS = css_beside(__file__)
    WRITE_ACTIONS = frozenset({ACTION})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab", "app.focus_next", N_("Next section"), show=False, id="dashboard.app_focus_next"
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            N_("Previous section"),
            show=False,
            id="dashboard.app_focus_previous",
        ),
        issue_binding("dashboard"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._placed = False  # focus put on the first record once
        self._risks_read_at = 0.0  # time.monotonic() when the open high risks were read
        self._health_pending = False  # a health read arrived while another screen was shown
        # Section → (the health's list it was built from, the members, the departments,
        # its lines): a read that kept a list (store/health.py) keeps its lines.
        self._built: dict[str, tuple[object, object, object, list[tuple[str, Content]]]] = {}

    def compose_body(self) -> ComposeResult:
        # Not focusable itself: focus goes to a list, where enter opens the record.
        with VerticalScroll(id="sections", can_focus=False):
            for key, symbol, title in SECTIONS:
                yield Section(key, symbol, title)

    def on_mount(self) -> None:
        super().on_mount()
        if self.app.health is not None:
            self.health_changed()

    def on_screen_resume(self) -> None:
        if self._health_pending:
            self.health_changed()

    def health_changed(self) -> None:
        """Show the health just read; while another screen is shown, only once this one
        is again (a card moved on the board reads the health: its 20,000 lines waited)."""
        health = self.app.health
        if health is None:
            return
        if not self.is_current:
            self._health_pending = True
            return
        self._health_pending = False
        for key, items in self.items(health).items():
            if key == "risks" and self.app.health_read_at < self._risks_read_at:
                continue  # read before the risks this screen read since
            self.query_one(f"#section-{key}", Section).show(items)
        if not self._placed:
            self._placed = True
            self._focus_first_item()

    def _focus_first_item(self) -> None:
        """On first showing, focus the first list with a record, so enter opens it."""
        lists = list(self.query(OptionList))
        with_items = [o for o in lists if o.option_count and not o.get_option_at_index(0).disabled]
        (with_items or lists)[0].focus()

    def apply_changes(self, message: DataChanged) -> None:
        """Records changed: the app recomputes health (at most once a second) and calls
        health_changed; the open high risks are read at once, so a risk added anywhere
        is listed without waiting for it."""
        if message.touched("risks"):
            self._read_risks()

    @work(group="dashboard-risks", exclusive=True)
    async def _read_risks(self) -> None:
        from store.risks import open_high

        read_at = time.monotonic()
        risks = await self.app.run_db(open_high, self.app.store)
        self._risks_read_at = read_at
        if self.app.health is not None:
            items = self._risk_items(risks, self.app.health)
            self.query_one("#section-risks", Section).show(items)

    def _risk_items(self, risks: list[Risk], health: Health) -> list[tuple[str, Content]]:
        return [
            (
                f"risks:{r.id}",
                _line((f"{sym.HIGH} ", "$error"), r.title, " · ", _who(health, r.owner_id)),
            )
            for r in risks
        ]

    def _kept(
        self, key: str, health: Health, source: object, build: Callable[[], list]
    ) -> list[tuple[str, Content]]:
        """``build()``, or the lines built last time from the same ``source`` list with
        the same people and departments."""
        built = self._built.get(key)
        if (
            built is not None
            and built[0] is source
            and built[1] is health.members
            and built[2] == health.departments
        ):
            return built[3]
        lines = build()
        self._built[key] = (source, health.members, health.departments, lines)
        return lines

    def items(self, health: Health) -> dict[str, list[tuple[str, Content]]]:
        departments = health.departments
        who = partial(_who, health)

        return {
            "slipping": self._kept(
                "slipping",
                health,
                health.slipping,
                lambda: [
                    (
                        f"tasks:{s.task.id}",
                        _line(
                            (f"#{s.task.id} ", "dim"),
                            s.task.title,
                            " · ",
                            who(s.task.owner_id),
                            (f" · {sym.SLIPPING}+" + _("{n} wd").format(n=s.days), "bold $warning"),
                        ),
                    )
                    for s in health.slipping
                ],
            ),
            "due": [
                (
                    f"tasks:{t.id}",
                    _line(
                        (f"#{t.id} ", "dim"),
                        t.title,
                        " · ",
                        who(t.owner_id),
                        " · ",
                        f"{weekday(t.end)} {t.end:%m-%d}",
                    ),
                )
                for t in health.due_this_week
            ],
            "risks": self._kept(
                "risks",
                health,
                health.high_risks,
                lambda: self._risk_items(health.high_risks, health),
            ),
            "issues": [(f"issues:{i.id}", self._issue_line(i, health)) for i in health.open_issues],
            "interface": [(f"departments:{d.id}", _line(d.name)) for d in health.without_interface],
            "gaps": [
                (
                    f"resource_requests:{g.id}",
                    _line(
                        g.description,
                        " · ",
                        departments[g.department_id].name if g.department_id in departments else "",
                    ),
                )
                for g in health.gaps
            ],
            "signoffs": [
                (f"signoffs:{d.id}:{doc}", _line((_(DOCUMENTS[doc]), "bold"), " · ", d.name))
                for doc, d in health.missing_signoffs
            ],
            "updates": [
                (
                    f"missing_updates:{m.id}",
                    _line(m.name, " · ", departments[m.department_id].name)
                    if m.department_id in departments
                    else _line(m.name),
                )
                for m in health.missing_updates
            ],
            "minutes": [
                (f"meetings:{m.id}", _line(m.title, " · ", m.date.isoformat()))
                for m in health.unpublished
            ],
            "milestone": (
                [
                    (
                        f"milestones:{health.next_milestone.id}",
                        _line(
                            (f"{sym.MILESTONE} ", "$accent"),
                            health.next_milestone.name,
                            " · ",
                            health.next_milestone.date.isoformat(),
                            (
                                " · "
                                + ngettext(
                                    "in {n} day", "in {n} days", health.days_to_milestone
                                ).format(n=health.days_to_milestone),
                                "bold",
                            ),
                        ),
                    )
                ]
                if health.next_milestone and health.days_to_milestone is not None
                else []
            ),
        }

    @staticmethod
    def _issue_line(issue: Issue, health: Health) -> Content:
        """ "#3 title · waits on (role symbol) Zhang Wei · level 1 · due 11-20"."""
        from tui.escalation import waits_on

        who = health.chain.waits_on(issue) if health.chain else None
        parts: list[str | tuple[str, str]] = [
            (f"#{issue.id} ", "dim"),
            issue.title,
            " · ",
            _("waits on {who}").format(who=waits_on(issue.escalation, who)),
        ]
        if issue.escalation:
            parts.append((" · " + _("level {n}").format(n=int(issue.escalation)), "bold"))
        if issue.due is not None:
            due = _("due {date}").format(date=f"{issue.due:%m-%d}")
            late = issue.due < health.today
            parts.append((f" · {sym.SLIPPING} {due}", "bold $warning") if late else f" · {due}")
        return _line(*parts)

    def action_raise_issue(self) -> None:
        """``!`` on a task line (slipping, due this week) opens an issue for it."""
        focused = self.focused
        option = focused.highlighted_option if isinstance(focused, OptionList) else None
        entity, _sep, record_id = (option.id or "").partition(":") if option else ("", "", "")
        raise_issue(self, int(record_id) if entity == "tasks" else None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def _open(self, option_id: str | None) -> None:
        if not option_id:
            return
        entity, record_id, *_rest = option_id.split(":")
        self.app.goto(entity, int(record_id))
