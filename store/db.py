"""Opening the shared database file and running one transaction per user action.

docs/architecture.md, "Many people, one file": WAL, a busy timeout, foreign keys
on, new files 0660, and every write inside ``BEGIN IMMEDIATE`` so a read never has
to become a write half-way (the cause of most "database is locked" errors). A file
that is not ours, is corrupt, is newer than this version or cannot be written is
refused with one line, and is never touched.
"""

from __future__ import annotations

import getpass
import json
import os
import pwd
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from store import files, migrations
from store.errors import Busy, DiskFull, InvalidDatabase, ReadOnly, StoreError, Term

if TYPE_CHECKING:
    from sqlite_utils import Database

    from store.models import Change

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# How long one action waits in total for another program's write lock; after
# WAIT_NOTICE_S the store says so (``Store.on_wait``), as a silent app looks hung.
WRITE_WAIT_S = 20.0
WAIT_NOTICE_S = 1.0
# One BEGIN IMMEDIATE attempt waits this long inside SQLite before the loop looks
# at the clock: short, so the notice comes on time (SQLite has no busy hook for Python).
WAIT_SLICE_MS = 100
# data_version() after a reopen: far above any one connection's own count.
GENERATION_STEP = 1 << 40


def default_path() -> Path:
    """Where the database lives without --db / XDEPT_DB."""
    return platformdirs.user_data_path("xdept-tui") / "xdept.db"


def default_actor() -> str:
    """The OS login: who is at the keyboard unless --as / XDEPT_USER says otherwise."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


def os_login() -> str:
    """The account this process runs as, from the system's user database (not the
    environment, which ``--as`` users could set too): logged beside the actor."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid{os.getuid()}"


def create_file(path: Path) -> None:
    """Create an empty database file readable by owner and group only (0660)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            "cannot create {path}: {strerror}", path=path.parent, strerror=Term(error.strerror)
        ) from None
    files.create_private(path)


def inspect(path: Path, *, new: bool = False) -> int:
    """Check a file without changing it; return its schema version (0 for a new file).

    Raises InvalidDatabase for a file that is not an xdept-tui database, is
    corrupt or is from a newer version of xdept-tui. An empty file is a database
    only when ``new`` (just created by init): anywhere else it is a mistake
    (a failed copy, a typo'd path) that must not silently become a database.
    """
    if not path.exists():
        raise InvalidDatabase(
            "{path}: no such database (create it with: xdept-tui init)", path=path
        )
    if path.is_dir():
        raise InvalidDatabase("{path} is a directory, not a database", path=path)
    if not path.is_file():
        raise InvalidDatabase("{path} is not a regular file, not a database", path=path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise InvalidDatabase(
            "cannot read {path}: {strerror}", path=path, strerror=Term(error.strerror)
        ) from None
    if header == b"":
        if new:
            return 0
        raise InvalidDatabase(
            "{path} is an empty file, not a database; remove it and create the database "
            "with: xdept-tui init",
            path=path,
        )
    if header != SQLITE_HEADER:
        raise InvalidDatabase("{path} is not a database (not an SQLite file)", path=path)
    # Without a -wal beside it nobody has the file open and the main file is complete:
    # read it as immutable, or SQLite would create -wal/-shm next to a file we refuse.
    immutable = "" if path.with_name(path.name + "-wal").exists() else "&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise _explain(error, path, reading=True) from None
    if app_id != migrations.APPLICATION_ID and (tables or version):
        raise InvalidDatabase(
            "{path} is an SQLite file of another program, not xdept-tui", path=path
        )
    if version == 0 and tables:
        raise InvalidDatabase(
            "{path} has xdept-tui tables but no schema version (user_version 0): it was "
            "changed by another program; restore a backup",
            path=path,
        )
    if version > migrations.SCHEMA_VERSION:
        raise InvalidDatabase(
            "{path} has schema version {version}, newer than this xdept-tui "
            "({schema_version}): upgrade xdept-tui to open it",
            path=path,
            version=version,
            schema_version=migrations.SCHEMA_VERSION,
        )
    return version


def writable(path: Path) -> bool:
    """Can this user write the file and make its -wal/-shm beside it?

    False for a read-only file, a folder of someone else, an immutable file or
    folder (chattr +i) and a read-only mount — root included for the last two.
    """
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def quote(name: str) -> str:
    """A table's or column's name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def insert_rows(
    conn: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Iterable[Any]],
    per_statement: int,
) -> int:
    """Insert rows (each its values in ``columns``' order) in INSERT statements of up to
    ``per_statement`` rows (fewer when SQLite allows fewer parameters): a bulk write
    of a statement per row pays SQLite's per-statement work (triggers, AUTOINCREMENT's
    counter) for each. Returns how many rows went in."""
    head = f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES "
    marks = "(" + ", ".join("?" for _ in columns) + ")"
    most = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(columns)
    step = max(1, min(per_statement, most))
    done = 0
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        sql = head + ", ".join([marks] * len(part))
        done += conn.execute(sql, list(chain.from_iterable(part))).rowcount
    return done


def _wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _connect(path: Path, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    if read_only:
        # mode=ro on a WAL file makes -wal/-shm (or fails where it cannot) and a
        # reader can never remove them: leftovers owned by a reader can lock the
        # writers out. With no -wal there is no writer, and the file is read as it is.
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        uri = f"{path.resolve().as_uri()}?{flags}"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; fsync at checkpoints
    return conn


class Store:
    """One database file as seen by one actor; a connection per thread.

    sqlite3 connections must stay on their thread, and the TUI reads in worker
    threads, so each thread gets its own connection on first use.
    """

    def __init__(
        self,
        path: Path | str,
        actor: str | None = None,
        *,
        read_only: bool = False,
        create: bool = False,
    ) -> None:
        self.path = Path(path).expanduser()
        self.actor = actor or default_actor()
        self.os_login = os_login()
        self.read_only = read_only
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Results derived from the whole file, tagged with what they were computed
        # from (the schedule: the last change; the calendar: its columns): valid
        # while the tag is the same.
        self.memo: dict[str, tuple[object, Any]] = {}
        # Called (from the writing thread) when a write has waited WAIT_NOTICE_S for
        # another program's lock: the CLI prints a line, the app shows a notice.
        self.on_wait: Callable[[], None] | None = None
        # Called (from the writing thread, after COMMIT) with the changes a transaction
        # made, or None when they were too many to carry (read them from the log): the
        # app hands them to its screens at once instead of waiting for its poll.
        self.on_commit: Callable[[list[Change] | None], None] | None = None
        # True while a write waits for another program's lock: the app then sends
        # reads to another thread instead of queueing them behind that write.
        self.waiting = False
        # This store's writes in the order they began, whatever thread runs them.
        self._write_order = threading.RLock()
        if create:
            if read_only:
                raise ReadOnly("cannot create a database in read-only mode")
            create_file(self.path)
        version = inspect(self.path, new=create)
        if not read_only and not writable(self.path):
            raise ReadOnly(
                "cannot write {path} or its folder: permission denied, a read-only "
                "file system or an immutable file (try --read-only)",
                path=self.path,
            )
        # Read-only with nobody writing: read the file as immutable until a writer
        # appears (its -wal), then reopen normally (see data_version).
        self._immutable = read_only and not _wal_path(self.path).exists()
        self._generation = 0
        if read_only:
            if version < migrations.SCHEMA_VERSION:
                raise InvalidDatabase(
                    "{path} needs an upgrade (schema {version}); open it once without --read-only",
                    path=self.path,
                    version=version,
                )
        else:
            self._prepare(version)

    def _prepare(self, version: int) -> None:
        conn = self.conn
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if version < migrations.SCHEMA_VERSION:
                with self._immediate():
                    migrations.migrate(conn)
        except sqlite3.OperationalError as error:
            raise _explain(error, self.path) from None

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use (again after a reopen)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.generation != self._generation:
            with self._lock:
                self._connections.remove(conn)
            conn.close()
            conn = None
        if conn is None:
            try:
                conn = _connect(self.path, self.read_only, self._immutable)
            except sqlite3.Error as error:
                raise _explain(error, self.path) from None
            self._local.conn = conn
            self._local.generation = self._generation
            with self._lock:
                self._connections.append(conn)
        return conn

    @property
    def db(self) -> Database:
        """A sqlite-utils view of this thread's connection (imported on first use)."""
        from sqlite_utils import Database

        db = getattr(self._local, "db", None)
        if db is None or db.conn is not self.conn:
            db = Database(self.conn, execute_plugins=False)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close every thread's connection (call once, from the owning thread)."""
        with self._lock:
            for conn in self._connections:
                # A connection made in a thread that already ended cannot be closed here.
                with suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup(self, dest: Path | str, *, force: bool = False) -> Path:
        """A consistent copy through the SQLite backup API while others keep writing.

        ``dest`` may be a folder (the copy is named like the database); an existing
        file is replaced only with ``force``, the database itself never.
        """
        dest = files.target(dest, self.path, force=force, inside_name=self.path.name)
        with files.replacing(dest) as work:
            target = sqlite3.connect(str(work))
            try:
                # One step, one read snapshot: in WAL mode it blocks no writer, whereas a
                # step-wise copy restarts on every commit and may never finish.
                self.conn.backup(target)
            except sqlite3.Error as error:
                raise _explain(error, work) from None
            finally:
                target.close()
        return dest

    def check(self) -> dict[str, Any]:
        """Integrity, schema version and row counts, as ``xdept-tui check`` prints them."""
        from store.models import MODELS

        integrity = [row[0] for row in self.conn.execute("PRAGMA integrity_check")]
        foreign = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        return {
            "path": str(self.path),
            "schema_version": self.scalar("PRAGMA user_version"),
            "journal_mode": self.scalar("PRAGMA journal_mode"),
            "integrity": "ok" if integrity == ["ok"] else "; ".join(integrity[:5]),
            "foreign_key_violations": len(foreign),
            "counts": {
                table: self.scalar(f"SELECT count(*) FROM {table}")
                for table in [*MODELS, "changes"]
            },
        }

    def data_version(self) -> int:
        """Moves when another connection commits; cheap, no disk read (docs/architecture.md,
        "Many people, one file").

        A file read as immutable never moves by itself: when a writer's -wal
        appears, every thread reopens its connection normally, and the value
        jumps (by a generation step) so followers reload.
        """
        if self._immutable and _wal_path(self.path).exists():
            self._immutable = False
            self._generation += 1
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return self._generation * GENERATION_STEP + version

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def rows(self, columns: str, source: str, params: Any = ()) -> list[list[Any]]:
        """``SELECT columns FROM source`` as lists, fetched as one row of JSON.

        Python's sqlite3 lets go of the GIL and takes it back for every row; in the
        app's database thread, while the interface thread is busy drawing, each
        take-back waits its turn (the convoy effect), so 10,000 rows wait 10,000
        times. One row holding a JSON array of them all waits once
        (``python -m bench.store`` times both, with a busy thread beside and without).
        ``source`` keeps its ORDER BY inside a subquery, e.g.
        ``(SELECT * FROM tasks ORDER BY id)``. Values come back as JSON types (0/1
        for booleans; dates are text already).
        """
        found = self.scalar(f"SELECT json_group_array(json_array({columns})) FROM {source}", params)
        return json.loads(found) if found else []

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads as of one moment: a read transaction (in WAL mode it blocks no
        writer), or the transaction already open."""
        conn = self.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    def aggregates(self, expressions: Iterable[str], source: str, params: Any = ()) -> list[Any]:
        """``SELECT expressions FROM source`` as one row: each an aggregate of a whole
        column (``json_group_array(start)``), so a column of 100,000 values is one
        value, read without the per-row convoy ``rows`` explains and kept in a tenth
        of the memory of a row per task."""
        sql = f"SELECT {', '.join(expressions)} FROM {source}"
        return list(self.conn.execute(sql, params).fetchone())

    def columns(
        self, expressions: Sequence[str], source: str, group: int, params: Any = ()
    ) -> Iterator[Any]:
        """Each of ``aggregates``, read ``group`` at a time as the caller comes to them:
        a caller that turns each into values before taking the next never holds them
        all (100,000 tasks' columns at once, with SQLite's buffers building them, were
        40 MB). Each group is a scan of its own: read them in one ``snapshot``, from a
        table ``NOT INDEXED`` (every scan in rowid order), and they line up."""
        for first in range(0, len(expressions), group):
            batch = self.aggregates(expressions[first : first + group], source, params)
            batch.reverse()
            while batch:
                yield batch.pop()  # held by the caller alone

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def _begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE, waiting up to WRITE_WAIT_S for another writer; ``on_wait``
        is called once when the wait passes WAIT_NOTICE_S."""
        started = time.monotonic()
        told = False
        conn.execute(f"PRAGMA busy_timeout = {WAIT_SLICE_MS}")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    waited = time.monotonic() - started
                    if not _is_busy(error) or waited >= WRITE_WAIT_S:
                        raise _explain(error, self.path) from None
                    self.waiting = True
                    if not told and waited >= WAIT_NOTICE_S and self.on_wait is not None:
                        told = True
                        self.on_wait()
        finally:
            self.waiting = False
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, waiting a bounded time when another program writes."""
        with self._write_order:
            conn = self.conn
            self._begin(conn)
            try:
                yield conn
            except sqlite3.Error as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if _is_storage(error):  # the disk, not the code: say so in one line
                    raise _explain(error, self.path) from None
                raise
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise _explain(error, self.path) from None

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One user action: yields a ``records.Tx`` that versions and logs each write;
        once committed, ``on_commit`` hears what it changed."""
        from store.changes import committed
        from store.records import Tx

        if self.read_only:
            raise ReadOnly("this database is open read-only")
        tell = self.on_commit
        with self._immediate() as conn:
            tx = Tx(self, conn)
            yield tx
            told = committed(tx) if tell is not None and tx.logged else None
        if tell is not None and tx.logged:
            tell(told)

    @contextmanager
    def unlogged(self) -> Iterator[sqlite3.Connection]:
        """A write that is not a record (an app's heartbeat): one IMMEDIATE
        transaction, without versions or the change log."""
        if self.read_only:
            raise ReadOnly("this database is open read-only")
        with self._immediate() as conn:
            yield conn


# Primary result codes that come from the file or the disk rather than from a bug.
_STORAGE_CODES = {
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
}


def _is_storage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _STORAGE_CODES


# Less free space than this beside the file, and an I/O error means the disk is full.
NEARLY_FULL_BYTES = 1 << 20


def _disk_full(path: Path) -> bool:
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < NEARLY_FULL_BYTES


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


def _explain(error: sqlite3.Error, path: Path, *, reading: bool = False) -> StoreError:
    """Turn an sqlite3 error into one line the user can act on."""
    text = str(error)
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    # A full disk often shows as an I/O error: the -shm could not grow.
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _disk_full(path)):
        return DiskFull(
            "{path}: the disk is full; nothing was saved (free some space and try again)",
            path=path,
        )
    if isinstance(error, sqlite3.OperationalError) and _is_busy(error):
        return Busy("{path} stayed locked by other users; nothing was saved, try again", path=path)
    if "readonly" in text or "read-only" in text:
        return ReadOnly(
            "cannot write {path}: read-only file or folder "
            "(everyone needs write access to the folder for the -wal/-shm files)",
            path=path,
        )
    if "unable to open" in text:
        return InvalidDatabase("cannot open {path} ({text})", path=path, text=text)
    if isinstance(error, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text
    ):
        return InvalidDatabase("{path} is corrupt ({text})", path=path, text=text)
    if reading:
        return InvalidDatabase("{path} is corrupt or unreadable ({text})", path=path, text=text)
    return StoreError("{path}: {text}", path=path, text=text)
