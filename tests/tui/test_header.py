"""The header says which screen you are on, beside the project and its health, at 80 columns."""

from __future__ import annotations

import pytest

from store import health, symbols
from tests.tui.helpers import ready, screen_text, until
from tui.app import XdeptApp
from tui.i18n import set_language

NAMES = {
    "en": ["Dashboard", "Charter", "Roster", "Board", "Gantt", "Risks", "Meetings"],
    "zh": ["仪表盘", "项目章程", "团队名录", "任务看板", "甘特图", "风险登记表", "会议"],
}
TO_FIX = {"en": "{s} {p} to fix", "zh": "{s} {p} 项待处理"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_the_header_names_each_screen_in_the_users_language(demo_store, lang, size) -> None:
    problems = health.health(demo_store).problems
    set_language(lang)
    try:
        app = XdeptApp(demo_store)
        async with app.run_test(size=size, notifications=True) as pilot:
            await ready(pilot)
            for key, name in zip("1234567", NAMES[lang], strict=True):
                await pilot.press(key)
                await until(
                    pilot,
                    lambda name=name: screen_text(app).splitlines()[0].startswith(f"  {name} "),
                    what=f"{name} in the header",
                )
                header = screen_text(app).splitlines()[0]
                assert "智能手环" in header  # the project's name, cut if need be
                assert header.rstrip().endswith(
                    TO_FIX[lang].format(s=symbols.TO_FIX, p=problems)
                ), header
    finally:
        set_language("en")
