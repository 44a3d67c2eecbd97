"""The Chinese interface is complete: every string marked for translation has one.

Run as a script (``python tests/tui/test_i18n.py``) to append the missing
messages to the zh_CN catalog with an empty translation, ready to fill in.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.i18n import LOCALE_DIR, parse_po, set_language  # noqa: E402
from tui.i18n import _ as translate  # noqa: E402

CATALOG = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "xdept.po"
MARKERS = {"_", "N_", "ngettext"}


def marked_strings() -> list[str]:
    """Every literal passed to _(), N_() or ngettext() in the interface's code."""
    found: dict[str, None] = {}
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
            ):
                for arg in node.args[:2]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(arg.value, None)
    return list(found)


def test_every_marked_string_has_a_chinese_translation() -> None:
    catalog = parse_po(CATALOG.read_text(encoding="utf-8"))
    missing = [s for s in marked_strings() if not catalog.get(s)]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_the_catalog_has_each_message_once_with_one_translation() -> None:
    """Branches merged as a union can leave a message twice, or two msgstr lines under
    one msgid: the reader would keep only one of them without a word."""
    keywords = [
        line.split(" ", 1)[0]
        for line in CATALOG.read_text(encoding="utf-8").splitlines()
        if line.startswith(("msgid ", "msgstr "))
    ]
    pairs = list(zip(keywords[::2], keywords[1::2], strict=False))
    assert len(keywords) % 2 == 0 and set(pairs) == {("msgid", "msgstr")}
    ids = [
        "".join(ast.literal_eval(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))
        for block in re.findall(
            r"^msgid (.*?)^msgstr", CATALOG.read_text(encoding="utf-8"), re.M | re.S
        )
    ]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    assert not twice, twice


def test_translations_keep_their_placeholders() -> None:
    """A translation must use the same {names} or .format() would raise."""
    import string

    catalog = parse_po(CATALOG.read_text(encoding="utf-8"))
    fields = string.Formatter()
    for source, target in catalog.items():
        want = {f for _t, f, _s, _c in fields.parse(source) if f}
        got = {f for _t, f, _s, _c in fields.parse(target) if f}
        assert want == got, f"{source!r} → {target!r}"


def test_set_language_switches_the_catalog() -> None:
    try:
        set_language("zh")
        assert translate("Dashboard") == "仪表盘"
        set_language("en")
        assert translate("Dashboard") == "Dashboard"
    finally:
        set_language("en")


# Where the interface shows a string: callee → its positional arguments shown, and
# keywords shown whatever the callee.
SHOWN_ARGS = {
    "notify": (0,),
    "Static": (0,),
    "Label": (0,),
    "Button": (0,),
    "Checkbox": (0,),
    "Binding": (2,),
    "FormField": (1,),
    "Confirm": (0, 1),
}
SHOWN_KEYWORDS = {"title", "placeholder", "description", "tooltip", "prompt", "help", "label"}
SHOWN_ATTRIBUTES = {"TITLE", "SUB_TITLE", "BORDER_TITLE", "BORDER_SUBTITLE"}
PROGRAM = "xdept-tui"  # the program's name reads the same in every language


def _has_words(node: ast.expr) -> bool:
    """A literal (or f-string) with words in it, as opposed to symbols, keys or blanks."""
    parts = [node] if isinstance(node, ast.Constant) else getattr(node, "values", [])
    text = "".join(
        p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)
    )
    if not isinstance(node, ast.Constant | ast.JoinedStr) or text == PROGRAM:
        return False
    return re.search(r"[A-Za-z]{2,}", re.sub(r"%\(\w+\)s|\{\w*\}", "", text)) is not None


def unmarked_strings() -> list[str]:
    """Literals shown to the user that skip _() and N_() (so they are never translated)."""
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            shown: list[ast.expr] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = getattr(func, "id", None) or getattr(func, "attr", "")
                shown += [node.args[i] for i in SHOWN_ARGS.get(name, ()) if i < len(node.args)]
                shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            elif isinstance(node, ast.Assign) and any(
                getattr(t, "id", "") in SHOWN_ATTRIBUTES for t in node.targets
            ):
                shown.append(node.value)
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(s)}"
                for s in shown
                if _has_words(s)
            ]
    return found


def test_every_shown_literal_is_marked_for_translation() -> None:
    assert not unmarked_strings(), "wrap in _() or N_(): " + "; ".join(unmarked_strings())


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


if __name__ == "__main__":
    known = parse_po(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {}
    new = [s for s in marked_strings() if s not in known]
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("a", encoding="utf-8") as out:
        if not known:
            out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
        for text in new:
            out.write(f'\nmsgid {_quote(text)}\nmsgstr ""\n')
    print(f"{len(new)} new messages appended to {CATALOG}")


def test_nothing_is_translated_when_a_module_is_imported() -> None:
    """``_()`` at import time freezes the language of whoever imported the module first
    (a screen imported while Chinese was on kept Chinese keys in English): module and
    class level text is marked with ``N_()`` and translated where it is shown."""
    found = []
    for path in sorted((Path(__file__).parents[2] / "tui").rglob("*.py")):

        def visit(body: list[ast.stmt], path: Path = path) -> None:
            for statement in body:
                if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                if isinstance(statement, ast.ClassDef):
                    visit(statement.body)
                    continue
                found.extend(
                    f"{path.name}:{node.lineno}"
                    for node in ast.walk(statement)
                    if isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext")
                )

        visit(ast.parse(path.read_text(encoding="utf-8")).body)
    assert not found, f"translated at import time: {found}"


def test_only_a_person_has_a_personal_name_in_chinese() -> None:
    """One msgid is one word in Chinese: a department's or a milestone's name is not 姓名."""
    from tui.screens.charter import MILESTONE_FIELDS
    from tui.screens.roster import DEPARTMENT_FIELDS, MEMBER_FIELDS

    set_language("zh")
    try:
        label = {f.name: translate(f.label) for f in MEMBER_FIELDS}["name"]
        assert label == "姓名"
        for fields in (DEPARTMENT_FIELDS, MILESTONE_FIELDS):
            label = {f.name: translate(f.label) for f in fields}["name"]
            assert label != "姓名", label
    finally:
        set_language("en")


def test_a_stored_state_reads_in_the_language_and_user_text_never_does() -> None:
    """Histories, the palette and the command line's tables show a risk's or an
    issue's state, level and strategy as words of the interface's language; a title
    that happens to read like one ("open") is the user's and stays as written."""
    from tui.describe import field_value

    set_language("zh")
    said = [
        field_value("risks", "status", "occurred"),
        field_value("risks", "strategy", "mitigate"),
        field_value("issues", "status", "in_progress"),
        field_value("risks", "title", "open"),
        field_value("risks", "next_review", None),
    ]
    assert said == ["已发生", "减轻", "处理中", "open", "—"]
