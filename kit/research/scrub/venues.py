"""Named places: schools, health and community venues, estates, hyphenated
place names ("Bourton-on-the-Water") and capitalised words after in/at/from."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kit.research.allowlist import AllowList
from kit.research.namelist import first_names
from kit.research.scrub.model import Finding
from kit.research.scrub.words import MONTH_WORD, POSSESSIVE, STOP, TOKEN, is_english_word

SCHOOL_WORD = re.compile(
    r"(?<![\w])(?:primary[ \t]+school|primary[ \t]+academy|junior[ \t]+school|infants?[ \t]+school|"
    r"nursery[ \t]+school|day[ \t]+nursery|high[ \t]+school|secondary[ \t]+school|grammar[ \t]+school|"
    r"sixth[ \t]+form|pre-?school|playgroup|academy|school|college|nursery|primary|infants|juniors)"
    r"(?![\w])", re.IGNORECASE)
ORG_WORD = re.compile(
    r"(?<![\w])(?:(?:gp[ \t]+|doctors['’]?[ \t]+)?surgery|medical[ \t]+(?:centre|center|practice)|"
    r"health[ \t]+(?:centre|center|clinic)|family[ \t]+(?:hub|centre)|"
    r"children['’]?s[ \t]+(?:centre|hospital)|"
    r"community[ \t]+(?:centre|hub|hall|church)|leisure[ \t]+centre|youth[ \t]+(?:club|centre)|"
    r"food[ \t]?bank|hospital|clinic|infirmary|library|mosque|gurdwara|mandir|temple|chapel|"
    r"church|parish|(?:medical|dental|health)[ \t]+group|pharmacy|hub)(?![\w])",
    re.IGNORECASE)
_ESTATE = re.compile(r"(?<![\w])((?:[A-Z][\w'’]+[ \t]+){1,2})(?:[Ee]state|[Ff]lats|[Tt]owers|[Hh]ouse)"
                     r"(?![\w])")
_ESTATE_LOWER = re.compile(r"(?<=\bthe[ \t])[a-z][a-z'’]+(?:[ \t][a-z][a-z'’]+)?[ \t]estate(?![\w])")
HYPHEN_PLACE = re.compile(
    r"(?<![\w\-])[A-Z][a-z'’]+(?:-(?:on|upon|in|under|le|la|by|the|en|de|sur|super|next|cum|with|over|"
    r"juxta|sub|and|at|y|yr|du|des|lez)){1,3}-[A-Z][a-z'’]+(?![\w])")
_LOCATIVE = re.compile(r"(?<![\w])(?:in|at|from|near|to|around|outside|towards|into|via|off|round)[ \t]+"
                       r"((?:[A-Z][\w'’\-]+)(?:[ \t]+[A-Z][\w'’\-]+){0,2})")
_KEEP_BEFORE_VENUE = frozenset({"gp", "the", "our", "local", "my", "his", "her", "their", "a", "same", "new",
                                "old", "nearest", "catholic", "c", "e", "of", "st", "saint", "church",
                                "children's", "childrens", "community", "family", "health", "medical"})


def _named_before(text: str, start: int, allow: AllowList, lowercase_ok: bool) -> int:
    """Where the name written just before a venue word starts (``start`` when none)."""
    tokens = [t for t in TOKEN.finditer(text[max(0, start - 80):start])]
    offset = max(0, start - 80)
    first = start
    for position in range(len(tokens) - 1, max(-1, len(tokens) - 7), -1):
        token = tokens[position]
        gap = text[offset + token.end():first]
        word = POSSESSIVE.sub("", token.group()).lower()
        church = word == "of" and position > 0 and tokens[position - 1].group().lower() == "c"
        proper = token.group()[:1].isupper() and word not in STOP
        if gap.strip(" \t'’.&") or (word in STOP and not church and word not in ("st",)):
            break
        if word in allow.words:
            break
        if not proper and not lowercase_ok:
            break
        if (not proper and is_english_word(word) and word not in _KEEP_BEFORE_VENUE
                and word not in first_names()):
            break
        first = offset + token.start()
    return first


def _venues(text: str, pattern: re.Pattern[str], kind: str, allow: AllowList) -> Iterator[Finding]:
    for match in pattern.finditer(text):
        start = _named_before(text, match.start(), allow, lowercase_ok=True)
        named = text[start:match.start()]
        if start < match.start() and any(
                w.lower().strip("'’") not in _KEEP_BEFORE_VENUE for w in named.split()):
            yield Finding(kind, start, match.end(), text[start:match.end()])


def _places(text: str, allow: AllowList) -> Iterator[Finding]:
    """Capitalised words after in/at/from/near/to...: a town, village or venue ([PLACE]).

    Stops at the domain's own words, months and common words ("at Christmas",
    "in Year 5", "to Nurture" stay).
    """
    for match in _LOCATIVE.finditer(text):
        start = end = match.start(1)
        for word in match.group(1).split():
            bare = POSSESSIVE.sub("", word).strip("-")
            lower = bare.lower()
            if not bare or lower in allow.words or MONTH_WORD.match(bare) or lower in STOP:
                break
            end = text.index(word, end) + len(bare)
        if end > start:
            yield Finding("PLACE", start, end, text[start:end])


def place_identifiers(text: str, allow: AllowList) -> Iterator[Finding]:
    """Schools, venues, estates and places named in ``text``."""
    yield from _venues(text, SCHOOL_WORD, "SCHOOL", allow)
    yield from _venues(text, ORG_WORD, "ORG", allow)
    for match in _ESTATE.finditer(text):
        words = match.group(1).split()
        if not any(w.lower() in allow.words or w.lower() in STOP for w in words):
            yield Finding("PLACE", *match.span(), match.group())
    for match in _ESTATE_LOWER.finditer(text):
        if not any(is_english_word(w) for w in match.group().split()[:-1]):
            yield Finding("PLACE", *match.span(), match.group())
    for match in HYPHEN_PLACE.finditer(text):
        yield Finding("PLACE", *match.span(), match.group())
    yield from _places(text, allow)
