"""Screen 6's Issues tab: its rows (source, due, status, level, who it waits on), each
key (n, e/enter, s, x, E), bad input beside the field, live refresh keeping the
cursor, a record shown before its rows arrive, read-only, and snapshots at 80×24
and 160×48."""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TabbedContent, TextArea

from store import changes
from store.db import Store
from store.issues import add_issue, escalation_chain, issues
from store.models import Escalation, Issue, IssueSource, Member, Project
from store.records import find, get
from tests.tui.helpers import notifications, ready, row_texts, settled, until
from tui.app import XdeptApp
from tui.modals.confirm import Confirm
from tui.modals.form import RecordForm
from tui.screens.risks.issues import IssuesTab

TODAY = date(2026, 11, 23)  # the frozen clock's Monday
SIZE = (120, 30)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
HOSTILE = "[b]x[/] [@click=app.quit]q[/]"


def sales_member(store: Store) -> Member:
    return next(m for m in find(store, Member) if m.is_interface and not m.is_pm)


def some_issues(store: Store) -> list[Issue]:
    """Beside the demo's issue: one overdue at the top of the chain (it cannot go
    higher, so the app's minute check leaves it), one in progress, one resolved."""
    owner = sales_member(store)
    top = add_issue(
        store,
        Issue(
            title=f"Launch stock short {HOSTILE}",
            description="Stores get half the units",
            plan="Ask the plant for a second shift",
            owner_id=owner.id,
            department_id=owner.department_id,
            raised=date(2026, 11, 16),
            due=date(2026, 11, 20),
            escalation=Escalation.SPONSOR,
        ),
    )
    working = add_issue(
        store,
        Issue(
            title="Packaging artwork late",
            source=IssueSource.MEETING,
            owner_id=owner.id,
            department_id=owner.department_id,
            raised=date(2026, 11, 20),
            due=date(2026, 11, 30),
            status="in_progress",
        ),
    )
    done = add_issue(
        store,
        Issue(title="Test fixture broken", status="resolved", resolution="Repaired"),
    )
    return [top, working, done]


def tab_of(app: XdeptApp) -> IssuesTab:
    return app.screen.query_one(IssuesTab)


async def open_issues(pilot: Pilot, issue_id: int) -> IssuesTab:
    """Show one issue on screen 6, as the dashboard and the palette do."""
    app = pilot.app
    assert isinstance(app, XdeptApp)
    await ready(pilot)
    app.goto("issues", issue_id)
    await until(pilot, lambda: tab_of(app).table.cursor_key == str(issue_id), what="the issue")
    await until(pilot, lambda: f"#{issue_id} " in detail(app), what="its detail")
    return tab_of(app)


def detail(app: XdeptApp) -> str:
    return str(tab_of(app).query_one("#issue-detail-text", Static).content)


async def form_of(pilot: Pilot) -> RecordForm:
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm), what="the form")
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    await pilot.pause()
    return form


def toasts(app: XdeptApp) -> list[str]:
    return [n.message for n in notifications(app)]


# --- the rows ------------------------------------------------------------------------------


async def test_an_issue_asked_for_before_the_rows_arrive_gets_the_cursor(demo_store) -> None:
    top, working, _done = some_issues(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_issues(pilot, working.id)
        assert app.screen.query_one(TabbedContent).active == "issues"
        assert tab.table.has_focus
        rows = row_texts(tab.table)
        assert rows[str(working.id)][2] == "meeting"
        assert rows[str(working.id)][7] == "◐ in progress"
        assert rows[str(top.id)][6] == "⚠ 2026-11-20"  # overdue
        assert rows[str(top.id)][8] == "2 · sponsor"
        assert rows[str(top.id)][1].startswith("Launch stock short [b]x[/]")  # literal
        chain = escalation_chain(demo_store)
        interface = chain.waits_on(working)
        assert interface is not None
        assert rows[str(working.id)][9] == f"◉ {interface.name}"
        (demo_issue,) = [i for i in issues(demo_store) if i.source == "risk"]
        assert rows[str(demo_issue.id)][2] == f"risk #{demo_issue.risk_id}"
        assert "Packaging artwork late" in detail(app)
        assert f"waits on ◉ {interface.name} (interface person)" in detail(app)


async def test_the_detail_shows_plan_source_and_history(demo_store) -> None:
    top, _working, _done = some_issues(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_issues(pilot, top.id)
        text = detail(app)
        assert HOSTILE in text
        assert "Action plan: Ask the plant for a second shift" in text
        assert "Description: Stores get half the units" in text
        assert "⚠ due 2026-11-20" in text
        assert "History (1)" in text
        assert app.is_running


# --- the keys ------------------------------------------------------------------------------


async def test_n_refuses_an_empty_title_beside_the_field_then_adds_the_issue(
    demo_store,
) -> None:
    owner = sales_member(demo_store)
    (first,) = issues(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_issues(pilot, first.id)
        await pilot.press("n")
        form = await form_of(pilot)
        form.query_one("#field-due", Input).value = "+3d"
        await pilot.press("ctrl+s")
        error = form.query_one("#error-title", Static)
        await until(pilot, lambda: "required" in str(error.content), what="the message")
        assert form.query_one("#field-due", Input).value == "+3d"  # kept
        assert len(issues(demo_store)) == 1
        form.query_one("#field-title", Input).value = "Courier strike"
        form.query_one("#field-owner_id", Select).value = owner.id
        form.query_one("#field-plan", TextArea).text = "Second courier"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(issues(demo_store)) == 2, what="the new issue")
        added = next(i for i in issues(demo_store) if i.title == "Courier strike")
        assert (added.department_id, added.raised, added.due) == (
            owner.department_id,  # the owner's, as none was chosen
            TODAY,
            date(2026, 11, 26),
        )
        assert (added.source, added.status, added.plan) == ("typed", "open", "Second courier")
        tab = tab_of(app)
        await until(pilot, lambda: tab.table.cursor_key == str(added.id), what="the cursor on it")
        assert any(f"Saved issue #{added.id} Courier strike" in t for t in toasts(app))


async def test_e_edits_and_the_cursor_stays_while_rows_move(demo_store) -> None:
    _top, working, _done = some_issues(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_issues(pilot, working.id)
        await pilot.press("e")
        form = await form_of(pilot)
        assert form.query_one("#field-title", Input).value == "Packaging artwork late"
        form.query_one("#field-title", Input).value = "Packaging artwork very late"
        form.query_one("#field-due", Input).value = "2026-11-19"  # sorts first now
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: row_texts(tab.table)[str(working.id)][1] == "Packaging artwork very late",
            what="the edited row",
        )
        assert tab.table.cursor_key == str(working.id)
        assert tab.table.ordered_rows[0].key.value == str(working.id)
        assert get(demo_store, Issue, working.id).due == date(2026, 11, 19)
        await pilot.press("enter")  # enter opens the form too
        await form_of(pilot)
        await pilot.press("escape")


async def test_s_starts_and_stops_work_and_refuses_a_resolved_issue(demo_store) -> None:
    _top, working, done = some_issues(demo_store)
    (first,) = [i for i in issues(demo_store) if i.source == "risk"]
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_issues(pilot, first.id)
        await pilot.press("s")
        await until(pilot, lambda: get(demo_store, Issue, first.id).status == "in_progress")
        await until(pilot, lambda: row_texts(tab.table)[str(first.id)][7] == "◐ in progress")
        await pilot.press("s")
        await until(pilot, lambda: get(demo_store, Issue, first.id).status == "open")
        await until(pilot, lambda: row_texts(tab.table)[str(first.id)][7] == "○ open")
        tab.show_record("issues", done.id)
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: any("is resolved: e reopens it" in t for t in toasts(app)))
        assert get(demo_store, Issue, done.id).status == "resolved"
        assert get(demo_store, Issue, working.id).status == "in_progress"


async def test_x_asks_how_it_was_resolved(demo_store) -> None:
    _top, working, _done = some_issues(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_issues(pilot, working.id)
        await pilot.press("x")
        form = await form_of(pilot)
        await pilot.press("ctrl+s")
        error = form.query_one("#error-resolution", Static)
        await until(pilot, lambda: "required" in str(error.content), what="the message")
        assert get(demo_store, Issue, working.id).status == "in_progress"
        form.query_one("#field-resolution", TextArea).text = "Printer found"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: get(demo_store, Issue, working.id).status == "resolved")
        saved = get(demo_store, Issue, working.id)
        assert (saved.resolution, saved.resolved_on) == ("Printer found", TODAY)
        await until(pilot, lambda: row_texts(tab.table)[str(working.id)][7] == "✔ resolved")
        assert row_texts(tab.table)[str(working.id)][9] == ""  # waits on nobody now
        assert tab.table.cursor_key == str(working.id)
        await pilot.press("x")
        await until(pilot, lambda: any("is resolved already" in t for t in toasts(app)))


async def test_E_escalates_after_asking_and_the_app_says_who_it_waits_on(demo_store) -> None:
    _top, working, _done = some_issues(demo_store)
    pm = next(m for m in find(demo_store, Member) if m.is_pm)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_issues(pilot, working.id)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: get(demo_store, Issue, working.id).escalation == Escalation.PM)
        wanted = f"Issue #{working.id} escalated: now waits on {pm.name} (project manager)"
        await until(pilot, lambda: wanted in toasts(app), what="the escalation toast")
        await until(pilot, lambda: row_texts(tab.table)[str(working.id)][9] == f"★ {pm.name}")
        await until(
            pilot,
            lambda: "Escalation: interface person → project manager" in detail(app),
            what="history",
        )
        logged = changes.history(demo_store, "issues", working.id)[-1]
        assert (logged.before or {}).get("escalation") == 0
        assert (logged.after or {}).get("escalation") == 1
        await settled(pilot)
        assert sum(wanted in t for t in toasts(app)) == 1  # said once


async def test_E_at_the_top_of_the_chain_says_so_and_asks_nothing(demo_store) -> None:
    top, _working, _done = some_issues(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_issues(pilot, top.id)
        await pilot.press("E")
        await until(pilot, lambda: any("already: the top" in t for t in toasts(app)))
        assert not isinstance(app.screen, Confirm)
        assert get(demo_store, Issue, top.id).version == top.version


# --- live refresh, read-only ------------------------------------------------------------------


async def test_an_issue_from_another_user_appears_and_the_cursor_stays(
    demo_store, other_store
) -> None:
    _top, working, _done = some_issues(demo_store)
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_issues(pilot, working.id)
        await settled(pilot)
        early = add_issue(other_store, Issue(title="Customs hold", due=date(2026, 11, 24)))
        await until(pilot, lambda: str(early.id) in row_texts(tab.table), what="the new row")
        assert tab.table.get_row_index(str(early.id)) < tab.table.get_row_index(str(working.id))
        assert tab.table.cursor_key == str(working.id)
        await until(pilot, lambda: any("opened issue" in t for t in toasts(app)))


async def test_a_renamed_pm_is_shown_where_issues_wait_on_them(demo_store, other_store) -> None:
    from store.people import update_member

    (first,) = issues(demo_store)
    pm = next(m for m in find(demo_store, Member) if m.is_pm)
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        tab = await open_issues(pilot, first.id)
        update_member(other_store, pm.id, pm.version, name=HOSTILE)
        await until(pilot, lambda: row_texts(tab.table)[str(first.id)][9] == f"★ {HOSTILE}")
        assert app.is_running


async def test_read_only_keys_write_nothing(demo_db) -> None:
    with Store(demo_db, "tester", read_only=True) as store:
        (first,) = issues(store)
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_issues(pilot, first.id)
            for key in ("n", "e", "s", "x", "E", "enter"):
                await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen.query_one(IssuesTab), IssuesTab)
            assert not isinstance(app.screen, (RecordForm, Confirm))
            assert get(store, Issue, first.id).version == first.version


# --- snapshots --------------------------------------------------------------------------------


async def issues_loaded(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, XdeptApp)
    top = next(i for i in issues(app.store) if i.escalation == Escalation.SPONSOR)
    await open_issues(pilot, top.id)
    await until(pilot, lambda: "History (1)" in detail(app), what="the history")
    await settled(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_issues_snapshot(snap_compare, demo_store, size) -> None:
    some_issues(demo_store)
    assert find(demo_store, Project)
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=issues_loaded)
