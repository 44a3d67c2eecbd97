"""The risk's full form, and the small one that says a risk happened.

The strategy offers the responses that fit the risk's kind (a threat is avoided, an
opportunity exploited) and follows the kind as it is changed; a strategy that no
longer fits stays chosen and the model's refusal is said beside it. Linked tasks are
typed as ``#12 #40``; a task that does not exist is said beside that field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widgets import Select

from store.models import STRATEGIES, RiskKind
from tui.i18n import N_, _, say_error
from tui.modals.form import FormField, FormSpec, RecordForm, _labelled

if TYPE_CHECKING:
    from store.models import Issue, Risk
    from store.people import Names

KIND_LABELS = {"threat": N_("threat"), "opportunity": N_("opportunity")}
LEVEL_LABELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
STATUS_LABELS = {
    "open": N_("open"),
    "watching": N_("watching"),
    "occurred": N_("occurred"),
    "closed": N_("closed"),
}
STRATEGY_LABELS = {
    "avoid": N_("avoid"),
    "mitigate": N_("mitigate"),
    "transfer": N_("transfer"),
    "accept": N_("accept"),
    "escalate": N_("escalate"),
    "exploit": N_("exploit"),
    "enhance": N_("enhance"),
    "share": N_("share"),
}
TASKS = "task_ids"
STRATEGY = "strategy"


def _choice(labels: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((_(label), value) for value, label in labels.items())


def risk_fields() -> list[FormField]:
    scale = tuple((str(n), n) for n in range(1, 6))
    return [
        FormField("kind", N_("Kind"), "choice", _choice(KIND_LABELS), optional=False),
        FormField("title", N_("Title"), optional=False),
        FormField("cause", N_("Cause"), "text"),
        FormField("event", N_("Event"), "text"),
        FormField("effect", N_("Effect"), "text"),
        FormField("category", N_("Category"), placeholder=N_("e.g. supply, technical")),
        FormField("probability", N_("Probability 1–5"), "choice", scale),
        FormField("impact", N_("Impact 1–5"), "choice", scale),
        FormField("level", N_("Level"), "choice", _choice(LEVEL_LABELS), optional=False),
        FormField("residual_probability", N_("Residual probability"), "choice", scale),
        FormField("residual_impact", N_("Residual impact"), "choice", scale),
        FormField(STRATEGY, N_("Response strategy"), "choice", _choice(STRATEGY_LABELS)),
        FormField("response", N_("Response plan"), "text"),
        FormField("trigger", N_("Trigger condition"), "text"),
        FormField("contingency", N_("Contingency plan"), "text"),
        FormField("owner_id", N_("Owner"), "member"),
        FormField("department_id", N_("Department"), "department"),
        FormField("status", N_("Status"), "choice", _choice(STATUS_LABELS), optional=False),
        FormField("next_review", N_("Next review"), "date"),
        FormField(TASKS, N_("Linked tasks"), placeholder="#12 #40"),
    ]


class RiskForm(RecordForm):
    """A RecordForm over Risk: strategies that fit the kind, linked tasks as ``#12 #40``."""

    def on_mount(self) -> None:
        self._fit(self.query_one("#field-strategy", Select).value)
        super().on_mount()

    def _fit(self, keep: Any) -> None:
        """Offer the strategies of the kind chosen now, and ``keep`` (chosen already)."""
        kind = self.query_one("#field-kind", Select).value
        fitting = STRATEGIES.get(RiskKind(kind) if kind in KIND_LABELS else RiskKind.THREAT, ())
        options = tuple(
            (label, value)
            for label, value in _choice(STRATEGY_LABELS)
            if value in fitting or value == keep
        )
        if options != self._options[STRATEGY]:
            box = self.query_one("#field-strategy", Select)
            box.set_options(_labelled(options))
            self._options[STRATEGY] = options
            if keep is not Select.NULL and keep is not None:
                box.value = keep

    @on(Select.Changed, "#field-kind")
    def _kind_changed(self) -> None:
        self._fit(self.query_one("#field-strategy", Select).value)

    def _put(self, item: FormField, value: Any, shown: bool = True) -> None:
        if item.name == STRATEGY:
            self._fit(value)
        if item.name == TASKS and not isinstance(value, str):
            from store.register import task_list

            value = task_list(value or [])
        super()._put(item, value, shown)

    def _parse(self, typed: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
        from store.errors import StoreError
        from store.register import parse_task_list

        values, errors = super()._parse(typed)
        try:
            values[TASKS] = parse_task_list(values.get(TASKS) or "")
        except StoreError as error:
            errors[TASKS] = say_error(error)
        return values, errors

    def _show_errors(self, errors: dict[str, str], general: str = "") -> None:
        # The model's one rule across fields is the strategy that does not fit the kind.
        if "" in errors:
            errors = dict(errors)
            errors.setdefault(STRATEGY, errors.pop(""))
        super()._show_errors(errors, general)

    def show_store_error(self, error: Exception) -> None:
        from store.errors import NotFound

        if isinstance(error, NotFound) and error.entity == "task":
            self._show_errors({TASKS: say_error(error)})
        else:
            super().show_store_error(error)


def _members(names: Names) -> list[tuple[str, int]]:
    """The member choices of a form, by name."""
    members = sorted(names.members.items(), key=lambda m: m[1][0].casefold())
    return [(name, member_id) for member_id, (name, _login) in members]


def _departments(names: Names) -> list[tuple[str, int]]:
    departments = sorted(names.departments.items(), key=lambda d: d[1].casefold())
    return [(name, department_id) for department_id, name in departments]


def risk_spec(store: Any, risk: Risk | None, names: Names) -> FormSpec:
    """The form of ``risk`` (a new one when None), saved in one store call."""
    from store import risks
    from store.models import Risk

    def create(values: dict[str, Any]) -> Risk:
        return risks.add_risk(store, Risk(**values))

    if risk is None:
        return FormSpec(
            _("New risk"),
            Risk,
            risk_fields(),
            lambda values, _version: create(values),
            values={"kind": "threat", "level": "medium", "status": "open", TASKS: ""},
            entity="risks",
            create=create,
            members=_members(names),
            departments=_departments(names),
        )
    saved = risk

    def save(values: dict[str, Any], version: int, base: dict[str, Any]) -> Risk:
        return risks.update_risk(store, saved.id, version, base, **values)

    from store.register import task_list

    return FormSpec.editing(
        _("Edit risk #{id}").format(id=risk.id),
        risk,
        risk_fields(),
        save,
        values=risk.model_dump() | {TASKS: task_list(risk.task_ids)},
        create=create,
        members=_members(names),
        departments=_departments(names),
    )


OCCUR_FIELDS = [
    FormField("owner_id", N_("Owner"), "member", optional=False),
    FormField("due", N_("Due"), "date", optional=False),
]


def occur_spec(store: Any, risk: Risk, names: Names) -> FormSpec:
    """ "It happened": who handles the issue and by when; saving marks the risk occurred
    and opens the issue (``store.risks.occurred``, one transaction)."""
    from store import risks
    from store.models import Issue

    def save(values: dict[str, Any], version: int | None) -> tuple[Risk, Issue]:
        seen = risk.version if version is None else version
        base = {"status": risk.status}  # the one field it writes, as the user saw it
        return risks.occurred(store, risk.id, seen, values["owner_id"], values["due"], base=base)

    return FormSpec(
        _("#{id} happened: who handles it, by when?").format(id=risk.id),
        Issue,
        OCCUR_FIELDS,
        save,
        values={"title": risk.title, "risk_id": risk.id, "owner_id": risk.owner_id},
        entity="issues",
        members=_members(names),
    )


def open_risk_form(
    screen: Any,
    build: Callable[[Any, Any, Names], FormSpec],
    risk_id: int | None,
    done: Callable[[Any], None],
) -> None:
    """Read the risk (fresh: its version) and the people off the UI thread, then push
    the form ``build`` makes; ``done`` gets what it saved."""
    from tui.tell import run

    app = screen.app

    async def load() -> None:
        from store.register import risk_form_data

        risk, names = await app.run_db(risk_form_data, app.store, risk_id)
        form = RiskForm if build is risk_spec else RecordForm
        app.forms.open(build(app.store, risk, names), done, form)

    run(screen, load, group="risk-form", exclusive=True)
