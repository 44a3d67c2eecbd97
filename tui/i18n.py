"""Translation: ``_()`` over gettext, English as the source language.

The language comes from --lang / XDEPT_LANG, else the locale. Catalogs live in
tui/locale/<lang>/LC_MESSAGES/xdept.mo; a missing catalog falls back to English.
"""

from __future__ import annotations

import gettext
import locale
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "xdept"
LANGUAGES = {"en": "English", "zh": "中文"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def detect() -> str:
    """The language to use: XDEPT_LANG, else the locale's (zh* → zh), else English."""
    wanted = os.environ.get("XDEPT_LANG") or locale.getlocale()[0] or os.environ.get("LANG", "")
    return "zh" if wanted.lower().startswith("zh") else "en"


def set_language(lang: str | None = None) -> str:
    global _translation, _language
    _language = lang or detect()
    catalog = "zh_CN" if _language == "zh" else _language
    _translation = gettext.translation(
        DOMAIN, LOCALE_DIR, languages=[catalog], fallback=True
    )
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
