"""Ordered schema migrations, tracked by ``PRAGMA user_version``.

Never edit a released migration: add a new one at the end. The position in
MIGRATIONS + 1 is the schema version it produces.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

# Marks a file as ours, so another program's SQLite file is never migrated.
APPLICATION_ID = 0x58445054  # "XDPT"

_META = """
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
"""

V1 = f"""
CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    {_META}
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    post TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    duties TEXT NOT NULL DEFAULT '',
    login TEXT UNIQUE,
    is_interface INTEGER NOT NULL DEFAULT 0,
    is_head INTEGER NOT NULL DEFAULT 0,
    is_pm INTEGER NOT NULL DEFAULT 0,
    {_META}
);
CREATE INDEX members_department ON members(department_id);
-- Exactly one interface person and one head per department, enforced by the file.
CREATE UNIQUE INDEX members_one_interface ON members(department_id) WHERE is_interface;
CREATE UNIQUE INDEX members_one_head ON members(department_id) WHERE is_head;

CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    background TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT '',
    expected_results TEXT NOT NULL DEFAULT '',
    scope_in TEXT NOT NULL DEFAULT '',
    scope_out TEXT NOT NULL DEFAULT '',
    success_criteria TEXT NOT NULL DEFAULT '',
    sponsor_department_id INTEGER REFERENCES departments(id),
    pm_member_id INTEGER REFERENCES members(id),
    start TEXT,
    target_end TEXT,
    holidays TEXT NOT NULL DEFAULT '[]',
    {_META}
);
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    date TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    {_META}
);
CREATE TABLE signoffs (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL CHECK (document IN ('charter', 'collaboration', 'baseline')),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    signed_by_id INTEGER NOT NULL REFERENCES members(id),
    on_behalf INTEGER NOT NULL DEFAULT 0,
    signed_at TEXT NOT NULL,
    document_version INTEGER NOT NULL,
    outdated INTEGER NOT NULL DEFAULT 0,
    {_META}
);
CREATE INDEX signoffs_document ON signoffs(document, department_id);

CREATE TABLE requirements (
    id INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    text TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    status TEXT NOT NULL,
    {_META}
);
CREATE TABLE resource_requests (
    id INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    kind TEXT NOT NULL CHECK (kind IN ('people', 'budget', 'equipment')),
    description TEXT NOT NULL,
    amount REAL NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'gap')),
    resolution TEXT NOT NULL DEFAULT '',
    {_META}
);
CREATE TABLE change_requests (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    requirement_id INTEGER REFERENCES requirements(id),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    proposed_by TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    {_META}
);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    phase TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES members(id),
    department_id INTEGER REFERENCES departments(id),
    start TEXT NOT NULL,
    "end" TEXT NOT NULL,
    baseline_start TEXT,
    baseline_end TEXT,
    actual_start TEXT,
    actual_end TEXT,
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'blocked', 'done')),
    deliverable TEXT NOT NULL DEFAULT '',
    milestone INTEGER NOT NULL DEFAULT 0,
    milestone_id INTEGER REFERENCES milestones(id),
    {_META}
);
CREATE INDEX tasks_owner ON tasks(owner_id);
CREATE INDEX tasks_department ON tasks(department_id);
CREATE TABLE dependencies (
    id INTEGER PRIMARY KEY,
    predecessor_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    successor_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
    lag INTEGER NOT NULL DEFAULT 0,
    {_META},
    UNIQUE (predecessor_id, successor_id),
    CHECK (predecessor_id != successor_id)
);
CREATE INDEX dependencies_successor ON dependencies(successor_id);
CREATE TABLE baselines (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    task_count INTEGER NOT NULL,
    {_META}
);

CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL CHECK (level IN ('high', 'medium', 'low')),
    probability INTEGER CHECK (probability BETWEEN 1 AND 5),
    impact INTEGER CHECK (impact BETWEEN 1 AND 5),
    owner_id INTEGER REFERENCES members(id),
    strategy TEXT,
    response TEXT NOT NULL DEFAULT '',
    "trigger" TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    {_META}
);
CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    risk_id INTEGER REFERENCES risks(id) ON DELETE SET NULL,
    owner_id INTEGER REFERENCES members(id),
    due TEXT,
    escalation INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    resolution TEXT NOT NULL DEFAULT '',
    {_META}
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    start TEXT NOT NULL,
    planned_minutes INTEGER NOT NULL,
    attendees TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    closed_at TEXT,
    {_META}
);
CREATE TABLE meeting_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'decision', 'action', 'note')),
    department_id INTEGER REFERENCES departments(id),
    owner_id INTEGER REFERENCES members(id),
    text TEXT NOT NULL DEFAULT '',
    done TEXT NOT NULL DEFAULT '',
    plan TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    due TEXT,
    task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    {_META}
);
CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id);
CREATE TABLE daily_updates (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    date TEXT NOT NULL,
    done TEXT NOT NULL,
    next TEXT NOT NULL DEFAULT '',
    blockers TEXT NOT NULL DEFAULT '',
    {_META}
);
CREATE INDEX daily_updates_date ON daily_updates(date, member_id);

-- Append-only; AUTOINCREMENT so ids never repeat and the refresh cursor only moves on.
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id INTEGER,
    op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    before TEXT,
    after TEXT
);
CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
"""

# The project's official calendar (a country code of the `holidays` package, ""
# for plain Monday–Friday) and its own extra working days, beside its holidays.
V2 = """
ALTER TABLE project ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN workdays TEXT NOT NULL DEFAULT '[]';
"""

# V3: a full-text index per kind of record the command palette finds, over these
# columns (the first is the record's name). Trigram tokens find Chinese words,
# which have no spaces between them, and any part of a Latin word, ignoring case.
SEARCHED: dict[str, tuple[str, ...]] = {
    "members": ("name", "login", "post"),
    "departments": ("name", "description"),
    "tasks": ("title", "deliverable"),
    "risks": ("title", "description"),
    "meetings": ("title",),
}


def v3(conn: sqlite3.Connection) -> None:
    """sqlite-utils creates and fills each index (``<table>_fts``, its content read from
    the table itself); the triggers keep it in step with every write, another
    program's included. They are our own: sqlite-utils' would re-index a row on any
    update, and moving ten thousand tasks' dates must not rewrite their index."""
    from sqlite_utils import Database

    db = Database(conn, recursive_triggers=False, execute_plugins=False)
    for table, columns in SEARCHED.items():
        db.table(table).enable_fts(columns, tokenize="trigram")
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        index = f"{table}_fts"
        forget = f"INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
        learn = f"INSERT INTO {index} (rowid, {names}) VALUES (new.id, {new});"
        conn.execute(f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {learn} END")
        conn.execute(f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {forget} END")
        conn.execute(
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF id, {names} ON {table} "
            f"BEGIN {forget} {learn} END"
        )


# V4: the full risk register and problem response. A risk gets its kind, cause →
# event → effect, category, residual probability and impact, department,
# contingency plan, next review and a list of linked tasks (JSON, so the risk's
# version covers its links); its single task_id stays behind, unused. An issue
# gets its source, action plan, department, the day it was raised, reached its
# level and was resolved.
V4 = """
ALTER TABLE risks ADD COLUMN kind TEXT NOT NULL DEFAULT 'threat'
    CHECK (kind IN ('threat', 'opportunity'));
ALTER TABLE risks ADD COLUMN cause TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN event TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN effect TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN residual_probability INTEGER
    CHECK (residual_probability BETWEEN 1 AND 5);
ALTER TABLE risks ADD COLUMN residual_impact INTEGER CHECK (residual_impact BETWEEN 1 AND 5);
ALTER TABLE risks ADD COLUMN department_id INTEGER REFERENCES departments(id);
ALTER TABLE risks ADD COLUMN contingency TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN next_review TEXT;
ALTER TABLE risks ADD COLUMN task_ids TEXT NOT NULL DEFAULT '[]';
UPDATE risks SET task_ids = json_array(task_id), task_id = NULL WHERE task_id IS NOT NULL;
UPDATE risks SET department_id = (SELECT department_id FROM members WHERE id = risks.owner_id)
    WHERE owner_id IS NOT NULL;
ALTER TABLE issues ADD COLUMN plan TEXT NOT NULL DEFAULT '';
ALTER TABLE issues ADD COLUMN source TEXT NOT NULL DEFAULT 'typed';
ALTER TABLE issues ADD COLUMN task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL;
ALTER TABLE issues ADD COLUMN meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL;
ALTER TABLE issues ADD COLUMN update_id INTEGER REFERENCES daily_updates(id) ON DELETE SET NULL;
ALTER TABLE issues ADD COLUMN department_id INTEGER REFERENCES departments(id);
ALTER TABLE issues ADD COLUMN raised TEXT;
ALTER TABLE issues ADD COLUMN escalated_on TEXT;
ALTER TABLE issues ADD COLUMN resolved_on TEXT;
UPDATE issues SET source = 'risk' WHERE risk_id IS NOT NULL;
UPDATE issues SET raised = substr(created_at, 1, 10);
UPDATE issues SET escalation = min(escalation, 2);
UPDATE issues SET department_id = (SELECT department_id FROM members WHERE id = issues.owner_id)
    WHERE owner_id IS NOT NULL;
CREATE INDEX issues_open ON issues(status, due);
"""

# V5: meetings run live and their minutes are published. A meeting gets its agenda
# (JSON: title, planned minutes, department, seconds spent), the agenda item it is on
# and since when, who is present (JSON member ids), when it started and was
# published, by whom, and, for a review meeting, the project's acceptance. An item
# may be a success criterion judged met or not with its evidence, or a
# retrospective's "went well" / "to improve", and records the agenda item it was
# raised under. SQLite cannot widen a CHECK, so meeting_items is rebuilt (nothing
# references it). A risk records the meeting or the daily update it was raised in.
# ``presence``: each running app's heartbeat (not records: no version, no change log).
V5 = f"""
ALTER TABLE meetings ADD COLUMN agenda TEXT NOT NULL DEFAULT '[]';
ALTER TABLE meetings ADD COLUMN present TEXT NOT NULL DEFAULT '[]';
ALTER TABLE meetings ADD COLUMN current INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN current_since TEXT;
ALTER TABLE meetings ADD COLUMN started_at TEXT;
ALTER TABLE meetings ADD COLUMN published_at TEXT;
ALTER TABLE meetings ADD COLUMN published_by TEXT;
ALTER TABLE meetings ADD COLUMN accepted_at TEXT;
ALTER TABLE meetings ADD COLUMN accepted_by INTEGER REFERENCES members(id);
ALTER TABLE meetings ADD COLUMN exceptions TEXT NOT NULL DEFAULT '';
UPDATE meetings SET published_at = closed_at, published_by = updated_by
    WHERE status = 'published';
CREATE TABLE meeting_items_v5 (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'decision', 'action', 'note', 'criterion',
        'went_well', 'to_improve')),
    department_id INTEGER REFERENCES departments(id),
    owner_id INTEGER REFERENCES members(id),
    text TEXT NOT NULL DEFAULT '',
    done TEXT NOT NULL DEFAULT '',
    plan TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    due TEXT,
    task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    agenda INTEGER,
    met INTEGER CHECK (met IN (0, 1)),
    evidence TEXT NOT NULL DEFAULT '',
    {_META}
);
INSERT INTO meeting_items_v5 (id, meeting_id, kind, department_id, owner_id, text, done, plan,
    needs, due, task_id, position, version, created_at, updated_at, updated_by)
    SELECT id, meeting_id, kind, department_id, owner_id, text, done, plan, needs, due, task_id,
    position, version, created_at, updated_at, updated_by FROM meeting_items;
DROP TABLE meeting_items;
ALTER TABLE meeting_items_v5 RENAME TO meeting_items;
CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id);
ALTER TABLE risks ADD COLUMN meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL;
ALTER TABLE risks ADD COLUMN update_id INTEGER REFERENCES daily_updates(id) ON DELETE SET NULL;
CREATE TABLE presence (
    session TEXT PRIMARY KEY,
    login TEXT NOT NULL,
    os_login TEXT NOT NULL DEFAULT '',
    member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    screen TEXT NOT NULL DEFAULT '',
    record TEXT NOT NULL DEFAULT '',
    editing TEXT NOT NULL DEFAULT '',
    since TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
"""


# V6: who may do what. One project manager, enforced by the file as the one interface
# person and head per department are: a file with several keeps the first (by id) and
# the others lose the role, each logged. The change log gets the OS login beside the
# acting user (acting as someone else is visible) and the transaction each row belongs
# to (``tx``: its first row's id), so an undo takes back one whole action, and an index
# by record (a record's history, who created it: read on every ``H`` and detail panel,
# a scan of the whole log without it). A signature on the head's behalf carries its reason.
def v6(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE changes ADD COLUMN os_login TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE changes ADD COLUMN tx INTEGER")
    conn.execute("CREATE INDEX changes_record ON changes(entity, record_id, id)")
    conn.execute("ALTER TABLE signoffs ADD COLUMN reason TEXT NOT NULL DEFAULT ''")
    pms = [row[0] for row in conn.execute("SELECT id FROM members WHERE is_pm ORDER BY id")]
    if len(pms) > 1:
        from store import clock

        at = clock.timestamp()
        for member_id in pms[1:]:
            version = conn.execute(
                "UPDATE members SET is_pm = 0, version = version + 1, updated_at = ?, "
                "updated_by = 'xdept-tui' WHERE id = ? RETURNING version",
                [at, member_id],
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO changes (at, actor, entity, record_id, op, before, after) "
                "VALUES (?, 'xdept-tui', 'members', ?, 'update', ?, ?)",
                [
                    at,
                    member_id,
                    json.dumps({"is_pm": True}),
                    json.dumps({"is_pm": False, "version": version, "why": "one_pm"}),
                ],
            )
    conn.execute("CREATE UNIQUE INDEX members_one_pm ON members(is_pm) WHERE is_pm")


# V7: the project served over SSH (``xdept-tui serve``). A member's public keys sign
# them in (a key names one member; a member may have several); the server's log of
# sessions and refusals, read by the PM (``xdept-tui sessions``). Log rows are not
# records: no version, no change log (they are a log themselves).
V7 = f"""
CREATE TABLE ssh_keys (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE,
    comment TEXT NOT NULL DEFAULT '',
    {_META}
);
CREATE INDEX ssh_keys_member ON ssh_keys(member_id);
CREATE TABLE ssh_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    ended_at TEXT,
    event TEXT NOT NULL CHECK (event IN ('session', 'refused')),
    reason TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    login TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    exit_status INTEGER
);
CREATE INDEX ssh_log_at ON ssh_log(at);
"""


# A step is a script of SQL statements, or a function given the connection.
Migration = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: tuple[Migration, ...] = (V1, V2, v3, V4, V5, v6, V7)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION inside the caller's IMMEDIATE transaction.

    Returns the version the file had before.
    """
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
        if callable(step):
            step(conn)
        else:
            for statement in _statements(step):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    if current == 0:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return current


def _statements(script: str) -> list[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements
