"""Privacy at the source: while a practitioner types, say gently when a text looks identifying.

Two checks, both run on what the practitioner is writing:

- the practitioner's own **names to hide** (registered per focus area, kept in
  ``private/``): :func:`mentions_hidden` is plain word matching, so the store's
  rules can also refuse a focus-area label that uses one;
- the **identifier detection** (names, phones, emails, schools, ...) of
  :mod:`kit.identify`.

The detection is :mod:`kit.identify`, the same one the research export scrubs with, in
a layer below capture, so what the practitioner is warned about is what would be scrubbed.

A warning is advice, never a block: reflections save whatever it says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from kit.identify import find_identifiers
from kit.model.records import NamesToHide
from kit.store.record_store import Store

HINT_LABELS = ("Family A", "Child B", "Mum", "Dad")
"""The labels the hint suggests instead of a name (the release queue never marks them risky)."""
KIND_WORDS = {
    "NAME": "a name", "EMAIL": "an email address", "PHONE": "a phone number",
    "SCHOOL": "a school", "PLACE": "a place", "ADDRESS": "an address", "POSTCODE": "a postcode",
    "NHS_NUMBER": "an NHS number", "DATE": "an exact date", "ORG": "an organisation",
    "HANDLE": "a social media handle", "REF_NUMBER": "a reference number",
    "VEHICLE_REG": "a vehicle registration", "OTHER": "a word you asked to hide",
}
SKIPPED_KINDS = frozenset({"DATE"})  # a reflection is dated anyway; exact dates are scrubbed later


class Found(Protocol):
    """What a detector reports: the kind of identifier and the text it matched."""

    kind: str
    text: str


Detector = Callable[[str, Sequence[str]], Iterable[Found]]


def hidden_names(store: Store, practitioner_id: str) -> list[str]:
    """Every name to hide the practitioner registered, across their focus areas."""
    names: set[str] = set()
    for record in store.latest(NamesToHide.TABLE, practitioner_id):
        if isinstance(record, NamesToHide):
            names.update(name.strip() for name in record.words() if name.strip())
    return sorted(names)


def _name_pattern(name: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in re.split(r"[\s\-]+", name.split(":", 1)[-1]) if word]
    body = r"[\s\-]+".join(words)
    return re.compile(rf"(?<![\w])(?:{body})(?:['’]s?|s)?(?![\w])", re.IGNORECASE)


def mentions_hidden(text: str, names: Iterable[str]) -> list[str]:
    """The names to hide that ``text`` uses (whole words, any case, possessives too)."""
    return [name for name in names if name.strip() and _name_pattern(name).search(text or "")]


def findings(text: str, names: Sequence[str] = (), detect: Detector | None = None
             ) -> list[tuple[str, str]]:
    """(kind in words, matched text) for everything in ``text`` that looks identifying."""
    if not (text or "").strip():
        return []
    found = [("a name you asked to hide", name) for name in mentions_hidden(text, names)]
    seen = {match.lower() for _, match in found}
    for item in (detect or find_identifiers)(text, list(names)):
        if item.kind in SKIPPED_KINDS or item.text.lower() in seen:
            continue
        seen.add(item.text.lower())
        found.append((KIND_WORDS.get(item.kind, "something identifying"), item.text))
    return found


def warning(text: str, names: Sequence[str] = (), detect: Detector | None = None) -> str:
    """A gentle sentence about what in ``text`` looks identifying ('' when nothing does)."""
    found = findings(text, names, detect)
    if not found:
        return ""
    parts = "; ".join(f"'{match}' looks like {kind}" for kind, match in found)
    labels = f"{', '.join(HINT_LABELS[:-1])} or {HINT_LABELS[-1]}"
    return f"{parts}. Please use a label instead, such as {labels}; you can still save."
