"""Members' SSH public keys: who ``xdept-tui serve`` lets in, and as whom.

A key names one member; the served app acts as that member's login, so a key is
only taken for a member who has one. Only the project manager adds, lists and
removes keys (``roles``). A private key given by mistake is refused before it is
parsed, and never stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from store.errors import Invalid, Message
from store.models import Member, SshKey
from store.records import find, get, validate
from store.roles import require_pm

if TYPE_CHECKING:
    from store.db import Store


class KeyOwner(NamedTuple):
    """Whom a key signs in: the member, and the login the served app acts as."""

    key_id: int
    member_id: int
    name: str
    login: str


def add_keys(store: Store, member_id: int, text: str, login: str | None = None) -> list[SshKey]:
    """Add every public key in ``text`` (a ``.pub`` file, or several lines of an
    ``authorized_keys`` without options) to a member, in one transaction; ``login``
    gives a member without one the login the served app will act as."""
    if "PRIVATE KEY" in text:
        raise Invalid(
            "this is a private key: give its public half (the .pub file), and keep the "
            "private key to yourself"
        )
    require_pm(store, Message("add SSH keys"))
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise Invalid("no public key given: a .pub file's line, ssh-ed25519 AAAA… name@host")
    with store.transaction() as tx:
        member = get(store, Member, member_id)
        if login and member.login and login != member.login:
            raise Invalid(
                "{name}'s login is {login}: leave out --login", name=member.name, login=member.login
            )
        if login and not member.login:
            member = tx.update(Member, member.id, member.version, login=login)
        if not member.login:
            raise Invalid(
                "{name} has no login, which the served app acts as: add --login LOGIN",
                name=member.name,
            )
        added: list[SshKey] = []
        for line in lines:
            key = validate(SshKey, {"member_id": member_id, "public_key": line})
            holder = owner(store, key.fingerprint)
            if holder is not None or key.fingerprint in {k.fingerprint for k in added}:
                raise Invalid(
                    "key {fingerprint} is already {name}'s (key #{id})",
                    fingerprint=key.fingerprint,
                    name=holder.name if holder else member.name,
                    id=holder.key_id if holder else "",
                )
            added.append(tx.insert(key))
    return added


def remove_key(store: Store, key_id: int) -> SshKey:
    require_pm(store, Message("remove SSH keys"))
    with store.transaction() as tx:
        key = get(store, SshKey, key_id)
        tx.delete(SshKey, key_id, key.version)
    return key


def keys(store: Store) -> list[tuple[SshKey, str]]:
    """Every key with its member's name, by member then id (the PM's list)."""
    require_pm(store, Message("list the SSH keys"))
    names = dict(store.conn.execute("SELECT id, name FROM members").fetchall())
    found = find(store, SshKey, order_by="member_id, id")
    return [(key, names.get(key.member_id, "")) for key in found]


def members_with_keys(store: Store) -> int:
    """How many members can sign in to the served app (what ``serve`` says at start)."""
    return int(store.scalar("SELECT count(DISTINCT member_id) FROM ssh_keys"))


def owner(store: Store, fingerprint: str) -> KeyOwner | None:
    """The member a key signs in, read at each sign-in (keys added or removed while
    the server runs count at once)."""
    row = store.conn.execute(
        "SELECT k.id, m.id, m.name, coalesce(m.login, '') FROM ssh_keys k "
        "JOIN members m ON m.id = k.member_id WHERE k.fingerprint = ?",
        [fingerprint],
    ).fetchone()
    return None if row is None else KeyOwner(*row)
