"""Offline free-text scrubbing: every identifier becomes a typed placeholder.

Detectors, strongest first: emails; the names a practitioner registered to hide
(case-insensitive, possessive and hyphenated forms); NHS numbers (checked by
their checksum, or labelled as such); UK phone numbers; postcodes; dates of
birth and exact dates; street addresses; schools and nurseries; personal names
from the first-name list (:mod:`kit.research.namelist`) and after a title
(Mr, Mrs, Dr, ...). Overlapping finds resolve to the longest span. The domain's
own words (:mod:`kit.research.allowlist`) are never taken for names or schools.
Nothing is downloaded: everything is regular expressions and shipped lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kit.research.allowlist import AllowList, domain_allow_list
from kit.research.namelist import first_names, name_words

KINDS = ("NAME", "SCHOOL", "PLACE", "PHONE", "EMAIL", "POSTCODE", "NHS_NUMBER", "DATE", "ADDRESS")
_PRIORITY = {"EMAIL": 0, "HIDDEN": 1, "NHS_NUMBER": 2, "PHONE": 3, "POSTCODE": 4, "DATE": 5,
             "ADDRESS": 6, "SCHOOL": 7, "NAME": 8, "PLACE": 9}


@dataclass(frozen=True)
class Finding:
    """One identifier found: its placeholder kind and where it was."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and what was replaced."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def found_anything(self) -> bool:
        """Whether scrubbing replaced anything (such texts go to human review)."""
        return bool(self.findings)


# -- patterns -----------------------------------------------------------------
_EMAIL = re.compile(r"[\w.+'\-]+\s?(?:@|\(at\)|\[at\])\s?[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)
_NHS = re.compile(r"(?<![\w+])\d{3}[ \t\-]*\d{3}[ \t\-]*\d{4}(?![\w])")
_NHS_LABELLED = re.compile(r"(?:nhs|n\.h\.s\.?)\s*(?:no\.?|number|num|#)?[\s:.#]*((?:\d[\s\-]*){9}\d)",
                           re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s*44\s*(?:\(\s*0\s*\)\s*)?|\(?\s*0)"
                    r"(?:[ \t\-.()]{0,3}\d){9,10}(?!\d)")
_POSTCODE = re.compile(r"(?<![\w])([A-Z][A-Z]?\d[A-Z\d]?)[ \t]*(\d[ABD-HJLNP-UW-Z]{2})(?![\w])",
                       re.IGNORECASE)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$", re.IGNORECASE)
_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
           r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_DATES = (
    re.compile(r"(?<![\w/.\-])\d{1,2}[ \t]*[/.\-][ \t]*\d{1,2}[ \t]*[/.\-][ \t]*(?:\d{4}|\d{2})(?![\w/\-])"),
    re.compile(r"(?<![\w])\d{4}-\d{1,2}-\d{1,2}(?![\w])"),
    re.compile(rf"(?<![\w]){_DAY}[ \t]*(?:of[ \t]+)?{_MONTHS}\.?(?:,?[ \t]*\d{{4}})?(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w]){_MONTHS}\.?[ \t]+(?:the[ \t]+)?{_DAY}(?:,?[ \t]*\d{{4}})?(?![\w])",
               re.IGNORECASE),
    re.compile(rf"(?:(?<=born)|(?<=born[ \t]in)|(?<=born[ \t]on)|(?<=dob)|(?<=d\.o\.b)|(?<=d\.o\.b\.)|"
               rf"(?<=date[ \t]of[ \t]birth))[\s:]*(?:{_MONTHS}\.?[ \t]*)?(?:19|20)\d\d(?![\w])",
               re.IGNORECASE),
)
_STREET = (r"(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|"
           r"place|pl|terrace|gardens|grove|hill|park|square|walk|row|mews|view|rise|parade|vale)")
_ADDRESS_NUMBERED = re.compile(
    rf"(?<![\w])(?:(?:flat|apartment|unit)[ \t]*\d+[a-z]?,?[ \t]*)?\d{{1,4}}[a-z]?,?[ \t]+"
    rf"((?:[A-Za-z][\w'’\-]*[ \t]+){{1,3}}){_STREET}\.?(?![\w])", re.IGNORECASE)
_ADDRESS_NAMED = re.compile(
    r"(?<![\w])(?:[A-Z][a-z'’]+[ \t]+){1,2}(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Terrace|"
    r"Gardens|Grove|Court|Mews|Way)(?![\w])")
_SCHOOL_WORD = re.compile(
    r"(?<![\w])(?:primary[ \t]+school|primary[ \t]+academy|junior[ \t]+school|infants?[ \t]+school|"
    r"nursery[ \t]+school|day[ \t]+nursery|high[ \t]+school|secondary[ \t]+school|grammar[ \t]+school|"
    r"children['’]s[ \t]+centre|sixth[ \t]+form|pre-?school|playgroup|academy|school|college|"
    r"nursery|primary|infants|juniors)(?![\w])", re.IGNORECASE)
_LOCATIVE = re.compile(r"(?<![\w])(?:in|at|from|near|to|around|outside|towards|into|via)[ \t]+"
                       r"((?:[A-Z][a-z'’\-]+)(?:[ \t]+[A-Z][a-z'’\-]+){0,2})")
_MONTH_WORD = re.compile(rf"^{_MONTHS}$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_POSSESSIVE = re.compile(r"['’]s?$", re.IGNORECASE)
_TITLE = re.compile(r"(?<![\w])(?:mr|mrs|ms|miss|mx|dr)\.?[ \t]+([A-Za-z][A-Za-z'’\-]+)", re.IGNORECASE)
_UNITS = {"min", "mins", "minute", "minutes", "hour", "hours", "hrs", "day", "days", "week", "weeks",
          "month", "months", "year", "years", "times", "more", "of", "the", "a", "to", "and", "or"}
_STOP = frozenset(re.findall(r"\S+", """
a about after all also am an and any are around as at back be been before being big both but by
came can could day did do does doing down during each even every few first for from get gets go goes
going good got great had has have he her here hers him his how i if in into is it its just last
like local new next no not now of off old on once one only or other our out over own same
school she so some special still such than that the their them then there these they this those
through to today too under until up us very was we well went were what when where which while who
whole why will with would year you your forest nurture secondary whose after-school attends attend
started starts start moved leaving left joined joining different usual main another previous
"""))


def is_common_word(word: str) -> bool:
    """Whether ``word`` is a common English or domain word (never hidden on its own)."""
    lower = word.lower()
    return lower in _STOP or lower in _UNITS or lower in name_words() or lower in domain_allow_list().words


def nhs_checksum_ok(digits: str) -> bool:
    """Whether a 10-digit string is a valid NHS number (modulus 11 check digit)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


# -- detectors -------------------------------------------------------------------
def _spans(pattern: re.Pattern[str], text: str, kind: str, group: int = 0) -> Iterator[Finding]:
    for match in pattern.finditer(text):
        start, end = match.span(group)
        yield Finding(kind, start, end, text[start:end])


def _nhs_numbers(text: str) -> Iterator[Finding]:
    for match in _NHS.finditer(text):
        if nhs_checksum_ok(re.sub(r"\D", "", match.group())):
            yield Finding("NHS_NUMBER", *match.span(), match.group())
    yield from _spans(_NHS_LABELLED, text, "NHS_NUMBER", group=1)


def _phones(text: str) -> Iterator[Finding]:
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group()).removeprefix("00")
        national = digits[2:] if digits.startswith("44") else digits[1:]
        if national.startswith("0"):
            national = national[1:]
        if 9 <= len(national) <= 10:
            yield Finding("PHONE", *match.span(), match.group())


_TOWN_BEFORE = re.compile(r"((?:[A-Z][a-z'’\-]+[ \t]+){0,2}[A-Z][a-z'’\-]+)[ \t,]*$")


def _postcodes(text: str) -> Iterator[Finding]:
    """Postcodes, and the town written just before one ("Lower Marchley ZX3 7QT")."""
    for match in _POSTCODE.finditer(text):
        if _ORDINAL.search(match.group(2)):
            continue
        yield Finding("POSTCODE", *match.span(), match.group())
        town = _TOWN_BEFORE.search(text[max(0, match.start() - 60):match.start()])
        if town:
            offset = max(0, match.start() - 60)
            allow = domain_allow_list()
            if not any(w.lower() in allow.words or w.lower() in _STOP for w in town.group(1).split()):
                yield Finding("PLACE", offset + town.start(1), offset + town.end(1), town.group(1))


def _dates(text: str) -> Iterator[Finding]:
    for pattern in _DATES:
        yield from _spans(pattern, text, "DATE")


def _addresses(text: str) -> Iterator[Finding]:
    for match in _ADDRESS_NUMBERED.finditer(text):
        words = {w.lower() for w in match.group(1).split()}
        if not words & _UNITS:
            yield Finding("ADDRESS", *match.span(), match.group())
    yield from _spans(_ADDRESS_NAMED, text, "ADDRESS")


def _schools(text: str, allow: AllowList) -> Iterator[Finding]:
    tokens = list(_TOKEN.finditer(text))
    for match in _SCHOOL_WORD.finditer(text):
        start = match.start()
        before = [t for t in tokens if t.end() <= start]
        taken = 0
        window = before[-6:]
        for position in range(len(window) - 1, -1, -1):
            token = window[position]
            gap = text[token.end():start]
            word = _POSSESSIVE.sub("", token.group()).lower()
            church = word == "of" and position > 0 and window[position - 1].group().lower() == "c"
            proper = token.group()[:1].isupper() and word not in _STOP
            if gap.strip(" \t'’.") or (word in _STOP and not church) or (word in allow.words and not proper):
                break
            start = token.start()
            taken += 1
        if taken:
            yield Finding("SCHOOL", start, match.end(), text[start:match.end()])


def _places(text: str, allow: AllowList) -> Iterator[Finding]:
    """Capitalised words after in/at/from/near/to...: a town, village or venue ([PLACE]).

    Stops at the domain's own words, months and common words ("at Christmas",
    "in Year 5", "to Nurture" stay).
    """
    for match in _LOCATIVE.finditer(text):
        start = end = match.start(1)
        for word in match.group(1).split():
            bare = _POSSESSIVE.sub("", word).strip("-")
            if not bare or bare.lower() in allow.words or _MONTH_WORD.match(bare) or bare.lower() in _STOP:
                break
            end = text.index(word, end) + len(bare)
        if end > start:
            yield Finding("PLACE", start, end, text[start:end])


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:;"


def _marked_as_name(token: str, text: str, start: int) -> bool:
    """A sentence-initial word that is also a name is one when possessive or followed by '('."""
    after = text[start + len(token):].lstrip(" \t")
    return bool(_POSSESSIVE.search(token)) or after.startswith("(")


def _looks_like_name(token: str, text: str, start: int) -> bool:
    parts = [p for p in _POSSESSIVE.sub("", token).split("-") if p]
    names, ambiguous = first_names(), name_words()
    for part in parts:
        lower = part.lower()
        if lower not in names:
            continue
        if lower not in ambiguous:
            return True
        if part[:1].isupper() and not part.isupper() and (
                not _sentence_start(text, start) or _marked_as_name(token, text, start)):
            return True
    return False


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _names(text: str, allow: AllowList) -> Iterator[Finding]:
    protected: list[tuple[int, int]] | None = None  # worked out only when a name is seen
    names = first_names()
    tokens = list(_TOKEN.finditer(text))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        word = token.group()
        base = _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word
        lower = base.lower()
        index += 1
        if lower in allow.words or (lower not in names and "-" not in base):
            continue
        if _MONTH_WORD.match(base) and base == word:
            continue  # "in March"; but "June's mum" is a name
        if protected is None:
            protected = allow.protected_spans(text)
        if _inside(protected, *token.span()) or not _looks_like_name(word, text, token.start()):
            continue
        end = token.start() + len(base)
        if index < len(tokens) and word[:1].isupper() and base == word:
            following = tokens[index]
            gap = text[end:following.start()]
            nxt = _POSSESSIVE.sub("", following.group())
            if (gap in (" ", "\t") and nxt[:1].isupper() and nxt.lower() not in allow.words
                    and not _inside(protected, *following.span())):
                end = following.start() + len(nxt)
                index += 1
        yield Finding("NAME", token.start(), end, text[token.start():end])
    for match in _TITLE.finditer(text):
        if match.group(1).lower() not in allow.words:
            yield Finding("NAME", *match.span(1), match.group(1))


# -- names registered to hide ---------------------------------------------------------
def classify_hidden(entry: str) -> tuple[str, str]:
    """The placeholder kind of a registered name, and the words to match.

    A ``school:``, ``place:``, ``name:`` or ``address:`` prefix decides; otherwise
    school words mean SCHOOL, street words ADDRESS, a first name NAME, else PLACE.
    """
    prefix, _, rest = entry.partition(":")
    if rest and prefix.strip().upper() in KINDS:
        return prefix.strip().upper(), rest.strip()
    words = entry.split()
    if _SCHOOL_WORD.search(entry):
        return "SCHOOL", entry.strip()
    if re.search(rf"(?<![\w]){_STREET}\.?$", entry.strip(), re.IGNORECASE) and len(words) > 1:
        return "ADDRESS", entry.strip()
    if words and any(part.lower() in first_names()
                     for part in _POSSESSIVE.sub("", words[0]).split("-")):
        return "NAME", entry.strip()
    return "PLACE", entry.strip()


_ALNUM = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class _HiddenMatcher:
    pattern: re.Pattern[str]
    kinds: list[tuple[str, bool]]
    first_words: frozenset[str]  # a text without any of these cannot match: skip the regex


@lru_cache(maxsize=4096)
def _hidden_pattern(entries: tuple[str, ...]) -> _HiddenMatcher | None:
    kinds: list[tuple[str, bool]] = []
    bodies = []
    for entry in sorted(set(entries), key=len, reverse=True):
        kind, words = classify_hidden(entry)
        if len(words) < 2:
            continue
        prefix, _, rest = entry.partition(":")
        kinds.append((kind, bool(rest) and prefix.strip().upper() in KINDS))
        bodies.append(r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", words) if w))
    if not bodies:
        return None
    body = "|".join(f"({b})" for b in bodies)
    possessive = r"(?P<possessive>[ \t]?['’]s?(?![\w]))?"
    pattern = re.compile(rf"(?<![\w])(?:[\w]+-)*(?:{body})(?:-[\w]+)*s?(?![\w]){possessive}", re.IGNORECASE)
    first_words = frozenset(_ALNUM.findall(classify_hidden(e)[1].lower())[0] for e in entries
                            if _ALNUM.findall(classify_hidden(e)[1]))
    return _HiddenMatcher(pattern, kinds, first_words)


def _hidden(text: str, entries: tuple[str, ...]) -> Iterator[Finding]:
    compiled = _hidden_pattern(entries)
    if compiled is None:
        return
    words = set(_ALNUM.findall(text.lower()))
    if compiled.first_words.isdisjoint(words | {w[:-1] for w in words if w.endswith("s")}):
        return
    kinds = compiled.kinds
    for match in compiled.pattern.finditer(text):
        group = next((i for i, g in enumerate(match.groups()) if g is not None), 0)
        kind, explicit = kinds[group]
        end = match.start("possessive") if match.group("possessive") else match.end()
        if match.group("possessive") and kind == "PLACE" and not explicit:
            kind = "NAME"  # "Quillondra's mum": an unknown word used possessively is a person
        yield Finding(f"HIDDEN:{kind}", match.start(), end, text[match.start():end])


# -- putting it together ------------------------------------------------------------
def _resolve(findings: Iterable[Finding]) -> list[Finding]:
    def rank(f: Finding) -> tuple[int, int, int]:
        return (-(f.end - f.start), _PRIORITY[f.kind.split(":")[0]], f.start)

    chosen: list[Finding] = []
    for finding in sorted(findings, key=rank):
        if finding.end > finding.start and all(finding.end <= c.start or finding.start >= c.end
                                               for c in chosen):
            chosen.append(finding)
    chosen.sort(key=lambda f: f.start)
    return [Finding(f.kind.split(":")[-1], f.start, f.end, f.text) for f in chosen]


def find_identifiers(text: str, hidden: Iterable[str] = (), allow: AllowList | None = None
                     ) -> list[Finding]:
    """Every identifier in ``text``, non-overlapping, in order."""
    allow = allow or domain_allow_list()
    found: list[Finding] = []
    found.extend(_spans(_EMAIL, text, "EMAIL"))
    found.extend(_hidden(text, tuple(hidden)))
    if _DIGIT.search(text):
        found.extend(_nhs_numbers(text))
        found.extend(_phones(text))
        found.extend(_postcodes(text))
        found.extend(_dates(text))
        found.extend(_addresses(text))
    else:
        found.extend(_spans(_ADDRESS_NAMED, text, "ADDRESS"))
    found.extend(_schools(text, allow))
    found.extend(_names(text, allow))
    found.extend(_places(text, allow))
    return _resolve(found)


def scrub(text: str, hidden: Iterable[str] = (), allow: AllowList | None = None) -> ScrubResult:
    """``text`` with every identifier replaced by ``[KIND]``, and what was found."""
    if not text:
        return ScrubResult(text or "", ())
    findings = find_identifiers(text, hidden, allow)
    pieces: list[str] = []
    cursor = 0
    for finding in findings:
        pieces.append(text[cursor:finding.start])
        pieces.append(f"[{finding.kind}]")
        cursor = finding.end
    pieces.append(text[cursor:])
    return ScrubResult("".join(pieces), tuple(findings))
