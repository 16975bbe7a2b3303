"""project.qdpx (issue 19): valid against the REFI-QDA schema, read back equal to the CSV
package, stable bytes and GUIDs, and nothing the CSV package withholds."""

from __future__ import annotations

import random
import re
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import xmlschema
from qdpx_reader import SCHEMA, Project, read_qdpx
from research_support import CANARIES, add_practitioner, research_settings

from kit.capture.submit import submit
from kit.cli import main
from kit.model import vocab
from kit.model.records import FocusArea, Reflection
from kit.research import qdpx
from kit.research.package import RESOURCES
from kit.store.workspace import Workspace

GOLDEN = Path(__file__).parent / "refi" / "golden_project.qde"
FORMULA = re.compile(r"^'(?=[=+\-@])")


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA))


def _csv(folder: Path, name: str) -> pd.DataFrame:
    """A package CSV as the recipient reads it, the spreadsheet guard (leading ') undone."""
    frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    return frame.apply(lambda column: column.str.replace(FORMULA, "", regex=True))


def assert_reads_back(folder: Path, schema: xmlschema.XMLSchema) -> Project:
    """The .qdpx in ``folder`` is valid and holds exactly the CSV package's reflections."""
    project = read_qdpx(folder / qdpx.FILE_NAME)
    schema.validate(project.qde.decode("utf-8"))
    reflections = _csv(folder, "reflections").set_index("reflection_id")
    answers = _csv(folder, "reflection_answers")
    answers = answers.assign(order=answers["prompt_order"].replace("", "999").astype(int))
    assert sorted(project.sources) == sorted(reflections.index)
    for rid, rows in answers.sort_values(["reflection_id", "order", "prompt_id"]).groupby("reflection_id"):
        assert project.sources[rid] == "\n\n".join(rows["answer"])
        marked = [(name, text) for name, text, _ in project.selections[rid]]
        assert marked == list(zip(rows["prompt_id"], rows["answer"], strict=True))
        template = reflections.loc[rid, "template"]
        prompts = {p.id: p.label for p in vocab.reflection_prompts(template)}
        assert [d for *_, d in project.selections[rid]] == [f"Prompt: {prompts[p]}"
                                                            for p in rows["prompt_id"]]
    titles = {c.name: c.title for c in RESOURCES["reflections"]["columns"]}
    for rid, row in reflections.iterrows():
        expected = {titles[name]: row[name] for name in qdpx.SOURCE_VARIABLES if row[name] != ""}
        assert project.source_values[rid] == expected
    for pid, rows in reflections.groupby("practitioner_id"):
        assert sorted(project.case_sources[pid]) == sorted(rows.index)
        values = project.cases[pid]
        assert values.pop("Practitioner: Reflections") == str(len(rows))
        shared = {f"Practitioner: {titles[n]}": rows[n].iloc[0] for n in qdpx.CASE_VARIABLES
                  if rows[n].nunique() == 1 and rows[n].iloc[0] != ""}
        assert values == shared
    assert sorted(project.cases) == sorted(set(reflections["practitioner_id"]))
    tags = _csv(folder, "reflection_tags")
    coded = sorted((source, project.codes[code]) for source, code, start, end in project.codings
                   if (start, end) == (0, len(project.sources[source])))
    assert len(coded) == len(project.codings)  # every coding covers its whole source
    labels = {c.id: c.label for c in vocab.load("concept_tags").choices}
    assert coded == sorted((rid, labels.get(tag, tag)) for rid, tag in zip(tags["reflection_id"], tags["tag"],
                                                                            strict=True))
    return project


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("qdpx") / "demo"
    assert main(["init", "--demo", str(root)]) == 0
    return Workspace.open(root)


@pytest.fixture(scope="module")
def demo_package(demo: Workspace) -> Path:
    out = demo.root.parent / "package"
    assert main(["export", str(demo.root), "--out", str(out), "--as", "lead1"]) == 0
    return out


def test_the_demo_package_holds_a_valid_project_that_reads_back(demo_package: Path, schema) -> None:
    project = assert_reads_back(demo_package, schema)
    assert project.sources and project.codings and project.cases
    assert sorted(project.members) == ["project.qde", *sorted(f"sources/{n}.txt" for n in project.sources)]


def test_qdpx_only_writes_just_the_same_project(demo: Workspace, demo_package: Path, capsys) -> None:
    out = demo.root.parent / "qdpx-only"
    assert main(["export", str(demo.root), "--out", str(out), "--as", "lead1", "--qdpx-only"]) == 0
    assert f"import {out.resolve() / qdpx.FILE_NAME} as a REFI-QDA project" in capsys.readouterr().out
    assert [p.name for p in out.iterdir()] == [qdpx.FILE_NAME]
    assert (out / qdpx.FILE_NAME).read_bytes() == (demo_package / qdpx.FILE_NAME).read_bytes()


def _every_template_workspace(root: Path, count: int = 200) -> Workspace:
    """Ten consenting practitioners, ``count`` reflections over every template, prompt, tag,
    focus-area kind and rating; clean text (nothing for the scrubber), some of it non-ASCII."""
    rng = random.Random(19)
    ws = Workspace.create(root, research_settings(extra=("p07", "p08", "p09", "p10")))
    pids = [f"p{i:02d}" for i in range(1, 11)]
    templates = [c.id for c in vocab.load("reflection_templates").choices]
    tags = [c.id for c in vocab.load("concept_tags").choices]
    kinds = [c.id for c in vocab.load("focus_area_kinds").choices]
    sentences = ["Structure helped the evening settle.", "I noticed my own worry ease.",
                 "The routine gave some calm; next time I will slow down.",
                 "Nurture came first — a warm chat, a naïve hope.",
                 "Engagement grew when we tried the loops 😊.", "=the FOG lifted a little."]
    areas = {}
    for pid in pids:
        areas[pid] = [add_practitioner(ws, pid, reflections=0)]  # a family
        for kind in [k for k in kinds if k != "family"]:
            area = FocusArea.new(practitioner_id=pid, label=f"Area {kind}", focus_kind=kind,
                                 opened_on=date(2024, 9, 1))
            submit(ws, area)
            areas.setdefault(pid, []).append(area)
    for i in range(count):
        pid, template = pids[i % len(pids)], templates[i % len(templates)]
        answers = {p.id: " ".join(rng.sample(sentences, rng.randint(1, 2)))
                   for p in vocab.reflection_prompts(template)}
        submit(ws, Reflection.new(
            practitioner_id=pid, focus_area_ids=[areas[pid][i % len(kinds)].entity_id],
            answers=answers, template=template, tags=rng.sample(tags, rng.randint(0, 3)),
            reflection_date=date(2025, 1 + i % 5, 1 + i % 27),
            self_understanding=rng.choice([None, 1, 2, 3, 4, 5]),
            self_confidence=rng.choice([None, 3, 4])))
    return ws


def test_two_hundred_reflections_with_every_template_and_attribute(tmp_path: Path, schema) -> None:
    ws = _every_template_workspace(tmp_path / "ws")
    out = tmp_path / "package"
    assert main(["export", str(ws.root), "--out", str(out), "--as", "lead1", "--k", "2"]) == 0
    project = assert_reads_back(out, schema)
    reflections = _csv(out, "reflections")
    assert len(project.sources) == len(reflections) == 200
    assert set(reflections["template"]) == {c.id for c in vocab.load("reflection_templates").choices}
    values = {name for source in project.source_values.values() for name in source}
    titles = {c.name: c.title for c in RESOURCES["reflections"]["columns"]}
    assert values == {titles[name] for name in qdpx.SOURCE_VARIABLES}
    assert any(ord(ch) > 0xFFFF for text in project.sources.values() for ch in text)


def _seeded_tables(seed: int = 19) -> dict[str, pd.DataFrame]:
    """A small package's released frames from a fixed seed (no workspace, no key)."""
    rng = random.Random(seed)
    templates = vocab.load("reflection_templates").choices
    rows, answers, tags = [], [], []
    for i in range(12):
        rid, template = f"R-{rng.getrandbits(40):010x}", templates[i % len(templates)].id
        rows.append({"reflection_id": rid, "practitioner_id": f"P-{i % 3:04d}",
                     "period": f"2025-0{1 + i % 4}", "template": template,
                     "role_group": "practitioner", "journey_level": "level_2",
                     "focus_kind": rng.choice(["people", "topic", "suppressed"]), "life_stage": "0-3 months",
                     "self_understanding": rng.choice([None, 2, 5]), "self_confidence": None})
        for order, prompt in enumerate(vocab.reflection_prompts(template), start=1):
            answers.append({"reflection_id": rid, "prompt_id": prompt.id, "prompt_order": order,
                            "answer": f"Answer {order} <&> é 😊 {rng.random():.6f}"})
        tags += [{"reflection_id": rid, "tag": t} for t in rng.sample(["structure", "fog", "think"], 2)]
    return {"reflections": pd.DataFrame(rows), "reflection_answers": pd.DataFrame(answers),
            "reflection_tags": pd.DataFrame(tags)}


def test_a_seeded_package_gives_the_same_guids_and_bytes(tmp_path: Path, schema) -> None:
    first = qdpx.write_qdpx(tmp_path / "a.qdpx", _seeded_tables(), "Seeded.", date(2025, 6, 1))
    second = qdpx.write_qdpx(tmp_path / "b.qdpx", _seeded_tables(), "Seeded.", date(2025, 6, 1))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {qdpx.ZIP_TIME}
        qde = archive.read("project.qde")
    schema.validate(qde.decode("utf-8"))
    assert qde == GOLDEN.read_bytes(), "regenerate only on purpose: GUIDs must not drift"
    guids = re.findall(rb'guid="([0-9a-f-]{36})"', qde)
    assert len(guids) == len(set(guids))


def _every_byte(path: Path) -> bytes:
    """Every member of the .qdpx, its name and its uncompressed bytes, as one byte string."""
    with zipfile.ZipFile(path) as archive:
        return b"\n".join(n.encode() + b"\n" + archive.read(n) for n in archive.namelist())


def test_withheld_texts_never_reach_the_project(planted: Workspace, run_export, schema) -> None:
    """Private, withdrawn, unconsented and unreleased (held for review) texts, and every other
    canary, appear nowhere in the .qdpx: no member's name or uncompressed byte."""
    unconsented = "Canaryunconsented"
    add_practitioner(planted, "p10", consent=None, text=f"{unconsented} and Structure.")
    report, out = run_export(planted)
    assert report.held_back == 1 and report.private_excluded == 1 and report.no_consent == 1
    data = _every_byte(out / qdpx.FILE_NAME).lower()
    canaries = {**CANARIES, "unconsented": unconsented, "held for review": "quillondra"}
    assert [w for w, c in canaries.items() if c.lower().encode() in data] == []
    assert not re.search(rb"(?<![\w-])(p0\d|p10|lead1|link1)(?![\w])", data)
    assert_reads_back(out, schema)


def test_the_reader_takes_any_qde_name_and_a_capitalised_sources_folder(tmp_path: Path) -> None:
    """Other programs write ``<name>.qde`` and ``Sources/``; the read-back must not depend on ours."""
    ours = qdpx.write_qdpx(tmp_path / "ours.qdpx", _seeded_tables(), "Seeded.", date(2025, 6, 1))
    theirs = tmp_path / "theirs.qdpx"
    with zipfile.ZipFile(ours) as source, zipfile.ZipFile(theirs, "w") as target:
        for name in source.namelist():
            renamed = "Study.qde" if name == "project.qde" else name.replace("sources/", "Sources/")
            target.writestr(renamed, source.read(name))
    a, b = read_qdpx(ours), read_qdpx(theirs)
    assert a.sources == b.sources and a.codings == b.codings and a.cases == b.cases
    assert len(a.sources) == 12 and all("😊" in text for text in a.sources.values())


def test_an_empty_package_gives_a_valid_project_with_the_codebook_only(tmp_path: Path, schema) -> None:
    empty = {name: frame.iloc[0:0] for name, frame in _seeded_tables().items()}
    project = read_qdpx(qdpx.write_qdpx(tmp_path / "empty.qdpx", empty, "Empty.", date(2025, 6, 1)))
    schema.validate(project.qde.decode("utf-8"))
    assert project.sources == {} and project.cases == {} and list(project.members) == ["project.qde"]
    assert len(project.codes) == len(vocab.load("concept_tags").choices) + 4  # and the four groups
