"""The app shell: modes, help, the palette's "go to", themes that persist."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from store import people
from tests.tui.helpers import SIZE, open_palette, ready, screen_text, show, shut_down, until
from tests.tui.test_forms import open_new_member_form
from tui.app import XdeptApp
from tui.modals.help import HelpScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.table import KeyedTable


async def test_every_screen_opens_by_its_number(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        project = demo_store.query("SELECT name FROM project")[0]["name"]
        assert type(app.screen).__name__ == "DashboardScreen"
        # The name gives way to the health at 100 columns: its start is shown.
        assert project[:10] in screen_text(app).splitlines()[0]
        await show(pilot, "2", "CharterScreen")
        roster = await show(pilot, "3", "RosterScreen")
        await until(pilot, lambda: roster.query_one("#members", KeyedTable).row_count)
        for key, name in (
            ("4", "BoardScreen"),
            ("5", "GanttScreen"),
            ("6", "RisksScreen"),
            ("7", "MeetingsScreen"),
        ):
            await show(pilot, key, name)
        await show(pilot, "1", "DashboardScreen")
        assert app.is_running


def _help_lines(app: XdeptApp) -> list[str]:
    """The help screen's rows, as shown: keys, spaces, description."""
    return app.screen.query_one(".keys", Static).content.plain.splitlines()


async def test_help_lists_the_keys_of_the_current_screen(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        roster = await show(pilot, "3", "RosterScreen")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        rows = {line.split()[-1]: line.split()[:-1] for line in _help_lines(app) if line}
        assert rows["New"] == ["n", "a"]
        assert rows["Edit"] == ["e"]
        assert rows["Delete"] == ["d"]
        assert rows["Filter"] == ["/"]
        assert rows["Help"] == ["?"]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is roster, what="help closed")

        await show(pilot, "1", "DashboardScreen")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        descriptions = {line.split()[-1] for line in _help_lines(app) if line}
        assert "Open" in descriptions
        assert not {"New", "Filter", "Delete"} & descriptions  # roster keys, not here
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), what="help closed")


def hit_texts(hits: CommandList) -> list[str]:
    """The first line of each hit the palette lists."""
    return [
        str(hits.get_option_at_index(i).prompt).splitlines()[0] for i in range(hits.option_count)
    ]


async def _go_to_by_palette(pilot, name: str) -> None:
    """ctrl+p, type ``name``, highlight the member hit with the keys and press enter."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await pilot.press(*name)
    wanted = f"member: {name}"
    hits = app.screen.query_one(CommandList)

    await until(pilot, lambda: wanted in hit_texts(hits), what=f"the hit {wanted!r}")
    for _ in range(hit_texts(hits).index(wanted) + 1):
        await pilot.press("down")
    assert str(hits.highlighted_option.prompt).startswith(wanted)
    await pilot.press("enter")


async def test_palette_goes_to_a_member_by_chinese_or_english_name(demo_store) -> None:
    members = people.members(demo_store)
    chinese = next(m for m in members if not m.name.isascii())
    english = next(m for m in members if m.name.isascii() and " " in m.name)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for member in (chinese, english):
            await show(pilot, "1", "DashboardScreen")
            await _go_to_by_palette(pilot, member.name)
            await until(pilot, lambda: type(app.screen).__name__ == "RosterScreen")
            table = app.screen.query_one("#members", KeyedTable)
            await until(
                pilot,
                lambda m=member, t=table: t.cursor_key == str(m.id),
                what=f"the cursor on {member.name}",
            )
            assert app.screen.focused is table


async def test_palette_finds_a_task_by_a_word_of_its_deliverable(demo_store) -> None:
    """Not only names: a task is found by what its description says (full-text search)."""
    found = demo_store.query(
        "SELECT id, title FROM tasks WHERE deliverable LIKE '%Capacity review%' "
        "AND title NOT LIKE '%review%'"
    )[0]
    wanted = f"task: {found['title']}"
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        hits = (await open_palette(pilot, "capacity REVIEW")).query_one(CommandList)
        await until(pilot, lambda: wanted in hit_texts(hits), what=f"the hit {wanted!r}")
        for _ in range(hit_texts(hits).index(wanted) + 1):
            await pilot.press("down")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen", what="the board")
        board = app.screen.board
        await until(pilot, lambda: board.focused_id == found["id"], what="the task's card")


async def test_theme_choice_is_saved_and_used_by_the_next_app(demo_store, settings_file) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == "xdept-dark"
        app.theme = "xdept-light"
        await until(pilot, settings_file.exists, what="the settings file")
    assert json.loads(settings_file.read_text(encoding="utf-8"))["theme"] == "xdept-light"

    again = XdeptApp(demo_store)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.theme == "xdept-light"


async def test_theme_switched_through_the_palette(demo_store, settings_file) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        hits = (await open_palette(pilot, "Theme: high")).query_one(CommandList)
        await until(pilot, lambda: hits.option_count == 1, what="one theme hit")
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.theme == "xdept-high-contrast", what="the theme")
        await until(pilot, settings_file.exists, what="the settings file")
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["theme"] == "xdept-high-contrast"
    assert XdeptApp(demo_store).theme == "xdept-high-contrast"


async def test_theme_option_wins_over_the_saved_one(demo_store, settings_file) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text('{"theme": "xdept-light"}', encoding="utf-8")
    assert XdeptApp(demo_store).theme == "xdept-light"
    assert XdeptApp(demo_store, theme="high-contrast").theme == "xdept-high-contrast"
    settings_file.write_text("not json", encoding="utf-8")
    assert XdeptApp(demo_store).theme == "xdept-dark"


async def test_footer_keeps_help_in_view_and_its_keys_click(demo_store) -> None:
    """At 80 columns the Gantt's keys do not fit: they end in "…", help and the palette stay."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await show(pilot, "5", "GanttScreen")
        footer = screen.query_one(KeyFooter)
        await until(pilot, lambda: "Zoom in" in str(footer.content), what="the Gantt's keys")
        line = str(footer.content)
        assert line.rstrip().endswith("? Help  ^p Palette")
        assert "…" in line and len(line) <= 80
        await pilot.click(KeyFooter, offset=(line.index("? Help") + 1, 0))
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help by a click")


async def test_a_theme_switched_while_a_screen_was_hidden_reaches_it(demo_store) -> None:
    """Screens and reused forms skip Textual's restyle when shown again; not after a theme
    switch, which must recolour the roster and the member form built before it."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_member_form(pilot)
        table = app.screen_stack[-2].query_one("#members")
        field = form.query_one("#field-name")
        await pilot.press("escape")
        await show(pilot, "1", "DashboardScreen")
        dark = (table.styles.background, field.styles.background)
        app.theme = "xdept-light"
        await show(pilot, "3", "RosterScreen")
        await until(pilot, lambda: table.styles.background != dark[0], what="the roster restyled")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is form, what="the same form again")
        assert field.styles.background != dark[1]


async def test_store_work_finishing_during_shutdown_stops_its_worker(demo_store) -> None:
    """A screen's load that ends while the app shuts down must not fill widgets that are
    gone (a NoMatches from the Gantt's detail panel, seen once under CI load)."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert await app.wait_db(app.submit_db(len, "four")) == 4
        started = threading.Event()

        def slow() -> int:
            started.set()
            time.sleep(0.3)
            return 1

        late = app.submit_db(slow)
        await until(pilot, started.is_set, what="the store work to start")
        await shut_down(app)
        with pytest.raises(asyncio.CancelledError):
            await app.wait_db(late)


async def test_a_write_sent_just_before_quitting_is_saved(demo_store) -> None:
    """A write waiting in the database thread when the app quits is done, not dropped."""
    member = people.members(demo_store)[0]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.submit_db(time.sleep, 0.3)  # the database thread is busy
        app.submit_db(
            people.update_member, app.store, member.id, member.version, post="Saved at exit"
        )
        await pilot.press("ctrl+q")
    assert people.members(demo_store)[0].post == "Saved at exit"
