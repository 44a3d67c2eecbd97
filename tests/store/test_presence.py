"""Presence: apps say they are here, where, and disappear when they stop or go silent."""

from __future__ import annotations

from collections.abc import Callable

from store import presence
from store.db import Store


def test_an_app_is_here_where_it_said_until_it_leaves(store: Store) -> None:
    presence.beat(store, "a", login="li", screen="meetings", record="meetings:3")
    presence.beat(store, "b", login="wang", screen="board")
    assert [(h.login, h.record) for h in presence.here(store)] == [
        ("li", "meetings:3"),
        ("wang", ""),
    ]
    assert [h.login for h in presence.here(store, "meetings:3")] == ["li"]
    presence.leave(store, "a")
    assert [h.login for h in presence.here(store)] == ["wang"]


def test_an_app_that_goes_silent_is_gone_after_the_limit(
    store: Store, clock_at: Callable[[str], None]
) -> None:
    presence.beat(store, "a", login="li", screen="board")
    clock_at("2026-11-23T09:00:30+00:00")
    presence.beat(store, "b", login="wang", screen="board")
    clock_at("2026-11-23T09:00:46+00:00")  # a's last beat is 46 s old
    assert [h.login for h in presence.here(store)] == ["wang"]
    presence.beat(store, "b", login="wang", screen="board")
    assert store.scalar("SELECT count(*) FROM presence") == 1  # a's row cleared


def test_since_stays_while_the_app_stays_where_it_is(
    store: Store, clock_at: Callable[[str], None]
) -> None:
    presence.beat(store, "a", login="li", screen="meetings", record="meetings:3")
    clock_at("2026-11-23T09:00:15+00:00")
    presence.beat(store, "a", login="li", screen="meetings", record="meetings:3")
    (entry,) = presence.here(store)
    assert presence.since_seconds(entry) == 15
    presence.beat(store, "a", login="li", screen="board")
    (entry,) = presence.here(store)
    assert presence.since_seconds(entry) == 0


def test_heartbeats_are_not_in_the_change_log(store: Store) -> None:
    before = store.scalar("SELECT count(*) FROM changes")
    presence.beat(store, "a", login="li")
    presence.leave(store, "a")
    assert store.scalar("SELECT count(*) FROM changes") == before


def test_a_form_opened_starts_its_own_since(store: Store, clock_at: Callable[[str], None]) -> None:
    """The form warning says since when someone edits, not since they came to the screen."""
    presence.beat(store, "a", login="li", screen="board")
    clock_at("2026-11-23T09:05:00+00:00")
    presence.beat(store, "a", login="li", screen="board", editing="tasks:5")
    (entry,) = presence.here(store)
    assert (entry.editing, entry.since) == ("tasks:5", "2026-11-23T09:05:00+00:00")


def test_each_app_comes_with_its_members_name(store: Store) -> None:
    from store.models import Member
    from store.people import add_department, add_member

    rd = add_department(store, "R&D")
    li = add_member(store, Member(name="李伟", department_id=rd.id, login="li"))
    presence.beat(store, "a", login="li", member_id=li.id)
    presence.beat(store, "b", login="guest")
    assert [(h.login, h.name) for h in presence.here(store)] == [("li", "李伟"), ("guest", "")]
