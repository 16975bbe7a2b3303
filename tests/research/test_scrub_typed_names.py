"""Typed names to hide: each list gets its own placeholder in the export; entries saved
before kinds existed are upgraded (a person unless the entry or its words say otherwise)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from research_support import add_reflection

from kit.capture.submit import submit
from kit.errors import ValidationProblems
from kit.model.hidden import guess_kind
from kit.model.migrations import migrate
from kit.model.records import FocusArea, NamesToHide
from kit.research import release_queue
from kit.store.workspace import Workspace

TEXT = ("Mrs Quillondrey and Tamsworth came from Upper Pellow to Brookhollow Academy, then the "
        "Lanternhouse Trust; we named it Project Heronsgate.")


def _area(ws: Workspace, pid: str) -> FocusArea:
    return next(a for a in ws.store.latest(FocusArea.TABLE, pid))


@pytest.mark.parametrize(("entry", "kind", "words"), [
    ("Kayden", "person", "Kayden"),
    ("Quillondrey", "person", "Quillondrey"),
    ("place: Upper Pellow", "place", "Upper Pellow"),
    ("Mill Lane", "place", "Mill Lane"),
    ("Brookhollow Academy", "organisation", "Brookhollow Academy"),
    ("Moorside Surgery", "organisation", "Moorside Surgery"),
    ("school: Brookhollow", "organisation", "Brookhollow"),
    ("other: Project Heronsgate", "other", "Project Heronsgate"),
    ("name: Tamsworth", "person", "Tamsworth"),
], ids=lambda v: str(v))
def test_an_untyped_entry_is_a_person_unless_it_says_otherwise(entry: str, kind: str, words: str) -> None:
    assert guess_kind(entry) == (kind, words)


def test_version_1_records_are_upgraded_into_typed_lists() -> None:
    old = {"kind": "names_to_hide", "schema_version": 1, "names": [
        "Kayden", "Shannon", "Brackenfield Primary", "place: Ossett", "Mill Lane", "other: Blue Heron"]}
    new = migrate(old)
    assert new["schema_version"] == 2 and "names" in new
    assert new["names"] == ["Kayden", "Shannon"]
    assert new["organisations"] == ["Brackenfield Primary"]
    assert new["places"] == ["Ossett", "Mill Lane"]
    assert new["other"] == ["Blue Heron"]


def test_a_stored_version_1_record_reads_as_typed(research_ws: Workspace) -> None:
    area = _area(research_ws, "p01")
    record = NamesToHide.new(practitioner_id="p01", focus_area_id=area.entity_id, names=["Kayden"])
    path = research_ws.store.write(record)
    data = record.model_dump(mode="json")  # as a workspace from before encryption stored it
    data.update(schema_version=1, names=["Kayden", "Oakfield Primary", "place: Ossett"])
    for key in ("places", "organisations", "other"):
        data.pop(key)
    path.write_text(json.dumps(data), encoding="utf-8")
    (read,) = research_ws.store.latest(NamesToHide.TABLE, "p01")
    assert (read.names, read.organisations, read.places) == (["Kayden"], ["Oakfield Primary"], ["Ossett"])
    assert read.entries() == ["person: Kayden", "place: Ossett", "organisation: Oakfield Primary"]


def test_a_record_must_hide_something() -> None:
    with pytest.raises(ValidationProblems, match="at least one word"):
        NamesToHide.new(practitioner_id="p01", focus_area_id="focus_area-1")


def test_each_kind_gets_its_own_placeholder_in_the_export(
        research_ws: Workspace, run_export: Callable[..., tuple[object, Path]]) -> None:
    area = _area(research_ws, "p01")
    submit(research_ws, NamesToHide.new(
        practitioner_id="p01", focus_area_id=area.entity_id, names=["Quillondrey", "Tamsworth"],
        places=["Upper Pellow"], organisations=["Brookhollow Academy", "Lanternhouse Trust"],
        other=["Project Heronsgate"]))
    add_reflection(research_ws, "p01", area, TEXT)
    run_export(research_ws, allow_empty=True)
    for state in release_queue.pending(research_ws):
        release_queue.confirm(research_ws, state.item.ref, "lead1")
    _, out = run_export(research_ws)
    answers = pd.read_parquet(out / "reflection_answers.parquet")["answer"]
    (text,) = [a for a in answers if "Mrs" in a]
    assert text == ("Mrs [NAME] and [NAME] came from [PLACE] to [SCHOOL], then the [ORG]; "
                    "we named it [OTHER].")
