"""Risky tokens: what might still identify someone after scrubbing, so a lead must look."""

from __future__ import annotations

import pytest

from kit.research.risky import has_risky, is_known_word, risky_tokens


def _risky(text: str) -> list[str]:
    return [token.text for token in risky_tokens(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The whole class calls her Bibi now.", ["Bibi"]),
    ("Tomasz's nan came to the session.", ["Tomasz's"]),
    ("we met Ade at the gate", ["Ade"]),
    ("Rory's nan rang; Rory was upset.", ["Rory's", "Rory"]),
    ("went to Much-Wenlock-on-Sea for the day", ["Much-Wenlock-on-Sea"]),
    ("case ref 44812 was closed", ["44812"]),
    ("she posts as @sunny_day12 a lot", ["@sunny_day12"]),
    ("I saw P. and his sister at pick-up.", ["P."]),
    ("Mrs T next door has the keys", ["T"]),
    ("we saw K and her brother", ["K"]),
    ("the van was KX19 PLM", ["KX", "19", "PLM"]),
    ("Mum said Hope would come too.", ["Hope"]),
    ("We walked past Kingsmead and talked.", ["Kingsmead"]),
    ("Siân came with Zoë and MacLeòid", ["Siân", "Zoë", "MacLeòid"]),
    ("ms Short rang about the plan", ["Short"]),
], ids=lambda value: value if isinstance(value, str) else None)
def test_identifying_tokens_are_risky(text: str, expected: list[str]) -> None:
    assert _risky(text) == expected


@pytest.mark.parametrize("text", [
    "Structure helped; Mum noticed the FOG lift.",
    "The families stopped texting and started talking about behaviour.",
    "I realised I hadn't listened; we didn't rush, and she couldn't settle.",
    "On Monday the Polish and Welsh speakers joined the Year 5 group.",
    "We used the 24 key ideas in a 75-minute session.",
    "[NAME] rang on [PHONE] about [PLACE].",
    "Will she come back? Hope so.",
    "Nuggets and GEMS: I Matter Model, Deep Dive, Level 2.",
], ids=lambda text: text[:30])
def test_ordinary_and_domain_text_is_not_risky(text: str) -> None:
    assert _risky(text) == []
    assert not has_risky({"what": text})


def test_each_token_says_why_and_where() -> None:
    text = "Ask Zofia, ref 1234."
    tokens = risky_tokens(text)
    assert [(t.text, text[t.start:t.end]) for t in tokens] == [("Zofia", "Zofia"), ("1234", "1234")]
    assert tokens[0].reason and tokens[1].reason == "a run of digits"


def test_inflections_and_british_spellings_are_words() -> None:
    assert all(is_known_word(w) for w in ("families", "stopped", "colour", "organised", "centre"))
    assert not any(is_known_word(w) for w in ("kezza", "jaydens", "mensah"))
