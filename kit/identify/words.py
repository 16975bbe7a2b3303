"""Word tests the detectors share: common words, sentence starts, possessives, tokens."""

from __future__ import annotations

import re

from kit.identify.allowlist import domain_allow_list
from kit.identify.english import is_english_word
from kit.identify.namelist import name_words

LETTER = r"[^\W\d_]"
TOKEN = re.compile(rf"{LETTER}(?:{LETTER}|['’\-])*")
POSSESSIVE = re.compile(r"['’]s?$", re.IGNORECASE)
MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)")
MONTH_WORD = re.compile(rf"^{MONTHS}$", re.IGNORECASE)
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "rev", "imam", "nurse"})
UNITS = frozenset({"min", "mins", "minute", "minutes", "hour", "hours", "hrs", "day", "days", "week",
                   "weeks", "month", "months", "year", "years", "times", "more", "of", "the", "a", "to",
                   "and", "or"})
STOP = frozenset(re.findall(r"\S+", """
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
    return (lower in STOP or lower in UNITS or lower in name_words() or lower in domain_allow_list().words
            or is_english_word(lower))


def is_kept_word(word: str) -> bool:
    """Whether ``word`` is a stop word or one of the domain's words (never masked)."""
    lower = word.lower()
    return lower in STOP or lower in domain_allow_list().words


def bare(word: str) -> str:
    """``word`` without a possessive ending ("Kaylee's" -> "Kaylee")."""
    return POSSESSIVE.sub("", word) if "'" in word or "’" in word else word


def is_title_case(word: str) -> bool:
    """Capitalised and not all capitals ("Grace", not "GRACE" or "grace")."""
    return word[:1].isupper() and not word.isupper()


def sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` starts a sentence (or the text, a line, a quote after a stop)."""
    before = text[:position].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:;"
