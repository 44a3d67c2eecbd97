"""Translation: ``_()`` over gettext, English as the source language.

The language comes from --lang / XDEPT_LANG, else the locale. Catalogs are the
gettext ``.po`` files in tui/locale/<lang>/LC_MESSAGES/xdept.po, read directly
(a few hundred strings parse in about a millisecond), so there is no compiled
``.mo`` to keep in step and nothing to build at install time.
"""

from __future__ import annotations

import ast
import gettext
import locale
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "xdept"
CATALOGS = {"zh": "zh_CN"}

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
    """The language to use: XDEPT_LANG, else the locale's (zh* → zh), else English."""
    wanted = (
        os.environ.get("XDEPT_LANG") or os.environ.get("LANG", "") or (locale.getlocale()[0] or "")
    )
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
