"""Risky tokens: what is left in a scrubbed text that might still identify someone.

A reflection skips the lead's review only when the scrubber found nothing *and*
its text holds none of these; the release page marks each one for the lead.

A token is risky when it is

- a word outside the domain vocabulary and an English dictionary ("Kezza",
  "Jaydens", "Bourton-on-the-Water");
- a capitalised word in mid-sentence ("asked Grace", "says Lolly", "near London"),
  unless the vocabulary or the short list of always-capitalised words (days,
  months, languages, festivals) has it, and a first name anywhere (but an English
  word that is also a name, "Will", at a sentence start);
- a run of two or more digits ("ref 5521873", "LN21");
- a day and month, slashed, dotted or dashed, with or without a year ("17/7", "24.1", "12-6"; a
  fraction or decimal of single digits such as "2/3" or "2.5" is not one);
- an @handle ("@kezza_88");
- an initial, with or without a full stop ("saw K. and her brother", "Mrs T next door").
- a capitalised word after a title, even an ordinary or domain word ("ms Short");
- a word with letters outside ASCII that no dictionary has ("Siân"; "café" is kept).

Never risky: the labels the typing hint suggests ("Family A", "Child B", "Parent 2": a label
word and one letter or number, :data:`LABEL`) and times of day ("3pm", "10.30am", "14:30").

The dictionary is the ``english-words`` package (MIT licence): the lower-case
words of Webster's Second International (``web2``) and of GCIDE, shipped inside
the package, so nothing is downloaded. Words spelled only with a capital there
are proper nouns, so they do not count as ordinary words. Inflected forms
(families, noticed, texting) count when their stem is a word, and so do the
common words of the scrubber's frequency list (:mod:`kit.identify.english`),
which has today's words and spellings that a 1934 dictionary lacks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from kit.identify.allowlist import domain_allow_list
from kit.identify.english import common_english
from kit.identify.namelist import first_names, name_words

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*\]")
_L = r"[^\W\d_]"
_TOKEN = re.compile(
    r"(?P<handle>@\w+)|(?P<initial>(?<![\w.])[A-Z]\.(?![\w]))"
    r"|(?P<date>(?<![\w./\-])(?:[12]\d|3[01]|0?[1-9])[/.\-](?:1[0-2]|0?[1-9])(?:[/.\-]\d{2,4})?"
    r"(?![\w/\-]|\.\d)(?<!\b\d/\d)(?<!\b\d\.\d)(?<!\b\d-\d))"
    r"|(?P<digits>\d{2,})"
    rf"|(?P<word>{_L}(?:{_L}|['’])*(?:-{_L}(?:{_L}|['’])*)*)")
LABEL = re.compile(  # the typing hint's labels: "Child B", "Family A", "Parent 2", "Group C"
    r"(?<![\w])(?i:child|family|parent|carer|sibling|pupil|person|young[ \t]+person|group|student|adult|baby|"
    r"boy|girl|teen|mum|dad|case|class|room|step|option|plan|type|part|section|tier|area|focus)"
    r"[ \t]+(?:[A-Z]|\d{1,2})\.?(?![\w])")
TIME_OF_DAY = re.compile(  # "3pm", "10.30am", "14:30", "4.15 p.m."
    r"(?<![\w.:])(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?[ \t]?(?:[ap]\.?m\.?|hrs|h)(?![\w])|"
    r"(?<![\w.:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:])", re.IGNORECASE)
_AFTER_TITLE = re.compile(r"(?<![\w])(?i:mr|mrs|ms|miss|mx|dr|prof|cllr|rev)\.?[ \t]+$")
LOOK_BACK = 40
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n•*\-–—]|\[[A-Z_]+\]:)[\s\"'“‘(]*$")
ALWAYS_CAPITALISED = frozenset(re.findall(r"\S+", """
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december christmas easter eid diwali ramadan hanukkah vaisakhi
english welsh scottish irish british european polish romanian ukrainian russian turkish kurdish
arabic urdu punjabi bengali gujarati hindi tamil somali portuguese spanish french italian german
chinese mandarin cantonese african caribbean asian muslim christian hindu sikh jewish catholic i
mr mrs ms miss mx dr ok okay tv nhs uk gp covid
"""))
EXTRA_WORDS = frozenset(re.findall(r"\S+", """
awoken became began blew forgave forgiven heard held paid woken withdrew worksheet worksheets
flipchart dysregulated dysregulation regulate coregulate co-regulate
email emails emailed online offline ok okay app apps wifi website internet laptop ipad tablet
smartphone mobile texted texting selfie youtube covid lockdown meds playdate playdates childcare
wellbeing sen send senco ehcp camhs gp nhs ta tas tv pe pshe iep ieps teens teen pre post co
mr mrs ms mx dr
"""))
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("iest", "y"), ("ier", "y"), ("ily", "y"), ("es", ""),
             ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""),
             ("er", "e"), ("est", ""), ("ness", ""), ("ment", ""), ("ful", ""), ("less", ""))


@dataclass(frozen=True)
class RiskyToken:
    """One risky token: where it is, its text and why it is risky."""

    start: int
    end: int
    text: str
    reason: str


@cache
def dictionary() -> frozenset[str]:
    """Lower-case ordinary English words (from the ``english-words`` package), plus modern ones."""
    from english_words import get_english_words_set

    words = {w for w in get_english_words_set(["web2", "gcide"], lower=False, alpha=True) if w.islower()}
    return frozenset(words | EXTRA_WORDS)


_BRITISH = (("our", "or"), ("is", "iz"), ("ys", "yz"), ("tre", "ter"), ("ogue", "og"), ("ll", "l"))
_CONTRACTION = re.compile(r"n['’]t$|['’](?:s|re|ve|ll|d|m)$")
_DOMAIN_NUMBERS = re.compile(r"(?<![\w])\d+\s+key\s+ideas|(?<![\w])\d+[\s-]*(?:min|mins|minutes?|hours?|hrs?)"
                             r"(?![\w])", re.IGNORECASE)


def _spellings(word: str) -> list[str]:
    """``word`` and its American spelling (behaviour -> behavior, realised -> realized)."""
    spellings = [word]
    for british, american in _BRITISH:
        if british in word[1:]:
            spellings.append(word[0] + word[1:].replace(british, american))
    return spellings


def _stems(word: str) -> list[str]:
    """``word`` and the stems it may be an inflection of (stopped -> stop, families -> family)."""
    return [stem for spelling in _spellings(word) for stem in _inflections(spelling)]


def _inflections(word: str) -> list[str]:
    stems = [word]
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)] + ending
            stems.append(stem)
            if len(stem) >= 3 and stem[-1] == stem[-2]:  # stopped -> stopp -> stop
                stems.append(stem[:-1])
    return stems


def is_known_word(word: str) -> bool:
    """Whether lower-case ``word`` (or its stem) is an English or domain word."""
    vocab, english, common = domain_allow_list().words, dictionary(), common_english()
    return word in common or any(stem in english or stem in vocab for stem in _stems(word))


def _part_reason(part: str, mid_sentence: bool) -> str | None:
    """Why one word (no hyphen, no possessive) is risky, or None."""
    lower = part.lower()
    if lower in domain_allow_list().words or lower in ("a", "i"):
        return None
    capitalised = part[:1].isupper()
    if capitalised and lower in ALWAYS_CAPITALISED:
        return None
    if not is_known_word(lower) and (lower.isascii() or not is_known_word(_folded(lower))):
        return "not an English or domain word"
    if capitalised and lower in first_names() and (mid_sentence or lower not in name_words()):
        return "a first name"
    if capitalised and mid_sentence and len(part) == 1:
        return "an initial"
    if capitalised and mid_sentence and not part.isupper():
        return "capitalised in mid-sentence"
    return None


def _folded(word: str) -> str:
    """``word`` without its accents ("café" -> "cafe", "crèche" -> "creche")."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


def _bases(part: str) -> list[str]:
    """The word under a contraction or possessive (didn't -> did, can't -> can, Jo's -> Jo)."""
    base = _CONTRACTION.sub("", part)
    bases = [re.split(r"['’]", base)[0]]
    if part.lower().endswith(("n't", "n’t")):
        bases.append(bases[0] + "n")  # can't, won't (wo -> won)
    return [b for b in bases if b]


@lru_cache(maxsize=1 << 16)
def _word_reason(word: str, mid_sentence: bool) -> str | None:
    """Why ``word`` is risky (checking each part of a hyphenated compound), or None."""
    for part in word.split("-"):
        reasons = [_part_reason(base, mid_sentence) for base in _bases(part)]
        if reasons and all(reasons):
            return reasons[0]
    return None


def _mid_sentence(text: str, start: int) -> bool:
    """Whether ``start`` is inside a sentence (a short look back: no rescanning of the text)."""
    return not _SENTENCE_END.search(text[max(0, start - LOOK_BACK):start]) or \
        (start > LOOK_BACK and not text[start - LOOK_BACK:start].strip(" \t\"'“‘("))


def risky_tokens(text: str) -> list[RiskyToken]:
    """Every risky token of ``text`` (placeholders and the domain's phrases excepted), in order."""
    protected = domain_allow_list().protected_spans(text)
    protected += [m.span() for m in PLACEHOLDER.finditer(text)]
    protected += [m.span() for m in _DOMAIN_NUMBERS.finditer(text)]
    protected += [m.span() for m in LABEL.finditer(text)]
    protected += [m.span() for m in TIME_OF_DAY.finditer(text)]
    found = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if any(a <= start and end <= b for a, b in protected):
            continue
        kind = match.lastgroup
        if kind == "handle":
            reason: str | None = "a social media handle"
        elif kind == "initial":
            reason = None if match.group() == "I." else "an initial"
        elif kind == "date":
            reason = "a date"
        elif kind == "digits":
            reason = "a run of digits"
        else:
            word = match.group()  # only a capital letter makes the position matter
            reason = _word_reason(word, any(c.isupper() for c in word) and _mid_sentence(text, start))
            if not reason and word[:1].isupper() and _AFTER_TITLE.search(text, max(0, start - 8), start):
                reason = "a name after a title"
        if reason:
            found.append(RiskyToken(start, end, match.group(), reason))
    return found


def has_risky(texts: dict[str, str] | list[str]) -> bool:
    """Whether any of ``texts`` (answers by prompt, or a list) holds a risky token."""
    values = texts.values() if isinstance(texts, dict) else texts
    return any(risky_tokens(text) for text in values)
