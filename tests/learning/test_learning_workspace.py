"""kit.views.learning's loaders and the pages the notebooks call (kit.notebook), on a small real
workspace.

My learning (the ``my_*`` loaders, the summary, shared review notes, ``show_my_learning`` and
Start here) and the lead's and Link's lists run on both backends (tests/conftest.py): remotely
on the person's kernel copy, synced through the candle service (``seen_by``), with the lists
asked of the service as that person (``act_as``). Local only (``LOCAL_ONLY``): who the user
is from kit.yaml or JUPYTERHUB_USER, an unknown user, and a save written straight into the
folder by the same process.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from IPython.core.interactiveshell import InteractiveShell

from kit.capture.submit import submit
from kit.hub.backend import open_backend
from kit.model.dates import latest_today
from kit.model.records import FocusArea, LicenceEvent, ReviewNote
from kit.notebook import learning as page
from kit.notebook import people
from kit.store.workspace import SETTINGS_FILE, write_settings
from kit.views import learning
from kit.views import pages as display

LOCAL_ONLY = ("test_a_kit_error_is_shown_in_plain_words_not_raised",
              "test_under_jupyterhub_the_hub_user_is_me",
              "test_start_here_redraws_after_a_save_in_the_folder")


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list:
    """What the pages would have shown, instead of showing it."""
    InteractiveShell.instance()
    captured: list = []
    for module in (page, display):
        monkeypatch.setattr(module, "display", captured.append)
    return captured


def test_my_learning_reads_only_my_records(make_focus_area, make_reflection, seen_by):
    area = make_focus_area("p01", "Family A")
    make_reflection("p01", [area.entity_id], reflection_date=date(2025, 4, 3), tags=["fog"],
                    self_confidence=3)
    make_reflection("p02", tags=["nurture"])
    mine = seen_by("p01")
    counts = learning.my_reflection_counts(mine, "p01")
    assert counts[["focus_area", "reflections"]].to_dict("records") == [
        {"focus_area": "Family A", "reflections": 1}]
    assert learning.my_tags(mine, "p01")["tag"].tolist() == ["fog"]
    assert learning.my_self_ratings(mine, "p01")["rating"].tolist() == [3]


def test_summary_and_roster(workspace, make_reflection, seen_by):
    make_reflection("p02", reflection_date=date(2025, 5, 6))
    submit(workspace, LicenceEvent.new(practitioner_id="p01", event="applied",
                                       event_date=date(2025, 1, 2)))
    summary = learning.summary(seen_by("p01"), "p01")
    assert summary.licence_status == "applied for" and summary.reflections == 0
    assert summary.next_steps[0].endswith("[Focus areas](02_focus_areas.ipynb).")
    assert (summary.name, summary.kinds) == ("Practitioner One", ["practitioner"])
    roster = learning.roster(seen_by("lead1"), "lead1")
    assert roster["practitioner_id"].tolist() == ["p01", "p02"]
    assert roster["last_reflection"].isna().tolist() == [True, False]


def test_the_workspaces_renewal_and_review_period_reach_my_learning(workspace, seen_by):
    workspace.settings.renewal_months, workspace.settings.review_period = 6, "monthly"
    write_settings(workspace.root / SETTINGS_FILE, workspace.settings)
    for event, day in (("applied", date(2025, 1, 2)), ("active", date(2025, 2, 3))):
        submit(workspace, LicenceEvent.new(practitioner_id="p01", event=event, event_date=day))
    mine = seen_by("p01")
    assert (mine.settings.renewal_months, mine.settings.review_period) == (6, "monthly")
    assert learning.my_licence(mine, "p01")[2] == date(2025, 8, 3)


def test_a_planned_decision_is_named_but_not_yet_applied(workspace, seen_by):
    today = latest_today()
    pause, renew = today + timedelta(days=30), today + timedelta(days=60)
    for event, day in (("applied", date(2026, 1, 5)), ("active", date(2026, 1, 12)),
                       ("paused", pause), ("renewed", renew)):
        submit(workspace, LicenceEvent.new(practitioner_id="p01", event=event, event_date=day))
    mine = seen_by("p01")
    summary = learning.summary(mine, "p01")
    assert summary.licence_status == (f"active (paused from {pause:%d %b %Y}; "
                                      f"renewed from {renew:%d %b %Y})")
    assert not any("01_licence" in step for step in summary.next_steps)
    # the renewal date is the current term's: a planned renewal does not move it yet
    assert learning.my_licence(mine, "p01")[1:] == (today, date(2027, 1, 12))
    assert learning.my_licence_timeline(mine, "p01")["event"].tolist()[-2:] == ["paused", "renewed"]


def test_shared_review_notes_reach_the_practitioner(workspace, seen_by):
    for text, shared, period in (("Lovely progress with the FOG.", True, "2025-Q2"),
                                 ("Lead's own memo", False, "2025-Q1")):
        note = ReviewNote.new(practitioner_id="p01", author_id="lead1", period=period,
                              text=text, shared=shared)
        submit(workspace, note, acting_user="lead1")
    notes = learning.my_review_notes(seen_by("p01"), "p01")
    assert notes[["from", "note"]].to_dict("records") == [
        {"from": "Lead One", "note": "Lovely progress with the FOG."}]


def test_display_sections_show_a_drawn_chart_or_a_table(make_reflection, shown, seen_by):
    make_reflection("p01", tags=["fog"])
    mine = seen_by("p01")
    for section in ("reflections", "tags", "self_ratings", "licence"):
        page.show_my_learning(section, workspace=mine)
    assert len(shown) == 4
    assert all(item.data.startswith('<div class="candle-chart"><svg ') for item in shown)
    page.show_my_learning("review_notes", workspace=mine)
    assert "has not shared a review note yet" in shown[-1].data


def test_display_start_here_and_roster(shown, act_as, seen_by):
    act_as("p01")
    mine = seen_by("p01")
    page.show_start_here(workspace=mine)
    text = shown[-1].value
    assert "Hello, Practitioner One" in text and str(mine.root) in text
    act_as("lead1")
    people.show_roster(workspace=seen_by("lead1"), user_id="lead1")
    assert "<caption>Practitioners Lead One supports (by name)</caption>" in shown[-1].data
    assert shown[-1].data.index("Practitioner One") < shown[-1].data.index("Practitioner Two")


def test_display_link_list_of_who_they_orient(shown, make_reflection, act_as, seen_by):
    make_reflection("p02")
    act_as("link1")
    people.show_oriented(workspace=seen_by("link1"), user_id="link1")
    html = shown[-1].data
    assert "<caption>Practitioners Link One orients (by name)</caption>" in html
    assert "Not yet" in html and "Yes" in html
    assert html.index("Practitioner One") < html.index("Practitioner Two")


def test_a_link_sees_a_practitioner_whose_only_reflection_is_private_as_started(
        shown, make_reflection, act_as, seen_by):
    kept = make_reflection("p02", visibility="private")
    act_as("link1")
    people.show_oriented(workspace=seen_by("link1"), user_id="link1")
    html = shown[-1].data
    rows = html.split("<tr>")
    assert "Yes" in next(row for row in rows if "Practitioner Two" in row)
    assert "Not yet" in next(row for row in rows if "Practitioner One" in row)
    assert kept.answers["what"] not in html


def test_a_kit_error_is_shown_in_plain_words_not_raised(workspace, shown):
    page.show_start_here(workspace=workspace, user_id="nobody")
    assert shown[-1].data.startswith("**Something needs attention.** 'nobody' is not a person")


def test_table_html_formats_dates_and_escapes_text():
    import pandas as pd
    frame = pd.DataFrame({"last_reflection": pd.to_datetime(["2025-04-03", None]),
                          "note": ["<b>hi</b>", "x"]})
    html = display.table_html(frame, "Caption")
    assert "03 Apr 2025" in html and "not yet" in html and "&lt;b&gt;" in html
    assert "<caption>Caption</caption>" in html
    assert "text-align: left !important" in html and "text-align: right" not in html


def test_under_jupyterhub_the_hub_user_is_me(workspace, shown, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "p02")
    page.show_start_here(workspace=workspace)
    assert "Hello, Practitioner Two" in shown[-1].value


@pytest.mark.parametrize(("show", "user", "words"), [
    (lambda ws, user: page.show_my_learning("reflections", workspace=ws, user_id=user), "lead1",
     "My learning shows a practitioner's own"),
    (lambda ws, user: people.show_roster(workspace=ws, user_id=user), "link1",
     "This list is for lead practitioners"),
    (lambda ws, user: people.show_oriented(workspace=ws, user_id=user), "p01",
     "This list is for Link practitioners"),
])
def test_a_section_not_for_the_user_says_why_and_shows_nothing(shown, show, user, words, seen_by):
    show(seen_by(user), user)
    assert len(shown) == 1
    assert shown[0].data.startswith("**Nothing to show here.**") and words in shown[0].data


def test_start_here_redraws_after_a_save_in_the_folder(workspace, shown, make_focus_area):
    page.show_start_here(workspace=workspace)
    assert "Active focus areas: none yet" in shown[-1].value
    make_focus_area("p01", "Family A")
    assert "Active focus areas: Family A" in shown[-1].value


def test_start_here_redraws_after_my_own_save(shown, act_as, seen_by):
    mine = seen_by("p01")
    page.show_start_here(workspace=mine)
    assert "Active focus areas: none yet" in shown[-1].value
    act_as("p01")  # this kernel is p01's: the save goes through the workspace interface
    open_backend(mine, "p01").submit(FocusArea.new(practitioner_id="p01", label="Family A",
                                                   focus_kind="family", opened_on=date(2025, 4, 3)))
    assert "Active focus areas: Family A" in shown[-1].value
