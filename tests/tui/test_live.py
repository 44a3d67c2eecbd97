"""Live refresh: another process's commit shows up without a key, and never overwrites silently."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from store import people
from store.models import Member
from store.records import get
from tests.tui.helpers import SIZE, notifications, open_roster, row_texts, until
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
        monkeypatch.setenv("XDEPT_USER", "visitor")
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
            what="the toast about visitor's change",
        )
