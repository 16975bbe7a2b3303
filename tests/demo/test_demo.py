"""The demo workspace: generated the same every time, and shaped as the issue asks."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from checkout import DEMO_WORKSPACE

from kit.demo import FACTS, IDENTIFIER_KINDS, generate_demo, planted_identifiers
from kit.model.records import (
    FocusArea,
    LicenceEvent,
    MicroProject,
    NamesToHide,
    Profile,
    Reflection,
    ResearchConsent,
    ReviewNote,
    Withdrawal,
)
from kit.store.keys import demo_key_people
from kit.store.sealing import is_sealed
from kit.store.workspace import Workspace

PRACTITIONERS = [f"p{n:02d}" for n in range(1, 13)]


def _source_files(root: Path) -> dict[str, bytes]:
    """The files that are the demo's truth (derived folders left out)."""
    paths = [root / "kit.yaml", *(root / "records").rglob("*"),
             *(root / "private" / "records").rglob("*"), *(root / "private" / "keys").rglob("*")]
    return {str(p.relative_to(root)): p.read_bytes() for p in paths if p.is_file()}


def _generate_quickly(path: Path) -> Workspace:
    """Generate the demo without fsync (durability is the store's tests' business)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda descriptor: None)
        return generate_demo(path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A freshly generated demo workspace (the committed one is never touched)."""
    return _generate_quickly(tmp_path_factory.mktemp("demo") / "ws")


def _latest(demo: Workspace, table: str, pid: str | None = None) -> list:
    return demo.store.latest(table, pid)


def test_committed_demo_is_exactly_what_the_generator_writes(demo: Workspace) -> None:
    committed = _source_files(DEMO_WORKSPACE)
    generated = _source_files(demo.root)
    again = "regenerate it: rm -rf data/demo && candle init --demo data/demo, then commit data/demo"
    assert sorted(committed) == sorted(generated), again
    changed = [name for name in generated if committed[name] != generated[name]]
    assert changed == [], again


def test_two_runs_write_byte_identical_files(demo: Workspace, tmp_path: Path) -> None:
    again = _generate_quickly(tmp_path / "again")
    assert _source_files(again.root) == _source_files(demo.root)


def test_committed_demo_is_small() -> None:
    size = sum(len(data) for data in _source_files(DEMO_WORKSPACE).values())
    assert size < 2 * 1024 * 1024


def test_the_demo_is_sealed_with_demo_keys_that_say_so(demo: Workspace) -> None:
    files = list(demo.store.record_files())
    assert files and all(is_sealed(path.read_bytes()) for path in files)
    names = [person.name for person in demo.settings.people]
    assert not [name for path in files for name in names if name.encode() in path.read_bytes()]
    assert demo_key_people(demo) == sorted(person.id for person in demo.settings.people)
    assert b"DEMO KEY" in (demo.root / "private" / "keys" / "p01.key").read_bytes()


def test_people_in_kit_yaml(demo: Workspace) -> None:
    kinds = Counter(kind for person in demo.settings.people for kind in person.kinds)
    assert kinds == {"practitioner": 12, "lead": 2, "link": 1, "researcher": 1}
    assert [p.id for p in demo.people_of_kind("practitioner")] == PRACTITIONERS
    assert demo.settings.current_user == "p01"


def test_every_file_reads_back_without_quarantine(demo: Workspace) -> None:
    result = demo.store.load()
    assert result.quarantined == []
    assert len(result.records) > 500


@pytest.mark.parametrize("pid", PRACTITIONERS)
def test_each_practitioner_has_a_licensed_year(demo: Workspace, pid: str) -> None:
    (profile,) = _latest(demo, Profile.TABLE, pid)
    assert profile.role == "mini_candle_practitioner"
    assert profile.lead_id in ("lead1", "lead2") and profile.link_id == "link1"
    events = [e.event for e in _latest(demo, LicenceEvent.TABLE, pid)]
    assert {"applied", "active"} <= set(events)
    assert len(_latest(demo, MicroProject.TABLE, pid)) == 1
    active = [a for a in _latest(demo, FocusArea.TABLE, pid) if a.status == "active"]
    assert 1 <= len(active) <= 3
    reflections = _latest(demo, Reflection.TABLE, pid)
    first = min(r.reflection_date for r in reflections)
    last = max(r.reflection_date for r in reflections)
    assert date(2026, 11, 1) <= last <= date(2026, 11, 15)
    assert 6 <= (last - first).days / 30.4 <= 9.3
    notes = _latest(demo, ReviewNote.TABLE, pid)
    assert sorted(n.period for n in notes) == ["2026-Q2", "2026-Q3"]
    assert {n.author_id for n in notes} == {profile.lead_id}
    assert demo.store.latest("journey_steps", pid) and demo.store.latest("support_contacts", pid)


def test_licence_twists_and_project_types(demo: Workspace) -> None:
    events = Counter(e.event for e in _latest(demo, LicenceEvent.TABLE))
    assert events["paused"] == 1 and events["renewed"] == 1
    paused = [e.practitioner_id for e in _latest(demo, LicenceEvent.TABLE) if e.event == "paused"]
    renewed = [e.practitioner_id for e in _latest(demo, LicenceEvent.TABLE) if e.event == "renewed"]
    assert paused == [FACTS["licence_paused"]] and renewed == [FACTS["licence_renewed"]]
    types = {p.project_type for p in _latest(demo, MicroProject.TABLE)}
    assert types == {"T1", "T2", "T3", "T4"}


def test_reflections_use_every_template(demo: Workspace) -> None:
    templates = Counter(r.template for r in _latest(demo, Reflection.TABLE))
    assert set(templates) == {"i_matter", "gibbs", "rolfe", "nuggets"}
    assert templates["nuggets"] < templates["i_matter"]


def test_consent_given_by_most_withdrawn_by_one(demo: Workspace) -> None:
    decisions: dict[str, list[str]] = {}
    for consent in sorted(demo.store.versions(ResearchConsent.TABLE),
                          key=lambda c: (c.decided_on, c.created_at)):
        decisions.setdefault(consent.practitioner_id, []).append(consent.decision)
    latest = Counter(history[-1] for history in decisions.values())
    assert latest["given"] >= 9
    withdrawn = [pid for pid, history in decisions.items() if history[-1] == "withdrawn"]
    assert withdrawn == [FACTS["consent_withdrawn"]]
    assert decisions[withdrawn[0]] == ["given", "withdrawn"]
    assert FACTS["no_consent"] not in decisions


def test_at_most_three_active_focus_areas_even_after_opening_a_fourth(demo: Workspace) -> None:
    per_practitioner = Counter(a.practitioner_id for a in _latest(demo, FocusArea.TABLE))
    assert max(per_practitioner.values()) == 4
    closed = [a for a in _latest(demo, FocusArea.TABLE) if a.status == "closed"]
    assert closed and all(a.closed_on for a in closed)


def test_history_has_revisions_with_reasons_and_one_withdrawal(demo: Workspace) -> None:
    revised = [r for r in demo.store.versions(Reflection.TABLE) if r.supersedes]
    assert len(revised) >= 2 and all(r.edit_reason for r in revised)
    assert {r.practitioner_id for r in revised} == {FACTS["reflection_revised"],
                                                    FACTS["reflection_revised_to_remove_school_name"]}
    (withdrawal,) = demo.store.versions(Withdrawal.TABLE)
    assert withdrawal.target_table == Reflection.TABLE
    assert withdrawal.practitioner_id == FACTS["reflection_withdrawn"]
    assert withdrawal.target_entity_id in demo.store.withdrawn()


def test_names_to_hide_are_private_and_cover_most_focus_areas(demo: Workspace) -> None:
    assert not (demo.root / "records" / NamesToHide.TABLE).exists()
    assert list((demo.root / "private" / "records" / NamesToHide.TABLE).rglob("*.json"))
    hidden = _latest(demo, NamesToHide.TABLE)
    areas = [a for a in demo.store.versions(FocusArea.TABLE) if not a.supersedes]
    assert 0.6 * len(areas) <= len(hidden) < len(areas)
    assert {h.focus_area_id for h in hidden} <= {a.entity_id for a in areas}


def test_names_to_hide_are_the_names_planted_in_that_focus_area(demo: Workspace) -> None:
    hidden = {h.focus_area_id: h.words() for h in _latest(demo, NamesToHide.TABLE)}
    reflections = [r for r in _latest(demo, Reflection.TABLE) if r.focus_area_ids[0] in hidden]
    text = " ".join(" ".join(r.answers.values()) for r in reflections)
    all_names = {name for names in hidden.values() for name in names}
    found = [name for name in all_names if name in text]
    assert len(found) >= 0.8 * len(all_names)


def test_every_identifier_kind_is_planted(demo: Workspace) -> None:
    planted = planted_identifiers(demo)
    kinds = Counter(p.kind for p in planted if p.table == Reflection.TABLE)
    assert set(kinds) == set(IDENTIFIER_KINDS)
    assert any(p.registered for p in planted) and any(not p.registered for p in planted)
    assert any(p.table == "support_contacts" and p.privacy == "private_note" for p in planted)
    assert any(p.practitioner_id == FACTS["consent_withdrawn"] for p in planted)


def test_planted_identifiers_point_at_their_text(demo: Workspace) -> None:
    by_id = {r.record_id: r for r in demo.store.versions(Reflection.TABLE)}
    for planted in planted_identifiers(demo, tables=(Reflection.TABLE,))[:200]:
        prompt = planted.field.removeprefix("answers.")
        assert planted.value.lower() in by_id[planted.record_id].answers[prompt].lower()


def test_text_reads_like_the_domain(demo: Workspace) -> None:
    text = " ".join(" ".join(r.answers.values()) for r in _latest(demo, Reflection.TABLE))
    for word in ("FOG", "Structure", "Nurture", "Engagement", "Challenge", "co-regulate",
                 "readiness for change", "adult's role", "Containment", "stress"):
        assert word.lower() in text.lower(), word


def test_the_school_name_removed_by_an_edit_stays_only_in_the_old_version(demo: Workspace) -> None:
    pid = FACTS["reflection_revised_to_remove_school_name"]
    (revised,) = [r for r in demo.store.versions(Reflection.TABLE, pid) if r.supersedes]
    latest_ids = {r.record_id for r in demo.store.latest(Reflection.TABLE, pid)}
    schools_in = {p.record_id for p in planted_identifiers(demo, tables=(Reflection.TABLE,))
                  if p.kind == "school" and p.practitioner_id == pid}
    assert revised.supersedes in schools_in and revised.record_id not in schools_in
    assert revised.record_id in latest_ids and revised.supersedes not in latest_ids


def test_tags_are_a_few_of_the_ideas_in_the_text(demo: Workspace) -> None:
    sizes = Counter(len(r.tags) for r in _latest(demo, Reflection.TABLE))
    assert set(sizes) <= {1, 2, 3, 4}
