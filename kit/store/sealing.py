"""A record file with its personal content sealed: what is plain, what is not, and how it opens.

A sealed record file is the record's JSON with its personal fields (those whose ``privacy``
is free text, a direct identifier or a private note: :func:`kit.model.base.personal_fields`)
taken out and sealed together, as the last key::

    {"kind":"reflection",...,"created_at":"...","tags":[...],"sealed":"v1.<key id>.<base64>"}

so ids, dates, table names and vocabulary codes stay readable without keys. The sealed part
is the JSON object of the personal fields, encrypted with the owning practitioner's key and
the record's table and id as associated data. A file without ``"sealed"`` is a plain record
(written before encryption, or in a hub user's own copy) and reads as before.
"""

from __future__ import annotations

import json
from typing import Any

from kit.model.records import BY_KIND, Record, personal_fields
from kit.store.keyring import KeyGone, KeyRing, SealBroken

SEALED = "sealed"
_MARKER = b',"sealed":"'
_END = b'"}'


def associated_data(table: str, record_id: str) -> bytes:
    """What a record's sealed content is bound to: its table and record id."""
    return f"{table}/{record_id}".encode()


def seal(record: Record, keys: KeyRing) -> bytes:
    """The bytes stored for ``record`` with its personal fields sealed (one line, UTF-8)."""
    fields = personal_fields(type(record))
    plain = record.model_dump_json(exclude=set(fields))
    content = record.model_dump_json(include=set(fields)).encode("utf-8")
    token = keys.seal(record.practitioner_id, associated_data(record.TABLE, record.record_id), content)
    return f'{plain[:-1]},"{SEALED}":"{token}"}}\n'.encode()


def is_sealed(raw: bytes) -> bool:
    """Whether the bytes of a record file hold sealed content."""
    return raw.rfind(_MARKER) >= 0


def open_bytes(raw: bytes, keys: KeyRing | None, table: str, owner: str, record_id: str) -> bytes:
    """The record's JSON with its sealed content put back (``raw`` itself when plain).

    The fast path for the table compiler: ``table``, ``owner`` and ``record_id`` come from the
    file's place; the caller validates the result and checks its place as usual. Raises
    :class:`KeyGone` or :class:`SealBroken`.
    """
    at = raw.rfind(_MARKER)
    if at < 0:
        return raw
    end = raw.rfind(_END)
    if end < at:
        raise SealBroken("its sealed content is cut short")
    if keys is None:
        raise KeyGone(owner)
    content = keys.open(owner, associated_data(table, record_id), raw[at + len(_MARKER):end])
    if not content.startswith(b"{") or not content.endswith(b"}"):
        raise SealBroken("its sealed content is not a set of fields")
    inner = content[1:-1]
    return raw[:at] + (b"," + inner if inner.strip() else b"") + b"}"


def open_fields(data: dict[str, Any], keys: KeyRing | None) -> dict[str, Any]:
    """A parsed record file's fields with its sealed content put back (``data`` when plain).

    Raises :class:`KeyGone` or :class:`SealBroken` (also when the file is not a record whose
    sealed content could be found: no kind, id or practitioner).
    """
    if SEALED not in data:
        return data
    fields = dict(data)
    token = fields.pop(SEALED)
    model = BY_KIND.get(str(fields.get("kind")))
    record_id, owner = fields.get("record_id"), fields.get("practitioner_id")
    if model is None or not isinstance(token, str) or not isinstance(record_id, str) \
            or not isinstance(owner, str):
        raise SealBroken("it holds sealed content but no record kind, id or practitioner to open it with")
    if keys is None:
        raise KeyGone(owner)
    content = keys.open(owner, associated_data(model.TABLE, record_id), token)
    try:
        secret = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        secret = None
    if not isinstance(secret, dict):
        raise SealBroken("its sealed content is not a set of fields")
    twice = sorted(set(secret) & set(fields))
    if twice:
        raise SealBroken(f"{', '.join(twice)} is both sealed and plain; a field is stored once")
    return {**fields, **secret}


__all__ = ["SEALED", "KeyGone", "SealBroken", "associated_data", "is_sealed", "open_bytes",
           "open_fields", "seal"]
