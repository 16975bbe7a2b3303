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
- the reflection's attributes (the ``reflections`` table's columns, its practitioner's
  pseudonym too, so a program that ignores a Case's SourceRefs can still group by it) as
  VariableValues of the source; one Case per practitioner pseudonym, with the attributes
  all of its reflections share;
- a CodeBook of the concept-tag vocabulary (groups as parent codes), and the
  practitioner's own tags as codings of the whole source;
- GUIDs are uuid5 of what they name (pseudonyms, prompt and tag ids), so the same
  package gives the same GUIDs and, with fixed zip times and sorted entries, the same bytes.

The XML is written as a stream (one reflection at a time, straight into the zip), so a
package of 100,000 reflections needs no tree in memory.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

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
SOURCE_VARIABLES = ["practitioner_id", "period", "template", "role_group", "journey_level", "focus_kind",
                    "life_stage", "self_understanding", "self_confidence"]
CASE_VARIABLES = ["role_group", "journey_level", "focus_kind", "template"]
INTEGER_VARIABLES = {"self_understanding", "self_confidence"}
GROUP_LABELS = {"value": "Core values", "idea": "Core ideas", "cycle": "Practice cycle",
                "journey": "The journey metaphor"}


def guid(kind: str, key: str = "") -> str:
    """The deterministic GUID of one thing in the project (uuid5 of its kind and key)."""
    return str(uuid.uuid5(GUID_SPACE, f"{kind}:{key}"))


class _Xml:
    """Indented XML written piece by piece to ``emit`` (text escaped, attributes quoted)."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self.emit, self.depth = emit, 0

    def _start(self, tag: str, attrs: dict[str, str]) -> str:
        return "  " * self.depth + f"<{tag}" + "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())

    def open(self, tag: str, **attrs: str) -> None:
        self.emit(self._start(tag, attrs) + ">\n")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.emit("  " * self.depth + f"</{tag}>\n")

    def leaf(self, tag: str, text: str | None = None, **attrs: str) -> None:
        end = " />" if text is None else f">{escape(text)}</{tag}>"
        self.emit(self._start(tag, attrs) + end + "\n")


def source_text(answers: list[str]) -> str:
    """A reflection's plain text: its answers in prompt order, separated by a blank line."""
    return ANSWER_GAP.join(answers)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value) == ""


def _answers_by_reflection(answers: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    ordered = answers.assign(_order=pd.to_numeric(answers["prompt_order"], errors="coerce").fillna(1e9))
    ordered = ordered.sort_values(["reflection_id", "_order", "prompt_id"], kind="stable")
    grouped: dict[str, list[tuple[str, str]]] = {}
    for rid, prompt, text in zip(ordered["reflection_id"], ordered["prompt_id"], ordered["answer"],
                                 strict=True):
        grouped.setdefault(str(rid), []).append((str(prompt), "" if _missing(text) else str(text)))
    return grouped


def _prompt_labels() -> dict[tuple[str, str], str]:
    labels = {}
    for template in vocab.load("reflection_templates").choices:
        for prompt in vocab.reflection_prompts(template.id):
            labels[(template.id, prompt.id)] = prompt.label
    return labels


def _codebook(xml: _Xml, used_tags: set[str]) -> dict[str, str]:
    """The concept-tag vocabulary as codes (groups as parents); tag id -> code GUID."""
    groups: dict[str, list[vocab.Choice]] = {}
    for choice in vocab.load("concept_tags").choices:
        groups.setdefault(choice.group or "other", []).append(choice)
    guids = {}
    xml.open("CodeBook")
    xml.open("Codes")
    for group, choices in groups.items():
        xml.open("Code", guid=guid("code-group", group), isCodable="false",
                 name=GROUP_LABELS.get(group, group.replace("_", " ").capitalize()))
        xml.leaf("Description", f"Concept-tag group '{group}' of the kit's vocabulary.")
        for choice in choices:
            guids[choice.id] = guid("code", choice.id)
            xml.open("Code", guid=guids[choice.id], name=choice.label, isCodable="true")
            xml.leaf("Description", f"Concept tag '{choice.id}'" + (f": {choice.help}" if choice.help else "")
                     + ". Coded where the practitioner tagged the reflection with it themselves.")
            xml.close("Code")
        xml.close("Code")
    for tag in sorted(used_tags - set(guids)):  # a tag no longer in the vocabulary
        guids[tag] = guid("code", tag)
        xml.open("Code", guid=guids[tag], name=tag, isCodable="true")
        xml.leaf("Description", f"Concept tag '{tag}', no longer in the kit's vocabulary.")
        xml.close("Code")
    xml.close("Codes")
    xml.close("CodeBook")
    return guids


def _variables(xml: _Xml) -> None:
    columns = {c.name: c for c in RESOURCES["reflections"]["columns"]}
    xml.open("Variables")
    defined = [(guid("variable", n), columns[n].title, "Integer" if n in INTEGER_VARIABLES else "Text",
                f"Of a reflection ({n}): {columns[n].description}") for n in SOURCE_VARIABLES]
    defined += [(guid("case-variable", n), f"Practitioner: {columns[n].title}", "Text",
                 f"The {n} that all of the practitioner's released reflections share; no value where "
                 "they differ.") for n in CASE_VARIABLES]
    defined.append((guid("case-variable", "reflections"), "Practitioner: Reflections", "Integer",
                    "How many of the practitioner's reflections the package holds."))
    for variable_guid, name, kind, description in defined:
        xml.open("Variable", guid=variable_guid, name=name, typeOfVariable=kind)
        xml.leaf("Description", description)
        xml.close("Variable")
    xml.close("Variables")


def _value(xml: _Xml, variable_guid: str, value: Any, integer: bool) -> None:
    if _missing(value):
        return
    xml.open("VariableValue")
    xml.leaf("VariableRef", targetGUID=variable_guid)
    xml.leaf("IntegerValue" if integer else "TextValue", str(int(value)) if integer else str(value))
    xml.close("VariableValue")


def _cases(xml: _Xml, rows: list[dict[str, Any]]) -> None:
    by_case: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_case.setdefault(str(row["practitioner_id"]), []).append(row)
    if not by_case:
        return
    xml.open("Cases")
    for pid in sorted(by_case):
        mine = by_case[pid]
        xml.open("Case", guid=guid("case", pid), name=pid)
        xml.leaf("Description", f"Practitioner {pid} (pseudonym): {len(mine)} reflection(s).")
        for name in CASE_VARIABLES:
            values = {"" if _missing(row[name]) else str(row[name]) for row in mine}
            if len(values) == 1:
                _value(xml, guid("case-variable", name), values.pop(), False)
        _value(xml, guid("case-variable", "reflections"), len(mine), True)
        for rid in sorted(str(row["reflection_id"]) for row in mine):
            xml.leaf("SourceRef", targetGUID=guid("source", rid))
        xml.close("Case")
    xml.close("Cases")


def _source(xml: _Xml, row: dict[str, Any], answers: list[tuple[str, str]], tags: list[str],
            codes: dict[str, str], prompts: dict[tuple[str, str], str], user: str, when: str) -> str:
    rid, template = str(row["reflection_id"]), str(row["template"])
    text = source_text([answer for _, answer in answers])
    xml.open("TextSource", guid=guid("source", rid), name=rid, plainTextPath=f"internal://{rid}.txt",
             creatingUser=user, creationDateTime=when)
    xml.leaf("Description", f"Reflection {rid} by practitioner {row['practitioner_id']} (template "
                            f"'{template}'), {len(answers)} answer(s), each marked with its prompt.")
    start = 0
    for prompt, answer in answers:
        end = start + len(answer)  # characters (code points), as the standard counts them
        xml.open("PlainTextSelection", guid=guid("answer", f"{rid}:{prompt}"), name=prompt,
                 startPosition=str(start), endPosition=str(end), creatingUser=user, creationDateTime=when)
        xml.leaf("Description", f"Prompt: {prompts.get((template, prompt), prompt)}")
        xml.close("PlainTextSelection")
        start = end + len(ANSWER_GAP)
    for tag in sorted(set(tags)):
        xml.open("PlainTextSelection", guid=guid("tagged", f"{rid}:{tag}"), name=tag, startPosition="0",
                 endPosition=str(len(text)), creatingUser=user, creationDateTime=when)
        xml.open("Coding", guid=guid("coding", f"{rid}:{tag}"), creatingUser=user, creationDateTime=when)
        xml.leaf("CodeRef", targetGUID=codes[tag])
        xml.close("Coding")
        xml.close("PlainTextSelection")
    for name in SOURCE_VARIABLES:
        _value(xml, guid("variable", name), row[name], name in INTEGER_VARIABLES)
    xml.close("TextSource")
    return text


def write_project(emit: Callable[[str], None], tables: dict[str, pd.DataFrame], description: str,
                  created: date) -> dict[str, str]:
    """Write ``project.qde`` for the released ``tables`` to ``emit``, piece by piece; return the
    source texts (file name -> text) it refers to."""
    reflections = tables["reflections"].sort_values("reflection_id", kind="stable")
    rows = reflections.astype(object).to_dict("records")
    answers = _answers_by_reflection(tables["reflection_answers"])
    tags: dict[str, list[str]] = {}
    for rid, tag in zip(tables["reflection_tags"]["reflection_id"], tables["reflection_tags"]["tag"],
                        strict=True):
        tags.setdefault(str(rid), []).append(str(tag))
    user, when = guid("user", KIT_USER), f"{created.isoformat()}T00:00:00Z"
    emit("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
    xml = _Xml(emit)
    xml.open("Project", xmlns=NS, name="Mini Candle research export", origin=KIT_USER,
             creatingUserGUID=user, creationDateTime=when)
    xml.open("Users")
    xml.leaf("User", guid=user, name=KIT_USER)
    xml.close("Users")
    codes = _codebook(xml, {t for ts in tags.values() for t in ts})
    _variables(xml)
    _cases(xml, rows)
    texts: dict[str, str] = {}
    prompts = _prompt_labels()
    if rows:
        xml.open("Sources")
        for row in rows:
            rid = str(row["reflection_id"])
            texts[f"{rid}.txt"] = _source(xml, row, answers.get(rid, []), tags.get(rid, []), codes,
                                          prompts, user, when)
        xml.close("Sources")
    xml.leaf("Description", description)
    xml.close("Project")
    return texts


def build_project(tables: dict[str, pd.DataFrame], description: str, created: date
                  ) -> tuple[bytes, dict[str, str]]:
    """``project.qde`` (bytes) and the source texts (file name -> text) for the released tables."""
    out = io.StringIO()
    texts = write_project(out.write, tables, description, created)
    return out.getvalue().encode("utf-8"), texts


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


class _Buffered:
    """Text pieces gathered and written to a binary stream as UTF-8, about a MiB at a time."""

    def __init__(self, stream: IO[bytes], size: int = 1 << 20) -> None:
        self.stream, self.size, self.parts, self.held = stream, size, [], 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.held += len(text)
        if self.held >= self.size:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self.parts).encode("utf-8"))
        self.parts, self.held = [], 0


def write_qdpx(path: Path, tables: dict[str, pd.DataFrame], description: str, created: date) -> Path:
    """Write the REFI-QDA project of the released ``tables`` to ``path`` (atomically); return it."""
    with replacing(Path(path)) as temp, zipfile.ZipFile(temp, "w") as archive:
        with archive.open(_entry(PROJECT_FILE), "w") as stream:
            buffered = _Buffered(stream)
            texts = write_project(buffered.write, tables, description, created)
            buffered.flush()
        for name in sorted(texts):
            archive.writestr(_entry(f"{SOURCES}/{name}"), texts[name].encode("utf-8"))
    return Path(path)
