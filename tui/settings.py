"""The user's settings: one pydantic model, kept as JSON in the platform's config folder.

``{"theme": "xdept-light", "language": "zh", "keymap": {"roster.new": "ctrl+n"}}``

A damaged file or a bad value is never fatal: what is wrong is left out (its
default is used) and ``read_settings`` says which setting was ignored and why, so
the app can tell the user once. The model is read in the database thread after
the first frame (tui/settings_file.py says why); the keymap's binding ids and the
theme's name are checked by the app, which knows its bindings and themes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from store.errors import Rule
from tui.i18n import LANGUAGES, _, say_error, say_problem
from tui.settings_file import read_settings_file, settings_path, write_settings_file


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise Rule("the languages are {names}", names=", ".join(LANGUAGES))
    return value


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@cache
def _key_names() -> frozenset[str]:
    """Every key Textual names: named keys (f6, insert, left) and punctuation keys by
    their Unicode names, as Textual names them (question_mark, greater_than_sign)."""
    import unicodedata

    from textual.keys import KEY_NAME_REPLACEMENTS, Keys

    named = {key.value.rsplit("+", 1)[-1] for key in Keys} | {*KEY_NAME_REPLACEMENTS.values()}
    named |= {
        unicodedata.name(chr(code)).lower().replace("-", "_").replace(" ", "_")
        for code in range(0x21, 0x7F)
    }
    return frozenset(named)


def _is_key_name(name: str) -> bool:
    """A key Textual can report: a printable character or a named key."""
    return name.isprintable() if len(name) == 1 else name in _key_names()


def _keys(value: str) -> str:
    """One key or several, comma-separated, as Textual's bindings take them: modifiers
    then a key, joined by +."""
    keys = [key.strip() for key in value.split(",")]
    for key in keys:
        *modifiers, name = key.split("+") if key else [""]
        if not name or " " in key or not MODIFIERS.issuperset(modifiers):
            raise Rule("keys are written like ctrl+n or f2, several separated by commas")
        if not _is_key_name(name):
            raise Rule("there is no key named {name!r}", name=name)
    return ",".join(keys)


class Settings(BaseModel):
    """Everything the user chose: a theme, a language, keys of their own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str | None = None
    language: Annotated[str, AfterValidator(_language)] | None = None
    # binding id ("roster.new", see ``xdept-tui keys``) → its keys ("ctrl+n,insert")
    keymap: dict[str, Annotated[str, AfterValidator(_keys)]] = {}

    def save(self) -> None:
        write_settings_file(self.model_dump(exclude_defaults=True))


def read_settings() -> tuple[Settings, list[str]]:
    """The settings in the file, and one sentence per thing ignored in it."""
    data, problem = _file_object()
    said = [problem] if problem else []
    return _validated(data, said), said


def unknown_ids(settings: Settings, known: Iterable[str]) -> list[str]:
    """One sentence per keymap id that names no binding (``tui.keys``)."""
    return [
        _("setting keymap.{id} ignored: no key has this id (see xdept-tui keys)").format(id=bid)
        for bid in sorted(set(settings.keymap) - set(known))
    ]


def remember_theme(name: str) -> None:
    """Save ``name`` as the theme, keeping the rest of the file as the model reads it.

    A file that is not a JSON object is kept beside as ``settings.json.damaged``
    rather than lost to the rewrite."""
    data, problem = _file_object()
    settings = _validated(data, [])
    if settings.theme == name and not problem:
        return
    path = settings_path()
    if problem and path.is_file():
        shutil.copyfile(path, path.with_name(path.name + ".damaged"))
    settings.model_copy(update={"theme": name}).save()


def _file_object() -> tuple[dict[str, Any], str | None]:
    """The file's JSON object ({} when there is no file), or {} and why it was not read."""
    try:
        data = read_settings_file()
    except (OSError, ValueError) as error:
        reason = say_error(error)
    else:
        if data is None:
            return {}, None
        if isinstance(data, dict):
            return data, None
        reason = _("it should hold one JSON object")
    return {}, _("{path} was not read: {reason}").format(path=settings_path(), reason=reason)


def _validated(data: dict[str, Any], said: list[str]) -> Settings:
    """The model of ``data`` less every value it refuses (a keymap entry alone, not the
    whole keymap); one sentence in ``said`` per value left out."""
    while True:
        try:
            return Settings.model_validate(data)
        except ValidationError as error:
            data = dict(data)
            for problem in error.errors():
                where = [str(part) for part in problem["loc"]]
                said.append(
                    _("setting {name} ignored: {problem}").format(
                        name=".".join(where), problem=say_problem(problem)
                    )
                )
                keymap = data.get("keymap")
                if len(where) == 2 and where[0] == "keymap" and isinstance(keymap, dict):
                    data["keymap"] = {k: v for k, v in keymap.items() if k != where[1]}
                else:
                    data.pop(where[0], None)
