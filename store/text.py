"""Control-character stripping, light enough for the TUI to import at start-up.

DESIGN.md §7: no widget strips ESC or C1 controls, so a title could clear the
screen, retitle the window or write the clipboard. Text is cleaned on write (in
the models) and again before display (rows written by other programs).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL and C1 controls.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(value: str) -> str:
    """Remove escape and control characters, keeping tabs and newlines."""
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
