"""The release page: a page of held reflections, masked by hand and confirmed, without a browser."""

from __future__ import annotations

import re

import pytest
from research_support import add_reflection

from kit.errors import ExportError
from kit.research import release_queue
from kit.research.release_display import in_order, marked_html, marked_plain, question
from kit.research.release_seen import confirm_label, confirmed_sentence, waiting_line
from kit.research.release_widgets import release_page


def _hold(ws, run_export, texts: list[str]) -> None:
    area = ws.store.latest("focus_areas", "p01")[0]
    for text in texts:
        add_reflection(ws, "p01", area, text)
    run_export(ws)


def _look_at(page, cards=None) -> None:
    """What the browser reports once each reflection has been on screen."""
    for card in page.cards if cards is None else cards:
        card.text.seen = True


def test_the_page_shows_questions_and_names_never_ids(research_ws, run_export) -> None:
    _hold(research_ws, run_export, ["Jack rang on 07700 900123.", "We walked past Kingsmead today."])
    page = release_page(research_ws, "lead1")
    assert "2 reflections wait" in page.header.value
    shown = " ".join(card.text.value for card in page.cards)
    assert "What?" in shown and "Person p01" in shown and "20 Mar 2025" in shown
    assert "reflection-" not in shown and ">what<" not in shown
    assert 'class="candle-placeholder">[PHONE]' in shown
    assert re.search(r'class="candle-risky" title="[^"]+">Kingsmead</mark>', shown)
    assert page.confirm_button.description == "Confirm these 2 reflections"


def test_mask_one_span_then_confirm_the_page(research_ws, run_export) -> None:
    _hold(research_ws, run_export, ["Jack rang on 07700 900123.", "Nana Wren said Toby was fine.",
                                    "We walked past Kingsmead today."])
    page = release_page(research_ws, "lead1")
    card = next(c for c in page.cards if "Kingsmead" in c.text.value)
    card.span.value, card.kind.value = "Kingsmead", "PLACE"
    card.mask_button.click()
    assert "[PLACE]</mark> today" in card.text.value and "Kingsmead" not in card.text.value
    assert "Masked" in page.message.value
    _look_at(page)
    page.confirm_button.click()
    assert "Confirmed 3 reflections" in page.outcome.value and page.cards == []
    assert page.confirm_button.disabled and "Nothing waits" in page.header.value
    released = release_queue.released_answers(research_ws)
    assert {"what": "We walked past [PLACE] today."} in released.values() and len(released) == 3


def test_paging_and_a_mask_that_does_not_match(research_ws, run_export) -> None:
    _hold(research_ws, run_export, [f"Talked with Zed{n} about Structure." for n in "ABCDEFG"])
    page = release_page(research_ws, "lead1")
    assert len(page.cards) == 5 and page.previous_button.disabled and not page.next_button.disabled
    page.cards[0].span.value = "Brackley"
    page.cards[0].mask_button.click()
    assert "Not masked" in page.message.value and "does not appear" in page.message.value
    page.next_button.click()
    assert len(page.cards) == 2 and page.next_button.disabled
    page.cards[0].keep_back.value = True
    assert page.confirm_button.description == "Confirm this 1 reflection, keep 1 back"
    _look_at(page)
    page.confirm_button.click()
    assert "Confirmed 1 reflection; it goes" in page.outcome.value and "Kept 1 back" in page.outcome.value
    assert len(release_queue.pending(research_ws)) == 5
    assert len(release_queue.released_answers(research_ws)) == 1


def test_a_non_lead_is_told_not_shown_the_queue(research_ws, run_export) -> None:
    _hold(research_ws, run_export, ["Jack rang on 07700 900123."])
    with pytest.raises(ExportError, match="p01 is not a lead practitioner"):
        release_page(research_ws, "p01")


def test_marking_and_labels() -> None:
    assert marked_html("[NAME] & Kezza") == ('<mark class="candle-placeholder">[NAME]</mark> &amp; '
                                             '<mark class="candle-risky" title="not an English or domain '
                                             'word">Kezza</mark>')
    assert marked_plain("ref 5521873 for [NAME]") == "ref >>5521873<< for [NAME]"
    assert question("gibbs", "action_plan") == "Action plan - what will I do next time?"
    order = in_order("gibbs", {"action_plan": "b", "description": "a", "feelings": " "})
    assert order == [("description", "a"), ("action_plan", "b")]
    assert question("", "where_fog") == "Where was the FOG?"


def test_a_page_is_confirmed_only_once_each_reflection_it_releases_was_seen(research_ws,
                                                                           run_export) -> None:
    _hold(research_ws, run_export, ["Jack rang on 07700 900123.", "Nana Wren said Toby was fine.",
                                    "We walked past Kingsmead today."])
    page = release_page(research_ws, "lead1")
    first, second, third = page.cards
    assert page.confirm_button.disabled and page.confirm_button.description == "Confirm these 3 reflections"
    assert "Read each reflection on this page first: 0 of 3 seen" in page.gate.value
    _look_at(page, [first, second])
    assert page.confirm_button.disabled and "2 of 3 seen" in page.gate.value
    page.confirm_page()  # a click that reached the kernel anyway releases nothing
    assert release_queue.released_answers(research_ws) == {} and len(page.cards) == 3
    third.keep_back.value = True  # keeping back needs no look
    assert not page.confirm_button.disabled and page.gate.value == ""
    assert page.confirm_button.description == "Confirm these 2 reflections, keep 1 back"
    third.keep_back.value = False
    assert page.confirm_button.disabled
    _look_at(page, [third])
    assert not page.confirm_button.disabled and page.gate.value == ""
    page.confirm_button.click()
    assert "Confirmed 3 reflections; they go" in page.outcome.value
    assert len(release_queue.released_answers(research_ws)) == 3


def test_the_next_page_opens_at_its_first_reflection_and_waits_to_be_seen(research_ws,
                                                                          run_export) -> None:
    _hold(research_ws, run_export, [f"Talked with Zed{n} about Structure." for n in "ABCDEFG"])
    page = release_page(research_ws, "lead1")
    assert [card.text.focus_request for card in page.cards] == [0] * 5  # the page opens at its top
    first_page = [card.note.ref for card in page.cards]
    _look_at(page)
    page.confirm_button.click()
    assert "Confirmed 5 reflections" in page.outcome.value and len(page.cards) == 2
    assert [card.text.focus_request for card in page.cards] == [1, 0]
    assert page.confirm_button.disabled and "0 of 2 seen" in page.gate.value
    assert page.confirm_button.description == "Confirm these 2 reflections"
    page.confirm_page()  # the second click of a double click on the old button
    assert sorted(release_queue.released_answers(research_ws)) == sorted(
        s.item.record_id for s in release_queue.states(research_ws) if s.item.ref in first_page)
    assert "Confirmed 5 reflections" in page.outcome.value


def test_labels_count_what_a_click_does() -> None:
    assert confirm_label(1, 0) == "Confirm this 1 reflection"
    assert confirm_label(4, 1) == "Confirm these 4 reflections, keep 1 back"
    assert confirm_label(0, 2) == "Keep 2 reflections back"
    assert confirmed_sentence(1) == "Confirmed 1 reflection; it goes into the next export."
    assert waiting_line(["a", "b"], {"b", "z"}) == ("Read each reflection on this page first: 1 of 2 "
                                                   "seen. Scroll through them, or move to each with Tab.")
    assert waiting_line(["a"], {"a"}) == ""
