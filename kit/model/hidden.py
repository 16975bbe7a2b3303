"""The kinds of words a practitioner registers to hide, and how an untyped one is read.

Each kind has its own list on the names-to-hide record and its own placeholder
in a research export: a person ([NAME]), a place ([PLACE]), a school or other
organisation ([SCHOOL] or [ORG]), anything else ([OTHER]). Entries saved before
kinds existed were plain words: :func:`guess_kind` reads them as a person unless
the entry says otherwise ("place: Ossett") or its words do ("Oakfield Primary",
"Mill Lane").
"""

from __future__ import annotations

import re

HIDDEN_KINDS = ("person", "place", "organisation", "other")
FIELD_OF_KIND = {"person": "names", "place": "places", "organisation": "organisations",
                 "other": "other"}
_PREFIXES = {"person": "person", "name": "person", "people": "person", "place": "place",
             "address": "place", "town": "place", "school": "organisation", "org": "organisation",
             "organisation": "organisation", "organization": "organisation", "other": "other"}
_ORGANISATION_WORDS = re.compile(
    r"(?<![\w])(?:school|primary|academy|nursery|college|infants|juniors|pre-?school|playgroup|ysgol|"
    r"surgery|centre|center|hub|clinic|hospital|library|church|mosque|temple|gurdwara|trust|club|charity)"
    r"(?![\w])", re.IGNORECASE)
_PLACE_WORDS = re.compile(
    r"(?<![\w])(?:road|rd|street|st|avenue|lane|close|drive|way|crescent|court|terrace|gardens|grove|"
    r"estate|heol|ffordd|stryd)\.?$", re.IGNORECASE)


def guess_kind(entry: str) -> tuple[str, str]:
    """The kind of an untyped entry (one of :data:`HIDDEN_KINDS`) and its words."""
    prefix, _, rest = entry.partition(":")
    kind = _PREFIXES.get(prefix.strip().lower()) if rest.strip() else None
    if kind:
        return kind, rest.strip()
    words = entry.strip()
    if _ORGANISATION_WORDS.search(words):
        return "organisation", words
    if len(words.split()) > 1 and _PLACE_WORDS.search(words):
        return "place", words
    return "person", words
