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
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from store import clock
from store.symbols import EDITING, TO_FIX
from store.text import one_line
from tui.i18n import N_, _, say_error, say_field_errors
from tui.keep_styles import KeepsStyles
from tui.messages import DataChanged
from tui.tell import work
from tui.widgets.confirm import Confirm

# An empty date field's placeholder: worded and styled as a hint, never like a value.
DATE_HINT = N_("e.g. 2026-12-01, 12-01, fri, +3d")
CHOICE_KINDS = ("choice", "member", "department")


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
    """What a form edits and how it saves (``save`` runs in the database thread)."""

    title: str
    model: type
    fields: list[FormField]
    save: Callable[[dict[str, Any], int | None], Any]
    values: dict[str, Any] = field(default_factory=dict)
    entity: str = ""
    record_id: int | None = None
    version: int | None = None
    members: list[tuple[str, int]] = field(default_factory=list)
    departments: list[tuple[str, int]] = field(default_factory=list)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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


class RecordForm(KeepsStyles, ModalScreen[Any]):
    """Dismisses with the saved record, or None when cancelled."""

    DEFAULT_CSS = """
    /* Opaque, not a dimmed view of the screen below: tinting every cell of that
       screen took 8 of the 21 ms to open a form (bench/app.py). */
    RecordForm { align: center middle; background: $background; }
    RecordForm > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface;
    }
    RecordForm #form-title { text-style: bold; padding: 0 1; background: $panel; width: 100%; }
    /* 1fr does not bound a child of an auto-height box; 75vh keeps the title,
       the errors and the keys on screen at 80x24. */
    RecordForm #fields { height: auto; max-height: 75vh; padding: 0 1; }
    RecordForm .row { height: auto; margin: 0 0 0 0; }
    RecordForm .row > Label { width: 18; padding: 0 1 0 0; }
    RecordForm .row > .input { width: 1fr; }
    RecordForm .row TextArea { height: 4; }
    RecordForm .error { color: $error; padding: 0 0 0 18; height: auto; }
    RecordForm .error.-empty { display: none; }
    RecordForm #form-error, RecordForm #form-warning { padding: 0 1; height: auto; }
    RecordForm #form-error { color: $error; }
    RecordForm #form-keys { padding: 0 1; background: $panel; color: $text-muted; }
    RecordForm #form-warning { color: $warning; }
    RecordForm .-empty { display: none; }
    RecordForm Input > .input--placeholder { text-style: italic; }
    """
    # The first field, not the scrolling container around the fields: typing goes in at once.
    AUTO_FOCUS = ".input"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("ctrl+s", "save", _("Save"), priority=True, id="form.save"),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel"),
        Binding("ctrl+o", "keep_mine", _("Keep mine"), show=False, id="form.keep_mine"),
        Binding("ctrl+t", "take_theirs", _("Take theirs"), show=False, id="form.take_theirs"),
    ]

    def __init__(self, spec: FormSpec) -> None:
        super().__init__()
        self.spec = spec
        self.version = spec.version
        self.conflict: Any = None
        self._initial: dict[str, Any] = {}
        self._saving = False
        self.in_use = False  # pushed and not yet dismissed (FormPool does not hand it out)
        self._options: dict[str, tuple[tuple[Any, Any], ...]] = {}  # of the choice fields
        self._said: dict[str, Any] = {}  # field → its value when its message was shown

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(one_line(self.spec.title)), id="form-title")
            yield Static("", id="form-warning", classes="-empty")
            with VerticalScroll(id="fields"):
                for item in self.spec.fields:
                    with Horizontal(classes="row"):
                        yield Label(Content(_(item.label)))
                        yield self._widget(item)
                    yield Static("", id=f"error-{item.name}", classes="error -empty")
            yield Static("", id="form-error", classes="-empty")
            # One line, not a Footer: a Footer is a widget per key, rebuilt on each
            # focus change, and doubled the time to open a form.
            yield Static(
                Content.assemble(
                    ("ctrl+s", "bold"), " ", _("Save"), "  ", ("esc", "bold"), " ", _("Cancel")
                ),
                id="form-keys",
            )

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

    def load(self, spec: FormSpec) -> None:
        """Show ``spec`` in this built form, as new: its values, no errors, no conflict.

        ``spec`` has this form's layout (FormPool keys forms by it)."""
        self.spec = spec
        self.version = spec.version
        self.conflict = None
        self._saving = False
        _say(self.query_one("#form-title", Static), one_line(spec.title))
        _say(self.query_one("#form-warning", Static), "")
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
            else:
                result[item.name] = widget.value
        return result

    @property
    def dirty(self) -> bool:
        return self._raw() != self._initial

    def _parse(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed text → values; a value that cannot be read is an error for its field."""
        from store.dates import parse_date
        from store.errors import StoreError

        values, errors = {}, {}
        for item in self.spec.fields:
            raw = self._raw()[item.name]
            text = raw.strip() if isinstance(raw, str) else raw
            if not item.optional and text in ("", None):
                errors[item.name] = _("required")
                continue
            try:
                if item.kind == "date":
                    values[item.name] = parse_date(text, clock.today()) if text else None
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

    @work(group="form-save", exclusive=True)
    async def save(self, values: dict[str, Any], version: int | None) -> None:
        from store.errors import Conflict, StoreError

        try:
            saved = await self.app.run_db(self.spec.save, values, version)
        except Conflict as conflict:
            self.conflict = conflict
            self._show_conflict(conflict)
        except StoreError as error:
            self.show_store_error(error)
        else:
            self.dismiss(saved)
        finally:
            self._saving = False

    def show_store_error(self, error: Exception) -> None:
        """A refusal from the store; forms whose errors belong to a field say which."""
        self._show_errors({}, say_error(error))

    def _show_conflict(self, conflict: Any) -> None:
        lines = [
            _("Changed by {who} while you were editing. Theirs → yours:").format(
                who=conflict.theirs.get("updated_by") or "?"
            )
        ]
        for name, (theirs, yours) in conflict.fields.items():
            lines.append(
                f"  {name}: {one_line(_display(theirs))!r} → {one_line(_display(yours))!r}"
            )
        lines.append(_("ctrl+o keep mine · ctrl+t take theirs · escape cancel"))
        self._show_errors({}, "\n".join(lines))

    def action_keep_mine(self) -> None:
        """Save my values over the newer version (the user saw both and chose)."""
        if self.conflict is not None:
            self.version = self.conflict.theirs.get("version")
            self.conflict = None
            self.action_save()

    def action_take_theirs(self) -> None:
        """Load their values into the form and continue from their version."""
        if self.conflict is None:
            return
        theirs = self.conflict.theirs
        self.version = theirs.get("version")
        self.spec.values.update(theirs)
        self._fill(theirs)
        self.conflict = None
        self._show_errors({})

    def _fill(self, values: dict[str, Any]) -> None:
        """Put ``values`` in the widgets; what is there now counts as untouched."""
        for item in self.spec.fields:
            widget = self.query_one(f"#field-{item.name}")
            value = values.get(item.name)
            if isinstance(widget, TextArea):
                widget.text = _display(value)
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Select):
                widget.value = _selected(value, _choices(item, self.spec))
            else:
                widget.value = _display(value)
        self._initial = self._raw()

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
        return True

    @on(DataChanged)
    def _changed_underneath(self, message: DataChanged) -> None:
        if self.spec.record_id is None:
            return
        others = [
            c
            for c in message.changes
            if c.entity == self.spec.entity
            and c.record_id == self.spec.record_id
            and not self._saving
        ]
        if others:
            said = _("{who} changed this record while you were editing; saving will show both.")
            _say(
                self.query_one("#form-warning", Static),
                f"{EDITING} " + said.format(who=one_line(others[-1].actor)),
            )


def _say(box: Static, text: str) -> None:
    """A line of the form (title, warning, error): hidden when empty; left alone when
    unchanged, as each update lays the form out again (most of the time to show a
    reused form)."""
    if str(box.content) != text:
        box.update(Content(text))
    box.set_class(not text, "-empty")


class FormPool:
    """Forms already built, handed out again for a spec of the same layout.

    Building a form's widgets is most of the time it takes to open one (about 75 ms
    in a bare Textual app, ~10 ms here to show a built one again): the second "new member"
    reuses the first one's screen, filled afresh by ``RecordForm.load``."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.forms: dict[tuple[Any, ...], RecordForm] = {}

    def open(
        self,
        spec: FormSpec,
        done: Callable[[Any], None],
        form: type[RecordForm] = RecordForm,
    ) -> RecordForm:
        """Push a form for ``spec``; ``done`` gets the saved record, or None."""
        key = (form, layout(spec))
        screen = self.forms.get(key)
        if screen is None or screen.in_use:
            screen = form(spec)
            if key not in self.forms:
                self.forms[key] = screen
                self.app.install_screen(screen, f"form-{len(self.forms)}")
        else:
            screen.load(spec)
        screen.in_use = True

        def dismissed(result: Any) -> None:
            screen.in_use = False
            done(result)

        self.app.push_screen(screen, dismissed)
        return screen
