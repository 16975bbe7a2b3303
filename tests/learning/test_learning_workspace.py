"""kit.views.learning's loaders and kit.views.pages's tables, on a small real workspace (the page
entries the notebooks call: tests/pages)."""

from __future__ import annotations

from datetime import date

from kit.capture.submit import submit
from kit.model.records import LicenceEvent, ReviewNote
from kit.views import learning
from kit.views import pages as display


def test_my_learning_reads_only_my_records(workspace, make_focus_area, make_reflection):
    area = make_focus_area("p01", "Family A")
    make_reflection("p01", [area.entity_id], reflection_date=date(2025, 4, 3), tags=["fog"],
                    self_confidence=3)
    make_reflection("p02", tags=["nurture"])
    counts = learning.my_reflection_counts(workspace, "p01")
    assert counts[["focus_area", "reflections"]].to_dict("records") == [
        {"focus_area": "Family A", "reflections": 1}]
    assert learning.my_tags(workspace, "p01")["tag"].tolist() == ["fog"]
    assert learning.my_self_ratings(workspace, "p01")["rating"].tolist() == [3]


def test_summary_and_roster(workspace, make_reflection):
    make_reflection("p02", reflection_date=date(2025, 5, 6))
    submit(workspace, LicenceEvent.new(practitioner_id="p01", event="applied",
                                       event_date=date(2025, 1, 2)))
    summary = learning.summary(workspace, "p01")
    assert summary.licence_status == "applied for" and summary.reflections == 0
    assert summary.next_steps[0].endswith("02_focus_areas.")
    roster = learning.roster(workspace, "lead1")
    assert roster["practitioner_id"].tolist() == ["p01", "p02"]
    assert roster["last_reflection"].isna().tolist() == [True, False]


def test_shared_review_notes_reach_the_practitioner(workspace):
    for text, shared, period in (("Lovely progress with the FOG.", True, "2025-Q2"),
                                 ("Lead's own memo", False, "2025-Q1")):
        note = ReviewNote.new(practitioner_id="p01", author_id="lead1", period=period,
                              text=text, shared=shared)
        submit(workspace, note, acting_user="lead1")
    notes = learning.my_review_notes(workspace, "p01")
    assert notes[["from", "note"]].to_dict("records") == [
        {"from": "Lead One", "note": "Lovely progress with the FOG."}]


def test_table_html_formats_dates_and_escapes_text():
    import pandas as pd
    frame = pd.DataFrame({"last_reflection": pd.to_datetime(["2025-04-03", None]),
                          "note": ["<b>hi</b>", "x"]})
    html = display.table_html(frame, "Caption")
    assert "03 Apr 2025" in html and "not yet" in html and "&lt;b&gt;" in html
    assert "<caption>Caption</caption>" in html
    assert "text-align: left !important" in html and "text-align: right" not in html
