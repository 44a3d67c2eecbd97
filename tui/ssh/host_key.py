"""The server's own key: made on first start, kept private, its fingerprint printed so
that people can check it the first time their client asks."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import Invalid

if TYPE_CHECKING:
    import asyncssh

NAME = "ssh_host_ed25519_key"


def load_or_create(folder: Path) -> tuple[asyncssh.SSHKey, Path, bool]:
    """The host key in ``folder`` (mode 0600), made there if there is none; returns the
    key, its file and whether it was just made. A key others may read is refused."""
    import asyncssh

    path = folder / NAME
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519", comment="xdept-tui serve")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(key.export_private_key())
        return key, path, True
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise Invalid(
            "the host key {path} may be read by others (mode {mode:o}): chmod 600 {path}",
            path=str(path),
            mode=mode,
        )
    try:
        return asyncssh.read_private_key(path), path, False
    except (asyncssh.KeyImportError, OSError) as error:
        raise Invalid(
            "the host key {path} cannot be read ({error}): move it away to make a new one",
            path=str(path),
            error=str(error),
        ) from None
