"""kit.views.learning's pure functions and kit.charts.learning, on small hand-made tidy tables."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from kit.charts import learning as charts_learning
from kit.views import learning


@pytest.fixture
def reflections() -> pd.DataFrame:
    return pd.DataFrame({
        "record_id": ["r1", "r2", "r3", "r4"],
        "practitioner_id": ["p01", "p01", "p01", "p02"],
        "reflection_date": [date(2025, 4, 3), date(2025, 4, 20), date(2025, 5, 1), date(2025, 6, 1)],
        "self_understanding": [2, None, 4, 5],
        "self_confidence": [None, None, 3, 1],
        "visibility": ["lead", "lead", "private", "lead"],
        "is_latest": True, "is_withdrawn": False,  # compiled rows, each the current version
    })


@pytest.fixture
def links() -> pd.DataFrame:
    return pd.DataFrame({"record_id": ["r1", "r2", "r2", "r3", "r4"],
                         "focus_area_id": ["fa1", "fa1", "fa2", "gone", "fb1"]})


@pytest.fixture
def focus_areas() -> pd.DataFrame:
    return pd.DataFrame({"entity_id": ["fa1", "fa2", "fb1"],
                         "label": ["Family A", "Y5 nurture group", "Family B"]})


def test_reflection_counts_count_each_reflection_once(reflections, links, focus_areas):
    mine = learning.own_rows(reflections, "p01")
    counts = learning.reflection_counts(mine, links, focus_areas)
    assert counts.assign(month=counts["month"].dt.strftime("%Y-%m")).to_dict("records") == [
        {"month": "2025-04", "focus_area": learning.SEVERAL_FOCUS_AREAS, "reflections": 1},
        {"month": "2025-04", "focus_area": "Family A", "reflections": 1},
        {"month": "2025-05", "focus_area": learning.NO_FOCUS_AREA, "reflections": 1},
    ]
    assert counts["reflections"].sum() == len(mine)  # the same number Start here shows


def test_the_monthly_chart_says_months_in_words_and_the_true_total(reflections, links, focus_areas):
    counts = learning.reflection_counts(learning.own_rows(reflections, "p01"), links, focus_areas)
    spec = charts_learning.reflections_over_time(counts).to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Apr 2025", "May 2025"]
    assert "3 reflections from Apr 2025 to May 2025" in spec["description"]
    assert spec["encoding"]["x"]["axis"]["labelAngle"] < 0, "a year of 'Feb 2026' labels overlaps flat"


def test_tags_used_counts_reflections_per_tag_with_labels():
    tags = pd.DataFrame({"record_id": ["r1", "r1", "r2", "r2"],
                         "tag": ["fog", "nurture", "fog", "fog"]})
    result = learning.tags_used(tags)
    assert result[["tag", "reflections"]].to_dict("records") == [
        {"tag": "fog", "reflections": 2}, {"tag": "nurture", "reflections": 1}]
    assert result["label"].tolist() == ["The FOG (feeling overwhelmed or confused)", "Nurture"]


def test_self_ratings_keep_only_ratings_given(reflections):
    ratings = learning.self_ratings(learning.own_rows(reflections, "p01"))
    assert [(d.strftime("%Y-%m-%d"), m, r) for d, m, r in ratings.itertuples(index=False)] == [
        ("2025-04-03", "My understanding", 2),
        ("2025-05-01", "My confidence", 3),
        ("2025-05-01", "My understanding", 4),
    ]


def test_licence_timeline_is_in_date_order_with_labels():
    events = pd.DataFrame({"event": ["active", "applied"], "reason": [None, "idea"],
                           "event_date": ["2025-02-01", "2025-01-10"]})
    timeline = learning.licence_timeline(events)
    assert timeline["label"].tolist() == ["Applied", "Licence granted"]
    assert timeline["reason"].tolist() == ["idea", ""]


def test_shared_notes_leave_out_notes_not_shared():
    notes = pd.DataFrame({"period": ["2025-Q1", "2025-Q2"], "shared": [True, False],
                          "created_at": pd.to_datetime(["2025-04-02T10:00Z", "2025-07-01T10:00Z"]),
                          "author_id": ["lead1", "lead1"], "text": ["Well done", "private"],
                          "is_latest": True, "is_withdrawn": False})
    result = learning.shared_notes(notes, {"lead1": "Lead One"})
    assert result[["period", "from", "note"]].to_dict("records") == [
        {"period": "2025-Q1", "from": "Lead One", "note": "Well done"}]


def test_roster_is_in_name_order_with_last_shared_reflection(reflections):
    profiles = pd.DataFrame({"practitioner_id": ["p02", "p01", "p03", "p09"],
                             "lead_id": ["lead1", "lead1", "lead1", "lead2"]})
    names = {"p01": "Zoe", "p02": "Amir", "p03": "Cat"}
    roster = learning.roster_frame(profiles, reflections, names, "lead1")
    assert roster["practitioner"].tolist() == ["Amir", "Cat", "Zoe"]
    last = dict(zip(roster["practitioner_id"], roster["last_reflection"], strict=True))
    # p01's latest reflection is private: the lead sees the date of the last shared one.
    assert last["p01"] == pd.Timestamp("2025-04-20")
    assert last["p02"] == pd.Timestamp("2025-06-01")
    assert pd.isna(last["p03"])


def test_link_sees_only_whether_each_practitioner_they_orient_has_started(reflections):
    profiles = pd.DataFrame({"practitioner_id": ["p02", "p01", "p03", "p09"],
                             "lead_id": ["lead1"] * 4,
                             "link_id": ["link1", "link1", "link1", "link2"]})
    names = {"p01": "Zoe", "p02": "Amir", "p03": "Cat"}
    oriented = learning.orientation_frame(profiles, reflections, names, "link1")
    assert oriented.columns.tolist() == ["practitioner", "practitioner_id", "started"]
    assert oriented.to_dict("records") == [
        {"practitioner": "Amir", "practitioner_id": "p02", "started": "Yes"},
        {"practitioner": "Cat", "practitioner_id": "p03", "started": "Not yet"},
        {"practitioner": "Zoe", "practitioner_id": "p01", "started": "Yes"},
    ]


def test_a_practitioner_whose_only_reflection_is_private_has_started_for_their_link(reflections):
    """A private reflection counts as started (nothing of it is shown); a withdrawn one or an
    earlier version alone does not."""
    only_private = reflections.assign(
        practitioner_id=["p05", "p06", "p06", "p07"], visibility=["private", "lead", "lead", "lead"],
        is_latest=[True, True, False, True], is_withdrawn=[False, True, False, False])
    profiles = pd.DataFrame({"practitioner_id": ["p05", "p06", "p07"], "link_id": ["link1"] * 3})
    oriented = learning.orientation_frame(profiles, only_private, {}, "link1")
    assert dict(zip(oriented["practitioner_id"], oriented["started"], strict=True)) == {
        "p05": "Yes", "p06": "Not yet", "p07": "Yes"}
    assert oriented.columns.tolist() == ["practitioner", "practitioner_id", "started"]


def test_next_steps_point_a_new_practitioner_at_the_licence():
    steps = learning.next_steps(learning.NO_LICENCE, 0, 0, ["practitioner"])
    assert steps[0] == ("Apply for the licence with your micro-project idea on "
                        "[Licence and micro-project](01_licence.ipynb).")
    assert "Write your first reflection on [Reflect](03_reflect.ipynb)." in steps
    assert learning.next_steps(learning.NO_LICENCE, 0, 0, ["link"]) == [
        "See who you orient, and whether each has started, on "
        "[Link: who I orient](07_link_who_i_orient.ipynb)."]


def test_next_steps_start_with_the_profile_until_it_is_saved_then_keep_it_in_mind():
    new = learning.next_steps(learning.NO_LICENCE, 0, 0, ["practitioner"], has_profile=False)
    assert new[0].startswith("Fill in My profile, below on this page")
    assert not any("Keep My profile" in step for step in new)
    settled = learning.next_steps("active", 1, 2, ["practitioner"], has_profile=True)
    assert not any("Fill in My profile" in step for step in settled)
    assert any(step.startswith("Keep My profile up to date") for step in settled)
    assert not any("first reflection" in step for step in settled)  # two are saved
    assert "Keep reflecting on [Reflect](03_reflect.ipynb)" in settled[0]


def test_every_role_has_something_to_do_next_each_a_link_to_a_page_of_theirs():
    from kit.views import site

    for kind in ("practitioner", "lead", "link", "researcher", "admin"):
        steps = learning.next_steps(learning.NO_LICENCE, 0, 0, [kind])
        assert steps, f"a {kind} is given nothing to do next"
        theirs = {site.href(page, site.START_HERE) for page in site.pages_for([kind])}
        for step in steps:
            linked = re.findall(r"\]\(([^)]+)\)", step)
            assert all(target in theirs for target in linked), (kind, step)
            assert linked or "My profile" in step, f"{step!r} names no page"
    lead = learning.next_steps(learning.NO_LICENCE, 0, 0, ["lead"])
    assert any("[Research: release queue](research/release_queue.ipynb)" in step for step in lead)


def test_charts_have_title_and_description_and_aggregated_data(reflections, links, focus_areas):
    counts = learning.reflection_counts(learning.own_rows(reflections, "p01"), links, focus_areas)
    tags = learning.tags_used(pd.DataFrame({"record_id": ["r1"], "tag": ["fog"]}))
    ratings = learning.self_ratings(reflections)
    timeline = learning.licence_timeline(pd.DataFrame(
        {"event": ["applied"], "reason": [""], "event_date": ["2025-01-10"]}))
    built = [charts_learning.reflections_over_time(counts), charts_learning.tags_used(tags),
             charts_learning.self_ratings(ratings), charts_learning.licence_timeline(timeline)]
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"] and spec["description"]
        rows = sum(len(v) for v in spec.get("datasets", {}).values())
        assert 0 < rows <= 20
    for chart in built[:2]:  # long rounded bars are drawn wrongly in JupyterLab
        assert chart.to_dict()["mark"]["cornerRadiusEnd"] == 0


def test_empty_frames_give_a_chart_saying_so():
    for chart in (charts_learning.reflections_over_time(learning.reflection_counts(
                      pd.DataFrame(), pd.DataFrame(), pd.DataFrame())),
                  charts_learning.tags_used(learning.tags_used(pd.DataFrame())),
                  charts_learning.self_ratings(learning.self_ratings(pd.DataFrame())),
                  charts_learning.licence_timeline(learning.licence_timeline(pd.DataFrame()))):
        spec = chart.to_dict()
        assert spec["title"] and spec["description"]
        assert spec["mark"]["type"] == "text"
