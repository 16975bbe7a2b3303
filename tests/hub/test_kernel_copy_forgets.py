"""A hub kernel's copy holds what its person may read now, never more: when a practitioner
stops naming a lead, that lead's copy loses the practitioner's records at its next refresh;
their drafts (not records) stay. Through the candle service (the in-process one)."""

from __future__ import annotations

from pathlib import Path

from kit.hub.mirror import sync
from kit.model.records import Profile
from kit.store.workspace import Workspace


def test_a_lead_s_copy_forgets_a_practitioner_who_no_longer_names_them(
        service, workspace: Workspace, make_reflection, tmp_path: Path) -> None:
    reflection = make_reflection("p01")
    folder = tmp_path / "home" / "lead1" / "workspace"
    copy = sync(service.backend("lead1"), folder)
    kept = copy.store.path_for(reflection)
    assert kept.is_file()
    draft = folder / "drafts" / "lead1" / "review_note.json"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text('{"text": "half a note"}', encoding="utf-8")

    profile = next(iter(workspace.store.latest(Profile.TABLE, "p01")))
    service.backend("p01").edit(Profile.TABLE, profile.entity_id, "p01", "my lead changed",
                                {"lead_id": None})
    copy = sync(service.backend("lead1"), folder)

    assert not kept.exists()
    assert not any(copy.store.record_files("reflections", "p01"))
    assert not any(copy.store.record_files(Profile.TABLE, "p01"))
    assert list(copy.store.record_files(Profile.TABLE, "p02")), "p02 still names lead1"
    assert draft.read_text(encoding="utf-8") == '{"text": "half a note"}'
    assert "p01" not in {person.id for person in copy.settings.people}


def test_the_practitioner_s_own_copy_keeps_everything_of_theirs(
        service, make_reflection, tmp_path: Path) -> None:
    reflection = make_reflection("p01")
    folder = tmp_path / "home" / "p01" / "workspace"
    sync(service.backend("p01"), folder)
    copy = sync(service.backend("p01"), folder)
    assert copy.store.path_for(reflection).is_file()
