"""The user's settings file: one model, never fatal, a keymap that rebinds keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.tui.helpers import SIZE, notifications, open_roster, screen_text, until
from tui.app import XdeptApp
from tui.cli import root as cli
from tui.i18n import detect, set_language
from tui.keys import binding_ids
from tui.modals.form import RecordForm
from tui.modals.help import HelpScreen
from tui.settings import Settings, read_settings, remember_theme


def write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def test_settings_are_saved_and_read_back(settings_file: Path) -> None:
    saved = Settings(theme="xdept-light", language="zh", keymap={"roster.new": "ctrl+b, insert"})
    saved.save()
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {
        "theme": "xdept-light",
        "language": "zh",
        "keymap": {"roster.new": "ctrl+b,insert"},
    }
    assert read_settings() == (saved, [])


def test_no_file_is_the_defaults_said_nothing(settings_file: Path) -> None:
    assert not settings_file.exists()
    assert read_settings() == (Settings(), [])


@pytest.mark.parametrize(
    ("content", "why"),
    [("not json {", "Expecting value"), ('["theme"]', "one JSON object")],
)
def test_a_damaged_file_gives_the_defaults_and_says_why(
    settings_file: Path, content: str, why: str
) -> None:
    write(settings_file, content)
    settings, said = read_settings()
    assert settings == Settings()
    assert len(said) == 1 and str(settings_file) in said[0] and why in said[0]


def test_each_bad_value_is_left_out_alone_and_said(settings_file: Path) -> None:
    write(
        settings_file,
        {
            "theme": 3,
            "language": "fr",
            "colour": "red",
            "keymap": {"roster.new": "ctrl+b", "board.quick": "", "roster.edit": 5},
        },
    )
    settings, said = read_settings()
    assert settings == Settings(keymap={"roster.new": "ctrl+b"})
    assert sorted(line.split(" ignored")[0] for line in said) == [
        "setting colour",
        "setting keymap.board.quick",
        "setting keymap.roster.edit",
        "setting language",
        "setting theme",
    ]
    assert any("the languages are en, zh" in line for line in said)


def test_remembering_the_theme_keeps_the_keymap_and_a_damaged_file(settings_file: Path) -> None:
    write(settings_file, {"keymap": {"roster.new": "insert"}})
    remember_theme("xdept-light")
    assert read_settings() == (Settings(theme="xdept-light", keymap={"roster.new": "insert"}), [])
    write(settings_file, "my notes {")
    remember_theme("xdept-dark")
    assert read_settings()[0] == Settings(theme="xdept-dark")
    assert settings_file.with_name("settings.json.damaged").read_text(encoding="utf-8") == (
        "my notes {"
    )


async def test_the_keymap_rebinds_a_key_and_help_and_footer_show_it(
    demo_store, settings_file: Path
) -> None:
    write(settings_file, {"keymap": {"roster.new": "insert"}})
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(pilot)
        roster = app.screen
        await until(pilot, lambda: "insert" in roster.active_bindings, what="the keymap")
        await pilot.press("n")
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is roster, "the old keys still open the form"
        assert "insert New" in screen_text(app)  # the footer
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        lines = screen_text(app).splitlines()
        assert any("insert" in line and "New" in line for line in lines)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is roster, what="the roster again")
        await pilot.press("insert")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form by insert")
    assert not [n for n in notifications(app) if n.title == "Settings ignored"]


async def test_an_unknown_binding_id_or_theme_is_said_once_and_the_rest_applies(
    demo_store, settings_file: Path
) -> None:
    write(
        settings_file,
        {"theme": "solarized", "keymap": {"roster.nwe": "insert", "roster.new": "ctrl+b"}},
    )
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(pilot)

        def told() -> list[str]:
            return [n.message for n in notifications(app) if n.title == "Settings ignored"]

        await until(pilot, told, what="the settings toast")
        assert len(told()) == 1
        message = told()[0]
        assert "keymap.roster.nwe" in message and "xdept-tui keys" in message
        assert "no theme named 'solarized'" in message
        assert app.theme == "xdept-dark"
        await until(pilot, lambda: "ctrl+b" in app.screen.active_bindings, what="the keymap")


async def test_a_key_given_in_the_keymap_wins_over_the_binding_that_had_it(
    demo_store, settings_file: Path
) -> None:
    write(settings_file, {"keymap": {"roster.new": "d"}})
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(pilot)
        roster = app.screen
        await until(pilot, lambda: "n" not in roster.active_bindings, what="the keymap")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form by d")


def test_the_language_setting_is_used_when_nothing_else_says(
    settings_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(settings_file, {"language": "zh"})
    monkeypatch.delenv("XDEPT_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert detect() == "zh"
    monkeypatch.setenv("XDEPT_LANG", "en")
    assert detect() == "en"
    monkeypatch.delenv("XDEPT_LANG")
    write(settings_file, {"language": "fr"})  # ignored: the locale decides
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert detect() == "zh"


def test_the_command_line_speaks_the_settings_language_unless_lang_says(
    settings_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(settings_file, {"language": "zh"})
    monkeypatch.delenv("XDEPT_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    try:
        runner = CliRunner()
        assert "用法" in runner.invoke(cli.main, ["--help"]).output
        assert "Usage" in runner.invoke(cli.main, ["--lang", "en", "--help"]).output
    finally:
        set_language("en")


def test_the_readme_example_is_a_settings_file_the_app_takes_whole(settings_file: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings", 1)[1]
    write(settings_file, section.split("```json\n", 1)[1].split("```", 1)[0])
    settings, said = read_settings()
    assert said == [] and settings.keymap
    assert set(settings.keymap) <= binding_ids()


def test_keys_lists_every_binding_id_with_its_keys() -> None:
    result = CliRunner().invoke(cli.main, ["keys"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split()[:2] == ["roster.new", "n,a"] for line in lines)
    assert any(line.split()[:2] == ["mode.gantt", "5"] for line in lines)


def test_the_first_frame_reads_the_settings_without_pydantic(
    settings_file: Path, db_path: Path, store
) -> None:
    """The app up to its first frame: the theme and language come from the file, and
    pydantic (the model) is not imported yet (tui/settings_file.py says why)."""
    write(settings_file, {"theme": "xdept-light", "language": "zh", "keymap": {"x": "y"}})
    script = (
        "import sys\n"
        "from store.db import Store\n"
        "from tui.i18n import set_language, language\n"
        "from tui.app import XdeptApp\n"
        "set_language()\n"
        f"app = XdeptApp(Store({str(db_path)!r}, 'tester'))\n"
        "print(app.theme, language(), 'pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "XDEPT_CONFIG": str(settings_file)}
    env.pop("XDEPT_LANG", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["xdept-light", "zh", "False"]


@pytest.mark.parametrize(
    ("keys", "why"),
    [
        ("ctrl+", "keys are written like"),
        ("+", "keys are written like"),
        ("hyper+", "keys are written like"),
        ("ctl+n", "keys are written like"),
        ("ctrl+foo", "there is no key named 'foo'"),
        ("nokey", "there is no key named 'nokey'"),
    ],
)
def test_a_key_textual_cannot_report_is_refused(settings_file: Path, keys: str, why: str) -> None:
    write(settings_file, {"keymap": {"roster.new": keys, "roster.edit": "f7"}})
    settings, said = read_settings()
    assert settings.keymap == {"roster.edit": "f7"}
    assert len(said) == 1 and why in said[0], said


def test_every_key_the_app_binds_is_one_the_settings_accept(settings_file: Path) -> None:
    """The rule for a keymap's keys accepts every key the code itself binds."""
    from tui.keys import bindings

    keymap = {bid: binding.key for bid, binding in bindings().items()}
    write(settings_file, {"keymap": keymap})
    settings, said = read_settings()
    assert said == [] and settings.keymap == keymap


def test_keys_shows_the_users_keys_and_what_the_file_gets_wrong(settings_file: Path) -> None:
    write(
        settings_file, {"keymap": {"roster.new": "f6", "roster.nope": "f8", "roster.edit": "ctrl+"}}
    )
    result = CliRunner().invoke(cli.main, ["keys"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.split()[:4] == ["roster.new", "f6", "(default", "n,a)"] for line in lines)
    assert any(line.split()[:2] == ["roster.edit", "e,enter"] for line in lines)
    assert "keymap.roster.nope ignored" in result.stderr
    assert "keymap.roster.edit ignored" in result.stderr
    shown = json.loads(CliRunner().invoke(cli.main, ["keys", "--json"]).stdout)
    assert shown["roster.new"] == {
        "keys": "f6",
        "default": "n,a",
        "description": shown["roster.new"]["description"],
    }


def test_every_binding_of_ours_has_an_id_a_keymap_can_name() -> None:
    """A binding without an id cannot be rebound (the register's table once had nine)."""
    import importlib
    import pkgutil

    from textual.binding import Binding

    from tui.keys import PACKAGES

    modules = [importlib.import_module("tui.app")]
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        modules += [
            importlib.import_module(m.name) for m in pkgutil.walk_packages(path, f"{package}.")
        ]
    found = [
        (f"{module.__name__}.{value.__name__}: {binding.key}", binding.id)
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and value.__module__ == module.__name__
        for binding in value.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding)
    ]
    assert not [where for where, binding_id in found if not binding_id]
    ids = [binding_id for _where, binding_id in found]
    assert not {i for i in ids if ids.count(i) > 1}, "one id names one binding"


def test_animations_are_off_unless_textual_animations_asks_for_them(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off by default (keys drawn at once, no in-between frames over SSH); a user's
    TEXTUAL_ANIMATIONS, read by Textual when it starts, wins."""
    import textual.constants

    monkeypatch.delenv("TEXTUAL_ANIMATIONS")
    assert XdeptApp(store).animation_level == "none"
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "full")
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "full")
    assert XdeptApp(store).animation_level == "full"
