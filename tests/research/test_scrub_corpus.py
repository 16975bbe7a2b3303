"""The PII corpus: at least 95% of planted identifiers fully masked, 90% of domain words kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit.identify import KINDS, scrub

CORPUS = Path(__file__).with_name("pii_corpus.yaml")
_WORD = re.compile(r"[A-Za-z0-9]+")
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KINDS) + r")\]")


def _corpus() -> dict[str, Any]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def _count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", text, re.IGNORECASE))


def fully_masked(identifier: str, kind: str, text: str, output: str) -> bool:
    """No word of ``identifier`` (3+ characters) survives, and its placeholder is there.

    A word counts as surviving when the output has it more often than the text
    without the identifier has it (so "Dad" elsewhere in the text is not a miss).
    """
    rest = text.replace(identifier, " ")
    bare = _PLACEHOLDER.sub(" ", output)
    survivors = [w for w in _WORD.findall(identifier)
                 if len(w) >= 3 and _count(w, bare) > _count(w, rest)]
    return not survivors and f"[{kind}]" in output


def kept(word: str, output: str) -> bool:
    """The domain word or phrase survives, with its case."""
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", output) is not None


def test_corpus_is_big_and_covers_every_kind() -> None:
    corpus = _corpus()
    assert len(corpus["items"]) + len(corpus["clean"]) >= 60
    kinds = {kind for item in corpus["items"] for _, kind in item["expect"]}
    assert kinds == set(KINDS)


def test_planted_identifiers_masked_and_domain_words_kept() -> None:
    corpus = _corpus()
    planted = masked = words = words_kept = 0
    misses: list[str] = []
    for item in corpus["items"]:
        output = scrub(item["text"], hidden=item.get("hide", [])).text
        for identifier, kind in item["expect"]:
            planted += 1
            if fully_masked(identifier, kind, item["text"], output):
                masked += 1
            else:
                misses.append(f"{identifier!r} ({kind}) -> {output!r}")
        for word in item.get("keep", []):
            words += 1
            words_kept += kept(word, output)
    for text in corpus["clean"]:
        output = scrub(text).text
        for word in _WORD.findall(text):
            words += 1
            words_kept += kept(word, output)
    mask_rate, keep_rate = masked / planted, words_kept / words
    print(f"\nPII corpus: {masked}/{planted} planted identifiers fully masked ({mask_rate:.1%}); "
          f"{words_kept}/{words} domain and clean words kept ({keep_rate:.1%})")
    for miss in misses:
        print("  missed:", miss)
    assert mask_rate >= 0.95, misses
    assert keep_rate >= 0.90


@pytest.mark.parametrize("text", _corpus()["clean"][:6])
def test_clean_domain_text_is_untouched(text: str) -> None:
    result = scrub(text)
    assert result.text == text
    assert not result.found_anything


@pytest.mark.parametrize(("text", "masked"), [
    ("Summer said she felt calmer.", "[NAME] said she felt calmer."),
    ("We met Autumn and her mum.", "We met [NAME] and her mum."),
    ("In the Summer term we tried the Deep Dive.", "In the Summer term we tried the Deep Dive."),
    ("By the summer holidays things were calmer.", "By the summer holidays things were calmer."),
])
def test_a_name_that_is_also_a_season_is_masked_except_in_the_domain_phrase(text: str, masked: str) -> None:
    assert scrub(text).text == masked
