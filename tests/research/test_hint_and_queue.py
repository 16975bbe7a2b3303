"""The typing hint and the release queue agree: the labels the hint suggests instead of a name
("Family A", "Child B", "Mum", "Dad") and times of day are never scrubbed nor marked risky."""

from __future__ import annotations

import re

import pytest
import yaml

from kit.capture.privacy import HINT_LABELS, warning
from kit.identify import scrub
from kit.research.release_display import marked_plain
from kit.research.risky import risky_tokens
from kit.resources import TEMPLATES_DIR

TIMES = ("3pm", "9am", "10.30am", "4.15 pm", "14:30", "11 a.m.", "2 pm")


def _hint_examples() -> list[str]:
    """The labels the hint shown while typing suggests, read from its own sentence."""
    hint = warning("Call 07700 900123.")
    suggested = re.search(r"such as (.+?);", hint)
    assert suggested, hint
    return re.split(r",\s*|\s+or\s+", suggested.group(1))


def _form_examples() -> list[str]:
    """The examples the focus-area form's help gives for a label ("'Family A'")."""
    form = yaml.safe_load((TEMPLATES_DIR / "forms" / "focus_area.yaml").read_text(encoding="utf-8"))
    helps = re.findall(r"help: \"?(.+)", yaml.safe_dump(form, width=1000))
    return [e for text in helps for e in re.findall(r"'([^']+)'", text) if "Family" in e or "Child" in e]


def test_the_hint_suggests_the_labels_it_is_checked_against() -> None:
    assert _hint_examples() == list(HINT_LABELS)
    assert "Family A" in _form_examples()


@pytest.mark.parametrize("label", [*HINT_LABELS, "Family B", "Child A", "Parent 2"])
@pytest.mark.parametrize("shape", ["Met {label} at 3pm today.", "{label} was calmer after the FOG lifted.",
                                   "I sat with {label}.", "we talked, {label} and me, till 4.15pm"])
def test_a_label_the_hint_suggests_is_neither_scrubbed_nor_marked(label: str, shape: str) -> None:
    text = shape.format(label=label)
    scrubbed = scrub(text).text
    assert scrubbed == text
    assert risky_tokens(scrubbed) == []
    assert ">>" not in marked_plain(scrubbed)  # as `candle release show` prints it


@pytest.mark.parametrize("time", TIMES)
def test_a_time_of_day_is_neither_scrubbed_nor_marked(time: str) -> None:
    text = f"Family A came at {time} and Child B stayed."
    assert scrub(text).text == text
    assert risky_tokens(text) == []


def test_a_single_letter_that_is_no_label_is_still_marked() -> None:
    assert [t.text for t in risky_tokens("we saw K and her brother at 3pm")] == ["K"]
