"""Files written beside the database: exports and backups.

An export or a backup names a file on the command line, so a slip of the
finger could replace a colleague's file or the open database itself. Here an
existing file is replaced only when asked (``force``), the database and its
``-wal``/``-shm``/``-journal`` files never, a folder means "a file inside it"
and a missing folder is refused rather than created. New files are private
like the database (0660: owner and group), whatever the umask.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.errors import StoreError, Term

PRIVATE_MODE = 0o660
SIDE_FILES = ("-wal", "-shm", "-journal")


def create_private(path: Path) -> None:
    """Create an empty file readable by owner and group only; refuse an existing one."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
    except FileExistsError:
        raise StoreError("{path} already exists", path=path) from None
    except OSError as error:
        raise StoreError(
            "cannot create {path}: {strerror}", path=path, strerror=Term(error.strerror)
        ) from None
    os.fchmod(fd, PRIVATE_MODE)  # the umask must not make it world-readable, nor stop the group
    os.close(fd)


def _is_database(path: Path, database: Path) -> bool:
    """``path`` is the database or one of its side files (through links too)."""
    for candidate in (database, *(Path(f"{database}{s}") for s in SIDE_FILES)):
        if path.resolve() == candidate.resolve():
            return True
        try:
            if path.exists() and candidate.exists() and path.samefile(candidate):
                return True
        except OSError:
            continue
    return False


def target(given: str | Path, database: Path, *, force: bool, inside_name: str) -> Path:
    """The file an export or backup may write for ``given``, or a StoreError saying why not.

    ``given`` is kept as typed (``str``) so ``DIR/`` can be told from ``DIR``: a
    folder means the file ``inside_name`` in it.
    """
    raw = os.fspath(given)
    dest = Path(raw).expanduser()
    if dest.is_dir():
        dest = dest / inside_name
    elif raw.endswith(("/", os.sep)):
        raise StoreError("folder {path} does not exist; create it first", path=dest)
    if not dest.parent.is_dir():
        raise StoreError("folder {path} does not exist; create it first", path=dest.parent)
    if _is_database(dest, database):
        raise StoreError(
            "{path} is the database itself (or its -wal/-shm/-journal file); "
            "choose another file name",
            path=dest,
        )
    if dest.is_dir():
        raise StoreError("{path} is a folder; choose a file name", path=dest)
    if (dest.exists() or dest.is_symlink()) and not force:
        raise StoreError("{path} already exists; use --force to replace it", path=dest)
    return dest


@contextmanager
def replacing(dest: Path) -> Iterator[Path]:
    """Yield a new private file to fill; it becomes ``dest`` only when filled completely.

    A new ``dest`` is created in place (O_EXCL: never one that appeared meanwhile);
    an existing one (``--force``) is replaced atomically, so a failure leaves it whole.
    """
    exists = dest.exists() or dest.is_symlink()
    work = dest.with_name(f".{dest.name}.{os.getpid()}.tmp") if exists else dest
    create_private(work)
    try:
        yield work
        if exists:
            os.replace(work, dest)
    except BaseException:
        work.unlink(missing_ok=True)
        raise


def write_text(dest: Path, text: str) -> None:
    """Write an export (bytes as produced, UTF-8) to a file ``target`` accepted."""
    try:
        with replacing(dest) as work:
            work.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise StoreError(
            "cannot write {path}: {strerror}", path=dest, strerror=Term(error.strerror)
        ) from None
