"""The scrubber finds identifiers by their shape, not by lists of the cases seen (issue 18):
each case here is written afresh, with words the development corpus does not hold."""

from __future__ import annotations

import pytest

from kit.identify import scrub


@pytest.mark.parametrize(("text", "expected"), [
    ("see you Wed 2nd", "see you [DATE]"),
    ("back on sat 4th at 3pm", "back on [DATE] at 3pm"),
    ("due 14/6, not before", "due [DATE], not before"),
    ("Review on Thursday 9 Oct", "Review on [DATE]"),
    ("she rang on the 21st", "she rang on [DATE]"),
    ("2/3 of the group came", "2/3 of the group came"),
    ("we met at 10.30am and 4.15 pm", "we met at 10.30am and 4.15 pm"),
], ids=["weekday-ordinal", "lower-weekday", "day-month", "weekday-day-month", "the-ordinal", "fraction",
        "times"])
def test_dates_of_every_common_uk_shape(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ref SS/2026/0711 closed", "ref [REF_NUMBER] closed"),
    ("file hx/25/0042 is open", "file [REF_NUMBER] is open"),
    ("see QW-48812-B", "see [REF_NUMBER]"),
    ("logged as TAC90017", "logged as [REF_NUMBER]"),
    ("the 2025/26 school year", "the 2025/26 school year"),
], ids=["slashes", "lower-case", "hyphens", "packed", "school-year-kept"])
def test_case_references_by_shape(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ms Sparrow rang", "Ms [NAME] rang"),
    ("met Mr Fields at the gate", "met Mr [NAME] at the gate"),
    ("Ffraid said hello; Zoë and Łukasz came too", "[NAME] said hello; [NAME] and [NAME] came too"),
    ("a naïve question at the café", "a naïve question at the café"),
    ("Sewa, Music and Family A came", "[NAME], Music and Family A came"),
    ("Oyinkansola was calm", "[NAME] was calm"),
    ("sat with Family A and Adaora today", "sat with Family A and [NAME] today"),
    ("she said tobenna was fine", "she said [NAME] was fine"),
    ("lives at 4 Skylark Rise, Hebden", "lives at [ADDRESS], [PLACE]"),
], ids=["title-word-surname", "title-domain-word", "non-ascii", "accented-english", "list", "sentence-start",
        "no-dictionary-capitalised", "no-dictionary-lower-after-said", "a-guess-yields-to-a-place"])
def test_names_by_context_and_letters(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("the Oromo Women's Association helped", "the [ORG] helped"),
    ("via the Welsh Community Trust", "via the [ORG]"),
    ("at Flat 12, Plover Heights", "at [ADDRESS]"),
    ("at flat 3 plover heights", "at [ADDRESS]"),
    ("lives at 4 Skylark Rise, Hebden", "lives at [ADDRESS], [PLACE]"),
    ("moved from haworth last year", "moved from [PLACE] last year"),
    ("grew up in llanwrtyd wells", "grew up in [PLACE]"),
    ("dm'd her at ziggy_stardust4 and sky.blue.22", "dm'd her at [HANDLE] and [HANDLE]"),
    ("the Study Support Group and the Nurture Group", "the Study Support Group and the Nurture Group"),
], ids=["community-org", "domain-word-org", "flat", "flat-lower", "numbered-name", "lower-place",
        "lower-two-word-place", "bare-handles", "domain-groups-kept"])
def test_organisations_flats_places_and_handles(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("car reg t482 wmk outside", "car reg [VEHICLE_REG] outside"),
    ("the van was HJK 71F again", "the van was [VEHICLE_REG] again"),
    ("van is fzr 9c", "van is [VEHICLE_REG]"),
    ("y5 and y6 came", "y5 and y6 came"),
    ("back on 14.6, at 10.30 and by 9.15am", "back on [DATE], at 10.30 and by 9.15am"),
    ("starts at Ashgrove Bank Community College soon", "starts at [SCHOOL] soon"),
    ("at the Community College, then the Family Centre", "at the Community College, then the Family Centre"),
], ids=["lower-prefix-reg", "suffix-reg", "lower-suffix-reg", "year-groups-kept", "dotted-date-not-time",
        "school-with-community", "generic-venues-kept"])
def test_older_registrations_dotted_dates_and_community_schools(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("at Trinity Moss Primary School today", "at [SCHOOL] today"),
    ("Both at Cross Lane Junior and Infant School.", "Both at [SCHOOL]."),
    ("Referred to Kiln Hill Pupil Referral Unit.", "Referred to [SCHOOL]."),
    ("on 17/7.", "on [DATE]."),
    ("Next review: 24.1 at 3pm", "Next review: [DATE] at 3pm"),
    ("26.9 - home visit", "[DATE] - home visit"),
    ("back on 12-6 for review", "back on [DATE] for review"),
    ("Meeting w/c 4th with Dad", "Meeting w/c [DATE] with Dad"),
    ("Thinking back on 4th: I rushed", "Thinking back on [DATE]: I rushed"),
    ("Seen: Weds 9th, after school", "Seen: [DATE], after school"),
    ("the head of Well Brook Academy rang", "the head of [SCHOOL] rang"),
    ("left no. 12 Lapwing House at 4pm", "left [ADDRESS] at 4pm"),
    ("from the Uyghur Young People's Alliance", "from the [ORG]"),
    ("The Gypsy and Traveller Carers Support Group rang", "The [ORG] rang"),
    ("Structure and Nurture Group went well", "Structure and Nurture Group went well"),
    ("we won 12-6 on the day", "we won 12-6 on the day"),
    ("2.5 hours at 10.30 with 2/3 of them", "2.5 hours at 10.30 with 2/3 of them"),
], ids=["school-of-domain-words", "junior-and-infant", "referral-unit", "day-month-at-sentence-end",
        "dotted-before-time", "dotted-before-dash", "dashed-after-on", "week-commencing", "ordinal-after-on",
        "weds",
        "stop-word-in-school-name",
        "number-in-block",
        "young-peoples-org", "org-with-and", "domain-words-and-group-kept", "score-kept", "numbers-kept"])
def test_second_round_shapes(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize(("text", "marked"), [
    ("seen on 17/7 again", ["17/7"]),
    ("Next review: 3.10", ["3.10"]),
    ("letter dated 3/10/25", ["3/10/25"]),
    ("she says 12-6 is fine", ["12-6"]),
    ("2/3 of them, 2.5 hours", []),
])
def test_the_queue_marks_a_day_and_month_whole(text: str, marked: list[str]) -> None:
    from kit.research.risky import risky_tokens

    assert [t.text for t in risky_tokens(text) if t.reason == "a date"] == marked
