"""Opening the shared database file and running one transaction per user action.

DESIGN.md §3: WAL, a busy timeout, foreign keys on, new files 0660, and every
write inside ``BEGIN IMMEDIATE`` so a read never has to become a write half-way
(the cause of most "database is locked" errors). A file that is not ours, is
corrupt, is newer than this version or cannot be written is refused with one
line, and is never touched.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from store import migrations
from store.errors import Busy, InvalidDatabase, ReadOnly, StoreError, Term

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# How often one action retries BEGIN IMMEDIATE after the busy timeout ran out.
WRITE_ATTEMPTS = 4


def default_path() -> Path:
    """Where the database lives without --db / XDEPT_DB."""
    return platformdirs.user_data_path("xdept-tui") / "xdept.db"


def default_actor() -> str:
    """The OS login: who is at the keyboard unless --as / XDEPT_USER says otherwise."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


def create_file(path: Path) -> None:
    """Create an empty database file readable by owner and group only (0660)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o660)
    except FileExistsError:
        raise StoreError("{path} already exists", path=path) from None
    except OSError as error:
        raise StoreError(
            "cannot create {path}: {strerror}", path=path, strerror=Term(error.strerror)
        ) from None
    os.fchmod(fd, 0o660)  # the umask must not make it world-readable, nor stop the group
    os.close(fd)


def inspect(path: Path) -> int:
    """Check a file without changing it; return its schema version (0 for a new file).

    Raises InvalidDatabase for a file that is not an xdept-tui database, is
    corrupt or is from a newer version of xdept-tui.
    """
    if not path.exists():
        raise InvalidDatabase(
            "{path}: no such database (create it with: xdept-tui init)", path=path
        )
    if path.is_dir():
        raise InvalidDatabase("{path} is a directory, not a database", path=path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise InvalidDatabase(
            "cannot read {path}: {strerror}", path=path, strerror=Term(error.strerror)
        ) from None
    if header == b"":
        return 0
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
        raise InvalidDatabase(
            "{path} is corrupt or unreadable ({error})", path=path, error=error
        ) from None
    if app_id != migrations.APPLICATION_ID and (tables or version):
        raise InvalidDatabase(
            "{path} is an SQLite file of another program, not xdept-tui", path=path
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


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
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
        self.read_only = read_only
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Results derived from the whole file (the schedule), tagged with the change
        # they were computed at: valid until the next change anyone makes.
        self.memo: dict[str, tuple[int, Any]] = {}
        if create:
            if read_only:
                raise ReadOnly("cannot create a database in read-only mode")
            create_file(self.path)
        version = inspect(self.path)
        if not read_only and not os.access(self.path, os.W_OK):
            raise ReadOnly(
                "cannot write {path}: permission denied (try --read-only)", path=self.path
            )
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
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = _connect(self.path, self.read_only)
            except sqlite3.Error as error:
                raise _explain(error, self.path) from None
            self._local.conn = conn
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

    def backup(self, dest: Path | str) -> Path:
        """A consistent copy through the SQLite backup API while others keep writing."""
        dest = Path(dest).expanduser()
        if dest.exists():
            raise StoreError("{dest} already exists; choose a new file name", dest=dest)
        create_file(dest)
        target = sqlite3.connect(str(dest))
        try:
            # One step, one read snapshot: in WAL mode it blocks no writer, whereas a
            # step-wise copy restarts on every commit and may never finish.
            self.conn.backup(target)
        except sqlite3.Error as error:
            target.close()
            dest.unlink(missing_ok=True)
            raise _explain(error, self.path) from None
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
        """Moves when another connection commits; ~5 µs, no disk read (DESIGN.md §7)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def rows(self, columns: str, source: str, params: Any = ()) -> list[list[Any]]:
        """``SELECT columns FROM source`` as lists, fetched as one row of JSON.

        Python's sqlite3 lets go of the GIL and takes it back for every row; in the
        app's database thread, while the interface thread is busy drawing, each
        take-back waits its turn (the convoy effect): 10,000 rows took 78 s instead
        of 26 ms here. One row holding a JSON array of them all takes ~40 ms either
        way. ``source`` keeps its ORDER BY inside a subquery, e.g.
        ``(SELECT * FROM tasks ORDER BY id)``. Values come back as JSON types (0/1
        for booleans; dates are text already).
        """
        found = self.scalar(f"SELECT json_group_array(json_array({columns})) FROM {source}", params)
        return json.loads(found) if found else []

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, retried a bounded number of times when busy."""
        conn = self.conn
        delay = 0.05
        for attempt in range(WRITE_ATTEMPTS):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or attempt == WRITE_ATTEMPTS - 1:
                    raise _explain(error, self.path) from None
                time.sleep(delay)
                delay *= 2
        try:
            yield conn
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
        """One user action: yields a ``records.Tx`` that versions and logs each write."""
        from store.records import Tx

        if self.read_only:
            raise ReadOnly("this database is open read-only")
        with self._immediate() as conn:
            yield Tx(self, conn)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


def _explain(error: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite3 error into one line the user can act on."""
    text = str(error)
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
    return StoreError("{path}: {text}", path=path, text=text)
