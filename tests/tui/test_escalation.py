"""Escalation in the app, on the frozen clock (XDEPT_NOW, Monday 2026-11-23): every
writable app escalates overdue issues at start and then every minute, the change
log records it, and every open app says who the issue now waits on — its own
escalations and the ones it reads from the log, literally, once each."""

from __future__ import annotations

from datetime import date

import pytest

from store import changes
from store.db import Store
from store.issues import add_issue, escalate_overdue, escalation_chain
from store.models import Escalation, Issue, Member
from store.people import update_member
from store.records import find, get
from tests.tui.helpers import notifications, ready, settled, until
from tui import escalation
from tui.app import XdeptApp

SIZE = (100, 30)
LATE = date(2026, 11, 20)  # the Friday before the frozen Monday
HOSTILE = "[b]Boss[/] [@click=app.quit]q[/]"


def overdue_issue(store: Store, title: str = "Courier strike") -> Issue:
    owner = next(m for m in find(store, Member) if m.is_interface and not m.is_pm)
    return add_issue(
        store,
        Issue(title=title, owner_id=owner.id, department_id=owner.department_id, due=LATE),
    )


def pm_of(store: Store) -> Member:
    return next(m for m in find(store, Member) if m.is_pm)


def said(app: XdeptApp, text: str) -> int:
    return sum(text in n.message for n in notifications(app))


async def test_an_overdue_issue_is_escalated_at_start_logged_and_announced(demo_store) -> None:
    issue = overdue_issue(demo_store)
    wanted = f"Issue #{issue.id} escalated: now waits on {pm_of(demo_store).name} (project manager)"
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: said(app, wanted), what="the escalation toast")
        now = get(demo_store, Issue, issue.id)
        assert (now.escalation, now.escalated_on, now.due) == (
            Escalation.PM,
            date(2026, 11, 23),
            date(2026, 11, 25),  # two more working days at the new level
        )
        logged = changes.history(demo_store, "issues", issue.id)[-1]
        assert (logged.actor, logged.op) == ("tester", "update")
        assert (logged.before or {})["escalation"] == 0
        assert (logged.after or {})["escalation"] == 1
        await settled(pilot)
        assert said(app, wanted) == 1


async def test_another_users_escalation_is_announced_without_an_edited_toast(
    demo_store, other_store
) -> None:
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await settled(pilot)
        issue = overdue_issue(other_store)
        (done,) = escalate_overdue(other_store)
        assert done.id == issue.id
        wanted = f"Issue #{issue.id} escalated: now waits on {pm_of(demo_store).name}"
        await until(pilot, lambda: said(app, wanted), what="the escalation toast")
        # The burst's toast says the issue was opened, and not that it was edited.
        await until(pilot, lambda: said(app, "opened issue"), what="the other user's toast")
        await settled(pilot)
        assert said(app, "edited issue") == 0
        assert said(app, wanted) == 1
        # This app did not escalate it a second time.
        assert get(demo_store, Issue, issue.id).escalation == Escalation.PM


async def test_the_minute_check_escalates_an_issue_that_became_overdue(
    demo_store, other_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(escalation, "ESCALATE_SECONDS", 0.2)
    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await settled(pilot)
        issue = overdue_issue(other_store)  # written after this app's first check
        await until(
            pilot,
            lambda: get(demo_store, Issue, issue.id).escalation == Escalation.PM,
            what="the app's own escalation",
        )
        assert changes.history(demo_store, "issues", issue.id)[-1].actor == "tester"
        await until(pilot, lambda: said(app, f"Issue #{issue.id} escalated"), what="the toast")


async def test_an_issue_at_the_sponsor_is_left_and_the_head_is_named(demo_store) -> None:
    issue = overdue_issue(demo_store)
    (at_pm,) = escalate_overdue(demo_store, date(2026, 11, 21))
    assert at_pm.due is not None and at_pm.due > date(2026, 11, 23)
    chain = escalation_chain(demo_store)
    head = chain.sponsor_head
    assert head is not None
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # Not yet due again at the PM's level on Monday 23: nothing happens.
        await settled(pilot)
        assert get(demo_store, Issue, issue.id).escalation == Escalation.PM
        raised = {i.id: i for i in escalate_overdue(demo_store, date(2026, 12, 1))}
        assert raised[issue.id].escalation == Escalation.SPONSOR  # (the demo's own too)
        wanted = (
            f"Issue #{issue.id} escalated: now waits on {head.name} (sponsor department's head)"
        )
        await until(pilot, lambda: said(app, wanted), what="the toast naming the head")
        assert escalate_overdue(demo_store, date(2026, 12, 31)) == []  # the top: left there


async def test_a_hostile_name_in_the_toast_is_shown_literally(demo_store) -> None:
    pm = pm_of(demo_store)
    update_member(demo_store, pm.id, pm.version, name=HOSTILE)
    issue = overdue_issue(demo_store, title=HOSTILE)
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        wanted = f"Issue #{issue.id} escalated: now waits on {HOSTILE} (project manager)"
        await until(pilot, lambda: said(app, wanted), what="the literal toast")
        await settled(pilot)
        assert app.is_running


async def test_a_read_only_app_escalates_nothing(demo_db) -> None:
    with Store(demo_db, "tester") as store:
        issue = overdue_issue(store)
    with Store(demo_db, "tester", read_only=True) as store:
        app = XdeptApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await settled(pilot)
            assert get(store, Issue, issue.id).escalation == Escalation.INTERFACE
            assert not any("escalated" in n.message for n in notifications(app))


async def test_one_app_escalates_and_another_open_on_the_file_announces_it(
    demo_store, other_store
) -> None:
    """Two apps on one file: the one that starts after the issue became overdue
    escalates it; the one already open says so too, and neither escalates it twice."""
    watching = XdeptApp(other_store, poll_seconds=0.05)
    async with watching.run_test(size=SIZE) as seen:
        await ready(seen)
        await settled(seen)
        issue = overdue_issue(demo_store)
        wanted = f"Issue #{issue.id} escalated: now waits on {pm_of(demo_store).name}"
        starting = XdeptApp(demo_store, poll_seconds=0.05)
        async with starting.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await until(pilot, lambda: said(starting, wanted), what="the toast in its app")
            await until(seen, lambda: said(watching, wanted), what="the toast in the other app")
            await settled(pilot)
        await settled(seen)
        ups = [
            c
            for c in changes.history(demo_store, "issues", issue.id)
            if c.op == "update" and "escalation" in (c.after or {})
        ]
        assert [(c.actor, (c.after or {})["escalation"]) for c in ups] == [("tester", 1)]
        assert said(watching, wanted) == 1
