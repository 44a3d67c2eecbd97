"""Screen 7's Daily updates tab and ``u`` on any screen: a day's updates by department,
who has not posted, earlier days, a blocker made an issue or a risk, the user's own
update of today (one record a day), and user text shown literally."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, Static, TextArea

from store import clock
from store.db import Store
from store.meetings import edit_update, post_update, update_of, updates
from store.models import DailyUpdate, Issue, Risk
from store.people import member_for_login
from store.records import find, get
from store.update_view import updates_day
from tests.tui.helpers import notifications, ready, row_texts, show, until
from tui.app import XdeptApp
from tui.modals.form import RecordForm
from tui.modals.quick_risk import QuickRiskLine
from tui.screens.meetings.meetings_tab import MeetingsTab
from tui.screens.meetings.updates_tab import UpdatesTab

SIZE = (120, 40)


async def open_updates(pilot) -> UpdatesTab:
    await ready(pilot)
    screen = await show(pilot, "7", "MeetingsScreen")
    await until(pilot, lambda: screen.query_one(MeetingsTab).loaded, what="the meetings")
    await pilot.press("right_square_bracket")
    tab = screen.query_one(UpdatesTab)
    await until(pilot, lambda: screen.tab is tab and tab.view is not None, what="the updates")
    return tab


def detail(tab: UpdatesTab) -> str:
    return str(tab.query_one("#updates-detail-text", Static).content)


def heading(tab: UpdatesTab) -> str:
    return str(tab.query_one("#updates-day", Static).content)


def post_blocked(store: Store, text: str = "Waiting for the test lab") -> DailyUpdate:
    """An update with a blocker, today, by someone who has not posted today."""
    day = updates_day(store, clock.today())
    member = day.missing[0]
    done = DailyUpdate(member_id=member.id, date=clock.today(), done="Wrote specs", blockers=text)
    return post_update(store, done)


async def test_the_day_by_department_and_who_has_not_posted(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_updates(pilot)
        day = updates_day(demo_store, clock.today())
        assert list(row_texts(tab.table)) == [str(u.id) for u in day.updates]
        assert clock.today().isoformat() in heading(tab)
        text = detail(tab)
        assert f"Not posted yet ({len(day.missing)})" in text
        missing = text.split("Not posted yet")[1].splitlines()[1:]
        marked = [line.startswith("◉") for line in missing]
        assert marked == sorted(marked, reverse=True)  # interface persons first
        assert any(marked)


async def test_brackets_move_the_day_and_ctrl_page_keys_switch_tabs(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_updates(pilot)
        yesterday = clock.today() - timedelta(days=1)
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: yesterday.isoformat() in heading(tab), what="yesterday")
        assert app.screen.tab is tab  # [ moved the day, not the tab
        shown = updates_day(demo_store, yesterday).updates
        await until(pilot, lambda: list(row_texts(tab.table)) == [str(u.id) for u in shown])
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: clock.today().isoformat() in heading(tab), what="today")
        await pilot.press("right_square_bracket")  # no later than today
        assert tab.day == clock.today()
        await pilot.press("left_square_bracket", "left_square_bracket", "t")
        await until(pilot, lambda: clock.today().isoformat() in heading(tab), what="t: today")
        await pilot.press("ctrl+pageup")
        await until(pilot, lambda: isinstance(app.screen.tab, MeetingsTab), what="the meetings")
        await pilot.press("ctrl+pagedown")
        await until(pilot, lambda: app.screen.tab is tab, what="the updates again")


async def test_I_makes_the_blocker_an_issue_for_an_owner_and_a_due_date(demo_store) -> None:
    update = post_blocked(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_updates(pilot)
        tab.show_record("daily_updates", update.id)
        await until(pilot, lambda: tab.table.cursor_key == str(update.id), what="the update")
        await until(pilot, lambda: "Waiting for the test lab" in detail(tab))
        await pilot.press("I")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        app.screen.query_one("#field-due", Input).value = "+3d"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: find(demo_store, Issue, "update_id = ?", [update.id]))
        issue = find(demo_store, Issue, "update_id = ?", [update.id])[0]
        assert issue.source == "update" and issue.owner_id == update.member_id
        assert issue.due == clock.today() + timedelta(days=3)
        assert issue.title == "Waiting for the test lab"


async def test_R_opens_the_risk_line_with_the_blocker_and_links_the_update(demo_store) -> None:
    update = post_blocked(demo_store, "Supplier may slip")
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_updates(pilot)
        tab.show_record("daily_updates", update.id)
        await until(pilot, lambda: tab.table.cursor_key == str(update.id), what="the update")
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, QuickRiskLine), what="the line")
        line = app.screen.query_one("#quick-risk-input", Input)
        assert line.value == "Supplier may slip"
        await pilot.press(*" !high", "enter")  # typed after the text, not over it
        await until(pilot, lambda: find(demo_store, Risk, "update_id = ?", [update.id]))
        risk = find(demo_store, Risk, "update_id = ?", [update.id])[0]
        assert risk.title == "Supplier may slip" and risk.level == "high"
        # r afterwards is a plain, unlinked line again
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, QuickRiskLine), what="the line")
        assert app.screen.query_one("#quick-risk-input", Input).value == ""
        assert app.screen.links == {}


async def test_I_and_R_without_a_blocker_say_so(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_updates(pilot)
        plain = [u for u in tab.view.updates if not u.blockers]
        if plain:
            tab.show_record("daily_updates", plain[0].id)
        await pilot.press("I")
        await until(pilot, lambda: any("blocker" in str(n.message) for n in notifications(app)))
        assert not isinstance(app.screen, RecordForm)


# -- u on any screen --------------------------------------------------------------------------
async def open_mine(pilot) -> RecordForm:
    await pilot.press("u")
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm), what="the form")
    return pilot.app.screen


@pytest.mark.parametrize("key", ["1", "4", "7"])
async def test_u_posts_todays_update_and_opens_the_same_record_again(demo_store, key) -> None:
    me = member_for_login(demo_store, "tester")
    assert me is not None
    assert update_of(demo_store, me.id, clock.today()) is None
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(key)
        form = await open_mine(pilot)
        assert me.name in str(form.query_one("#form-title", Static).content)
        form.query_one("#field-done", TextArea).text = "Reviewed the plan"
        form.query_one("#field-blockers", TextArea).text = "No budget yet"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: update_of(demo_store, me.id, clock.today()), what="posted")
        posted = update_of(demo_store, me.id, clock.today())
        assert posted.done == "Reviewed the plan" and posted.blockers == "No budget yet"
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await until(pilot, lambda: any(u.id == posted.id for u in app.health.updates_today))
        form = await open_mine(pilot)
        assert form.query_one("#field-done", TextArea).text == "Reviewed the plan"
        form.query_one("#field-next", TextArea).text = "Budget meeting"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: get(demo_store, DailyUpdate, posted.id).next == "Budget meeting")
        mine = [u for u in updates(demo_store, clock.today()) if u.member_id == me.id]
        assert len(mine) == 1


async def test_u_before_the_health_is_read_asks_the_database(demo_store) -> None:
    me = member_for_login(demo_store, "tester")
    post_update(demo_store, DailyUpdate(member_id=me.id, date=clock.today(), done="Early"))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        app.health = None
        app.action_my_update()
        await until(
            pilot,
            lambda: app.screen.query_one("#field-done", TextArea).text == "Early",
            what="the form with today's update",
        )


async def test_u_by_a_login_on_no_roster_entry_says_how_to_be_added(demo_db) -> None:
    with Store(demo_db, "stranger") as store:
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("u")
            await until(pilot, lambda: notifications(app), what="the message")
            said = str(notifications(app)[-1].message)
            assert "'stranger'" in said and "--login stranger" in said
            assert not isinstance(app.screen, RecordForm)


async def test_u_after_another_edit_offers_keep_mine_or_theirs(demo_store, other_store) -> None:
    me = member_for_login(demo_store, "tester")
    posted = post_update(demo_store, DailyUpdate(member_id=me.id, date=clock.today(), done="A"))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: any(u.id == posted.id for u in app.health.updates_today))
        form = await open_mine(pilot)
        edit_update(other_store, posted.id, posted.version, done="Theirs")
        form.query_one("#field-done", TextArea).text = "Mine"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.conflict is not None, what="the conflict")
        keys = str(form.query_one("#form-keys", Static).content)
        assert "Keep mine" in keys and "Take theirs" in keys
        await pilot.press("ctrl+o")
        await until(pilot, lambda: get(demo_store, DailyUpdate, posted.id).done == "Mine")


async def test_the_palette_has_my_daily_update(demo_store) -> None:
    from tests.tui.helpers import open_palette

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot, "My daily update")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")


async def test_the_dashboards_missing_updates_line_opens_the_daily_updates_tab(
    demo_store,
) -> None:
    from tests.tui.test_meetings import choose_on_dashboard

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        missing = app.health.missing_updates[0]
        await choose_on_dashboard(pilot, "updates", f"missing_updates:{missing.id}")
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
        await until(pilot, lambda: isinstance(app.screen.tab, UpdatesTab), what="the tab")


HOSTILE = "[bold]x[/] \x1b[2J\x1b]52;c;aGk=\x07 [@click=app.quit]q[/]"


async def test_hostile_text_shows_literally_in_the_updates(demo_store) -> None:
    update = post_blocked(demo_store, HOSTILE)
    edit_update(demo_store, update.id, update.version, done=HOSTILE)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 48)) as pilot:
        tab = await open_updates(pilot)
        tab.show_record("daily_updates", update.id)
        await until(pilot, lambda: tab.table.cursor_key == str(update.id), what="the update")
        await until(pilot, lambda: "[@click=app.quit]q[/]" in detail(tab), what="the detail")
        assert "\x1b" not in detail(tab)
        assert row_texts(tab.table)[str(update.id)][2].startswith("[bold]x[/]")
        assert app.is_running


async def test_screen_7_reads_in_chinese_and_its_help_names_the_tab_keys(demo_store) -> None:
    from tests.tui.helpers import screen_text, speaking
    from tui.modals.help import HelpScreen

    with speaking("zh"):
        app = XdeptApp(demo_store)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            screen = await show(pilot, "7", "MeetingsScreen")
            await until(pilot, lambda: "议程" in screen_text(app), what="the detail")
            shown = screen_text(app)
            assert "已发布" in shown and "周例会" in shown, shown
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
            assert "上一个标签页（任何标签页中）" in screen_text(app)
            await pilot.press("escape")
            await pilot.press("right_square_bracket")
            updates = screen.query_one(UpdatesTab)
            await until(pilot, lambda: "未提交" in screen_text(app), what="the day")
            assert "前一天" in screen_text(app) and updates.view is not None


async def test_u_posted_meanwhile_elsewhere_becomes_the_edit_of_that_one(
    demo_store, other_store
) -> None:
    me = member_for_login(demo_store, "tester")
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        form = await open_mine(pilot)
        form.query_one("#field-done", TextArea).text = "Typed here"
        there = DailyUpdate(member_id=me.id, date=clock.today(), done="Posted there", next="Lab")
        posted = post_update(other_store, there)
        await pilot.press("ctrl+s")
        warning = form.query_one("#form-warning", Static)
        await until(pilot, lambda: form.spec.record_id == posted.id, what="the switch")
        # Said, unless the log's news of that update (it changed underneath) came after.
        assert str(warning.content).startswith("✎ ")
        assert form.query_one("#field-done", TextArea).text == "Typed here"
        assert form.query_one("#field-next", TextArea).text == "Lab"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: get(demo_store, DailyUpdate, posted.id).done == "Typed here")
        assert len([u for u in updates(demo_store, clock.today()) if u.member_id == me.id]) == 1
