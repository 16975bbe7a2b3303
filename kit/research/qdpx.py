"""The research package as a REFI-QDA project (``project.qdpx``) for QualCoder, NVivo,
ATLAS.ti and MAXQDA.

It is built from the package's own released frames (the same ``tables`` the CSV
package is written from, after consent, scrubbing, review, k-anonymity and
suppression), never from the store, so it holds exactly what the CSV package
releases. A zip holding ``project.qde`` (XML in ``urn:QDA-XML:project:1.0``) and
``sources/<reflection pseudonym>.txt``:

- one TextSource per reflection: its answers in prompt order, separated by a blank
  line, as UTF-8 plain text; each answer is a PlainTextSelection whose description is
  the prompt (QualCoder shows it as an annotation), positions counted in characters
  (Unicode code points) from 0;
- the reflection's attributes (the ``reflections`` table's columns) as VariableValues
  of the source; one Case per practitioner pseudonym, with the attributes all of its
  reflections share;
- a CodeBook of the concept-tag vocabulary (groups as parent codes), and the
  practitioner's own tags as codings of the whole source;
- GUIDs are uuid5 of what they name (pseudonyms, prompt and tag ids), so the same
  package gives the same GUIDs and, with fixed zip times and sorted entries, the same bytes.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd

from kit.model import vocab
from kit.research.package import RESOURCES
from kit.store.atomic import replacing

NS = "urn:QDA-XML:project:1.0"
FILE_NAME = "project.qdpx"
PROJECT_FILE = "project.qde"
SOURCES = "sources"
KIT_USER = "Mini Candle kit"
GUID_SPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:mini-candle-kit:refi-qda")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ANSWER_GAP = "\n\n"
SOURCE_VARIABLES = ["period", "template", "role_group", "journey_level", "focus_kind", "life_stage",
                    "self_understanding", "self_confidence"]
CASE_VARIABLES = ["role_group", "journey_level", "focus_kind", "template"]
INTEGER_VARIABLES = {"self_understanding", "self_confidence"}

ET.register_namespace("", NS)


def guid(kind: str, key: str = "") -> str:
    """The deterministic GUID of one thing in the project (uuid5 of its kind and key)."""
    return str(uuid.uuid5(GUID_SPACE, f"{kind}:{key}"))


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    name = f"{{{NS}}}{tag}"
    element = ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)
    if text is not None:
        element.text = text
    return element


def source_text(answers: list[str]) -> str:
    """A reflection's plain text: its answers in prompt order, separated by a blank line."""
    return ANSWER_GAP.join(answers)


def _answers_by_reflection(answers: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    ordered = answers.assign(_order=pd.to_numeric(answers["prompt_order"], errors="coerce").fillna(1e9))
    ordered = ordered.sort_values(["reflection_id", "_order", "prompt_id"], kind="stable")
    grouped: dict[str, list[tuple[str, str]]] = {}
    for rid, prompt, text in zip(ordered["reflection_id"], ordered["prompt_id"], ordered["answer"],
                                 strict=True):
        grouped.setdefault(str(rid), []).append((str(prompt), "" if pd.isna(text) else str(text)))
    return grouped


def _prompt_labels() -> dict[tuple[str, str], str]:
    labels = {}
    for template in vocab.load("reflection_templates").choices:
        for prompt in vocab.reflection_prompts(template.id):
            labels[(template.id, prompt.id)] = prompt.label
    return labels


def _codebook(project: ET.Element, used_tags: set[str]) -> dict[str, str]:
    """The concept-tag vocabulary as codes (groups as parents); tag id -> code GUID."""
    tags = vocab.load("concept_tags")
    group_labels = {"value": "Core values", "idea": "Core ideas", "cycle": "Practice cycle",
                    "journey": "The journey metaphor"}
    codes = _el(_el(project, "CodeBook"), "Codes")
    parents: dict[str, ET.Element] = {}
    guids = {}
    for choice in tags.choices:
        group = choice.group or "other"
        if group not in parents:
            parents[group] = _el(codes, "Code", guid=guid("code-group", group),
                                 name=group_labels.get(group, group.replace("_", " ").capitalize()),
                                 isCodable="false")
            _el(parents[group], "Description", f"Concept-tag group '{group}' of the kit's vocabulary.")
        code = _el(parents[group], "Code", guid=guid("code", choice.id), name=choice.label,
                   isCodable="true")
        _el(code, "Description", f"Concept tag '{choice.id}'" + (f": {choice.help}" if choice.help
                                                                  else "") +
            ". Coded where the practitioner tagged the reflection with it themselves.")
        guids[choice.id] = guid("code", choice.id)
    for tag in sorted(used_tags - set(guids)):  # a tag no longer in the vocabulary
        code = _el(codes, "Code", guid=guid("code", tag), name=tag, isCodable="true")
        _el(code, "Description", f"Concept tag '{tag}', no longer in the kit's vocabulary.")
        guids[tag] = guid("code", tag)
    return guids


def _variables(project: ET.Element) -> None:
    columns = {c.name: c for c in RESOURCES["reflections"]["columns"]}
    variables = _el(project, "Variables")
    for name in SOURCE_VARIABLES:
        kind = "Integer" if name in INTEGER_VARIABLES else "Text"
        variable = _el(variables, "Variable", guid=guid("variable", name), name=columns[name].title,
                       typeOfVariable=kind)
        _el(variable, "Description", f"Of a reflection ({name}): {columns[name].description}")
    for name in CASE_VARIABLES:
        variable = _el(variables, "Variable", guid=guid("case-variable", name),
                       name=f"Practitioner: {columns[name].title}", typeOfVariable="Text")
        _el(variable, "Description", f"The {name} that all of the practitioner's released "
                                     "reflections share; no value where they differ.")
    variable = _el(variables, "Variable", guid=guid("case-variable", "reflections"),
                   name="Practitioner: Reflections", typeOfVariable="Integer")
    _el(variable, "Description", "How many of the practitioner's reflections the package holds.")


def _value(parent: ET.Element, variable_guid: str, value: object, integer: bool) -> None:
    if value is None or pd.isna(value) or str(value) == "":
        return
    element = _el(parent, "VariableValue")
    _el(element, "VariableRef", targetGUID=variable_guid)
    _el(element, "IntegerValue" if integer else "TextValue", str(int(value)) if integer else str(value))


def _cases(project: ET.Element, reflections: pd.DataFrame) -> None:
    if not len(reflections):
        return
    cases = _el(project, "Cases")
    for pid, rows in sorted(reflections.groupby("practitioner_id"), key=lambda item: str(item[0])):
        case = _el(cases, "Case", guid=guid("case", str(pid)), name=str(pid))
        _el(case, "Description", f"Practitioner {pid} (pseudonym): {len(rows)} reflection(s).")
        for name in CASE_VARIABLES:
            values = set(rows[name].astype("string").fillna(""))
            if len(values) == 1:
                _value(case, guid("case-variable", name), values.pop(), False)
        _value(case, guid("case-variable", "reflections"), len(rows), True)
        for rid in sorted(rows["reflection_id"].astype(str)):
            _el(case, "SourceRef", targetGUID=guid("source", rid))


def _source(sources: ET.Element, row: pd.Series, answers: list[tuple[str, str]],
            tags: list[str], codes: dict[str, str], prompts: dict[tuple[str, str], str],
            user: str, when: str) -> str:
    rid, template = str(row["reflection_id"]), str(row["template"])
    text = source_text([answer for _, answer in answers])
    source = _el(sources, "TextSource", guid=guid("source", rid), name=rid,
                 plainTextPath=f"internal://{rid}.txt", creatingUser=user, creationDateTime=when)
    _el(source, "Description", f"Reflection {rid} by practitioner {row['practitioner_id']} "
                               f"(template '{template}'), {len(answers)} answer(s), each marked "
                               "with its prompt.")
    start = 0
    for prompt, answer in answers:
        end = start + len(answer)
        selection = _el(source, "PlainTextSelection", guid=guid("answer", f"{rid}:{prompt}"),
                        name=prompt, startPosition=str(start), endPosition=str(end),
                        creatingUser=user, creationDateTime=when)
        _el(selection, "Description", f"Prompt: {prompts.get((template, prompt), prompt)}")
        start = end + len(ANSWER_GAP)
    for tag in sorted(set(tags)):
        selection = _el(source, "PlainTextSelection", guid=guid("tagged", f"{rid}:{tag}"), name=tag,
                        startPosition="0", endPosition=str(len(text)), creatingUser=user,
                        creationDateTime=when)
        coding = _el(selection, "Coding", guid=guid("coding", f"{rid}:{tag}"), creatingUser=user,
                     creationDateTime=when)
        _el(coding, "CodeRef", targetGUID=codes[tag])
    for name in SOURCE_VARIABLES:
        _value(source, guid("variable", name), row[name], name in INTEGER_VARIABLES)
    return text


def build_project(tables: dict[str, pd.DataFrame], description: str, created: date
                  ) -> tuple[bytes, dict[str, str]]:
    """``project.qde`` (bytes) and the source texts (file name -> text) for the released tables."""
    reflections = tables["reflections"].sort_values("reflection_id", kind="stable")
    answers = _answers_by_reflection(tables["reflection_answers"])
    tag_frame = tables["reflection_tags"]
    tags: dict[str, list[str]] = {}
    for rid, tag in zip(tag_frame["reflection_id"], tag_frame["tag"], strict=True):
        tags.setdefault(str(rid), []).append(str(tag))
    user = guid("user", KIT_USER)
    when = f"{created.isoformat()}T00:00:00Z"
    project = _el(None, "Project", name="Mini Candle research export", origin=KIT_USER,
                  creatingUserGUID=user, creationDateTime=when)
    _el(_el(project, "Users"), "User", guid=user, name=KIT_USER)
    codes = _codebook(project, {t for ts in tags.values() for t in ts})
    _variables(project)
    _cases(project, reflections)
    texts: dict[str, str] = {}
    prompts = _prompt_labels()
    if len(reflections):
        sources = _el(project, "Sources")
        for _, row in reflections.iterrows():
            rid = str(row["reflection_id"])
            texts[f"{rid}.txt"] = _source(sources, row, answers.get(rid, []), tags.get(rid, []),
                                          codes, prompts, user, when)
    _el(project, "Description", description)
    ET.indent(project)
    return ET.tostring(project, encoding="utf-8", xml_declaration=True) + b"\n", texts


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def write_qdpx(path: Path, tables: dict[str, pd.DataFrame], description: str, created: date) -> Path:
    """Write the REFI-QDA project of the released ``tables`` to ``path`` (atomically); return it."""
    qde, texts = build_project(tables, description, created)
    with replacing(Path(path)) as temp, zipfile.ZipFile(temp, "w") as archive:
        archive.writestr(_entry(PROJECT_FILE), qde)
        for name in sorted(texts):
            archive.writestr(_entry(f"{SOURCES}/{name}"), texts[name].encode("utf-8"))
    return Path(path)
