"""An independent reader of REFI-QDA projects (.qdpx) for the read-back tests.

It does not use kit.research.qdpx: it opens any ``*.qde`` in the zip, finds sources in
``sources/`` or ``Sources/``, resolves ``internal://`` paths and GUID references, and
returns plain dicts a test can compare with the package's CSV files.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

NS = {"q": "urn:QDA-XML:project:1.0"}
SCHEMA = Path(__file__).parent / "refi" / "Project-mrt2019.xsd"


@dataclass
class Project:
    """What a .qdpx holds, by name."""

    qde: bytes
    codes: dict[str, str] = field(default_factory=dict)             # guid -> name
    variables: dict[str, str] = field(default_factory=dict)         # guid -> name
    sources: dict[str, str] = field(default_factory=dict)           # name -> text
    source_values: dict[str, dict[str, str]] = field(default_factory=dict)
    # source name -> (prompt id, text, description) of each answer
    selections: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    codings: list[tuple[str, str, int, int]] = field(default_factory=list)  # (source, code guid, start, end)
    cases: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> variable name -> value
    case_sources: dict[str, list[str]] = field(default_factory=dict)
    source_guids: dict[str, str] = field(default_factory=dict)      # guid -> name
    members: dict[str, bytes] = field(default_factory=dict)


def _values(element: ET.Element, variables: dict[str, str]) -> dict[str, str]:
    out = {}
    for value in element.findall("q:VariableValue", NS):
        ref = value.find("q:VariableRef", NS).get("targetGUID")
        out[variables[ref]] = next(iter(child.text for child in value if child.tag != value[0].tag))
    return out


def read_qdpx(path: Path) -> Project:
    """Read ``path`` (a .qdpx zip) into a :class:`Project`."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde_name = next(name for name in members if name.endswith(".qde") and "/" not in name)
    project = Project(members[qde_name], members=members)
    root = ET.fromstring(project.qde)
    for code in root.iter(f"{{{NS['q']}}}Code"):
        project.codes[code.get("guid")] = code.get("name")
    for variable in root.findall("q:Variables/q:Variable", NS):
        project.variables[variable.get("guid")] = variable.get("name")
    for source in root.findall("q:Sources/q:TextSource", NS):
        name, internal = source.get("name"), source.get("plainTextPath")
        assert internal.startswith("internal://") and source.find("q:PlainTextContent", NS) is None
        file = internal.removeprefix("internal://")
        data = members.get(f"sources/{file}", members.get(f"Sources/{file}"))
        text = data.decode("utf-8")
        project.sources[name] = text
        project.source_guids[source.get("guid")] = name
        project.source_values[name] = _values(source, project.variables)
        for selection in source.findall("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            codings = selection.findall("q:Coding", NS)
            for coding in codings:
                project.codings.append((name, coding.find("q:CodeRef", NS).get("targetGUID"), start, end))
            if not codings:
                description = selection.find("q:Description", NS)
                note = description.text if description is not None else ""
                project.selections.setdefault(name, []).append((selection.get("name"), text[start:end], note))
    for case in root.findall("q:Cases/q:Case", NS):
        project.cases[case.get("name")] = _values(case, project.variables)
        project.case_sources[case.get("name")] = [project.source_guids[ref.get("targetGUID")]
                                                  for ref in case.findall("q:SourceRef", NS)]
    return project
