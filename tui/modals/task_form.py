"""The task form: every field of a task and its predecessors, for the board and the Gantt chart.

Use ``open_task_form(screen, task_id)`` (``None`` for a new task): it reads the
task, its predecessors and the choices in the database thread, pushes a
``TaskForm`` and calls ``on_saved(result)`` once it is saved (not when cancelled)
with the store's ``TaskSaved``: the task, the successors its dates pushed, how the
project finish moved. The screen shows that; the records come back as ``DataChanged``.

Predecessors are typed as a list, the same ``ID[:TYPE[:LAG]]`` as the command
line's ``--after``: ``12, 15:SS:2, 20:FF:-1``. Deleting an item removes that
dependency; a bad type or lag, an unknown task or a cycle is shown beside the
field, with the cycle named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widgets import Select

from tui.i18n import N_, _, say_error, say_field_errors
from tui.modals.form import FormField, FormSpec, RecordForm
from tui.tell import run, say, work

if TYPE_CHECKING:
    from store.task_form import TaskFormData, TaskSaved
    from tui.screens.base import XdeptScreen

STATUS_LABELS = {
    "todo": N_("todo"),
    "doing": N_("doing"),
    "blocked": N_("blocked"),
    "done": N_("done"),
}
AFTER_HINT = "12, 15:SS:2, 20:FF:-1"


def task_fields(milestones: list[tuple[str, int]] | None = None) -> list[FormField]:
    fields = [
        FormField("title", N_("Title"), optional=False),
        FormField("phase", N_("Phase"), placeholder=_("e.g. prototype")),
        FormField("owner_id", N_("Owner"), "member"),
        FormField("department_id", N_("Department"), "department"),
        FormField("start", N_("Start"), "date", optional=False),
        FormField("end", N_("End"), "date", optional=False),
        FormField(
            "status",
            N_("Status"),
            "choice",
            tuple((_(label), value) for value, label in STATUS_LABELS.items()),
            optional=False,
        ),
        FormField("progress", N_("Progress %"), "int", placeholder="0–100"),
        FormField("actual_start", N_("Actual start"), "date"),
        FormField("actual_end", N_("Actual end"), "date"),
        FormField("baseline_start", N_("Baseline start"), "date"),
        FormField("baseline_end", N_("Baseline end"), "date"),
        FormField("deliverable", N_("Deliverable"), "text"),
        FormField("milestone", N_("Milestone"), "bool"),
    ]
    if milestones:
        fields.append(
            FormField("milestone_id", N_("Charter milestone"), "choice", tuple(milestones))
        )
    fields.append(
        FormField(
            "predecessors",
            N_("Predecessors"),
            placeholder=_("ID[:FS|SS|FF|SF[:lag]] — {example}").format(example=AFTER_HINT),
        )
    )
    return fields


class TaskForm(RecordForm):
    """A RecordForm over Task plus a "Predecessors" field (dependencies with type and lag).

    A new owner brings their department into the form, unless the department was
    chosen by hand. Dismisses with the saved Task, or None when cancelled.
    """

    AFTER = "predecessors"
    _followed: Any = None  # the department last filled in from the owner

    @on(Select.Changed, "#field-owner_id")
    def _owner_changed(self, event: Select.Changed) -> None:
        typed = self._raw()
        by_hand = typed["department_id"] not in (self._initial.get("department_id"), self._followed)
        if event.value is Select.NULL or typed["owner_id"] == self._initial.get("owner_id"):
            return
        if not by_hand:
            # Select.Changed is not generic: Textual types its value as a bare TypeVar.
            self._follow_owner(event.value)  # type: ignore[arg-type]

    @work(group="task-owner", exclusive=True)
    async def _follow_owner(self, owner_id: int) -> None:
        from store.errors import StoreError
        from store.models import Member
        from store.records import get

        try:
            member = await self.app.run_db(get, self.app.store, Member, owner_id)
        except StoreError:  # removed meanwhile: saving says so
            return
        self._followed = member.department_id
        self.query_one("#field-department_id", Select).value = member.department_id

    def _fill(self, values: dict[str, Any]) -> None:
        self._followed = None
        super()._fill(values)

    def _parse(self, typed: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
        from store.errors import StoreError
        from store.tasks import parse_after_list

        values, errors = super()._parse(typed)
        if values.get("progress") is None and "progress" not in errors:
            values["progress"] = 0
        try:
            values[self.AFTER] = parse_after_list(values.get(self.AFTER) or "")
        except StoreError as error:
            errors[self.AFTER] = say_error(error)
        if self.spec.record_id is not None and self.AFTER not in errors:
            own = [d for d in values[self.AFTER] if d.predecessor_id == self.spec.record_id]
            if own:
                errors[self.AFTER] = _("a task cannot depend on itself (#{id})").format(
                    id=self.spec.record_id
                )
        return values, errors

    def validate(self) -> dict[str, Any] | None:
        """As RecordForm's, but the predecessors are not a Task field."""
        from pydantic import ValidationError

        from store.models import Task

        values, errors = self._parse()
        if errors:
            self._show_errors(errors)
            return None
        data = {k: v for k, v in {**self.spec.values, **values}.items() if k != self.AFTER}
        try:
            Task.model_validate(data | {"id": self.spec.record_id, "version": self.version or 1})
        except ValidationError as error:
            self._show_errors(say_field_errors(error))
            return None
        self._show_errors({})
        return values

    def _show_errors(self, errors: dict[str, str], general: str = "") -> None:
        # The model's cross-field rules have no field: show each beside the field it is about.
        if "" in errors:
            errors = dict(errors)
            message = errors.pop("")
            target = (
                "actual_end"
                if "actual" in message
                else "baseline_end"
                if "baseline" in message
                else "end"
            )
            errors.setdefault(target, message)
        super()._show_errors(errors, general)

    async def after_save(self, saved: Any, values: dict[str, Any]) -> None:
        """A task moved later by its predecessors says so and names the one."""
        from tui.describe import follows

        if saved.held is not None:
            say(self, follows(saved.task.id, saved.task.start, saved.held))

    def show_store_error(self, error: Exception) -> None:
        from store.tasks import DependencyInvalid

        if isinstance(error, DependencyInvalid):
            self._show_errors({self.AFTER: say_error(error)})
        else:
            super().show_store_error(error)


def task_spec(
    store: Any,
    loaded: TaskFormData,
    defaults: dict[str, Any] | None = None,
) -> FormSpec:
    """The form's spec for the task in ``loaded`` (``store.task_form.form_data``), or a new one."""
    from store import clock
    from store.models import Task
    from store.task_form import save_task_form
    from store.tasks import parse_after_list

    task = loaded.task
    if task is None:
        today = clock.today()
        values: dict[str, Any] = {"start": today, "end": today, "status": "todo", "progress": 0}
        values |= defaults or {}
        title, task_id, version = _("New task"), None, None
    else:
        values = task.model_dump()
        title = _("Edit task #{id}").format(id=task.id)
        task_id, version = task.id, task.version
    values["predecessors"] = loaded.after
    fields = task_fields(loaded.milestones)
    content = {f.name for f in fields} - {"predecessors"}

    def links(value: Any) -> Any:
        """Predecessors as typed (a list), or as the other side's row shows them (text)."""
        return parse_after_list(value) if isinstance(value, str) else value

    def save(typed: dict[str, Any], version: int | None, base: dict | None = None) -> TaskSaved:
        after = links(typed.get("predecessors"))
        data = {k: v for k, v in typed.items() if k in content}
        read = None if base is None else base | {"predecessors": links(base.get("predecessors"))}
        return save_task_form(store, task_id, version, data, after, read)

    def create(typed: dict[str, Any]) -> TaskSaved:
        data = {k: v for k, v in typed.items() if k in content}
        return save_task_form(store, None, None, data, links(typed.get("predecessors")))

    spec = FormSpec(
        title,
        Task,
        fields,
        save,
        values=values,
        entity="tasks",
        record_id=task_id,
        version=version,
        members=loaded.members,
        departments=loaded.departments,
        create=create,
        record_of=lambda saved: saved.task,
    )
    return spec


def open_task_form(
    screen: XdeptScreen,
    task_id: int | None = None,
    on_saved: Callable[[Any], None] | None = None,
    defaults: dict[str, Any] | None = None,
) -> None:
    """Read what the form needs off the UI thread, then push a TaskForm over ``screen``.

    ``on_saved`` gets the store's ``TaskSaved``; ``defaults`` pre-fill a new task (e.g. status).
    A task deleted meanwhile gives a notification instead of a form.
    """
    app = screen.app

    async def load() -> None:
        # A task deleted meanwhile: the store's NotFound is said by the app's policy.
        from store.task_form import form_data

        loaded = await app.run_db(form_data, app.store, task_id)

        def done(saved: Any) -> None:
            if saved is not None and on_saved is not None:
                on_saved(saved)

        app.forms.open(task_spec(app.store, loaded, defaults), done, TaskForm)

    run(screen, load, group="task-form", exclusive=True)
