"""What the notebook cells call (kit.notebook), on a small real workspace: the header, Start
here, My learning, the lead's roster and the Link's list, for each role, with their empty
states and their errors in plain words (the same pages on both backends, and a section that is
not for the user: tests/learning/test_learning_workspace.py). The hub's wording is checked
with a service URL given (the pages through a real hub: tests/hub)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from IPython.core.interactiveshell import InteractiveShell

from kit.capture.submit import submit
from kit.errors import KitError
from kit.model.dates import latest_today
from kit.model.records import LicenceEvent, ReviewNote
from kit.notebook import data_requests, header, learning, people
from kit.store.workspace import Person, Settings, Workspace
from kit.views import header as header_words
from kit.views import pages

SERVICE = "http://127.0.0.1:8081/services/candle/"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list:
    """What the pages would have shown, instead of showing it."""
    InteractiveShell.instance()
    captured: list = []
    for module in (header, learning, pages, data_requests):
        monkeypatch.setattr(module, "display", captured.append)
    return captured


def text(item) -> str:
    """The HTML or Markdown of something shown (a widget's value, an HTML/Markdown object's data)."""
    return getattr(item, "value", None) or item.data


def test_the_header_names_the_folder_and_the_user_for_each_role(workspace: Workspace, shown) -> None:
    for user, who in (("p01", "Practitioner One</strong> (p01, practitioner)"),
                      ("lead1", "Lead One</strong> (lead1, lead)"),
                      ("link1", "Link One</strong> (link1, link)")):
        header.show_header(workspace, user)
        assert who in text(shown[-1]) and str(workspace.root) in text(shown[-1])
        assert "Test workspace" in text(shown[-1]) and "candle service" not in text(shown[-1])


def test_the_header_without_a_workspace_or_with_an_unknown_user_says_so(workspace, shown) -> None:
    header.show_header()
    assert "No workspace to show" in text(shown[-1]) and "CANDLE_WORKSPACE" in text(shown[-1])
    header.show_header(workspace, "nobody")
    assert "'nobody' is not a person" in text(shown[-1]) and 'role="alert"' in text(shown[-1])


def test_start_here_for_a_practitioner_a_lead_and_a_link(workspace: Workspace, shown) -> None:
    learning.show_start_here(workspace)
    mine = text(shown[-1])
    assert "Hello, Practitioner One" in mine and "Reflections saved: 0" in mine
    assert f"Everything you save is in <code>{workspace.root}</code>" in mine
    learning.show_start_here(workspace, "lead1")
    assert "Practitioners you support: 2" in text(shown[-1]) and "Licence" not in text(shown[-1])
    learning.show_start_here(workspace, "link1")
    assert "07_link_who_i_orient" in text(shown[-1]) and "Reflections saved" not in text(shown[-1])


def test_the_admin_page_is_for_administrators_and_start_here_offers_it_to_them_only(
        workspace_with_admin: Workspace, shown) -> None:
    data_requests.show_data_requests(workspace_with_admin, "p01")
    assert "This page is for administrators (the hub's candle-admins group)" in text(shown[-1])
    assert "You are signed in as Practitioner One (practitioner)" in text(shown[-1])
    learning.show_start_here(workspace_with_admin, "admin1")
    assert "08_admin_data_requests" in text(shown[-1])
    for user in ("p01", "lead1", "link1"):
        learning.show_start_here(workspace_with_admin, user)
        assert "08_admin_data_requests" not in text(shown[-1]), user


def test_start_here_and_my_learning_name_a_planned_licence_decision(workspace: Workspace,
                                                                    shown) -> None:
    pause = latest_today() + timedelta(days=50)
    for event, day in (("applied", date(2026, 1, 5)), ("active", date(2026, 1, 12)),
                       ("paused", pause)):
        submit(workspace, LicenceEvent.new(practitioner_id="p01", event=event, event_date=day))
    learning.show_start_here(workspace)
    assert f"Licence: <strong>active (paused from {pause:%d %b %Y})</strong>" in text(shown[-1])
    learning.show_my_learning("licence", workspace)
    assert f"Planned: Paused from {pause:%d/%m/%Y}." in text(shown[-1])  # in the chart's <desc>
    assert f"<title>Date: {pause:%d %b %Y}; Event: Paused</title>" in text(shown[-1])  # on hover


def test_my_learning_sections_show_drawn_charts_and_the_notes_table(workspace, make_reflection,
                                                                      shown) -> None:
    make_reflection("p01", tags=["fog"])
    for section in ("reflections", "tags", "self_ratings", "licence"):
        learning.show_my_learning(section, workspace)
    assert len(shown) == 4
    assert all(text(item).startswith('<div class="candle-chart"><svg ') for item in shown)
    learning.show_my_learning("review_notes", workspace)
    assert "has not shared a review note yet" in text(shown[-1])
    learning.show_my_learning("reviews", workspace)  # read through the workspace interface
    assert "has not shared a review with you yet" in text(shown[-1])
    submit(workspace, ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2025-Q2",
                                     text="Lovely progress with the FOG.", shared=True),
           acting_user="lead1")
    learning.show_my_learning("review_notes", workspace)
    assert "Lovely progress with the FOG." in text(shown[-1]) and "Lead One" in text(shown[-1])


def test_an_unknown_section_is_an_error_naming_the_sections(workspace) -> None:
    with pytest.raises(KitError, match="'charts' is not a section of My learning") as caught:
        learning.show_my_learning("charts", workspace)
    assert "review_notes" in str(caught.value)


def test_the_lead_sees_the_roster_in_name_order(workspace, make_reflection, shown) -> None:
    make_reflection("p02", reflection_date=date(2025, 5, 6))
    people.show_roster(workspace, "lead1")
    html = text(shown[-1])
    assert "<caption>Practitioners Lead One supports (by name)</caption>" in html
    assert html.index("Practitioner One") < html.index("Practitioner Two")
    assert "06 May 2025" in html and "not yet" in html


def test_the_link_sees_who_has_started(workspace, make_reflection, shown) -> None:
    make_reflection("p02")
    people.show_oriented(workspace, "link1")
    html = text(shown[-1])
    assert "<caption>Practitioners Link One orients (by name)</caption>" in html
    assert html.index("Practitioner One") < html.index("Practitioner Two")
    assert html.index("Practitioner One") < html.index("Not yet") < html.index("Practitioner Two") \
        < html.index("Yes")  # p01 has not started, p02 has


def test_a_lead_or_link_nobody_names_sees_a_plain_empty_list(tmp_path, shown) -> None:
    ws = Workspace.create(tmp_path / "ws", Settings(name="Quiet", current_user="lead2", people=[
        Person(id="lead2", name="Lead Two", kinds=["lead", "link"])]))
    people.show_roster(ws)
    assert "Nobody names you as their lead yet." in text(shown[-1])
    people.show_oriented(ws)
    assert "Nobody names you as their link practitioner yet." in text(shown[-1])


@pytest.mark.parametrize("show", [learning.show_start_here, people.show_roster, people.show_oriented,
                                  lambda ws, user: learning.show_my_learning("tags", ws, user)])
def test_an_unknown_user_is_said_in_plain_words_not_raised(workspace, shown, show) -> None:
    show(workspace, "nobody")
    assert text(shown[-1]).startswith("**Something needs attention.** 'nobody' is not a person")


def folded(shown: str) -> tuple[str, str]:
    """What a page shows open, and what it folds away under "Details for whoever runs the hub"."""
    before, _, rest = shown.partition("<details")
    inside, _, after = rest.partition("</details>")
    assert "Details for whoever runs the hub" in inside
    return before + after, inside


def test_on_a_hub_the_pages_speak_of_the_service_and_the_copy_in_words(workspace) -> None:
    """Addresses and folders only under "Details for whoever runs the hub"."""
    person = workspace.person("p01")
    line, details = folded(header_words.header_html(workspace, person, SERVICE))
    assert "kept by the team's service; this page shows your copy" in line
    assert SERVICE not in line and str(workspace.root) not in line and "candle service" not in line
    assert f"<code>{SERVICE}</code>" in details and f"<code>{workspace.root}</code>" in details
    summary = pages.learning.summary(workspace, "p01", kept_by=SERVICE)
    shown, details = folded(pages.start_here_html(summary))
    where = shown.split("Where your data lives")[1]
    assert "kept by the team's service" in where and "your copy of the records you may read" in where
    assert SERVICE not in shown and str(workspace.root) not in shown
    assert "Everything you save is in" not in where
    assert f"<code>{workspace.root}/drafts/</code>" in details


def test_off_a_hub_the_header_names_the_folder_and_folds_nothing_away(workspace) -> None:
    line = header_words.header_html(workspace, workspace.person("p01"))
    assert f"(<code>{workspace.root}</code>)" in line and "<details" not in line


def test_on_a_hub_a_person_without_a_profile_is_called_by_their_hub_user_name(workspace) -> None:
    unnamed = Person(id="p03", name="p03", kinds=["practitioner"])
    line = header_words.header_html(workspace, unnamed, SERVICE)
    assert "You are <strong>p03</strong> (your hub user name; practitioner)." in line
    assert "once you save My profile on Start here" in line
    named = workspace.person("p01")
    line = header_words.header_html(workspace, named, SERVICE)
    assert "You are <strong>Practitioner One</strong> (hub user p01, practitioner)." in line
    assert "My profile" not in line
    link = Person(id="link9", name="link9", kinds=["link"])
    assert "My profile" not in header_words.header_html(workspace, link, SERVICE)
