"""Every status symbol of the screens and exports, defined once (the README lists them).

Status is never shown by colour alone, and a symbol means one thing wherever it
appears: ``▲`` is the critical path on the board, the Gantt chart and the
Markdown export alike. Screens and exports import these names; a test fails
when a symbol is written anywhere else in ``store/`` or ``tui/``, and another
when the README's legend misses one. Here in ``store/`` so that the exports
(which never import the interface) use the same ones.
"""

from __future__ import annotations

# -- tasks ---------------------------------------------------------------------------
CRITICAL = "▲"  # on the critical path
SLIPPING = "⚠"  # late: "⚠+3d" is 3 working days behind its baseline
WAITING = "⊘"  # waits for a finish-to-start predecessor not done yet
MILESTONE = "◆"  # a milestone (task or charter)
BASELINE_MILESTONE = "◇"  # where a milestone was in the baseline (Gantt)
TODO = "○"
IN_PROGRESS = "◐"  # a task being done; a resource gap with its resolution under way
BLOCKED = "■"
DONE = "✔"  # done, signed, accepted, approved: nothing left to do
TASK_STATUS = {"todo": TODO, "doing": IN_PROGRESS, "blocked": BLOCKED, "done": DONE}
ISSUE_STATUS = {"open": TODO, "in_progress": IN_PROGRESS, "resolved": DONE}

# -- the Gantt chart -----------------------------------------------------------------
PREDECESSOR = "◀"  # a predecessor of the selected task
SUCCESSOR = "▶"  # a successor of the selected task
TODAY = "▼"  # today's column in the date header
EXPANDED = "▾"  # a phase whose tasks are shown
COLLAPSED = "▸"  # a phase folded to one row

# -- people --------------------------------------------------------------------------
PM = "★"  # the project manager
HEAD = "♛"  # a department head
INTERFACE = "◉"  # a department's interface person (接口人)
EDITING = "✎"  # someone else is editing (or just changed) this record

# -- states of documents and requests -----------------------------------------------
TO_FIX = "✖"  # missing or wrong, to fix: no interface person, a missing sign-off, a gap
REJECTED = "✗"
PENDING = "☐"  # proposed or requested, waiting for a decision
DELIVERED = "☑"  # a requirement delivered
OUTDATED = "⟳"  # signed an older version: to sign again
SIGN_OFF = "✍"  # sign-offs
# A meeting: planned, running, closed with its minutes waiting to be published, published.
MEETING_STATUS = {"planned": TODO, "in_progress": IN_PROGRESS, "closed": PENDING, "published": DONE}

# -- risk levels and requirement priorities: bars by height ---------------------------
HIGH = "▇"
MEDIUM = "▅"
LOW = "▂"
LEVEL = {"high": HIGH, "medium": MEDIUM, "low": LOW}

# -- tables --------------------------------------------------------------------------
SORTED_UP = "↑"  # the column a table is sorted by, smallest first
SORTED_DOWN = "↓"  # the column a table is sorted by, largest first

# -- dashboard sections ---------------------------------------------------------------
DUE = "◷"  # due this week
UPDATE = "✉"  # daily updates (每日同步)
OVERDUE = "⌛"  # minutes unpublished 24 h after the meeting
ISSUE = "⚑"  # open issues (问题): problems with an owner, a due date and escalation

# -- meetings ---------------------------------------------------------------------------
OVERTIME = "⧗"  # an agenda point or a meeting running over its time box

# (symbol, what it means): the README's "Markers" paragraph lists every one.
LEGEND: tuple[tuple[str, str], ...] = (
    (CRITICAL, "critical path"),
    (SLIPPING, "late; ⚠+3d slipping by 3 working days"),
    (WAITING, "waits for a predecessor"),
    (MILESTONE, "milestone"),
    (BASELINE_MILESTONE, "a milestone's baseline date"),
    (TODO, "todo"),
    (IN_PROGRESS, "in progress"),
    (BLOCKED, "blocked"),
    (DONE, "done, signed, approved"),
    (PREDECESSOR, "predecessor"),
    (SUCCESSOR, "successor"),
    (TODAY, "today"),
    (EXPANDED, "phase open"),
    (COLLAPSED, "phase folded"),
    (PM, "project manager"),
    (HEAD, "department head"),
    (INTERFACE, "interface person"),
    (EDITING, "someone is editing"),
    (TO_FIX, "missing or wrong, to fix"),
    (REJECTED, "rejected"),
    (PENDING, "waiting for a decision"),
    (DELIVERED, "delivered"),
    (OUTDATED, "outdated, to sign again"),
    (SIGN_OFF, "sign-offs"),
    (HIGH, "high"),
    (MEDIUM, "medium"),
    (LOW, "low"),
    (SORTED_UP, "sorted by this column, smallest first"),
    (SORTED_DOWN, "sorted by this column, largest first"),
    (DUE, "due this week"),
    (UPDATE, "daily updates"),
    (OVERDUE, "minutes overdue"),
    (ISSUE, "open issues"),
    (OVERTIME, "over its time box"),
)
