"""What every tab of the charter screen shares: the names it shows, its cells, its forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.message import Message

from store.text import one_line
from tui.i18n import _
from tui.modals.confirm import Confirm
from tui.modals.form import FormSpec, RecordForm
from tui.screens.tabs import ScreenTab
from tui.tell import say, work
from tui.widgets.table import KeyedTable, cell

if TYPE_CHECKING:
    from store.charter import CharterView
    from store.db import Store
    from store.models import Department, Member

# Longest requirement or description shown in a table cell (narrow, wide); the detail
# line has all of it.
CELL_MAX = {False: 34, True: 90}


def state(labels: dict[str, tuple[str, str]], value: str) -> str:
    """A state as its symbol (store.symbols) and its translated word."""
    symbol, label = labels.get(value, ("?", value))
    return f"{symbol} {_(label)}"


def short(value: str, width: int) -> Text:
    """User text as one literal line cut to ``width`` cells with an ellipsis."""
    text = cell(value)
    text.truncate(width, overflow="ellipsis")
    return text


class Names:
    """The departments and members by id: every tab names them."""

    def __init__(self, departments: Iterable[Department] = (), members: Iterable[Member] = ()):
        self.departments = {d.id: d for d in departments}
        self.members = {m.id: m for m in members}

    def department(self, department_id: int | None) -> str:
        department = self.departments.get(department_id or 0)
        return one_line(department.name) if department else ""

    def member(self, member_id: int | None) -> str:
        member = self.members.get(member_id or 0)
        return one_line(member.name) if member else ""

    def login(self, login: str) -> str:
        """A login as the person's name when the roster knows it."""
        return one_line(next((m.name for m in self.members.values() if m.login == login), login))

    def department_choices(self) -> list[tuple[str, int]]:
        return [
            (d.name, d.id)
            for d in sorted(self.departments.values(), key=lambda d: d.name.casefold())
        ]

    def member_choices(self) -> list[tuple[str, int]]:
        return [
            (f"{m.name} ({self.department(m.department_id)})", m.id)
            for m in sorted(self.members.values(), key=lambda m: m.name.casefold())
        ]


class CharterTab(ScreenTab):
    """One tab of the charter: its records, tables, detail and actions.

    The keys are the screen's (one key line whichever widget has focus, the tab
    strip included); a key runs the active tab's ``action_…`` when ``can`` says
    the tab has it. The tab updates from data only in ``show``: after its own save
    it says so and asks, with ``Saved``, for the cursor on the record.
    """

    # The part of the charter view it shows (store.charter.PARTS).
    PART: ClassVar[str]
    # Entity → the id of the table that lists it ("" for the tab's main widget).
    SHOWS: ClassVar[dict[str, str]]

    class Saved(Message):
        """A record was saved from this tab: put the cursor on it once it is shown."""

        def __init__(self, entity: str, record_id: int) -> None:
            super().__init__()
            self.entity = entity
            self.record_id = record_id

    def __init__(self, title: str, id: str) -> None:
        super().__init__(title, id=id)
        self.names = Names()
        self.wide = False
        self.loaded = False

    def show(self, view: CharterView) -> None:
        """Keep this tab's records from ``view`` and draw them."""
        self.loaded = True
        self.redraw()

    def redraw(self) -> None:
        """Draw the records ``show`` kept (again when the width class changed)."""
        raise NotImplementedError

    def can(self, action: str) -> bool:
        """Whether this tab has ``action`` now (read-only mode is the screen's check)."""
        return False

    def seek(self, entity: str, record_id: int) -> bool:
        """Focus the table listing ``entity`` with its cursor on the record; False when
        the record is not there (yet). Other entities focus the main widget."""
        table_id = self.SHOWS.get(entity, "")
        if not table_id:
            self.main().focus()
            return True
        table = self.query_one(f"#{table_id}", KeyedTable)
        table.focus()
        return table.seek(str(record_id))

    def open_form(self, spec: FormSpec, form: type[RecordForm] = RecordForm) -> None:
        self.app.forms.open(spec, self._saved, form)

    def _saved(self, record: Any) -> None:
        if record is None:
            return
        say(self, _("Saved {name}").format(name=one_line(record.display_name)))
        self.post_message(self.Saved(record.TABLE, record.id))

    @work(group="charter-write")
    async def delete_record(self, record: Any, detail: str, remove: Callable[[Store], Any]) -> None:
        """Delete ``record`` with ``remove`` (in the database thread) once the user says
        yes; a record still in use is refused before asking, saying why. A refusal by
        the store is said by ``work``'s error policy, as every worker's."""
        from store.records import uses
        from tui.in_use import in_use_message

        name = one_line(record.display_name)
        name = name[:60] + ("…" if len(name) > 60 else "")
        used = await self.app.run_db(uses, self.app.store, type(record), record.id)
        if used:
            say(self, in_use_message(f"“{name}”", used), severity="warning", timeout=8)
            return
        question = Confirm(_("Delete “{name}”?").format(name=name), yes=_("Delete"), detail=detail)
        if not await self.app.push_screen_wait(question):
            return
        await self.app.run_db(remove, self.app.store)
        say(self, _("Deleted {name}").format(name=one_line(record.display_name)[:60]))
