"""Once a word is judged a name, every other mention of it is masked too: any
case, any position, possessive (with or without its apostrophe) and inside a
hyphenated compound ("Kaylee" -> "KAYLEE", "kaylees", "Kaylee-Rose")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kit.research.scrub.model import Finding
from kit.research.scrub.words import TOKEN, bare, is_common_word, is_kept_word

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
