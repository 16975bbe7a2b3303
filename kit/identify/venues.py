"""Named places: schools, health and community venues, estates, hyphenated
place names ("Bourton-on-the-Water") and capitalised words after in/at/from."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kit.identify.allowlist import AllowList
from kit.identify.model import Finding
from kit.identify.namelist import first_names
from kit.identify.words import MONTH_WORD, POSSESSIVE, STOP, TITLES, TOKEN, is_english_word

SCHOOL_WORD = re.compile(
    r"(?<![\w])(?:(?:junior|infants?|primary)[ \t]+(?:and|&)[ \t]+(?:junior|infants?|nursery)[ \t]+school|"
    r"pupil[ \t]+referral[ \t]+unit|special[ \t]+school|"
    r"primary[ \t]+school|primary[ \t]+academy|junior[ \t]+school|infants?[ \t]+school|"
    r"nursery[ \t]+school|day[ \t]+nursery|high[ \t]+school|secondary[ \t]+school|grammar[ \t]+school|"
    r"free[ \t]+school|studio[ \t]+school|community[ \t]+(?:college|school|primary)|"
    r"sixth[ \t]+form[ \t]+college|"
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
ORG_SHAPE = re.compile(  # "Eritrean Women's Network", "Polish Community Forum", "Tamil Youth Project"
    r"(?<![\w])((?:[A-Z][\w'’\-]*[ \t]+(?:(?:and|&)[ \t]+)?){1,5})"
    r"(?:Network|Association|Centre|Center|Group|Project|Trust|Forum|"
    r"Collective|Society|Alliance|Foundation|Circle|Club|Hub|Partnership|Initiative|Federation|Council|"
    r"Cooperative|Co-op|Charity|Service|Services)(?![\w])")
_ESTATE = re.compile(r"(?<![\w])((?:[A-Z][\w'’]+[ \t]+){1,2})(?:[Ee]state|[Ff]lats|[Tt]owers|[Hh]ouse)"
                     r"(?![\w])")
_ESTATE_LOWER = re.compile(r"(?<=\bthe[ \t])[a-z][a-z'’]+(?:[ \t][a-z][a-z'’]+)?[ \t]estate(?![\w])")
_ORG_KIND_WORDS = frozenset({"community", "women's", "womens", "women", "youth", "men's", "mens", "parents",
                             "parents'", "carers", "carers'", "families", "family", "refugee", "refugees",
                             "mothers", "mothers'", "fathers", "dads", "mums", "young", "people's",
                             "peoples", "elders", "sisters", "brothers", "welfare", "traveller",
                             "travellers"})
_JOINERS = frozenset({"and", "&"})
# Words that end a school's name even when capitalised ("At", "The"); other stop words
# can be part of one ("Well Lea Academy", "Forest Hill High School").
_FUNCTION_WORDS = frozenset(re.findall(r"\S+", """a an and at by for from in into is it of on or our my
his her their this that to the was were with i we you he she they"""))
_YSGOL = re.compile(r"(?<![\w])(?i:ysgol)(?:[ \t]+(?:[yY]r?|[^\W\d_](?:[^\W\d_]|['’\-])+)){1,3}")
HYPHEN_PLACE = re.compile(
    r"(?<![\w\-])[A-Z][a-z'’]+(?:-(?:on|upon|in|under|le|la|by|the|en|de|sur|super|next|cum|with|over|"
    r"juxta|sub|and|at|y|yr|du|des|lez)){1,3}-[A-Z][a-z'’]+(?![\w])")
_PLACE_WORD = r"[A-Z](?:[^\W\d_]|['’\-])+"
_LOCATIVE = re.compile(r"(?<![\w])(?:in|at|from|near|to|around|outside|towards|into|via|off|round)[ \t]+"
                       rf"({_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,2}})(?![\w])")
_LOCATIVE_LOWER = re.compile(r"(?<![\w])(?:in|at|from|near|to|around|outside|towards|into|via|round|"
                             r"lives|live)[ \t]+([a-z][a-z'’\-]{3,}(?:[ \t]+[a-z][a-z'’\-]+)?)(?![\w])")
_PLACE_ENDS = frozenset(re.findall(r"\S+", """vale moor moors bridge green end heath hill town bay cross park
wood bank dale field fields common gate ford wells marsh mill mills edge brook valley head port mouth"""))
_BEFORE_PLACE_END = re.compile(r"(?<![\w\-])([a-z]{3,})(?=[ \t]([a-z]+)(?![\w\-]))")
_BEFORE_LOWER_NAME = frozenset({"at", "to", "from", "attends", "attended", "attending", "joined", "into",
                                "in", "started"})
_BARE_SCHOOL = frozenset({"school", "primary", "nursery", "infants", "juniors", "college"})
_KEEP_BEFORE_VENUE = frozenset({"gp", "the", "our", "local", "my", "his", "her", "their", "a", "same", "new",
                                "old", "nearest", "catholic", "c", "e", "of", "st", "saint", "church",
                                "children's", "childrens", "community", "family", "health", "medical"})


def _named_before(text: str, start: int, allow: AllowList, proper_venue: bool = False) -> int:
    """Where the name written just before a venue word starts (``start`` when none).

    Capitalised words and unknown lower-case words are taken; lower-case English
    words only when a preposition stands before them ("he's at cedar grove nursery").
    Before a capitalised venue word ("Primary School", "Academy") capitalised words
    are taken even when they are domain words: a school's name may be made of
    ordinary or domain words ("Trinity Fields Primary School").
    """
    offset = max(0, start - 80)
    tokens = list(TOKEN.finditer(text[offset:start]))
    first = tentative = start
    for position in range(len(tokens) - 1, max(-1, len(tokens) - 7), -1):
        token = tokens[position]
        gap = text[offset + token.end():tentative]
        word = POSSESSIVE.sub("", token.group()).lower()
        church = word == "of" and position > 0 and tokens[position - 1].group().lower() == "c"
        if word in _BEFORE_LOWER_NAME and tentative < first:
            return tentative
        abbreviation = word in ("st", "c", "e") or len(word) == 1
        named_word = proper_venue and token.group()[:1].isupper()
        stop = word in STOP and not church and not (named_word and word not in _FUNCTION_WORDS)
        if (gap.strip(" \t'’&") and (gap.strip(" \t'’.&") or not abbreviation)) or stop or (
                word in allow.words and word not in _KEEP_BEFORE_VENUE and not named_word):
            break
        tentative = offset + token.start()
        proper = token.group()[:1].isupper()
        if proper or word in _KEEP_BEFORE_VENUE or word in first_names() or not is_english_word(word):
            if tentative < first and first < start and not proper:
                continue
            first = tentative
    return first


def _venues(text: str, pattern: re.Pattern[str], kind: str, allow: AllowList) -> Iterator[Finding]:
    for match in pattern.finditer(text):
        word = match.group()
        proper = kind == "SCHOOL" and word[:1].isupper() and word.lower() not in _BARE_SCHOOL
        start = _named_before(text, match.start(), allow, proper)
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
            if not bare or lower in allow.words or MONTH_WORD.match(bare) or lower in STOP or lower in TITLES:
                break
            end = text.index(word, end) + len(bare)
        if end > start:
            yield Finding("PLACE", start, end, text[start:end])


def _organisations(text: str, allow: AllowList) -> Iterator[Finding]:
    """Capitalised names ending in Network, Association, Centre, Group, Project, Trust...: an
    organisation when a word before a community word names it ("Polish Women's Centre") or a
    word of it is no domain word ("Kestrel Parents Forum")."""
    for match in ORG_SHAPE.finditer(text):
        tokens = list(re.finditer(r"\S+", match.group(1)))
        while tokens and (tokens[0].group().lower() in STOP or tokens[0].group().lower() in TITLES):
            tokens.pop(0)
        words = [w for w in (POSSESSIVE.sub("", t.group()).lower() for t in tokens) if w not in _JOINERS]
        community = any(w in _ORG_KIND_WORDS for w in words[1:])
        named = any(w not in allow.words and w not in STOP and w not in _ORG_KIND_WORDS for w in words)
        if tokens and (community or named):
            start = match.start(1) + tokens[0].start()
            yield Finding("ORG", start, match.end(), text[start:match.end()])


def _lower_places(text: str, allow: AllowList) -> Iterator[Finding]:
    """A lower-case word no dictionary has after in/at/from/near/to ("from penistone", "in ebbw vale"),
    or before a place word anywhere ("ebbw vale", "cleator moor")."""
    for match in _BEFORE_PLACE_END.finditer(text):
        if match.group(2) in _PLACE_ENDS and match.group(1) not in allow.words \
                and match.group(1) not in STOP and not is_english_word(match.group(1)):
            yield Finding("PLACE", match.start(), match.end(2), text[match.start():match.end(2)])
    for match in _LOCATIVE_LOWER.finditer(text):
        words = match.group(1).split()
        first = POSSESSIVE.sub("", words[0])
        if first in allow.words or first in STOP or MONTH_WORD.match(first) or all(
                is_english_word(part) or part in allow.words for part in first.split("-") if part):
            continue
        end = match.start(1) + len(first)
        if len(words) > 1 and (words[1] in _PLACE_ENDS or not is_english_word(words[1])) \
                and words[1] not in allow.words and words[1] not in STOP:
            end = match.end(1)
        yield Finding("PLACE", match.start(1), end, text[match.start(1):end])


def place_identifiers(text: str, allow: AllowList) -> Iterator[Finding]:
    """Schools, venues, estates and places named in ``text``."""
    yield from _venues(text, SCHOOL_WORD, "SCHOOL", allow)
    yield from _venues(text, ORG_WORD, "ORG", allow)
    for match in _YSGOL.finditer(text):
        words = match.group().split()[1:]
        while words and (words[-1].lower() in STOP or words[-1].lower() in allow.words):
            words.pop()
        if words:
            end = text.index(words[-1], match.start()) + len(words[-1])
            yield Finding("SCHOOL", match.start(), end, text[match.start():end])
    yield from _organisations(text, allow)
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
    yield from _lower_places(text, allow)
