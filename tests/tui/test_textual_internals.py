"""Textual's private API that tui/textual_internals.py relies on, checked against the
installed Textual: an upgrade that renames or changes any of it fails here, by name.

If one of these fails, read the docstring of the function named in the message
(tui/textual_internals.py): it says what the use buys and what to do without it.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Static

from tests.tui.helpers import until
from tui.keep_styles import KeepsStyles
from tui.textual_internals import (
    QuickModeSwitch,
    css_generation,
    mark_styled,
    refresh_scrollbars,
)


def params(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize(
    ("owner", "name", "expected"),
    [
        (App, "switch_mode", ["self", "mode"]),
        (App, "delay_update", ["self", "delay"]),
        (App, "refresh_css", ["self", "animate"]),
        (App, "_begin_batch", ["self"]),
        (App, "_end_batch", ["self"]),
        (Screen, "_on_screen_resume", ["self", "event"]),
        (Widget, "_refresh_scrollbars", ["self"]),
    ],
)
def test_textual_methods_we_override_or_call_keep_their_signature(
    owner: type, name: str, expected: list[str]
) -> None:
    method = getattr(owner, name, None)
    assert method is not None, f"Textual no longer has {owner.__name__}.{name}"
    assert params(method) == expected, (
        f"Textual's {owner.__name__}.{name} now takes {params(method)}, not {expected}: "
        "tui/textual_internals.py overrides or calls it"
    )


def test_screen_resume_still_carries_refresh_styles() -> None:
    assert events.ScreenResume(refresh_styles=False).refresh_styles is False
    assert events.ScreenResume().refresh_styles is True


class Kept(KeepsStyles, Screen):
    def compose(self) -> ComposeResult:
        yield Static("kept")


class Plain(Screen):
    def compose(self) -> ComposeResult:
        yield Static("plain")


class Other(Screen):
    def compose(self) -> ComposeResult:
        yield Static("other")


MODES: dict[str, Any] = {"kept": Kept, "plain": Plain, "other": Other}


class TextualApp(App[None]):
    """Textual's own mode switch, with every call to the two methods counted."""

    MODES = MODES
    DEFAULT_MODE = "other"

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def delay_update(self, delay: float = 0.05) -> None:
        self.calls.append("delay_update")
        super().delay_update(delay)

    def refresh_css(self, animate: bool = True) -> None:
        self.calls.append("refresh_css")
        super().refresh_css(animate)


class QuickApp(QuickModeSwitch[None]):
    MODES = MODES
    DEFAULT_MODE = "other"


async def test_textual_mode_switch_holds_frames_and_restyles_inside_switch_mode() -> None:
    """What QuickModeSwitch relies on: both calls happen synchronously in switch_mode,
    refresh_css only for a screen not styled yet, and the private names it reads exist."""
    app = TextualApp()
    async with app.run_test() as pilot:
        assert isinstance(app._css_update_count, int), "App._css_update_count is gone"
        assert isinstance(app._screen_stacks, dict), "App._screen_stacks is gone"
        assert not app._screen_stacks.get("plain"), "App._screen_stacks holds unbuilt modes"
        app.calls.clear()
        app.switch_mode("plain")
        assert "delay_update" in app.calls, "switch_mode no longer calls delay_update"
        assert "refresh_css" in app.calls, "switch_mode no longer restyles a new screen"
        assert app._screen_stacks.get("plain"), "App._screen_stacks no longer holds a built mode"
        await pilot.pause()
        mark_styled(app.screen, app)
        app.switch_mode("other")
        await pilot.pause()
        app.calls.clear()
        app.switch_mode("plain")
        assert app.calls == ["delay_update"], (
            f"a switch to a screen marked styled calls {app.calls}: "
            "switch_mode no longer reads Screen._css_update_count"
        )


async def test_quick_switch_skips_the_frame_delay_for_a_built_screen_and_the_restyle_for_a_new(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    delay_update, refresh_css = App.delay_update, App.refresh_css

    def counted_delay(self: App, delay: float = 0.05) -> None:
        calls.append("delay_update")
        delay_update(self, delay)

    def counted_refresh(self: App, animate: bool = True) -> None:
        calls.append("refresh_css")
        refresh_css(self, animate)

    monkeypatch.setattr(App, "delay_update", counted_delay)
    monkeypatch.setattr(App, "refresh_css", counted_refresh)
    app = QuickApp()
    async with app.run_test() as pilot:
        calls.clear()
        app.switch_mode("plain")
        # First build of a screen: its frames held until it is mounted, not by a timer.
        assert calls == [], f"first build of a screen: {calls}"
        assert app._batch_count == 1, "App._batch_count no longer holds the frames"
        await until(pilot, lambda: app._batch_count == 0, what="the frames shown again")
        assert app.screen.query_one(Static).is_mounted
        app.switch_mode("other")
        await pilot.pause()
        calls.clear()
        app.switch_mode("plain")
        assert calls == [], f"a switch to a built screen: {calls}"
        before = css_generation(app)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        assert css_generation(app) > before, "a theme switch no longer bumps the CSS count"
        await until(pilot, lambda: "refresh_css" in calls, what="the restyle after a theme switch")


async def test_a_screen_that_keeps_styles_is_not_restyled_when_shown_again() -> None:
    """Textual restyles every screen it shows again (the cost KeepsStyles saves); a
    KeepsStyles screen is restyled only after the stylesheet changed."""
    app = QuickApp()
    restyled: list[str] = []
    async with app.run_test() as pilot:
        for mode in ("kept", "plain"):
            app.switch_mode(mode)
            await pilot.pause()
            screen = app.screen
            update = screen.update_node_styles

            def spy(animate: bool = True, name: str = mode, update: Any = update) -> None:
                restyled.append(name)
                update(animate)

            screen.update_node_styles = spy  # type: ignore[method-assign]
        for mode in ("other", "kept", "other", "plain"):
            app.switch_mode(mode)
            await pilot.pause()
        assert restyled == ["plain"], f"restyled on resume: {restyled}"
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        restyled.clear()
        for mode in ("other", "kept"):
            app.switch_mode(mode)
            await pilot.pause()
        assert restyled == ["kept"], "a kept screen is no longer restyled after a theme switch"


class Scrolled(ScrollView):
    pass


class ScrollApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Scrolled()


async def test_refresh_scrollbars_shows_a_scrollbar_before_the_next_layout() -> None:
    app = ScrollApp()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(Scrolled)
        await until(pilot, lambda: view.container_size.height > 0, what="the layout")
        assert not view.show_vertical_scrollbar
        view.virtual_size = Size(40, 100)
        refresh_scrollbars(view)
        assert view.show_vertical_scrollbar, "Widget._refresh_scrollbars no longer shows it now"
