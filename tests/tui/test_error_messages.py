"""Every message the store can refuse with reads in Chinese, in the CLI and in forms.

The store raises errors with constant English templates (store/errors.py); the
first tests here read every raise site of store/ and fail on an f-string message
or a template the zh_CN catalog lacks, so a new message cannot slip through
untranslated. The others show the translation where users see it.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

import store
from store.errors import Invalid, Message, NotFound, Term
from store.models import MODELS, Task
from tui.i18n import LOCALE_DIR, field_label, parse_po, say_error, say_field_errors, set_language

ROOT = Path(__file__).resolve().parents[2]
CATALOG = parse_po((LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "xdept.po").read_text(encoding="utf-8"))
# Helpers that pass a template on to a Rule: function name → index of the template argument.
FORWARDERS = {"_matching": 1, "_ordered": 3}


def _message_classes() -> tuple[set[str], set[str]]:
    """Names of the error classes that take a template first, and of all of them
    (those with their own ``__init__``, such as NotFound, build theirs inside)."""
    for info in pkgutil.iter_modules(store.__path__):
        importlib.import_module(f"store.{info.name}")
    every, todo = set(), [Message]
    while todo:
        cls = todo.pop()
        every.add(cls)
        todo.extend(cls.__subclasses__())
    names = {cls.__name__ for cls in every}
    return {c.__name__ for c in every if c.__init__ is Message.__init__}, names


MESSAGE_CLASSES, ERROR_CLASSES = _message_classes()


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _scan(path: Path) -> Iterator[tuple[str, int, str | None]]:
    """(kind, line, text) for each message of a module: kind is template, term, or
    bad (an f-string or a computed message where a constant template belongs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        t.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for t in node.targets
        if isinstance(t, ast.Name)
    }

    def visit(node: ast.AST, function: str, cls_is_message: bool) -> Iterator[tuple]:
        if isinstance(node, ast.FunctionDef):
            function = node.name if function == "" or function not in FORWARDERS else function
        if isinstance(node, ast.ClassDef):
            cls_is_message = any(_name(b) in ERROR_CLASSES for b in node.bases)
        if isinstance(node, ast.Call):
            yield from _call(node, function, cls_is_message)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, function, cls_is_message)

    def _call(node: ast.Call, function: str, cls_is_message: bool) -> Iterator[tuple]:
        name = _name(node.func)
        is_super_init = (
            name == "__init__"
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Call)
            and _name(node.func.value.func) == "super"
        )
        if name == "Term" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant):
                yield ("term", node.lineno, arg.value)
            elif isinstance(arg, ast.Name) and arg.id in constants:
                yield ("term", node.lineno, constants[arg.id])
        elif name in FORWARDERS and len(node.args) > FORWARDERS[name]:
            arg = node.args[FORWARDERS[name]]
            if isinstance(arg, ast.Constant):
                yield ("template", node.lineno, arg.value)
        elif (name in MESSAGE_CLASSES or (is_super_init and cls_is_message)) and node.args:
            arg = node.args[0]
            passed_on = isinstance(arg, ast.Attribute) and arg.attr == "template"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield ("template", node.lineno, arg.value)
            elif not passed_on and function not in FORWARDERS:
                yield ("bad", node.lineno, ast.unparse(arg))

    yield from visit(tree, "", False)


def store_messages() -> dict[str, list[str]]:
    """kind → ["store/x.py:12: text", …] over every module of store/."""
    found: dict[str, list[str]] = {"template": [], "term": [], "bad": []}
    for path in sorted((ROOT / "store").glob("*.py")):
        for kind, line, text in _scan(path):
            found[kind].append(f"{path.relative_to(ROOT)}:{line}: {text}")
    return found


def _text(entry: str) -> str:
    return entry.split(": ", 1)[1]


def test_store_messages_are_constant_templates() -> None:
    found = store_messages()
    assert len(found["template"]) > 80  # the scan sees the raise sites
    assert not found["bad"], "use a constant template and keywords: " + "; ".join(found["bad"])


def test_validators_raise_rules_the_interface_can_translate() -> None:
    """A ValueError in a validator would reach the user as pydantic's English text."""
    tree = ast.parse((ROOT / "store" / "models.py").read_text(encoding="utf-8"))
    plain = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and _name(node.exc.func) in {"ValueError", "TypeError", "AssertionError"}
    ]
    assert not plain, f"store/models.py raises a plain error on lines {plain}: raise Rule"


def shown_store_help() -> set[str]:
    """Help texts kept in store/ (``*_HELP`` constants) that the interface shows."""
    interface = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tui").rglob("*.py"))
    return {
        value
        for info in pkgutil.iter_modules(store.__path__)
        for name, value in vars(importlib.import_module(f"store.{info.name}")).items()
        if name.endswith("_HELP") and isinstance(value, str) and name in interface
    }


def test_every_store_message_has_a_chinese_translation() -> None:
    found = store_messages()
    messages = {_text(e) for e in found["template"] + found["term"]} | shown_store_help()
    missing = sorted(messages - set(CATALOG))
    assert not missing, f"{len(missing)} store messages lack zh_CN: {missing}"


def test_every_table_and_field_has_a_chinese_name() -> None:
    """Tables name records in messages ({table}: …), fields name the problem's place."""
    names = set(MODELS) | {t.rstrip("s").replace("_", " ") for t in MODELS}
    labels = {
        field.removesuffix("_id").replace("_", " ").capitalize()
        for model in MODELS.values()
        for field in model.content_fields()
    }
    missing = sorted((names | labels) - set(CATALOG))
    assert not missing, f"lack zh_CN: {missing}"


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


def _caught(**data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Task(**data)
    return caught.value


def test_a_store_error_reads_in_chinese_with_its_values(chinese: None) -> None:
    error = Invalid("unknown member {key!r}", key="王五")
    assert str(error) == "unknown member '王五'"
    assert say_error(error) == "未知成员 '王五'"
    assert say_error(NotFound("task", 7)) == "找不到任务 7"


def test_validation_reads_in_chinese_with_field_labels(chinese: None) -> None:
    error = _caught(title="", start="2026-12-09", end="2026-12-01", progress=101)
    assert say_error(error) == "标题：不能为空；进度：应小于或等于 100"
    assert say_field_errors(_caught(title="t", start="x", end="2026-12-01")) == {
        "start": "应为有效日期，输入太短"
    }
    assert say_field_errors(_caught(title="t", start="2026-12-09", end="2026-12-01")) == {
        "": "结束日期早于开始日期"
    }
    assert field_label("department_id") == "部门"


def test_english_is_the_store_text_unchanged() -> None:
    set_language("en")
    error = _caught(title="", start="2026-12-09", end="2026-12-01", progress=101)
    from store.errors import describe

    assert say_error(error) == describe(error)
    assert say_error(error).startswith("title: must not be empty; progress: Input should be")
    nested = Invalid("{table}: {problems}", table=Term("tasks"), problems=error)
    assert say_error(nested) == str(nested) == f"tasks: {describe(error)}"


async def test_a_form_in_chinese_says_the_rule_beside_the_field(demo_store, chinese: None) -> None:
    from textual.widgets import Input, Select

    from store import people
    from tests.tui.helpers import SIZE, until
    from tests.tui.test_forms import error_beside, open_new_member_form
    from tui.app import XdeptApp

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_new_member_form(pilot)
        form.query_one("#field-department_id", Select).value = people.departments(demo_store)[0].id
        form.query_one("#field-name", Input).value = "名" * 81
        form.query_one("#field-login", Input).value = "wang wu"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: error_beside(form, "login"), what="the login error")
        assert error_beside(form, "name") == "✖ 最多 80 个字符（当前 81 个）"
        assert error_beside(form, "login").startswith("✖ 登录名只能包含字母、数字")
        assert form.query_one("#field-login", Input).value == "wang wu"
