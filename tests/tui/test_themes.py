"""Themes: lines that are not text (borders, scrollbars, focus) stand out from the background.

WCAG 2.2 asks 3:1 for non-text contrast; the ratio is computed from relative
luminance exactly as WCAG defines it, on the colours Textual derives for each
theme (the CSS variables the widgets use).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.color import Color

from themes import THEMES

TUI = Path(__file__).parents[2] / "tui"


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast(Color.parse("#000000"), Color.parse("#FFFFFF")) == pytest.approx(21)
    assert contrast(Color.parse("#767676"), Color.parse("#FFFFFF")) == pytest.approx(4.54, abs=0.01)
    assert contrast(Color.parse("#1A1A1A"), Color.parse("#000000")) < 1.3  # the old panel


@pytest.mark.parametrize("name", sorted(THEMES))
def test_borders_scrollbars_and_focus_have_3_to_1_against_the_background(name: str) -> None:
    colors = THEMES[name].to_color_system().generate()

    def color(variable: str) -> Color:
        found = Color.parse(colors[variable])
        return Color.parse(colors["background"]).blend(found, found.a)

    for back in ("background", "surface"):
        for line in ("border-blurred", "border", "primary", "scrollbar"):
            ratio = contrast(color(line), color(back))
            assert ratio >= 3, f"{name}: ${line} on ${back} is {ratio:.2f}:1"
    ratio = contrast(color("scrollbar"), color("scrollbar-background"))
    assert ratio >= 3, f"{name}: the scrollbar on its track is {ratio:.2f}:1"


def test_panel_borders_use_the_border_colour_not_the_panel_background() -> None:
    """$panel is a background (~1.1:1 against the screen): a border drawn in it vanishes."""
    found = [
        f"{path.relative_to(TUI)}: {line.strip()}"
        for path in sorted(TUI.rglob("*"))
        if path.suffix in (".py", ".tcss")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"(border[\w-]*|separator[^}]*color)\s*[:{][^;]*\$panel\b", line)
    ]
    assert found == []


@pytest.mark.parametrize("name", sorted(THEMES))
async def test_the_tab_bar_line_stands_out_from_the_background(demo_store, name: str) -> None:
    from tests.tui.helpers import Underline, show
    from tui.app import XdeptApp

    app = XdeptApp(demo_store, theme=name)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show(pilot, "2", "CharterScreen")
        bar = screen.query(Underline).first().get_component_rich_style("underline--bar")
        back = app.current_theme.to_color_system().generate()["background"]
        ratio = contrast(Color.from_rich_color(bar.bgcolor), Color.parse(back))
        assert ratio >= 3, f"{name}: the tab bar's line is {ratio:.2f}:1"
