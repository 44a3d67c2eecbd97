"""The task board (screen 4): columns, moves by key and mouse, filter, quick add, the task form,
live refresh from another process, literal titles, and snapshots at 80×24 and 160×48."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from store import symbols as sym
from store.db import Store
from store.models import Member, Task
from store.records import find, get
from store.tasks import (
    blocking_predecessors,
    predecessors,
    slipping,
    tasks,
    update_task,
)
from tests.tui.helpers import (
    Counted,
    notifications,
    ready,
    screen_strips,
    screen_text,
    settled,
    show,
    until,
)
from tui.app import XdeptApp
from tui.modals.board_help import BoardHelp
from tui.modals.confirm import Confirm
from tui.modals.task_form import TaskForm
from tui.screens.board import BoardScreen
from tui.widgets.board import STATUSES, TaskBoard

TODAY = date(2026, 11, 23)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def open_board(pilot: Pilot, flags: bool = True) -> BoardScreen:
    await ready(pilot)
    screen = await show(pilot, "4", "BoardScreen")
    await until(pilot, lambda: screen.board.loaded, what="the cards")
    if flags:
        await until(pilot, lambda: screen.board.flags is not None, what="the schedule flags")
    return screen


def status_of(store: Store, task_id: int) -> Task:
    return get(store, Task, task_id)


def free_todo(store: Store) -> Task:
    """A todo task without unfinished FS predecessors: moves never ask."""
    return next(
        t for t in tasks(store) if t.status == "todo" and not blocking_predecessors(store, t.id)
    )


def waiting_todo(store: Store) -> tuple[Task, list[Task]]:
    for t in tasks(store):
        found = blocking_predecessors(store, t.id)
        if t.status == "todo" and found:
            return t, found
    raise AssertionError("the demo has no waiting task")


def recorder(app: XdeptApp) -> list[str]:
    seen: list[str] = []
    original = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(str(message))
        original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


def cli(db: Path, *args: str, actor: str = "other") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XDEPT_USER": actor},
        cwd=Path(__file__).resolve().parents[2],
    )


# -- opening -------------------------------------------------------------------------------


async def test_board_shows_every_task_in_its_status_column(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        for c, status in enumerate(STATUSES):
            expected = {t.id for t in tasks(demo_store) if t.status == status}
            assert set(board.columns[c]) == expected, status
            assert board.totals[c] == len(expected)
        text = screen_text(app)
        for status, name in (
            ("todo", "Todo"),
            ("doing", "Doing"),
            ("blocked", "Blocked"),
            ("done", "Done"),
        ):
            assert f"{sym.TASK_STATUS[status]} {name}" in text
        first = board.cards[board.columns[0][0]]
        assert first.title[:6] in text
        assert f"#{first.id}" in text


# -- moving by key -------------------------------------------------------------------------


async def test_shift_arrows_and_brackets_move_and_record_actual_dates(demo_store: Store) -> None:
    target = free_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        assert board.seek(target.id)
        await pilot.press("shift+right")
        await until(pilot, lambda: status_of(demo_store, target.id).status == "doing")
        assert status_of(demo_store, target.id).actual_start == TODAY
        assert board.focused_id == target.id and board.focused_status == "doing"
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: status_of(demo_store, target.id).status == "blocked")
        await pilot.press("]")
        await until(pilot, lambda: status_of(demo_store, target.id).status == "done")
        done = status_of(demo_store, target.id)
        assert (done.actual_end, done.progress) == (TODAY, 100)
        await pilot.press("[")
        await until(pilot, lambda: status_of(demo_store, target.id).status == "blocked")
        assert status_of(demo_store, target.id).actual_end is None
        await pilot.press("shift+left")
        await until(pilot, lambda: status_of(demo_store, target.id).status == "doing")
        assert board.focused_id == target.id
        # Two quick moves in a row: the second chains on the first in the database thread.
        await pilot.press("]", "]")
        await until(pilot, lambda: status_of(demo_store, target.id).status == "done")
        await until(pilot, lambda: not screen._moving)
        assert board.cards[target.id].version == status_of(demo_store, target.id).version


async def test_move_waiting_for_fs_predecessor_asks_naming_it(demo_store: Store) -> None:
    target, blockers = waiting_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        assert screen.board.seek(target.id)
        assert "⊘" in screen.board._markers(screen.board.cards[target.id])
        await pilot.press("]")
        await until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        text = screen_text(app)
        for blocker in blockers:
            assert f"#{blocker.id} {blocker.title[:8]}" in text
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert status_of(demo_store, target.id).status == "todo"
        assert screen.board.cards[target.id].status == "todo"
        await pilot.press("]")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: status_of(demo_store, target.id).status == "doing")
        assert status_of(demo_store, target.id).actual_start == TODAY


async def test_move_after_someone_else_changed_the_task_reloads_and_says_so(
    demo_store: Store, other_store: Store
) -> None:
    target = free_todo(demo_store)
    app = XdeptApp(demo_store, poll_seconds=3600)  # the change is not seen before the move
    seen = recorder(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        assert screen.board.seek(target.id)
        update_task(other_store, target.id, target.version, title="Renamed by other")
        await pilot.press("]")
        await until(pilot, lambda: any("not saved" in s for s in seen), what="the conflict")
        assert "other" in next(s for s in seen if "not saved" in s)
        await until(pilot, lambda: screen.board.cards[target.id].title == "Renamed by other")
        assert screen.board.cards[target.id].status == "todo"
        assert status_of(demo_store, target.id).status == "todo"
        assert screen.board.focused_id == target.id


# -- the mouse -----------------------------------------------------------------------------


def card_offset(board: TaskBoard, column: int, slot: int) -> tuple[int, int]:
    x = sum(board.widths()[:column]) + column + 3
    return x, 1 + slot * 4


async def test_click_selects_and_title_click_or_drag_moves(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        # Click the second card of the todo column that is free to move.
        free = [
            i
            for i in board.columns[0][:5]
            if not board.flags.blockers.get(i)  # type: ignore[union-attr]
        ]
        slot = board.columns[0].index(free[0])
        await pilot.click(TaskBoard, offset=card_offset(board, 0, slot))
        assert board.focused_id == free[0]
        # A click on the "Doing" title moves the selected card there.
        await pilot.click(TaskBoard, offset=(card_offset(board, 1, 0)[0], 0))
        await until(pilot, lambda: status_of(demo_store, free[0]).status == "doing")
        assert board.focused_id == free[0]
        # Drag it from the doing column onto the blocked one.
        slot = board.columns[1].index(free[0])
        await pilot.mouse_down(TaskBoard, offset=card_offset(board, 1, slot))
        await pilot.hover(TaskBoard, offset=card_offset(board, 2, 0))
        await pilot.mouse_up(TaskBoard, offset=card_offset(board, 2, 0))
        await until(pilot, lambda: status_of(demo_store, free[0]).status == "blocked")
        # Double click opens the task form.
        slot = board.columns[2].index(free[0])
        await pilot.double_click(TaskBoard, offset=card_offset(board, 2, slot))
        await until(pilot, lambda: isinstance(app.screen, TaskForm), what="the form")


# -- the filter ----------------------------------------------------------------------------


def visible(board: TaskBoard) -> list[int]:
    return [i for column in board.columns for i in column]


async def test_filter_by_text_department_owner_and_flags(demo_db: Path) -> None:
    with Store(demo_db, "tester") as probe:
        member = next(m for m in find(probe, Member) if m.login)
    with Store(demo_db, member.login or "") as store:
        app = XdeptApp(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_board(pilot)
            board = screen.board
            everything = len(board.cards)
            await pilot.press("slash")
            box = screen.query_one("#board-filter", Input)
            assert box.has_focus
            await pilot.press(*"dept:R&D")
            await until(pilot, lambda: 0 < len(visible(board)) < everything)
            assert all("R&D" in board.department_name(board.cards[i]) for i in visible(board))
            assert "dept:R&D" in screen_text(app)  # the active filter is on screen
            assert f"/{board.totals[0]}" in screen_text(app)
            await pilot.press("space", *"critical")
            await until(
                pilot,
                lambda: visible(board) and all(i in board.flags.critical for i in visible(board)),  # type: ignore[union-attr]
            )
            await pilot.press("enter")
            assert board.has_focus and box.value == "dept:R&D critical"
            await pilot.press("escape")
            await until(pilot, lambda: len(visible(board)) == everything)
            assert not box.has_class("-shown")

            for text, check in [
                ("owner:" + member.name.split()[0], lambda c: c.owner_id is not None),
                ("slipping", lambda c: c.id in board.flags.slip),  # type: ignore[union-attr]
                ("mine", lambda c: c.owner_id == member.id),
            ]:
                await pilot.press("slash")
                box.value = text
                await until(pilot, lambda t=text: board.filter.text == t)
                assert visible(board), text
                assert all(check(board.cards[i]) for i in visible(board)), text
                await pilot.press("escape")
                await until(pilot, lambda: len(visible(board)) == everything)

            title = board.cards[board.columns[1][0]].title
            word = title.split()[-1]
            await pilot.press("slash")
            box.value = word
            await until(pilot, lambda: board.filter.text == word)
            assert board.columns[1][0] in visible(board)
            assert all(word.casefold() in board._hay(board.cards[i]) for i in visible(board))
            await pilot.press("escape")
            await until(pilot, lambda: len(visible(board)) == everything)


# -- quick add -----------------------------------------------------------------------------


async def test_quick_add_with_every_token_in_the_focused_column(demo_store: Store) -> None:
    owner = next(m for m in find(demo_store, Member) if " " in m.name or m.login)
    pred = free_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        await pilot.press("right")  # the doing column
        assert screen.board.focused_status == "doing"
        await pilot.press("n")
        box = screen.query_one("#quick-input", Input)
        assert box.has_focus and "Doing" in box.placeholder
        box.value = f"Quick card @{owner.name} ^12-18 for:3d after:{pred.id}"
        await pilot.press("enter")
        await until(pilot, lambda: any(t.title == "Quick card" for t in tasks(demo_store)))
        new = next(t for t in tasks(demo_store) if t.title == "Quick card")
        assert (new.owner_id, new.end, new.status) == (owner.id, date(2026, 12, 18), "doing")
        assert new.start == date(2026, 12, 16) and new.actual_start == TODAY
        assert [d.predecessor_id for d in predecessors(demo_store, new.id)] == [pred.id]
        await until(pilot, lambda: screen.board.focused_id == new.id)
        assert not screen.query_one("#quick").has_class("-shown")


async def test_quick_add_hidden_by_the_filter_says_so_and_keeps_the_filter(
    demo_store: Store,
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        focused = screen.board.focused_id
        await pilot.press("slash", *"owner:nobody-at-all", "enter")
        await pilot.press("n")
        screen.query_one("#quick-input", Input).value = "Unseen card"
        await pilot.press("enter")
        await until(pilot, lambda: any(t.title == "Unseen card" for t in tasks(demo_store)))
        new = next(t for t in tasks(demo_store) if t.title == "Unseen card")
        said = f"Added #{new.id}; the filter hides it."
        await until(pilot, lambda: any(said in n.message for n in notifications(app)), what=said)
        await until(pilot, lambda: new.id in screen.board.cards, what="the card read")
        assert screen.query_one("#board-filter", Input).value == "owner:nobody-at-all"
        assert screen.board.focused_id in (focused, None)


def latest_todo(store: Store) -> Task:
    """The unstarted task the schedule finishes last: a predecessor that moves a new task."""
    from store.tasks import compute_schedule

    plan = compute_schedule(store)
    return max((t for t in tasks(store) if t.status == "todo"), key=lambda t: plan.tasks[t.id].ef)


async def test_quick_add_after_starts_where_the_schedule_allows_and_says_so(
    demo_store: Store,
) -> None:
    """``after:ID`` of a task the schedule puts late: the card's dates are the Gantt's."""
    from store.tasks import compute_schedule

    pred = latest_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_board(pilot)
        await pilot.press("n")
        screen.query_one("#quick-input", Input).value = f"Late card for:2d after:{pred.id}"
        await pilot.press("enter")
        await until(pilot, lambda: any(t.title == "Late card" for t in tasks(demo_store)))
        new = next(t for t in tasks(demo_store) if t.title == "Late card")
        scheduled = compute_schedule(demo_store).tasks[new.id]
        assert (new.start, new.end) == (scheduled.es, scheduled.ef)
        assert new.start > compute_schedule(demo_store).tasks[pred.id].ef
        await until(
            pilot,
            lambda: any(
                f"#{new.id} starts {new.start}, after #{pred.id} (FS +0)" in n.message
                for n in notifications(app)
            ),
            what="the note on the new start",
        )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Card +3d", "write ^+3d for the due date, or for:3d for a duration"),
        ("Card @nobody", "unknown member 'nobody'"),
        ("Card ^notadate", "'notadate' is not a date"),
        ("Card for:0d", "at least 1 working day"),
        ("Card after:99999", "there is no task #99999"),
        ("Card after:1:XX", "type must be FS, SS, FF or SF"),
        ("@liwei ^12-01", "needs a title"),
    ],
)
async def test_quick_add_bad_input_says_why_and_keeps_the_text(
    demo_store: Store, line: str, message: str
) -> None:
    app = XdeptApp(demo_store)
    count = len(tasks(demo_store))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot, flags=False)
        await pilot.press("n")
        box = screen.query_one("#quick-input", Input)
        box.value = line
        await pilot.press("enter")
        error = screen.query_one("#quick-error", Static)
        await until(pilot, lambda: message in str(error.content), what=message)
        assert message in screen_text(app)
        assert box.value == line and box.has_focus
        assert len(tasks(demo_store)) == count
        await pilot.press("escape")
        assert not screen.query_one("#quick").has_class("-shown")
        assert screen.board.has_focus


# -- the task form -------------------------------------------------------------------------


async def set_field(pilot: Pilot, form: TaskForm, name: str, value: str) -> None:
    form.query_one(f"#field-{name}", Input).value = value
    await pilot.pause()


def field_error(form: TaskForm, name: str) -> str:
    return str(form.query_one(f"#error-{name}", Static).content)


async def test_enter_opens_the_task_form_which_saves_and_rejects_bad_input(
    demo_store: Store,
) -> None:
    from store.tasks import successors

    target = next(
        t
        for t in tasks(demo_store)
        if t.status == "todo"
        and not blocking_predecessors(demo_store, t.id)
        and successors(demo_store, t.id)
    )
    successor = get(demo_store, Task, successors(demo_store, target.id)[0].successor_id)
    others = [t for t in tasks(demo_store) if t.id != target.id]
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_board(pilot)
        assert screen.board.seek(target.id)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TaskForm), what="the form")
        form = app.screen
        assert form.query_one("#field-title", Input).value == target.title

        for name, value, message in [
            ("title", "", "required"),
            ("end", "2001-01-01", "end is before the start"),
            ("end", "someday", "'someday' is not a date"),
            ("progress", "150", "less than or equal to 100"),
            ("predecessors", "12:XX", "type must be FS, SS, FF or SF"),
            ("predecessors", "12:SS:soon", "lag must be a whole number"),
            ("predecessors", "12:SS:400", "between -365 and 365"),
            ("predecessors", f"{target.id}", "cannot depend on itself"),
            ("predecessors", "99999", "#99999: there is no such task"),
        ]:
            original = form.query_one(f"#field-{name}", Input).value
            await set_field(pilot, form, name, value)
            await pilot.press("ctrl+s")
            await until(pilot, lambda n=name, m=message: m in field_error(form, n), what=message)
            assert isinstance(app.screen, TaskForm)
            assert form.query_one(f"#field-{name}", Input).value == value  # kept
            await set_field(pilot, form, name, original)

        await set_field(pilot, form, "predecessors", str(successor.id))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "cycle" in field_error(form, "predecessors"))
        assert f"#{target.id} → #{successor.id}" in field_error(form, "predecessors")

        pred = next(t for t in others if t.id != successor.id)
        await set_field(pilot, form, "title", "Edited in the form")
        await set_field(pilot, form, "predecessors", f"{pred.id}:SS:2")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, what="the form to close")
        saved = get(demo_store, Task, target.id)
        assert saved.title == "Edited in the form"
        deps = predecessors(demo_store, target.id)
        assert [(d.predecessor_id, d.type, d.lag) for d in deps] == [(pred.id, "SS", 2)]
        await until(pilot, lambda: screen.board.cards[target.id].title == "Edited in the form")
        assert screen.board.focused_id == target.id

        # Reopened, the dependency shows as typed; removing it removes the dependency.
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, TaskForm))
        form = app.screen
        assert form.query_one("#field-predecessors", Input).value == f"{pred.id}:SS:2"
        await set_field(pilot, form, "predecessors", "")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        assert predecessors(demo_store, target.id) == []


# -- the schedule's flags ------------------------------------------------------------------


async def test_critical_markers_agree_with_schedule_json(demo_store: Store, demo_db: Path) -> None:
    done = cli(demo_db, "schedule", "--json")
    critical = {row["id"] for row in json.loads(done.stdout) if row["critical"]}
    assert critical
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        assert board.flags.critical == critical  # type: ignore[union-attr]
        for card in board.cards.values():
            assert (sym.CRITICAL in board._markers(card)) == (card.id in critical)
        first = sorted(critical)[0]
        board.seek(first)
        await pilot.pause()
        assert sym.CRITICAL in screen_text(app)


async def test_slipping_task_shows_its_days(demo_store: Store) -> None:
    late = slipping(demo_store, TODAY)
    assert late
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        for slip in late:
            assert screen.board.flags.slip[slip.task.id] == slip.days  # type: ignore[union-attr]
            screen.board.seek(slip.task.id)
            await pilot.pause()
            assert f"{sym.SLIPPING}+{slip.days}d" in screen_text(app)


# -- live refresh --------------------------------------------------------------------------


async def test_changes_from_another_process_appear_and_focus_stays(
    demo_store: Store, demo_db: Path, other_store: Store
) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        focused = board.columns[0][2]
        board.seek(focused)
        await pilot.pause()
        cli(
            demo_db,
            *("task", "add", "Added from a shell", "--start", "2026-11-23", "--owner", "zhaolei"),
            actor="zhaolei",  # a member adds a task of their own
        )
        await until(
            pilot,
            lambda: any(c.title == "Added from a shell" for c in board.cards.values()),
            what="the new card",
        )
        assert board.focused_id == focused
        # Someone else moves the focused card: the cursor goes with it.
        task = get(other_store, Task, focused)
        update_task(other_store, focused, task.version, status="blocked")
        await until(pilot, lambda: board.cards[focused].status == "blocked")
        assert board.focused_id == focused and board.focused_status == "blocked"
        assert "Added from a shell" in "".join(c.title for c in board.cards.values())


# -- user text is data ---------------------------------------------------------------------


async def test_markup_and_escape_codes_show_literally(demo_store: Store) -> None:
    first = tasks(demo_store)[0]
    second = tasks(demo_store)[1]
    update_task(demo_store, first.id, first.version, title="[bold]x[/] [@click=app.quit]q[/]")
    # Another program wrote an escape sequence straight into the file.
    demo_store.conn.execute(
        "UPDATE tasks SET title = ? WHERE id = ?", ["\x1b[31mred\x1b]0;pwned\x07", second.id]
    )
    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        await pilot.press("slash")
        screen.query_one("#board-filter", Input).value = "x[/]"
        await until(pilot, lambda: visible(board) == [first.id])
        assert "[bold]x[/] [@click=app.quit]q[/]" in screen_text(app)
        screen.query_one("#board-filter", Input).value = "red"
        await until(pilot, lambda: second.id in visible(board))
        strips = screen_strips(app)
        text = "".join(segment.text for strip in strips for segment in strip)
        assert "\x1b" not in text and "\x07" not in text
        assert "[31mred]0;pwned" in screen_text(app)


# -- help ----------------------------------------------------------------------------------


async def test_help_lists_keys_markers_and_mouse(demo_store: Store) -> None:
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_board(pilot, flags=False)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, BoardHelp))
        await pilot.pause()
        text = screen_text(app)
        for expected in ["Move right", "Quick add", "Filter", f"{sym.CRITICAL} critical", "Drag"]:
            assert expected in text, expected


async def test_read_only_hides_moves(demo_db: Path) -> None:
    with Store(demo_db, "tester", read_only=True) as store:
        app = XdeptApp(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_board(pilot, flags=False)
            card = screen.board.focused_card
            assert card is not None
            await pilot.press("]", "n")
            await pilot.pause()
            assert screen.board.cards[card.id].status == card.status
            assert not screen.query_one("#quick").has_class("-shown")


# -- snapshots -----------------------------------------------------------------------------


async def board_loaded(pilot: Pilot) -> None:
    screen = await open_board(pilot)
    await until(pilot, lambda: not screen._refreshing, what="the refresh")
    assert any(
        any("\u4e00" <= ch <= "\u9fff" for ch in screen.board.cards[i].title)
        for i in screen.board.columns[0][:3]
    )
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_board_snapshot(snap_compare, demo_store, size) -> None:
    assert snap_compare(XdeptApp(demo_store), terminal_size=size, run_before=board_loaded)


async def test_markers_follow_a_burst_of_changes_once_it_pauses(
    demo_store: Store, other_store: Store
) -> None:
    """Quick changes from another connection: the markers are worked out again once the
    changes pause, and show the last one (the pause must not lose it)."""
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        target = next(
            t
            for t in tasks(demo_store)
            if t.baseline_end and t.status != "done" and t.id not in board.flags.slip  # type: ignore[union-attr]
        )
        version = target.version
        for weeks in (1, 2, 3, 4, 8):
            end = date.fromordinal(target.end.toordinal() + 7 * weeks)
            version = update_task(other_store, target.id, version, end=end).version
            shown = end.isoformat()
            await until(pilot, lambda s=shown: board.cards[target.id].end == s, what="the card")
        await until(pilot, lambda: target.id in board.flags.slip, what="the slip marker")  # type: ignore[union-attr]
        assert board.flags.slip[target.id] > 2  # type: ignore[union-attr]


async def test_a_new_task_in_the_form_starts_after_its_predecessor_and_says_so(
    demo_store: Store,
) -> None:
    from store.tasks import compute_schedule

    pred = latest_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await open_board(pilot)
        await pilot.press("N")
        await until(pilot, lambda: isinstance(app.screen, TaskForm), what="the form")
        form = app.screen
        await set_field(pilot, form, "title", "Formed late")
        await set_field(pilot, form, "predecessors", str(pred.id))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, TaskForm), what="the form to close")
        new = next(t for t in tasks(demo_store) if t.title == "Formed late")
        assert new.start == compute_schedule(demo_store).tasks[new.id].es > TODAY
        note = f"#{new.id} starts {new.start}, after #{pred.id} (FS +0)"
        await until(pilot, lambda: any(note in n.message for n in notifications(app)), what=note)


async def test_a_burst_of_moves_shows_only_what_the_last_one_wrote(
    demo_store: Store, monkeypatch
) -> None:
    """The card shows each move at once; what the file says arrives only as the moves'
    changes (one way), read after the moves are written, never in between: the board
    never shows a status the next move already left."""
    from store import board as board_store

    target = free_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        assert screen.board.seek(target.id)
        await settled(pilot)
        shown: list[str] = []  # the target's status in each read the board applies
        board = screen.board
        update_cards, move_local = board.update_cards, board.move_local
        local = [False]

        def applied(found: list, *args: Any) -> None:
            if not local[0]:
                shown.extend(c.status for c in found if c.id == target.id)
            update_cards(found, *args)

        def moved(*args: Any, **kwargs: Any) -> None:
            local[0] = True
            try:
                move_local(*args, **kwargs)
            finally:
                local[0] = False

        monkeypatch.setattr(board, "move_local", moved)

        reads = Counted(board_store.cards)
        monkeypatch.setattr(board_store, "cards", reads)
        monkeypatch.setattr(screen.board, "update_cards", applied)
        # Two moves in one go (as keys typed faster than a write), before any comes back.
        screen.action_move(1)
        screen.action_move(1)
        await until(pilot, lambda: status_of(demo_store, target.id).status == "blocked")
        await until(pilot, lambda: reads.calls >= 1, what="the read after the moves")
        await settled(pilot)
        assert screen.board.cards[target.id].version == status_of(demo_store, target.id).version
        assert screen.board.cards[target.id].status == "blocked"
        # One read per change at most (two when each arrives on its own), each showing the end.
        assert 1 <= reads.calls <= 2 and set(shown) == {"blocked"}, (reads.calls, shown)


async def test_a_form_save_from_the_board_says_what_its_new_dates_moved(
    demo_store: Store,
) -> None:
    """The board tells a task form's save as the Gantt does: the task, the finish and
    the tasks that followed (one sentence for both, tui.describe.task_saved)."""
    from datetime import timedelta

    waiting, (first, *_) = waiting_todo(demo_store)
    app = XdeptApp(demo_store)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_board(pilot)
        assert screen.board.seek(first.id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, TaskForm), what="the form")
        end = app.screen.query_one("#field-end", Input)
        end.value = (first.end + timedelta(days=14)).isoformat()
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: any("following tasks rescheduled" in n.message for n in notifications(app)),
            what="the rescheduling toast",
        )
        told = next(n for n in notifications(app) if "rescheduled" in n.message)
        assert told.title.startswith(f"Saved #{first.id} ")
        assert "Finish" in told.message
        assert status_of(demo_store, waiting.id).start > waiting.start
