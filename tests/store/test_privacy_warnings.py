"""Privacy at the source: the gentle warning a practitioner sees while typing, from the
research scrubber and their own names to hide. It never blocks a reflection."""

from __future__ import annotations

from kit.capture import privacy

HIDDEN = ["Quillondra", "Oakfield Primary"]


def test_a_planted_name_phone_and_email_are_each_named() -> None:
    text = ("Met Quillondra's mum after school; she gave me 07700 900123 and "
            "q.parent@example.org to stay in touch.")
    warning = privacy.warning(text, HIDDEN)
    assert "'Quillondra' looks like a name you asked to hide" in warning
    assert "'07700 900123' looks like a phone number" in warning
    assert "'q.parent@example.org' looks like an email address" in warning
    assert "use a label instead, such as Family A" in warning and "you can still save" in warning


def test_a_common_first_name_is_noticed_without_being_registered() -> None:
    assert "looks like a name" in privacy.warning("Jordan Smith's family came in today.")


def test_labels_and_domain_words_raise_no_warning() -> None:
    for text in ("Family A felt calmer; the FOG lifted after Structure and Nurture.",
                 "Y5 nurture group", "", "   "):
        assert privacy.warning(text, HIDDEN) == "", text


def test_a_detector_can_be_given_instead_of_the_scrubber() -> None:
    class Hit:
        kind, text = "PHONE", "555"

    calls: list[tuple[str, list[str]]] = []

    def detect(text: str, names: list[str]) -> list[Hit]:
        calls.append((text, names))
        return [Hit()]

    assert privacy.warning("call 555", ["Jo"], detect) .startswith("'555' looks like a phone number")
    assert calls == [("call 555", ["Jo"])]


def test_hidden_names_match_whole_words_any_case_and_possessives() -> None:
    assert privacy.mentions_hidden("QUILLONDRA'S dad", HIDDEN) == ["Quillondra"]
    assert privacy.mentions_hidden("at oakfield  primary today", HIDDEN) == ["Oakfield Primary"]
    assert privacy.mentions_hidden("Quillondrax", HIDDEN) == []
