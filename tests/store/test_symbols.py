"""Each status symbol is defined once (store/symbols.py) and listed in the README's legend."""

from __future__ import annotations

import re
from pathlib import Path

from store import symbols

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "store" / "symbols.py"
# Unicode blocks whose characters are symbols rather than text: circled operators,
# miscellaneous technical, geometric shapes, miscellaneous symbols, dingbats, arrows-A,
# miscellaneous symbols and arrows. (Box drawing and block elements draw the Gantt
# chart's bars and lines; the few of them that are markers are defined in the module.)
BLOCKS = ((0x2295, 0x22A1), (0x2300, 0x23FF), (0x25A0, 0x27FF), (0x2B00, 0x2BFF))
DEFINED = {ch for symbol, _meaning in symbols.LEGEND for ch in symbol}


def is_symbol(ch: str) -> bool:
    return ch in DEFINED or any(low <= ord(ch) <= high for low, high in BLOCKS)


def test_the_legend_has_every_symbol_once() -> None:
    constants = {
        value for name, value in vars(symbols).items() if name.isupper() and isinstance(value, str)
    }
    listed = [symbol for symbol, _meaning in symbols.LEGEND]
    assert len(listed) == len(set(listed)), "a symbol with two meanings"
    assert constants == set(listed)


def test_no_symbol_is_written_outside_the_symbols_module() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {''.join(sorted({c for c in line if is_symbol(c)}))}"
        for folder in ("store", "tui")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != MODULE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(is_symbol(c) for c in line)
    ]
    assert found == [], "use store.symbols instead:\n" + "\n".join(found)


def test_the_readme_legend_lists_every_symbol() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    markers = re.search(r"Markers are symbols.*?(?:\n\n|\Z)", readme, re.S)
    assert markers, "the README's Markers paragraph"
    missing = [(s, meaning) for s, meaning in symbols.LEGEND if f"`{s}" not in markers.group(0)]
    assert missing == []
    assert "to fix" in markers.group(0)  # the header's count is explained
