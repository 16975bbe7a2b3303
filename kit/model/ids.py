"""Identifiers: time-sortable record ids and checks on people and label ids."""

from __future__ import annotations

import os
import re
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PERSON_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
RECORD_ID_PATTERN = re.compile(r"^[a-z_]{2,24}-[0-9A-Z]{26}$")


def _base32(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, remainder = divmod(number, 32)
        chars.append(_CROCKFORD[remainder])
    return "".join(reversed(chars))


def new_record_id(prefix: str) -> str:
    """Return a new id such as ``reflection-01JD...``: sortable by time, unique.

    48 bits of milliseconds then 80 random bits, in Crockford base32 (a ULID).
    """
    millis = time.time_ns() // 1_000_000
    randomness = int.from_bytes(os.urandom(10), "big")
    return record_id_from(prefix, millis, randomness)


def record_id_from(prefix: str, millis: int, randomness: int) -> str:
    """The id :func:`new_record_id` makes from a given time and 80 random bits.

    For reproducible ids (the demo generator passes a seeded time and randomness).
    """
    return f"{prefix}-{_base32(millis, 10)}{_base32(randomness, 16)}"


def is_person_id(value: str) -> bool:
    """True when ``value`` is a safe user id (lower case, digits, ``_ . -``)."""
    return bool(PERSON_ID_PATTERN.match(value))


def is_record_id(value: str) -> bool:
    """True when ``value`` has the shape of an id made by :func:`new_record_id`."""
    return bool(RECORD_ID_PATTERN.match(value))
