"""Control-character stripping, light enough for the TUI to import at start-up.

docs/architecture.md, "Text on screen": no widget strips ESC or C1 controls, so a
title could clear the screen, retitle the window or write the clipboard. Text is
cleaned on write (in the models), before any lookup by name, and again before
display (rows written by other programs) — always by ``strip_controls``, so the three agree.

Invisible characters go too. Bidi overrides and isolates reorder what follows
them ("Trojan source"): a name could show as someone else's. Zero-width
characters make two names that look the same differ, so ``--owner "Li Wei"``
would miss a "Li\u200bWei". Tag characters carry hidden text. The zero-width
joiner is removed as well, even inside emoji sequences (👩‍💻 becomes 👩💻):
terminals disagree on how many cells a joined sequence takes, which breaks the
alignment of every table, and the parts stay readable. ZWNJ (used in Persian
and some Indic scripts) goes with it; the project's users write Chinese and English.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL and C1 controls; then the invisible ones:
# ZWSP ZWNJ ZWJ LRM RLM, ALM, bidi embeddings/overrides (U+202A–E) and isolates
# (U+2066–9), word joiner and invisible operators, deprecated format characters,
# BOM/ZWNBSP, interlinear annotation marks and tag characters.
CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u200b-\u200f\u061c\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def strip_controls(value: str) -> str:
    """Remove escape, control and invisible characters, keeping tabs and newlines."""
    return CONTROL_CHARS.sub("", value)


def one_line(value: str) -> str:
    """Controls removed and all whitespace runs (newlines too) collapsed to one space."""
    if value.isprintable() and "  " not in value and value.strip(" ") == value:
        return value  # already one clean line: the common case, ~10× faster
    return " ".join(strip_controls(value).split())


def flat(value: str) -> str:
    """Controls removed and line breaks turned into spaces; other spacing kept."""
    return strip_controls(value.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def cells(value: str) -> int:
    """Terminal cells ``value`` takes: East Asian wide and full-width characters take
    two, combining marks none (what a monospace Markdown reader shows)."""
    width = 0
    for char in value:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def is_number(value: str) -> bool:
    """Whether ``value`` is digits 0–9 only: ``str.isdigit`` also says yes to ① and ²,
    which ``int()`` refuses."""
    return value.isascii() and value.isdigit()
