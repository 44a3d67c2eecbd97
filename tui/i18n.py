"""Translation: ``_()`` over gettext, English as the source language.

The language comes from --lang, else XDEPT_LANG, else the settings file, else
the locale. Catalogs are the
gettext ``.po`` files in tui/locale/<lang>/LC_MESSAGES/xdept.po, read directly
(a few hundred strings parse in about a millisecond), so there is no compiled
``.mo`` to keep in step and nothing to build at install time.
"""

from __future__ import annotations

import ast
import gettext
import locale
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from pydantic import ValidationError

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "xdept"
CATALOGS = {"zh": "zh_CN"}
LANGUAGES = ("en", "zh")  # --lang, XDEPT_LANG and the settings file's "language"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


class PoTranslations(gettext.NullTranslations):
    """A catalog read from a .po file; untranslated entries fall back to English."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.messages = parse_po(path.read_text(encoding="utf-8"))

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def parse_po(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file (no contexts or plural forms: we use neither)."""
    messages: dict[str, str] = {}
    key: str | None = None
    current: list[str] = []
    msgid = ""

    def finish() -> None:
        nonlocal msgid
        if key == "msgid":
            msgid = "".join(current)
        elif key == "msgstr" and msgid:
            messages[msgid] = "".join(current)

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") or not line:
            continue
        if line.startswith(("msgid ", "msgstr ")):
            finish()
            key, _sep, rest = line.partition(" ")
            current = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            current.append(ast.literal_eval(line))
    finish()
    return messages


def detect() -> str:
    """The language when --lang does not say: XDEPT_LANG, else the settings file's
    "language", else the locale's (zh* → zh), else English."""
    wanted = os.environ.get("XDEPT_LANG")
    if not wanted:
        from tui.settings_file import early_setting

        chosen = early_setting("language")
        if chosen is not None and chosen in LANGUAGES:
            return chosen
        wanted = os.environ.get("LANG", "") or (locale.getlocale()[0] or "")
    return "zh" if wanted.lower().startswith("zh") else "en"


def set_language(lang: str | None = None) -> str:
    global _translation, _language
    _language = lang or detect()
    catalog = LOCALE_DIR / CATALOGS.get(_language, _language) / "LC_MESSAGES" / f"{DOMAIN}.po"
    _translation = PoTranslations(catalog) if catalog.exists() else gettext.NullTranslations()
    return _language


def language() -> str:
    return _language


def _(message: str) -> str:
    """Translate one user-visible string."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; ``_()`` it where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


# strftime's %a follows the C locale, not --lang.
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def weekday(day: date) -> str:
    """A date's weekday, short, in the user's language ("Mon", "周一")."""
    return _(WEEKDAYS[day.weekday()])


# Pydantic's own messages, as its English templates filled from the error's ctx.
_PYDANTIC = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "int_type": N_("Input should be a valid integer"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "float_type": N_("Input should be a valid number"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("Input should be a valid boolean"),
    "string_type": N_("Input should be a valid string"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "enum": N_("Input should be {expected}"),
    "json_invalid": N_("Invalid JSON: {error}"),
}


def say_error(error: BaseException) -> str:
    """What went wrong, in the user's language: the one place an error is worded for
    people (the CLI's one line, a form's field, a toast). English is ``str(error)``."""
    from pydantic import ValidationError

    from store.errors import Message, fill, problems

    if isinstance(error, Message):
        return fill(_(error.template), error.params, _say_value)
    if isinstance(error, ValidationError):
        return _("; ").join(
            _("{field}: {problem}").format(
                field=".".join(field_label(p) for p in loc), problem=message
            )
            if loc
            else message
            for loc, message in problems(error, say_problem)
        )
    if isinstance(error, OSError) and error.strerror:
        text = _(error.strerror)
        return f"{error.filename}: {text}" if error.filename else text
    return str(error)


def say_field_errors(error: ValidationError) -> dict[str, str]:
    """Field → message in the user's language, for a form to show beside each field."""
    from store.errors import field_errors

    return field_errors(error, say_problem)


def say_problem(err: Any) -> str:
    """One problem of a pydantic error (an ``ErrorDetails``) in the user's language."""
    from store.errors import Message, english_problem

    ctx = err.get("ctx") or {}
    if isinstance(ctx.get("error"), Message):  # the store's own rule (store.errors.Rule)
        return say_error(ctx["error"])
    template = _PYDANTIC.get(err["type"])
    if template is None or _(template) == template:
        return english_problem(err)
    return _(template).format(**{k: _say_context(k, v) for k, v in ctx.items()})


def _say_context(key: str, value: Any) -> Any:
    """A value of a pydantic error's context: its words translated, and the choices
    of an enum ("'a', 'b' or 'c'") listed without the English "or"."""
    if key == "expected" and isinstance(value, str):
        return _(", ").join(re.findall(r"'[^']*'", value)) or value
    return _(value) if isinstance(value, str) else value


def field_label(name: str) -> str:
    """A model field's label (``department_id`` → 部门); the field's name where the
    language has no label for it, so English messages name fields as before."""
    label = field_title(name)
    return label if label != _label(name) else name


def field_title(name: str) -> str:
    """A model field's label as a form shows it: "Department" (部门) for ``department_id``."""
    return _(_label(name))


def _label(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ").capitalize()


def _say_value(value: Any) -> Any:
    from store.errors import Term

    if isinstance(value, Term):
        return _(value)
    if isinstance(value, BaseException):
        return say_error(value)
    return value
