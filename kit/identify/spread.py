"""Once a word is judged a name, every other mention of it is masked too: any
case, any position, possessive (with or without its apostrophe) and inside a
hyphenated compound ("Kaylee" -> "KAYLEE", "kaylees", "Kaylee-Rose")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kit.identify.allowlist import AllowList
from kit.identify.model import Finding
from kit.identify.namelist import first_names
from kit.identify.names import is_unknown_word
from kit.identify.words import STOP, TOKEN, bare, is_common_word, is_kept_word

SPREAD_KINDS = frozenset({"NAME", "HIDDEN:NAME", "HIDDEN:PLACE", "HIDDEN:SCHOOL", "HIDDEN:ORG",
                          "HIDDEN:OTHER"})


def _words_of(findings: Iterable[Finding]) -> dict[str, tuple[str, bool]]:
    """Lower-case word -> (its kind, whether only its capitalised mentions count)."""
    words: dict[str, tuple[str, bool]] = {}
    for finding in findings:
        if finding.kind not in SPREAD_KINDS:
            continue
        kind = finding.kind.split(":")[-1]
        tokens = TOKEN.findall(finding.text)
        for token in tokens:
            for part in bare(token).split("-"):
                lower = part.lower()
                common = is_common_word(lower)
                if len(lower) < 3 or is_kept_word(lower) or (common and len(tokens) > 1):
                    continue
                words.setdefault(lower, (kind, common))
                if lower.endswith("s") and len(lower) > 4 and not is_common_word(lower[:-1]):
                    words.setdefault(lower[:-1], (kind, False))
    return words


def _match(part: str, words: dict[str, tuple[str, bool]]) -> tuple[str, bool] | None:
    lower = part.lower()
    if lower in words:
        return words[lower]
    if lower.endswith("s") and lower[:-1] in words and not is_common_word(lower):
        return words[lower[:-1]]
    return None


def other_mentions(text: str, findings: list[Finding]) -> Iterator[Finding]:
    """Every mention in ``text`` of a word that ``findings`` judged a name, as new findings."""
    words = _words_of(findings)
    if not words:
        return
    for token in TOKEN.finditer(text):
        word = bare(token.group())
        for part in word.split("-"):
            found = _match(part, words)
            if found is None:
                continue
            kind, capitalised_only = found
            if capitalised_only and not part[:1].isupper():
                continue
            yield Finding(kind, token.start(), token.start() + len(word), word)
            break


_BEFORE = re.compile(r"([A-Z](?:[^\W\d_]|['’\-])+)(?:[ \t]+(?:and|&|or)[ \t]+|,[ \t]*|[ \t])$")
_AFTER = re.compile(r"(?:[ \t]+(?:and|&|or)[ \t]+|,[ \t]*)([A-Z](?:[^\W\d_]|['’\-])+)")


def _name_like(word: str, allow: AllowList) -> bool:
    """An unknown word, or a listed first name that is also a month or a word ("Jun", "Grace")."""
    lower = bare(word).lower()
    return is_unknown_word(word, allow) or (lower in first_names() and lower not in allow.words
                                            and lower not in STOP)


def neighbours(text: str, findings: list[Finding], allow: AllowList) -> Iterator[Finding]:
    """Unknown capitalised words beside a name: "Chidera [Pritchard]", "[Jack] and Oluwaseun"."""
    for finding in findings:
        if finding.kind not in ("NAME", "HIDDEN:NAME"):
            continue
        before = _BEFORE.search(text, max(0, finding.start - 40), finding.start)
        if before and before.end() == finding.start and _name_like(before.group(1), allow):
            yield Finding("NAME", *before.span(1), before.group(1))
        after = _AFTER.match(text, finding.end)
        if after and _name_like(after.group(1), allow):
            yield Finding("NAME", *after.span(1), after.group(1))
