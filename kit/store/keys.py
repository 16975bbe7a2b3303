"""A workspace's per-person data keys: where they are, who has one, the demo's, destroying one.

Every person's free text and identifying fields are stored encrypted with their own 256-bit
key (AES-GCM, a fresh 96-bit nonce per write, the record's table and id as associated data;
see :mod:`kit.store.sealing`). The keys live in the key folder that ``kit.yaml`` names
(``key_folder``, default ``private/keys``), one file a person (mode 0600, folder 0700), made
when the person's first record is saved. Back the key folder up apart from the records, and
for a shorter time: destroying a key (:func:`destroy_key`, what an erasure does) makes every
copy of that person's records unreadable, backups included, once no key backup holds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kit.errors import StoreError
from kit.store.keyring import DataKey, KeyGone, KeyRing, SealBroken, demo_key, new_key
from kit.store.workspace import Workspace

__all__ = [
    "DataKey",
    "KeyGone",
    "KeyRing",
    "SealBroken",
    "add_demo_keys",
    "demo_key",
    "demo_key_people",
    "destroy_key",
    "has_key",
    "key_folder",
    "keyring",
    "new_key",
    "people_with_keys",
]


def key_folder(workspace: Workspace) -> Path | None:
    """The workspace's key folder (None: it keeps its records plain, a hub user's own copy)."""
    return workspace.key_folder


def keyring(workspace: Workspace) -> KeyRing:
    """The keys of ``workspace`` as its store uses them; an error if it keeps records plain."""
    keys = workspace.store.keys
    if keys is None:
        raise StoreError(f"The workspace {workspace.root} keeps its records plain (kit.yaml says "
                         "key_folder: null), so it has no data keys.",
                         "Set key_folder in kit.yaml (e.g. private/keys), then run "
                         "`candle migrate` to encrypt its records.")
    return keys


def has_key(workspace: Workspace, person_id: str) -> bool:
    """Whether ``person_id`` has a data key in ``workspace``."""
    if workspace.store.keys is None:
        return False
    ring = keyring(workspace)
    ring.refresh()
    return ring.current(person_id) is not None


def people_with_keys(workspace: Workspace) -> list[str]:
    """Everyone with a data key in ``workspace``, sorted."""
    return [] if workspace.store.keys is None else keyring(workspace).people()


def destroy_key(workspace: Workspace, person_id: str) -> bool:
    """Delete ``person_id``'s data key for good; True if there was one.

    Every record sealed with it, in the workspace, in a copy or in a backup, can no longer
    be opened; readers skip such records as erased. Key backups still hold the key until
    they expire (keep them for a shorter time than record backups).
    """
    return keyring(workspace).destroy(person_id)


def add_demo_keys(workspace: Workspace, person_ids: Iterable[str], seed: int | str) -> list[DataKey]:
    """Give each of ``person_ids`` a demo key derived from ``seed`` (the demo workspace only:
    its files say so, and the records they seal are reproducible byte for byte)."""
    keys = keyring(workspace)
    return [keys.add(demo_key(person_id, seed)) for person_id in person_ids]


def demo_key_people(workspace: Workspace) -> list[str]:
    """Who in ``workspace`` has a demo key (derived from a public seed: protects nothing)."""
    if workspace.store.keys is None:
        return []
    keys = keyring(workspace)
    return [person for person in keys.people() if (key := keys.current(person)) and key.demo]
