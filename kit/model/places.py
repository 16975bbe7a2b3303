"""Where on the pages a person does something: the page and the section a sentence sends them to.

A refusal that says where to go next names a :class:`Place` from here, never a title typed
into the sentence, so every page and section it names is one that exists
(``tests/pages/test_places.py`` finds each in the notebooks, and finds no sentence in the kit
that names a section or a page in its own words).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A section of a page: ``page`` is the page's title (as Start here and the launcher name
    it), ``section`` the heading the section has on that page."""

    page: str
    section: str

    def __str__(self) -> str:
        return f"'{self.section}' on the {self.page} page"


EDIT_ENTRY = "Edit a saved entry"
"""The heading of the section that changes or withdraws saved entries, on every page that
has one (:func:`kit.forms.show_entries`)."""

EDIT_LICENCE = Place("Licence and micro-project", EDIT_ENTRY)
EDIT_FOCUS_AREA = Place("Focus areas", EDIT_ENTRY)
EDIT_REFLECTION = Place("Reflect", EDIT_ENTRY)
EDIT_JOURNEY = Place("Journey and support", EDIT_ENTRY)
DECIDE_LICENCE = Place("Licence and micro-project", "Decide about your licence")
CLOSE_FOCUS_AREA = Place("Focus areas", "Close a focus area")
CHANGE_REVIEW_NOTE = Place("Lead: my practitioners", "Change a review note you wrote")
RUN_REVIEWS = Place("Lead: my practitioners", "Run this period's reviews")
SHARED_REVIEWS = Place("My learning", "Reviews my lead shared with me")
MY_RECORDS = Place("My learning", "Everything the kit holds about me")

PLACES: tuple[Place, ...] = (EDIT_LICENCE, EDIT_FOCUS_AREA, EDIT_REFLECTION, EDIT_JOURNEY,
                             CHANGE_REVIEW_NOTE, RUN_REVIEWS, SHARED_REVIEWS, MY_RECORDS,
                             DECIDE_LICENCE, CLOSE_FOCUS_AREA)
"""Every place a sentence of the kit may send someone to."""
