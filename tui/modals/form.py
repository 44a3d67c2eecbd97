"""Modal forms built from a record's fields and validated by its pydantic model.

Keyboard-first: tab/shift+tab between fields, ctrl+s saves, escape asks before
throwing typed text away. A bad value gets its message beside the field and
the typed text stays. Saving runs in the database thread; a record changed by
someone else meanwhile is never overwritten silently: the form shows both
values and lets the user keep theirs or take the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from store import clock
from store.symbols import EDITING, TO_FIX
from store.text import one_line
from tui.i18n import N_, _, say_error, say_field_errors
from tui.keep_styles import KeepsStyles
from tui.messages import DataChanged, PresenceChanged
from tui.modals.confirm import Confirm
from tui.tcss import css_beside
from tui.tell import say, work

if TYPE_CHECKING:
    from textual import getters

    from store.models import Record
    from tui.app import XdeptApp

# An empty date field's placeholder: worded and styled as a hint, never like a value.
DATE_HINT = N_("e.g. 2026-12-01, 12-01, fri, +3d")
CHOICE_KINDS = ("choice", "member", "department")
P = TypeVar("P", bound="Pooled")


@dataclass(frozen=True)
class FormField:
    """One field of a form: the model field it edits and how it is typed in.

    ``kind`` is one of line, text, date, int, float, bool, choice, member,
    department; ``choices`` are (label, value) pairs for choice fields.
    """

    name: str
    label: str
    kind: str = "line"
    choices: tuple[tuple[str, Any], ...] = ()
    placeholder: str = ""
    optional: bool = True


@dataclass
class FormSpec:
    """What a form edits and how it saves (``save`` and ``create`` run in the database
    thread).

    A new record is saved as ``save(values, None)``; an edit as ``save(changes,
    version, base)``: only the fields the user changed, the version read and the
    values as read, so that the store merges a stale edit three ways. ``create``
    (values → record) lets an edit whose record was deleted meanwhile be saved as
    a new one. ``record_of`` finds the record in what ``save`` returns, when that
    says more than the record (a task's save: what it rescheduled).
    """

    title: str
    model: type[Record]
    fields: list[FormField]
    save: Callable[..., Any]
    values: dict[str, Any] = field(default_factory=dict)
    entity: str = ""
    record_id: int | None = None
    version: int | None = None
    members: list[tuple[str, int]] = field(default_factory=list)
    departments: list[tuple[str, int]] = field(default_factory=list)
    create: Callable[[dict[str, Any]], Any] | None = None
    record_of: Callable[[Any], Any] = lambda saved: saved

    @classmethod
    def editing(
        cls,
        title: str,
        record: Record,
        fields: list[FormField],
        save: Callable[..., Any],
        **more: Any,
    ) -> FormSpec:
        """The form of a saved ``record``: its model, values, table, id and version."""
        more.setdefault("values", record.model_dump())
        return cls(
            title,
            type(record),
            fields,
            save,
            entity=record.TABLE,
            record_id=record.id,
            version=record.version,
            **more,
        )


def _save_edit(
    store: Any, spec: FormSpec, changes: dict[str, Any], version: int | None, base: dict
) -> tuple[Any, list[str]]:
    """Save an edit; returns the record and who made the changes it was merged with
    (the versions between the one read and the one saved that are not this save)."""
    from store import changes as change_log

    saved = spec.save(changes, version, base)
    now = getattr(spec.record_of(saved), "version", None)
    theirs_up_to = now - (1 if changes else 0) if isinstance(now, int) else None
    if version is None or theirs_up_to is None or theirs_up_to <= version:
        return saved, []
    who = change_log.authors(store, spec.entity, spec.record_id or 0, version, theirs_up_to)
    return saved, who or ["?"]


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shown_as(item: FormField | None, spec: FormSpec) -> Callable[[Any], str]:
    """How a field's value reads in the conflict panel: a choice by its label (a
    member's name, not their id), anything else as one line of text."""
    if item is None or item.kind not in CHOICE_KINDS:
        return lambda value: one_line(_display(value))
    labels = {value: str(label) for label, value in _choices(item, spec)}
    return lambda value: one_line(labels.get(value, _display(value)))


def _choices(item: FormField, spec: FormSpec) -> tuple[tuple[Any, Any], ...]:
    """(label, value) pairs of a choice, member or department field."""
    return {
        "choice": item.choices,
        "member": tuple(spec.members),
        "department": tuple(spec.departments),
    }[item.kind]


def _labelled(options: tuple[tuple[Any, Any], ...]) -> list[tuple[Content, Any]]:
    return [(Content(one_line(str(label))), value) for label, value in options]


def _selected(value: Any, options: tuple[tuple[Any, Any], ...]) -> Any:
    """``value`` if it is one of the options, else Select.NULL (nothing chosen)."""
    return value if value in {v for _label, v in options} else Select.NULL


def _allow_blank(item: FormField, spec: FormSpec) -> bool:
    """A required choice without a value starts at "choose…", not silently on the first
    option (and an empty list of choices must not crash)."""
    chosen = _selected(spec.values.get(item.name), _choices(item, spec))
    return item.optional or chosen is Select.NULL


def layout(spec: FormSpec) -> tuple[Any, ...]:
    """What a built form fixes: its fields, and which choice fields may be left blank
    (the choices themselves are set afresh each time)."""
    return tuple(
        (replace(item, choices=()), item.kind in CHOICE_KINDS and _allow_blank(item, spec))
        for item in spec.fields
    )


class Pooled(KeepsStyles, ModalScreen[Any]):
    """A modal built once and shown again (``FormPool``): a form, the quick risk line."""

    in_use = False  # pushed and not yet dismissed (FormPool does not hand it out)


class RecordForm(Pooled):
    """Dismisses with the saved record, or None when cancelled."""

    if TYPE_CHECKING:
        app = getters.app(XdeptApp)  # its store and database thread, type-checked

    DEFAULT_CSS = css_beside(__file__)
    # The first field, not the scrolling container around the fields: typing goes in at once.
    AUTO_FOCUS = ".input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
        Binding("ctrl+o", "keep_mine", N_("Keep mine"), show=False, id="form.keep_mine"),
        Binding("ctrl+t", "take_theirs", N_("Take theirs"), show=False, id="form.take_theirs"),
        Binding("ctrl+n", "save_as_new", N_("Save as new"), show=False, id="form.save_as_new"),
    ]

    def __init__(self, spec: FormSpec) -> None:
        super().__init__()
        self.spec = spec
        self.version = spec.version
        self.conflict: Any = None
        self.deleted = False  # the record was deleted while the form was open
        self._initial: dict[str, Any] = {}
        # Base values taken from the other side when the user kept theirs or theirs
        # conflicted and the user kept mine: the save continues from their version.
        self._rebased: dict[str, Any] = {}
        self._saving = False
        self._options: dict[str, tuple[tuple[Any, Any], ...]] = {}  # of the choice fields
        self._said: dict[str, Any] = {}  # field → its value when its message was shown

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(one_line(self.spec.title)), id="form-title")
            yield Static("", id="form-warning", classes="-empty")
            yield Static("", id="form-here", classes="-empty")
            with VerticalScroll(id="fields"):
                for item in self.spec.fields:
                    with Horizontal(classes="row"):
                        yield Label(Content(_(item.label)))
                        yield self._widget(item)
                    yield Static("", id=f"error-{item.name}", classes="error -empty")
            yield Static("", id="form-error", classes="-empty")
            # One line, not a Footer: a Footer is a widget per key, rebuilt on each
            # focus change, and doubled the time to open a form.
            yield Static(_keys(NORMAL_KEYS), id="form-keys")

    def _widget(self, item: FormField) -> Any:
        value = self.spec.values.get(item.name)
        wid = f"field-{item.name}"
        if item.kind == "text":
            return TextArea(_display(value), id=wid, classes="input", compact=True, soft_wrap=True)
        if item.kind == "bool":
            return Checkbox("", bool(value), id=wid, classes="input", compact=True)
        if item.kind in CHOICE_KINDS:
            options = self._options[item.name] = _choices(item, self.spec)
            return Select(
                _labelled(options),
                value=_selected(value, options),
                allow_blank=_allow_blank(item, self.spec),
                prompt=_("(none)") if item.optional else _("choose…"),
                id=wid,
                classes="input",
                compact=True,
                type_to_search=True,
            )
        placeholder = _(item.placeholder) or (_(DATE_HINT) if item.kind == "date" else "")
        return Input(
            _display(value), placeholder=placeholder, id=wid, classes="input", compact=True
        )

    def on_mount(self) -> None:
        self._initial = self._raw()
        self.app.live_screens.add(self)
        self._show_editors()
        self._say_rights()

    def load(self, spec: FormSpec) -> None:
        """Show ``spec`` in this built form, as new: its values, no errors, no conflict.

        ``spec`` has this form's layout (FormPool keys forms by it)."""
        self.spec = spec
        self.version = spec.version
        self._settle()
        self._saving = False
        _say(self.query_one("#form-title", Static), one_line(spec.title))
        _say(self.query_one("#form-warning", Static), "")
        self._show_editors()
        self._say_rights()
        for item in spec.fields:
            if item.kind not in CHOICE_KINDS:
                continue
            options = _choices(item, spec)
            if options != self._options[item.name]:  # set_options lays out again
                self.query_one(f"#field-{item.name}", Select).set_options(_labelled(options))
                self._options[item.name] = options
        self._fill(spec.values)
        self._show_errors({})
        self.query_one("#fields", VerticalScroll).scroll_home(animate=False)
        self.set_focus(self.query(".input").first())

    def on_unmount(self) -> None:
        self.app.live_screens.discard(self)

    # -- reading the widgets --------------------------------------------------
    def _raw(self) -> dict[str, Any]:
        """The typed values as the widgets hold them."""
        result: dict[str, Any] = {}
        for item in self.spec.fields:
            widget = self.query_one(f"#field-{item.name}")
            if isinstance(widget, TextArea):
                result[item.name] = widget.text
            elif isinstance(widget, Checkbox):
                result[item.name] = widget.value
            elif isinstance(widget, Select):
                result[item.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input):
                result[item.name] = widget.value
        return result

    @property
    def dirty(self) -> bool:
        return self._raw() != self._initial

    def _parse(self, typed: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed text (the widgets' unless given) → values; a value that cannot be read
        is an error for its field."""
        from store.dates import parse_date
        from store.errors import StoreError

        typed = self._raw() if typed is None else typed
        cal = self.app.health.calendar if self.app.health else None  # +3wd: the project's days
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for item in self.spec.fields:
            raw = typed[item.name]
            text = raw.strip() if isinstance(raw, str) else raw
            if not item.optional and text in ("", None):
                errors[item.name] = _("required")
                continue
            try:
                if item.kind == "date":
                    values[item.name] = parse_date(text, clock.today(), cal) if text else None
                elif item.kind == "int":
                    values[item.name] = int(text) if text not in ("", None) else None
                elif item.kind == "float":
                    values[item.name] = float(text) if text not in ("", None) else 0.0
                else:
                    values[item.name] = raw
            except StoreError as error:
                errors[item.name] = say_error(error)
            except ValueError:
                errors[item.name] = _("not a number")
        return values, errors

    def _show_errors(self, errors: dict[str, str], general: str = "") -> None:
        names = {item.name for item in self.spec.fields}
        raw = self._raw()
        self._said = {name: raw[name] for name in errors if name in names}
        for item in self.spec.fields:
            message = errors.get(item.name, "")
            box = self.query_one(f"#error-{item.name}", Static)
            _say(box, message and f"{TO_FIX} " + one_line(message))
        extra = [m for f, m in errors.items() if f not in names]
        general = "; ".join([*extra, general] if general else extra)
        _say(self.query_one("#form-error", Static), general and f"{TO_FIX} " + general)
        first = next((f.name for f in self.spec.fields if f.name in errors), None)
        if first:
            self.query_one(f"#field-{first}").focus()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self, event: Any) -> None:
        """A field's message is about the value it had: it goes as soon as that changes."""
        name = (event.control.id or "").removeprefix("field-")
        if name in self._said and self._raw().get(name) != self._said[name]:
            del self._said[name]
            _say(self.query_one(f"#error-{name}", Static), "")

    def validate(self) -> dict[str, Any] | None:
        """Parse and validate through the model; show errors and return None if bad."""
        from pydantic import ValidationError

        values, errors = self._parse()
        if errors:
            self._show_errors(errors)
            return None
        try:
            self.spec.model.model_validate(
                {**self.spec.values, **values}
                | {"id": self.spec.record_id, "version": self.version or 1}
            )
        except ValidationError as error:
            self._show_errors(say_field_errors(error))
            return None
        self._show_errors({})
        return values

    # -- actions -----------------------------------------------------------------
    def action_save(self) -> None:
        if self._saving:
            return
        values = self.validate()
        if values is not None:
            self._saving = True
            self.save(values, self.version)

    def base(self) -> dict[str, Any]:
        """The values as read: what the form showed when it opened (or took theirs),
        with the other side's values for the fields the user chose to keep theirs
        over (see ``action_keep_mine``)."""
        return self._parse(self._initial)[0] | self._rebased

    @work(group="form-save", exclusive=True)
    async def save(self, values: dict[str, Any], version: int | None) -> None:
        from store.errors import Conflict, NotFound, StoreError

        merged: list[str] = []
        try:
            if self.spec.record_id is None:
                saved = await self.app.run_db(self.spec.save, values, version)
            else:
                base = self.base()
                changes = {k: v for k, v in values.items() if k not in base or v != base[k]}
                saved, merged = await self.app.run_db(
                    _save_edit, self.app.store, self.spec, changes, version, base
                )
        except Conflict as conflict:
            self.conflict = conflict
            self._show_conflict(conflict)
        except NotFound as error:
            if error.record_id == self.spec.record_id and self.spec.record_id is not None:
                self._show_deleted()
            else:
                self.show_store_error(error)
        except StoreError as error:
            self.show_store_error(error)
        else:
            if merged:
                say(
                    self,
                    _("Saved, merged with the change {who} made meanwhile").format(
                        who=", ".join(one_line(self.app.member_names.get(w, w)) for w in merged)
                    ),
                )
            await self.after_save(saved, values)
            self.dismiss(saved)
        finally:
            self._saving = False

    async def after_save(self, saved: Any, values: dict[str, Any]) -> None:
        """What a form says once its record is saved, beyond "Saved" (nothing here)."""

    def show_store_error(self, error: Exception) -> None:
        """A refusal from the store; forms whose errors belong to a field say which."""
        self._show_errors({}, say_error(error))

    def _show_conflict(self, conflict: Any) -> None:
        """Only the fields both sides changed, to different values, each with its label."""
        items = {item.name: item for item in self.spec.fields}
        lines = [
            _("Changed by {who} while you were editing. Theirs → yours:").format(
                who=one_line(str(conflict.theirs.get("updated_by") or "?"))
            )
        ]
        for name, (theirs, yours) in conflict.fields.items():
            item = items.get(name)
            shown = _shown_as(item, self.spec)
            label = _(item.label) if item else name
            lines.append(f"  {label}: {shown(theirs)!r} → {shown(yours)!r}")
        self._show_errors({}, "\n".join(lines))
        self._settle(CONFLICT_KEYS)

    def _show_deleted(self) -> None:
        self.deleted = self.spec.create is not None
        said = _("Someone deleted this record while you were editing; what you typed is kept.")
        self._show_errors({}, said)
        self._settle(DELETED_KEYS if self.deleted else NORMAL_KEYS, deleted=self.deleted)

    def _settle(self, keys: tuple[tuple[str, str], ...] = (), deleted: bool = False) -> None:
        """Show the keys that apply now: saving, a conflict's choice, or saving as new."""
        if not deleted:
            self.deleted = False
        if keys is not CONFLICT_KEYS:
            self.conflict = None
        self.set_class(keys is CONFLICT_KEYS, "-conflict")
        box, line = self.query_one("#form-keys", Static), _keys(keys or NORMAL_KEYS)
        if str(box.content) != line.plain:
            box.update(line)
        self.refresh_bindings()

    def action_keep_mine(self) -> None:
        """Save my values over theirs where we both changed a field; the fields only
        they changed keep their values (they are not in my changes)."""
        if self.conflict is not None:
            self._rebased |= {name: theirs for name, (theirs, _y) in self.conflict.fields.items()}
            self.version = self.conflict.theirs.get("version")
            self._settle()
            self.action_save()

    def action_take_theirs(self) -> None:
        """Their values in the form, continuing from their version; what I changed
        in other fields stays typed."""
        if self.conflict is None:
            return
        theirs = self.conflict.theirs
        typed, initial = self._raw(), self._initial
        mine = {k for k, v in typed.items() if v != initial.get(k)} - set(self.conflict.fields)
        self.version = theirs.get("version")
        self.spec.values.update(theirs)
        self._fill(theirs)
        for item in self.spec.fields:
            if item.name in mine:
                self._put(item, typed[item.name])
        self._settle()
        self._show_errors({})

    def action_save_as_new(self) -> None:
        """Save what I typed as a new record (mine was deleted meanwhile)."""
        if not self.deleted or self.spec.create is None or self._saving:
            return
        values = self.validate()
        if values is not None:
            self._saving = True
            self._create(self.spec.create, values)

    @work(group="form-save", exclusive=True)
    async def _create(
        self, create: Callable[[dict[str, Any]], Any], values: dict[str, Any]
    ) -> None:
        from store.errors import StoreError

        try:
            saved = await self.app.run_db(create, values)
        except StoreError as error:
            self.show_store_error(error)
        else:
            self.dismiss(saved)
        finally:
            self._saving = False

    def _fill(self, values: dict[str, Any]) -> None:
        """Put ``values`` in the widgets; what is there now counts as untouched."""
        for item in self.spec.fields:
            self._put(item, values.get(item.name), shown=False)
        self._initial = self._raw()
        self._rebased = {}

    def _put(self, item: FormField, value: Any, shown: bool = True) -> None:
        """Put one value in its widget: a record's value, or (``shown``) one typed."""
        widget = self.query_one(f"#field-{item.name}")
        if isinstance(widget, TextArea):
            widget.text = value if shown else _display(value)
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = _selected(value, _choices(item, self.spec))
        elif isinstance(widget, Input):
            widget.value = value if shown else _display(value)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(Confirm(_("Discard what you typed?"), yes=_("Discard")), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep_mine", "take_theirs"):
            return self.conflict is not None
        if action == "save_as_new":
            return self.deleted
        return True

    def _say_rights(self) -> None:
        """A record the user may not change says so as its form opens (the store's rules
        decide; saving would be refused with the same words, what was typed kept)."""
        if self.spec.record_id is not None and self.spec.entity and not self.app.read_only:
            self._rights(self.spec.entity, self.spec.record_id)

    @work(group="form-rights", exclusive=True)
    async def _rights(self, entity: str, record_id: int) -> None:
        from store.roles import refusal

        refused = await self.app.run_db(refusal, self.app.store, entity, record_id)
        if refused is not None and (self.spec.entity, self.spec.record_id) == (entity, record_id):
            _say(self.query_one("#form-warning", Static), f"{TO_FIX} " + say_error(refused))

    @on(PresenceChanged)
    def _show_editors(self) -> None:
        """Someone else has this record open in a form: say who, and since when."""
        from tui.presence import shown, since_time

        said = ""
        record_id = self.spec.record_id
        entry = self.app.presence.editors(self.spec.entity).get(record_id or 0)
        if record_id is not None and entry is not None:
            said = f"{EDITING} " + _(
                "{who} is editing this record since {time}; saving will merge with their changes"
            ).format(who=shown(entry), time=since_time(entry))
        _say(self.query_one("#form-here", Static), said)

    @on(DataChanged)
    def _changed_underneath(self, message: DataChanged) -> None:
        if self.spec.record_id is None or message.mine:
            return
        others = [
            c
            for c in message.changes
            if c.entity == self.spec.entity
            and c.record_id == self.spec.record_id
            and not self._saving
        ]
        if others:
            if others[-1].op == "delete":
                said = _(
                    "{who} deleted this record while you were editing; what you typed is kept."
                )
            else:
                said = _(
                    "{who} changed this record while you were editing; saving keeps their "
                    "changes and asks only about fields you both changed."
                )
            who = self.app.member_names.get(others[-1].actor, others[-1].actor)
            _say(
                self.query_one("#form-warning", Static),
                f"{EDITING} " + said.format(who=one_line(who)),
            )


NORMAL_KEYS = (("ctrl+s", N_("Save")), ("esc", N_("Cancel")))
CONFLICT_KEYS = (("ctrl+o", N_("Keep mine")), ("ctrl+t", N_("Take theirs")), ("esc", N_("Cancel")))
DELETED_KEYS = (("ctrl+n", N_("Save as new")), ("esc", N_("Cancel")))


def _keys(keys: tuple[tuple[str, str], ...]) -> Content:
    """The form's key line: each key in bold, then what it does."""
    parts: list[Any] = []
    for key, label in keys:
        parts += [(key, "bold"), " ", _(label), "  "]
    return Content.assemble(*parts[:-1])


def _say(box: Static, text: str) -> None:
    """A line of the form (title, warning, error): hidden when empty; left alone when
    unchanged, as each update lays the form out again (most of the time to show a
    reused form)."""
    if str(box.content) != text:
        box.update(Content(text))
    box.set_class(not text, "-empty")


class FormPool:
    """Modals already built, handed out again: a form for a spec of the same layout,
    the quick risk line.

    Building a form's widgets is most of the time it takes to open one
    (``python -m bench.app`` prints the first n, a reused form and a bare app's form):
    the second "new member" reuses the first one's screen, filled afresh by
    ``RecordForm.load``."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.forms: dict[tuple[Any, ...], Pooled] = {}

    def open(
        self,
        spec: FormSpec,
        done: Callable[[Any], None],
        form: type[RecordForm] = RecordForm,
    ) -> RecordForm:
        """Push a form for ``spec``; ``done`` gets the saved record, or None."""
        return self.show((form, layout(spec)), partial(form, spec), lambda f: f.load(spec), done)

    def show(
        self,
        key: tuple[Any, ...],
        build: Callable[[], P],
        refill: Callable[[P], None],
        done: Callable[[Any], None],
    ) -> P:
        """Push the modal kept under ``key`` after ``refill``, or one ``build`` makes
        (kept for next time unless one is kept already, and in use); ``done`` gets its
        result."""
        screen = cast(P | None, self.forms.get(key))
        if screen is None or screen.in_use:
            screen = build()
            if key not in self.forms:
                self.forms[key] = screen
                self.app.install_screen(screen, f"form-{len(self.forms)}")
        else:
            refill(screen)
        screen.in_use = True

        def dismissed(result: Any) -> None:
            screen.in_use = False
            done(result)

        self.app.push_screen(screen, dismissed)
        return screen
