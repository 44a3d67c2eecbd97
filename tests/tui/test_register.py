"""Screen 6's register and heat map: every key, sorting, the filter, live refresh,
the full form's errors, "it happened", and going to a risk from elsewhere."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from store import issues
from store.models import Risk
from store.records import find, get
from store.risks import add_risk, update_risk
from tests.tui.helpers import ready, screen_text, settled, show, until
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.form import RecordForm
from tui.modals.help import HelpScreen
from tui.screens.risks.heatmap import HeatMapTab, HeatMapView
from tui.screens.risks.register import COLUMNS, RegisterTab
from tui.widgets.line_table import LineTable

SIZE = (120, 40)


async def open_register(pilot: Pilot) -> RegisterTab:
    await ready(pilot)
    screen = await show(pilot, "6", "RisksScreen")
    register = screen.query_one(RegisterTab)
    await until(pilot, lambda: register.table.row_count, what="the register's rows")
    return register


def keys(register: RegisterTab) -> list[int]:
    return [int(key) for key, _cells in register.table.rows]


def scores(register: RegisterTab) -> list[int | None]:
    return [register.rows[i].score for i in keys(register)]


async def test_the_register_lists_every_risk_highest_score_first(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        assert register.table.row_count == len(find(demo_store, Risk))
        found = [s for s in scores(register) if s is not None]
        assert found == sorted(found, reverse=True)
        assert scores(register)[-1] is None  # unscored last
        assert register.table.has_focus
        text = screen_text(app)
        assert "Score ↓" in text and "risks · sorted by Score" in text
        # The detail of the risk under the cursor: cause → event → effect, its history.
        detail = register.query_one("#risk-detail-text", Static)
        await until(pilot, lambda: "History (" in str(detail.content), what="the detail")
        assert "Cause → event → effect" in str(detail.content)


async def test_s_cycles_the_sort_column_S_reverses_and_a_click_sorts(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        cursor = register.table.cursor_key
        await pilot.press("s")  # Age, the column after Score? no: Title follows Score
        assert COLUMNS[register.sort_column].label == "Title"
        titles = [register.rows[i].title.casefold() for i in keys(register)]
        assert titles == sorted(titles)
        assert register.table.cursor_key == cursor  # the same risk, wherever it went
        await pilot.press("S")
        titles = [register.rows[i].title.casefold() for i in keys(register)]
        assert titles == sorted(titles, reverse=True)
        await pilot.click(LineTable, offset=(2, 0))  # the ID column's title
        assert keys(register) == sorted(keys(register))
        await pilot.click(LineTable, offset=(2, 0))  # again: reversed
        assert keys(register) == sorted(keys(register), reverse=True)
        assert "ID ↓" in screen_text(app)


async def test_the_filter_narrows_and_escape_clears(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        total = register.table.row_count
        await pilot.press("slash")
        box = register.query_one("#risk-filter", Input)
        assert box.has_focus
        await pilot.press(*"level:high")
        highs = [r.id for r in find(demo_store, Risk) if r.level == "high"]
        assert sorted(keys(register)) == sorted(highs)
        assert f"{len(highs)}/{total} risks" in screen_text(app)
        await pilot.press("enter")
        assert register.table.has_focus and box.value == "level:high"
        await pilot.press("escape")
        assert register.table.row_count == total and box.value == ""


async def test_live_refresh_keeps_the_cursor_and_the_filter(demo_store, other_store) -> None:
    """Another user's writes (another Store on the file): a risk that joins the filter
    appears, one that leaves it goes, and the cursor stays on its risk."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        await pilot.press("slash", *"open", "enter")
        open_ids = keys(register)
        await pilot.press("down", "down")
        cursor = register.table.cursor_key
        assert cursor is not None
        first = get(other_store, Risk, open_ids[0])
        update_risk(other_store, first.id, first.version, status="closed")
        added = add_risk(other_store, Risk(title="Port strike", probability=5, impact=5))
        await until(pilot, lambda: added.id in keys(register), what="the new risk")
        assert first.id not in keys(register)
        assert register.table.cursor_key == cursor
        assert register.query_one("#risk-filter", Input).value == "open"
        assert keys(register)[0] == added.id  # score 25 sorts first


async def test_the_heat_map_counts_open_risks_and_enter_filters_the_register(
    demo_store, other_store
) -> None:
    from store.register import heat_map

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        await pilot.press("right_square_bracket")
        heat = app.screen.query_one(HeatMapTab).view
        await until(pilot, lambda: heat.map is not None, what="the heat map")
        assert heat.has_focus
        counts = heat_map(demo_store).before
        assert heat.map is not None and heat.map.before == counts
        cell = heat.cell_text("before", 4, 5)
        assert cell.endswith(f" {counts[(4, 5)]}") and cell in screen_text(app)
        await pilot.press("left")  # from (5, 5) to (5, 4)
        await pilot.press("down")  # to (4, 4)
        assert heat.cursor == (4, 4)
        add_risk(other_store, Risk(title="New", probability=4, impact=4))
        await until(pilot, lambda: heat.cell_text("before", 4, 4).endswith(" 2"), what="live")
        await pilot.press("enter")
        assert app.screen.query_one("#risks-tabs").active == "register"
        assert register.query_one("#risk-filter", Input).value == "p:4 i:4 open"
        await until(pilot, lambda: register.table.row_count == 2, what="the cell's risks")
        assert all(register.rows[i].score == 16 for i in keys(register))
        # t shows the other map (after the response): its cells filter by rp:/ri:.
        await pilot.press("right_square_bracket")
        await pilot.press("t", "enter")
        assert register.query_one("#risk-filter", Input).value == "rp:4 ri:4 open"


async def test_enter_on_the_registers_heat_map_filters_it_in_place(demo_store) -> None:
    """On a wide terminal the map sits beside the register (tab reaches it): enter
    filters the register without leaving it, the cursor and the detail on the
    cell's first risk; narrow, the map is the Heat map tab's alone."""
    from store.register import heat_map

    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        view = register.query_one("#register-map", HeatMapView)
        await until(pilot, lambda: view.map is not None, what="the counts")
        assert view.map == heat_map(demo_store)
        await pilot.press("down", "down", "down")
        await pilot.press("tab")
        assert view.has_focus
        assert "List the cell's risks" in screen_text(app)  # the map's keys in the footer
        await pilot.press("down", "enter")  # the cell (4, 5)
        assert app.screen.query_one("#risks-tabs").active == "register"
        assert register.query_one("#risk-filter", Input).value == "p:4 i:5 open"
        count = view.map.before[(4, 5)]
        assert register.table.row_count == count and register.table.cursor == 0
        first = keys(register)[0]
        assert (register.rows[first].probability, register.rows[first].impact) == (4, 5)
        detail = register.query_one("#risk-detail-text", Static)
        await until(pilot, lambda: str(detail.content).startswith(f"#{first} "), what="detail")
        assert view.has_focus  # another cell is a key away
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        assert "Before/after the response" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("shift+tab")
        assert register.table.has_focus
    async with XdeptApp(demo_store).run_test(size=(80, 24)) as pilot:
        register = await open_register(pilot)
        assert not register.query_one("#register-map", HeatMapView).display
        await pilot.press("tab")
        assert not register.query_one("#register-map", HeatMapView).has_focus


async def test_o_marks_the_risk_occurred_and_opens_its_issue(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        await pilot.press("slash", *"status:open", "enter")
        risk = get(demo_store, Risk, int(register.table.cursor_key or 0))
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the occur form")
        form = app.screen
        await pilot.press("ctrl+s")  # no due date
        await until(pilot, lambda: "required" in str(form.query_one("#error-due", Static).content))
        form.query_one("#field-due", Input).value = "not a date"
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: "not a date" in str(form.query_one("#error-due").content),
            what="the due date's mistake",
        )
        assert form.query_one("#field-due", Input).value == "not a date"  # what was typed stays
        form.query_one("#field-due", Input).value = "+3d"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
        await settled(pilot)
        assert get(demo_store, Risk, risk.id).status == "occurred"
        issue = [i for i in issues.issues(demo_store) if i.risk_id == risk.id][-1]
        assert issue.owner_id == risk.owner_id and issue.due is not None
        assert f"Issue #{issue.id}" in screen_text(app)
        assert risk.id not in keys(register)  # no longer open
        register.show_record("risks", risk.id)  # the filter hid it: cleared
        assert register.query_one("#risk-filter", Input).value == ""
        await pilot.press("o")  # occurred already: said, no form
        await until(pilot, lambda: "occurred already" in screen_text(app))
        assert not isinstance(app.screen, RecordForm)


async def test_the_form_says_each_mistake_beside_its_field(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(120, 60)) as pilot:
        register = await open_register(pilot)
        before = len(find(demo_store, Risk))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        form = app.screen

        def error(name: str) -> str:
            return str(form.query_one(f"#error-{name}", Static).content)

        # Probability and impact are chosen from 1–5: 6 cannot be given.
        chosen = form.query_one("#field-probability", Select)
        assert [v for _label, v in chosen._options if v is not Select.NULL] == [1, 2, 3, 4, 5]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "required" in error("title"), what="empty title")
        form.query_one("#field-title", Input).value = "Port strike"
        form.query_one("#field-task_ids", Input).value = "#99999"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "99999" in error("task_ids"), what="unknown task")
        assert form.query_one("#field-task_ids", Input).value == "#99999"
        form.query_one("#field-task_ids", Input).value = "#1 oops"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "#oops" in error("task_ids"), what="a bad item")
        form.query_one("#field-task_ids", Input).value = "#1"
        # A threat's strategy stays chosen when the kind changes; the model refuses it.
        form.query_one("#field-strategy", Select).value = "mitigate"
        form.query_one("#field-kind", Select).value = "opportunity"
        await pilot.pause()
        strategies = [v for _label, v in form.query_one("#field-strategy", Select)._options]
        assert "exploit" in strategies and "avoid" not in strategies and "mitigate" in strategies
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "not a response to" in error("strategy"), what="strategy")
        assert len(find(demo_store, Risk)) == before  # nothing saved
        form.query_one("#field-strategy", Select).value = "exploit"
        form.query_one("#field-probability", Select).value = 4
        form.query_one("#field-impact", Select).value = 5
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
        saved = max(find(demo_store, Risk), key=lambda r: r.id)
        assert (saved.title, saved.kind, saved.strategy, saved.task_ids) == (
            "Port strike", "opportunity", "exploit", [1],
        )  # fmt: skip
        await until(pilot, lambda: register.table.cursor_key == str(saved.id), what="cursor")


async def test_e_edits_c_closes_and_d_deletes_after_asking(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(120, 60)) as pilot:
        register = await open_register(pilot)
        risk_id = int(register.table.cursor_key or 0)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        await pilot.press("escape")  # untouched: closes without asking
        await until(pilot, lambda: not isinstance(app.screen, RecordForm), what="closed")
        await pilot.press("enter")  # enter opens it too
        await until(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        title = app.screen.query_one("#field-title", Input)
        assert title.value == get(demo_store, Risk, risk_id).title
        title.value = "Renamed"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: register.rows[risk_id].title == "Renamed", what="saved")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="close?")
        await pilot.press("y")
        await until(pilot, lambda: register.rows[risk_id].status == "closed", what="closed")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="delete?")
        await pilot.press("n")
        await until(pilot, lambda: not isinstance(app.screen, Confirm))
        assert risk_id in register.rows
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="delete?")
        await pilot.press("y")
        await until(pilot, lambda: risk_id not in register.rows, what="deleted")
        assert register.table.cursor_key is not None


async def test_going_to_a_risk_before_its_rows_arrived(demo_store) -> None:
    """The dashboard and the palette go to a risk on a screen not built yet: the
    cursor lands on it once the rows arrive (the database thread is held meanwhile)."""
    import threading

    wanted = max(r.id for r in find(demo_store, Risk))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        held = threading.Event()
        app.submit_db(held.wait)  # the register's read waits behind it
        app.goto("risks", wanted)
        await until(pilot, lambda: app.screen.query_one(RegisterTab).is_mounted, what="tab")
        register = app.screen.query_one(RegisterTab)
        await pilot.pause()
        assert not register.loaded
        held.set()
        await until(pilot, lambda: register.table.cursor_key == str(wanted), what="the risk")
        assert register.table.has_focus


async def test_the_help_lists_the_tab_keys_and_the_filter(demo_store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(120, 60)) as pilot:
        await open_register(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        text = screen_text(app)
        for said in ("New risk", "It happened", "Close risk", "Sort by the next column",
                     "Reverse the sort", "Filter", "p:4 i:5", "review"):  # fmt: skip
            assert said in text, said
        await pilot.press("escape")
        await pilot.press("right_square_bracket", "question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        text = screen_text(app)
        assert "List the cell's risks" in text and "Before/after the response" in text
        assert "It happened" not in text and "Close risk" not in text


async def test_read_only_hides_and_refuses_the_writing_keys(demo_db) -> None:
    from store.db import Store

    with Store(demo_db, "tester", read_only=True) as store:
        before = find(store, Risk)
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_register(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert "Filter" in footer
            for label in ("New risk", "Edit", "It happened", "Close risk"):
                assert label not in footer
            for key in ("n", "e", "enter", "o", "c", "d"):
                await pilot.press(key)
                await pilot.pause()
                assert type(app.screen).__name__ == "RisksScreen", key
        assert find(store, Risk) == before


async def test_the_heat_maps_cursor_is_drawn_where_it_is(demo_store) -> None:
    """The cell under the cursor looks unlike its neighbours of the same level, and a
    move draws it on the new cell (only the two rows it changed are drawn again)."""
    from tui.screens.risks.heatmap import CELL_WIDTH

    def style_at(view: HeatMapView, p: int, i: int) -> object:
        """The style of the cell (probability p, impact i) on the left map."""
        x = 4 + (i - 1) * (CELL_WIDTH + 1) + 1
        cells = 0
        for segment in view.render_line(1 + (5 - p) * 2):
            cells += len(segment.text)
            if cells > x:
                return segment.style
        raise AssertionError("no such cell")

    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_register(pilot)
        await pilot.press("right_square_bracket")
        heat = app.screen.query_one(HeatMapTab).view
        await until(pilot, lambda: heat.map is not None, what="the heat map")
        view = heat
        assert heat.cursor == (5, 5) and style_at(view, 5, 5) != style_at(view, 5, 4)
        await pilot.press("down", "left")  # to (4, 4): high, as its neighbour (4, 5)
        await settled(pilot)
        assert heat.cursor == (4, 4)
        assert style_at(view, 4, 4) != style_at(view, 4, 5)
        assert style_at(view, 5, 5) == style_at(view, 5, 4)


async def test_risks_of_equal_score_stay_in_id_order_after_a_change(
    demo_store, other_store
) -> None:
    """Sorted by score, ties are listed by id, also after one of them changed (the
    changed row used to move behind the others)."""
    for title, p, i in (("tie a", 2, 3), ("tie b", 3, 2), ("tie c", 2, 3)):
        add_risk(other_store, Risk(title=title, probability=p, impact=i))
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        score = 6
        tied = [i for i in keys(register) if register.rows[i].score == score]
        assert len(tied) >= 3 and tied == sorted(tied)
        first = get(other_store, Risk, tied[0])
        update_risk(other_store, first.id, first.version, trigger="moved")
        await until(pilot, lambda: register.rows[first.id].trigger == "moved", what="live")
        assert [i for i in keys(register) if register.rows[i].score == score] == tied


async def test_a_filter_moves_the_tables_scrollbar_and_scroll_at_once(demo_store) -> None:
    """The rows' count changes the scrollbar's thumb and the scroll's range in the same
    frame as the rows (no layout of the screen waited for)."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        register = await open_register(pilot)
        table = register.table
        await pilot.press("end")
        await settled(pilot)
        assert table.scroll_y > 0
        register.set_filter("p:4 i:5")
        assert table.row_count == 1
        assert table.vertical_scrollbar.window_virtual_size == 2  # the header and the row
        assert table.scroll_y == 0
