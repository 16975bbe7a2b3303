"""The learning system's own words, which the scrubber always keeps.

Built from every label in ``templates/vocab/*.yaml`` plus
``templates/research/domain_words.yaml`` (Mum, Dad, Year 5, Level 2, FOG, ...).
Words are kept wherever they appear, and so are the words of a phrase, except a phrase's
word that is also a name: "Summer" of "Summer term" is kept only where the whole phrase
appears ("Summer said" is a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from kit.identify.namelist import first_names, surnames
from kit.model import vocab
from kit.resources import TEMPLATES_DIR

DOMAIN_WORDS_FILE = TEMPLATES_DIR / "research" / "domain_words.yaml"
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_LABEL_STOP = {"a", "an", "and", "of", "the", "or", "in", "on", "to", "me", "my", "i"}


@dataclass(frozen=True)
class AllowList:
    """Lower-case words always kept, and a pattern finding protected phrases."""

    words: frozenset[str]
    phrases: tuple[str, ...]
    phrase_pattern: re.Pattern[str]

    def protected_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the domain's phrases occur in ``text``."""
        return [match.span() for match in self.phrase_pattern.finditer(text)]


def _vocab_labels() -> list[str]:
    labels: list[str] = []
    for name in vocab.names():
        labels.extend(choice.label for choice in vocab.load(name).choices)
    return labels


@cache
def domain_allow_list() -> AllowList:
    """The allow-list built from the vocabularies and the domain words file."""
    data = yaml.safe_load(DOMAIN_WORDS_FILE.read_text(encoding="utf-8")) or {}
    phrases = [str(p) for p in data.get("phrases", [])]
    words = {str(w).lower() for w in data.get("words", [])}
    for label in _vocab_labels():
        for word in _WORD.findall(label):
            if word.lower() not in _LABEL_STOP and len(word) > 1:
                words.add(word.lower())
    names = first_names() | surnames()  # "Summer" of "Summer term" is kept only in the phrase
    for phrase in phrases:
        words.update(w.lower() for w in _WORD.findall(phrase) if not w.isdigit() and w.lower() not in names)
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in ordered)
    pattern = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
    return AllowList(frozenset(words), tuple(ordered), pattern)
