"""Live refresh: another process's commit shows up without a key, and never overwrites silently."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from store import people
from store.models import Member
from store.records import get
from tests.tui.helpers import (
    SIZE,
    notifications,
    open_roster,
    row_texts,
    settled,
    speaker_for,
    until,
)
from tui.app import XdeptApp


async def test_member_added_by_another_process_appears_and_the_cursor_stays(
    demo_store, demo_db, monkeypatch
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_roster(pilot)
        keys = [row.key.value for row in table.ordered_rows]
        middle = keys[len(keys) // 2]
        table.move_cursor(row=len(keys) // 2, animate=False)
        await pilot.pause()
        assert table.cursor_key == middle
        # The first department sorts first: the new row lands above the cursor.
        first = get(demo_store, Member, int(keys[0])).department_id
        department = next(d for d in people.departments(demo_store) if d.id == first)
        monkeypatch.setenv("XDEPT_USER", speaker_for(demo_store, department.id))
        done = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "tui.cli",
                "--db",
                str(demo_db),
                "member",
                "add",
                "Zoë Live",
                "--department",
                department.name,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        added = people.member_named(demo_store, "Zoë Live")
        await until(pilot, lambda: str(added.id) in row_texts(table), what="the new row")
        assert row_texts(table)[str(added.id)][1] == "Zoë Live"
        assert table.get_row_index(str(added.id)) < table.get_row_index(middle)
        assert table.cursor_key == middle
        await until(
            pilot,
            lambda: any("added member Zoë Live" in n.message for n in notifications(app)),
            what="the toast about the head's or interface person's change",
        )


async def test_every_change_reaches_a_screen_once_its_own_at_the_commit(
    demo_store, other_store, monkeypatch
) -> None:
    """Own writes are told at their commit, others' read from the log; interleaved,
    each reaches the screen exactly once and only others' are toasted."""
    from store import changes
    from tui.screens.roster import RosterScreen

    app = XdeptApp(demo_store, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(pilot)
        await settled(pilot)
        seen: list[tuple[int, bool]] = []
        apply = RosterScreen.apply_changes

        def recording(screen: RosterScreen, message) -> None:
            seen.extend((c.id, message.mine) for c in message.changes)
            apply(screen, message)

        monkeypatch.setattr(RosterScreen, "apply_changes", recording)
        start = changes.cursor(demo_store)
        member = people.members(demo_store)[0]
        people.update_member(other_store, member.id, member.version, post="theirs 1")
        member = get(demo_store, Member, member.id)
        await app.run_db(
            people.update_member, demo_store, member.id, member.version, contact="mine"
        )
        member = get(demo_store, Member, member.id)
        people.update_member(other_store, member.id, member.version, post="theirs 2")
        await app.run_db(people.add_department, demo_store, "Mine too", "")
        await settled(pilot)
        logged = changes.since(demo_store, start)
        assert sorted(i for i, _mine in seen) == [c.id for c in logged]
        assert {i for i, mine in seen if mine} == {c.id for c in logged if c.actor == "tester"}
        await until(pilot, lambda: notifications(app), what="a toast about theirs")
        assert all("Mine too" not in n.message for n in notifications(app))
