"""Per-person data keys and AES-GCM sealing: the mechanics under :mod:`kit.store.keys`.

Each person whose records the store holds has one 256-bit data key, in its own file
``<key folder>/<person_id>.key`` (mode 0600; the folder 0700). A key has a random id, so
content sealed with a destroyed key is told apart from content sealed with a newer key of
the same person: it opens with neither, and reads as gone (:class:`KeyGone`), never as
damaged. Sealing uses a fresh 96-bit nonce per write, with the caller's associated data
(the record's table and id), so sealed content moved to another record does not open.

Demo keys (:func:`demo_key`) are derived from the demo's public seed so the committed demo
is byte-for-byte reproducible; their nonces are derived from the key, the associated data
and the content (a synthetic IV). They protect nothing and say so in their files.

A :class:`KeyRing` reads each key once and keeps one ``AESGCM`` object per key; it forgets
them when the key folder changes (a key destroyed by another process), checked by
:meth:`KeyRing.refresh`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kit.errors import StoreError
from kit.model.ids import is_person_id
from kit.store import atomic
from kit.store.confine import read_no_follow

KEY_SUFFIX = ".key"
ERASED_SUFFIX = ".erased"  # left where a key was destroyed: its records read as erased
KEY_FILE_MODE = 0o600
KEY_DIR_MODE = 0o700
KEY_BYTES = 32
NONCE_BYTES = 12
TOKEN_VERSION = "v1"
ALGORITHM = "AES-256-GCM"
_VERSION = TOKEN_VERSION.encode()
SETTLE_NS = 2_000_000_000
"""A folder changed this recently may change again within its time stamp's tick."""
DEMO_NOTE = ("DEMO KEY: derived from the demo workspace's public seed. It protects nothing; "
             "never use it for real records.")


class KeyGone(Exception):
    """Content sealed with a key that no longer exists: its person was erased. Never corrupt."""


class SealBroken(ValueError):
    """Sealed content that does not open with its person's key: damaged or tampered with."""


@dataclass(frozen=True)
class DataKey:
    """One person's data key."""

    person_id: str
    key_id: str
    secret: bytes = field(repr=False)
    demo: bool = False

    def to_bytes(self) -> bytes:
        """The key file's content (JSON)."""
        data = {"person_id": self.person_id, "key_id": self.key_id, "algorithm": ALGORITHM,
                "key": base64.b64encode(self.secret).decode("ascii"), "demo": self.demo}
        if self.demo:
            data["note"] = DEMO_NOTE
        return (json.dumps(data, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes, person_id: str) -> DataKey:
        """Read a key file's content; ValueError if it is not a key of ``person_id``."""
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("person_id") != person_id:
            raise ValueError(f"it is not the key of {person_id}")
        secret = base64.b64decode(str(data["key"]), validate=True)
        key_id = str(data["key_id"])
        if len(secret) != KEY_BYTES or not key_id.isalnum():
            raise ValueError("it does not hold a 256-bit key with an id")
        return cls(person_id, key_id, secret, bool(data.get("demo", False)))


def new_key(person_id: str) -> DataKey:
    """A fresh random key for ``person_id``."""
    return DataKey(person_id, secrets.token_hex(8), AESGCM.generate_key(bit_length=256))


def demo_key(person_id: str, seed: int | str) -> DataKey:
    """The demo key of ``person_id``: derived from the demo's public ``seed`` (demo only)."""
    secret = hmac.new(f"candle demo key {seed}".encode(), person_id.encode(), hashlib.sha256).digest()
    key_id = "demo" + hashlib.sha256(secret).hexdigest()[:12]
    return DataKey(person_id, key_id, secret, demo=True)


def _key_error(path: Path, why: str) -> StoreError:
    return StoreError(f"The data key {path} cannot be read ({why}), so the records it protects "
                      "cannot be opened; nothing was changed.",
                      "Restore the key folder from its backup (see the README's "
                      "'Keys, backups and erasure'), then try again.")


class KeyRing:
    """The data keys of one key folder, read once each, with one cipher per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._keys: dict[str, DataKey] = {}
        self._ciphers: dict[str, AESGCM] = {}
        self._openers: dict[tuple[str, bytes], AESGCM] = {}  # (person, key id as stored) -> cipher
        self._stamp: int | None = self._folder_stamp()

    # -- where keys are --------------------------------------------------
    def path(self, person_id: str) -> Path:
        """The key file of ``person_id``."""
        if not is_person_id(person_id):
            raise StoreError(f"'{person_id}' is not a person id, so it has no data key.",
                             "Use the person's id as kit.yaml or the hub names them.")
        return self.folder / f"{person_id}{KEY_SUFFIX}"

    def people(self) -> list[str]:
        """Everyone with a key in the folder, sorted."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        return sorted(name.removesuffix(KEY_SUFFIX) for name in names
                      if name.endswith(KEY_SUFFIX) and not name.startswith("."))

    def _folder_stamp(self) -> int | None:
        try:
            return os.stat(self.folder).st_mtime_ns
        except OSError:
            return None

    def refresh(self) -> None:
        """Forget the keys read so far if the folder changed (a key made or destroyed elsewhere),
        or changed so recently that a second change could share its time stamp's tick."""
        stamp = self._folder_stamp()
        if stamp != self._stamp or stamp is None or time.time_ns() - stamp < SETTLE_NS:
            self._forget()
            self._stamp = stamp

    def _forget(self) -> None:
        self._keys.clear()
        self._ciphers.clear()
        self._openers.clear()

    # -- reading and making keys -----------------------------------------
    def _read(self, person_id: str) -> DataKey | None:
        path = self.path(person_id)
        try:
            raw = read_no_follow(path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise _key_error(path, error.strerror or str(error)) from None
        try:
            key = DataKey.from_bytes(raw, person_id)
        except (ValueError, KeyError, binascii.Error) as error:
            raise _key_error(path, str(error) or "not a key file") from None
        self._keys[person_id] = key
        return key

    def current(self, person_id: str) -> DataKey | None:
        """The key of ``person_id``, or None if they have none."""
        return self._keys.get(person_id) or self._read(person_id)

    def add(self, key: DataKey) -> DataKey:
        """Store ``key`` unless its person has one already; the person's key either way.

        An OSError (a read-only folder, a full disk) rises to the writer, which says it.
        """
        path = self.path(key.person_id)
        self.make_folder()
        atomic.create_bytes(path, key.to_bytes(), mode=KEY_FILE_MODE)
        stored = self._read(key.person_id)
        if stored is None:
            raise _key_error(path, "it vanished as it was made")
        return stored

    def for_writing(self, person_id: str) -> DataKey:
        """The key to seal ``person_id``'s new content with (made if they have none)."""
        key = self._keys.get(person_id)
        if key is not None and os.path.lexists(self.path(person_id)):
            return key
        self._keys.pop(person_id, None)
        return self.current(person_id) or self.add(new_key(person_id))

    def make_folder(self) -> None:
        """Make the key folder (mode 0700, whatever the umask) unless it is there."""
        if not self.folder.is_dir():
            self.folder.mkdir(mode=KEY_DIR_MODE, parents=True, exist_ok=True)
            os.chmod(self.folder, KEY_DIR_MODE)  # the umask must not loosen it

    def erased_mark(self, person_id: str) -> Path:
        """The file that says ``person_id``'s key was destroyed on purpose (it holds nothing)."""
        return self.path(person_id).with_suffix(ERASED_SUFFIX)

    def was_destroyed(self, person_id: str) -> bool:
        """Whether ``person_id``'s key was destroyed by :meth:`destroy` (an erasure)."""
        return os.path.lexists(self.erased_mark(person_id))

    def destroy(self, person_id: str) -> bool:
        """Delete ``person_id``'s key for good (durably); False if they had none. A mark is left
        first, so their records read as erased; a key missing without one is a fault."""
        path = self.path(person_id)
        self._forget()
        self.make_folder()
        atomic.create_bytes(self.erased_mark(person_id), b"", mode=KEY_FILE_MODE)
        try:
            os.unlink(path)
        except FileNotFoundError:
            return False
        atomic.fsync_dir(self.folder)
        return True

    # -- sealing ---------------------------------------------------------
    def _cipher(self, key: DataKey) -> AESGCM:
        cipher = self._ciphers.get(key.key_id)
        if cipher is None:
            cipher = self._ciphers[key.key_id] = AESGCM(key.secret)
        return cipher

    def seal(self, person_id: str, associated: bytes, content: bytes) -> str:
        """``content`` sealed with ``person_id``'s key: ``v1.<key id>.<base64 nonce+ciphertext>``."""
        key = self.for_writing(person_id)
        if key.demo:
            synthetic = hmac.new(key.secret, associated + b"\x00" + content, hashlib.sha256)
            nonce = synthetic.digest()[:NONCE_BYTES]
        else:
            nonce = os.urandom(NONCE_BYTES)
        box = nonce + self._cipher(key).encrypt(nonce, content, associated)
        return f"{TOKEN_VERSION}.{key.key_id}.{base64.b64encode(box).decode('ascii')}"

    def open(self, person_id: str, associated: bytes, token: bytes | str) -> bytes:
        """The content of ``token`` sealed for ``person_id``.

        Raises :class:`KeyGone` when the key that sealed it no longer exists, and
        :class:`SealBroken` when it does not open (damaged, or moved from another record).
        """
        raw = token.encode("ascii", "replace") if isinstance(token, str) else token
        version, _, rest = raw.partition(b".")
        key_id, _, body = rest.partition(b".")
        cipher = self._openers.get((person_id, key_id))  # the compiler's path: one look-up
        if cipher is None or version != _VERSION:
            cipher = self._opener(person_id, version, key_id)
        try:
            box = binascii.a2b_base64(body)
            return cipher.decrypt(box[:NONCE_BYTES], box[NONCE_BYTES:], associated)
        except (binascii.Error, InvalidTag, ValueError):
            raise SealBroken("its sealed content does not open with its practitioner's key "
                             "(damaged, or copied from another record)") from None

    def _opener(self, person_id: str, version: bytes, key_id: bytes) -> AESGCM:
        """The cipher of ``person_id``'s key ``key_id`` (read if need be); KeyGone if it is gone."""
        if version != _VERSION or not key_id:
            raise SealBroken("its sealed content is not in a form this kit reads")
        if not is_person_id(person_id):
            raise SealBroken(f"it lies in a folder named '{person_id}', which is not a person id")
        wanted = key_id.decode("ascii", "replace")
        key = self._keys.get(person_id)
        if key is None or key.key_id != wanted:
            key = self._read(person_id)
            if key is None and not self.was_destroyed(person_id):
                raise _key_error(self.path(person_id), "there is no such file, and the person "
                                 "was never erased")
            if key is None or key.key_id != wanted:
                raise KeyGone(person_id)
        cipher = self._openers[(person_id, key_id)] = self._cipher(key)
        return cipher
