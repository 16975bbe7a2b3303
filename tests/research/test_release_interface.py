"""The release queue through the workspace interface, on both backends: each lead sees and
decides only the held reflections of the practitioners who name them, the release page works
on either backend, a stale confirm says so in plain words, and concurrent decisions through
the service keep the queue consistent."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hub_contract import CHANGED
from inprocess_service import CandleService
from research_support import EXPORT_DATE, PRACTITIONERS, add_practitioner, add_reflection, research_settings

from kit.errors import PermissionDenied
from kit.hub.backend import WorkspaceBackend
from kit.hub.local import LocalBackend
from kit.research import release_queue
from kit.research.export import export_research
from kit.research.release_widgets import ReleasePage
from kit.store.workspace import Person, Workspace

Open = Callable[[str], WorkspaceBackend]


@pytest.fixture
def two_teams(tmp_path: Path) -> Workspace:
    """lead1's six practitioners (p01 has a held reflection) and lead2's p07 (one held too)."""
    settings = research_settings(extra=("p07",))
    settings.people += [Person(id="lead2", name="Lead Two", kinds=["lead"]),
                        Person(id="res1", name="Researcher One", kinds=["researcher"])]
    ws = Workspace.create(tmp_path / "ws", settings)
    for pid in PRACTITIONERS:
        add_practitioner(ws, pid)
    area = ws.store.latest("focus_areas", "p01")[0]
    add_reflection(ws, "p01", area, "We walked past Kingsmead today.")
    add_practitioner(ws, "p07", lead_id="lead2", reflections=1, text="Met Priya at the gate.")
    export_research(ws, tmp_path / "first-export", as_lead="lead1", export_date=EXPORT_DATE)
    return ws


@pytest.fixture(params=["local", "remote"])
def open_as(request: pytest.FixtureRequest, two_teams: Workspace) -> Open:
    """The workspace interface as a person: on the folder, or through the in-process service."""
    if request.param == "local":
        return lambda pid: LocalBackend.for_user(two_teams, pid)
    service: CandleService = request.getfixturevalue("_candle_service")
    service.use(two_teams)
    return service.backend


def test_each_lead_sees_and_decides_only_their_own_practitioners(open_as: Open, two_teams) -> None:
    lead1, lead2 = open_as("lead1"), open_as("lead2")
    [mine] = lead1.release_items()
    [theirs] = lead2.release_items()
    assert (mine.practitioner_id, theirs.practitioner_id) == ("p01", "p07")
    with pytest.raises(PermissionDenied, match="does not name lead2 as their lead"):
        lead2.release_mask(mine.ref, "Kingsmead", "PLACE")
    refused = lead2.release_confirm({mine.ref: mine.text})
    assert refused.confirmed == [] and "does not name lead2 as their lead" in refused.problems[0][1]
    assert release_queue.released_answers(two_teams) == {}
    with pytest.raises(PermissionDenied, match="Only a lead can see the research release queue"):
        open_as("res1").release_items()


def test_the_release_page_masks_and_confirms_through_the_interface(open_as: Open, two_teams) -> None:
    page = ReleasePage(open_as("lead1"), two_teams)
    [card] = page.cards
    assert "Reflection by Person p01" in card.text.value and "1 reflection waits" in page.header.value
    card.span.value, card.kind.value = "Kingsmead", "PLACE"
    card.mask_button.click()
    assert "Masked" in page.message.value and "[PLACE]</mark> today" in card.text.value
    card.text.seen = True  # the browser reports it on screen
    page.confirm_button.click()
    assert "Confirmed 1 reflection;" in page.outcome.value and page.cards == []
    released = release_queue.released_answers(two_teams)
    assert list(released.values()) == [{"what": "We walked past [PLACE] today."}]


def test_a_confirm_of_a_text_changed_meanwhile_is_refused_in_plain_words(open_as: Open, two_teams) -> None:
    page = ReleasePage(open_as("lead1"), two_teams)  # one window...
    open_as("lead1").release_mask(page.cards[0].note.ref, "Kingsmead", "PLACE")  # ...another masks
    page.cards[0].text.seen = True
    page.confirm_button.click()
    assert page.outcome.value.startswith('<p role="status"><b>Not confirmed:</b> Reflection by Person p01, ')
    assert CHANGED in page.outcome.value and "Confirmed 0 reflections" in page.outcome.value
    assert release_queue.released_answers(two_teams) == {}
    assert "[PLACE]</mark> today" in page.cards[0].text.value  # the page shows the text as it is now


def test_a_held_reflection_made_private_or_withdrawn_leaves_the_lead_s_queue(open_as: Open,
                                                                           two_teams) -> None:
    """The read rule reaches the queue too: a held reflection its practitioner then edits to
    private (or withdraws) is neither listed nor shown nor decided, though its file stays."""
    [held] = open_as("lead1").release_items()
    open_as("p01").edit("reflections", held.record_id, "p01", "Only for me.", {"visibility": "private"})
    lead = open_as("lead1")
    assert lead.release_items() == []
    with pytest.raises(PermissionDenied, match="no longer one an export would include"):
        lead.release_mask(held.ref, "Kingsmead", "PLACE")
    refused = lead.release_confirm({held.ref: held.text})
    assert refused.confirmed == [] and "no longer one an export would include" in refused.problems[0][1]
    assert release_queue.released_answers(two_teams) == {}


def test_concurrent_decisions_through_the_service_keep_the_queue_consistent(
        service_two_teams: tuple[CandleService, Workspace]) -> None:
    service, ws = service_two_teams
    [note] = service.backend("lead1").release_items()

    def confirm(_: int):
        return service.backend("lead1").release_confirm({note.ref: note.text})

    with ThreadPoolExecutor(max_workers=6) as pool:
        confirms = [pool.submit(confirm, n) for n in range(5)]
        masked = pool.submit(service.backend("lead1").release_mask, note.ref, "Kingsmead", "PLACE")
        outcomes = [future.result() for future in confirms]
    assert masked.result().text == {"what": "We walked past [PLACE] today."}
    done = [o for o in outcomes if o.confirmed == [note.ref]]
    refused = [o for o in outcomes if o.problems == [(note.ref, CHANGED)]]
    assert len(done) + len(refused) == 5
    [state] = [s for s in release_queue.states(ws) if s.item.record_id == note.record_id]
    assert [d.action for d in state.decisions].count("confirm") == len(done)
    assert state.decisions[-1].action == "mask" and state.pending  # no confirm slipped in after it
    stored = [e for e in service.state.audit.events() if e.get("release") == "confirm"]
    assert len(stored) == 5 and all(e["outcome"] == "stored" for e in stored)


@pytest.fixture
def service_two_teams(_candle_service: CandleService,
                      two_teams: Workspace) -> tuple[CandleService, Workspace]:
    """The in-process service over the two teams' workspace."""
    return _candle_service, _candle_service.use(two_teams)
