"""Names a practitioner registered to hide, each with its kind.

An entry is ``"kind: words"`` (person, place, organisation, other; also the
older name, school, address) or plain words, read by
:func:`kit.model.hidden.guess_kind` (a person unless its words say otherwise).
Placeholders: a person [NAME], a place [PLACE] (an ``address:`` entry
[ADDRESS]), a school [SCHOOL] and any other organisation [ORG], other [OTHER].
Matching ignores case and takes possessive, plural and hyphenated forms
("Kayleigh-Rose", "the Nwosus").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kit.identify.model import Finding
from kit.identify.venues import SCHOOL_WORD
from kit.model.hidden import guess_kind

PLACEHOLDER_OF_KIND = {"person": "NAME", "place": "PLACE", "organisation": "ORG", "other": "OTHER"}
_ALNUM = re.compile(r"[^\W_]+")


def classify_hidden(entry: str) -> tuple[str, str]:
    """The placeholder kind of a registered entry, and the words to match."""
    kind, words = guess_kind(entry)
    prefix = entry.partition(":")[0].strip().lower() if ":" in entry else ""
    if prefix == "address":
        return "ADDRESS", words
    if kind == "organisation" and (prefix == "school" or SCHOOL_WORD.search(words)):
        return "SCHOOL", words
    return PLACEHOLDER_OF_KIND[kind], words


@dataclass(frozen=True)
class _HiddenMatcher:
    pattern: re.Pattern[str]
    kinds: list[str]
    first_words: frozenset[str]  # a text without any of these cannot match: skip the regex


@lru_cache(maxsize=4096)
def _matcher(entries: tuple[str, ...]) -> _HiddenMatcher | None:
    kinds: list[str] = []
    bodies = []
    first_words = set()
    for entry in sorted(set(entries), key=len, reverse=True):
        kind, words = classify_hidden(entry)
        parts = [w for w in re.split(r"[\s\-]+", words) if w]
        if len(words) < 2 or not parts:
            continue
        kinds.append(kind)
        bodies.append(r"[\s\-]+".join(re.escape(w) for w in parts))
        alnum = _ALNUM.findall(words.lower())
        if alnum:
            first_words.add(alnum[0])
    if not bodies:
        return None
    body = "|".join(f"({b})" for b in bodies)
    possessive = r"(?P<possessive>[ \t]?['’]s?(?![\w]))?"
    pattern = re.compile(rf"(?<![\w])(?:[\w]+-)*(?:{body})(?:-[\w]+)*(?:e?s)?(?![\w]){possessive}",
                         re.IGNORECASE)
    return _HiddenMatcher(pattern, kinds, frozenset(first_words))


def hidden_identifiers(text: str, entries: tuple[str, ...]) -> Iterator[Finding]:
    """Every mention of a registered entry, as ``HIDDEN:<KIND>`` findings."""
    compiled = _matcher(entries)
    if compiled is None:
        return
    words = set(_ALNUM.findall(text.lower()))
    if compiled.first_words.isdisjoint(words | {w[:-1] for w in words} | {w[:-2] for w in words}):
        return
    for match in compiled.pattern.finditer(text):
        group = next((i for i, g in enumerate(match.groups()) if g is not None), 0)
        end = match.start("possessive") if match.group("possessive") else match.end()
        yield Finding(f"HIDDEN:{compiled.kinds[group]}", match.start(), end, text[match.start():end])
