"""Everyday English words, to tell a name from an ordinary word.

The list is pyspellchecker's English word frequency dictionary (MIT licence,
shipped in the ``pyspellchecker`` package, about 160,000 words with their
counts in a large English corpus). It works offline and loads in a fraction of
a second. A word counts as *common* when it is seen at least
``COMMON_COUNT`` times; rarer entries of that list include many names
("Lolly"), so they are not taken as proof of an ordinary word.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

COMMON_COUNT = 1000


@cache
def _counts() -> dict[str, int]:
    data = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    return json.loads(gzip.decompress(data))


@cache
def common_english() -> frozenset[str]:
    """Lower-case English words seen at least ``COMMON_COUNT`` times."""
    return frozenset(word for word, count in _counts().items() if count >= COMMON_COUNT)


def is_english_word(word: str, *, common_only: bool = True) -> bool:
    """Whether ``word`` (any case) is an English word (by default: a common one)."""
    lower = word.lower()
    if common_only:
        return lower in common_english()
    return lower in _counts()
