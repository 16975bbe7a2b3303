"""Which research export packages included a practitioner's reflections: by date and count,
never their content.

A package names practitioners only by pseudonym (:mod:`kit.research.pseudonyms`); with the
workspace's key the kit works out a practitioner's pseudonym and looks for it in each
package's reflections table and its list of withdrawn practitioners. Packages are looked for
where the kit keeps them, the workspace's ``exports/`` folder (where the hub makes them and
the docs tell a lead to write them); one written elsewhere with ``candle export --out`` is not
seen. Without a key no package was ever made, so none included anyone.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from kit.research.pseudonyms import Pseudonymiser, existing_key
from kit.store.workspace import Workspace

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Inclusion:
    """One package that names the practitioner: its folder, the day it was made, how many of
    their reflections it holds, and whether it lists them as having withdrawn consent."""

    package: str
    made_on: date
    reflections: int
    listed_as_withdrawn: bool


def made_on(folder: Path) -> date:
    """The day a package was made: its ``created`` day, else the day its descriptor was written."""
    descriptor = folder / DESCRIPTOR
    try:
        created = json.loads(descriptor.read_text(encoding="utf-8")).get("created")
        return date.fromisoformat(str(created)[:10])
    except (OSError, ValueError, AttributeError, TypeError):
        return datetime.fromtimestamp(descriptor.stat().st_mtime, UTC).date()


def _rows_naming(path: Path, pseudonym: str) -> int:
    """How many rows of a package's CSV name ``pseudonym`` as their practitioner."""
    if not path.is_file():
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if row.get("practitioner_id") == pseudonym)


def packages(ws: Workspace) -> list[Path]:
    """The finished packages in the workspace's ``exports/`` (hidden, half-made ones left out)."""
    exports = ws.folder("exports")
    if not exports.is_dir():
        return []
    return sorted(folder for folder in exports.iterdir()
                  if not folder.name.startswith(".") and (folder / DESCRIPTOR).is_file())


def packages_including(ws: Workspace, practitioner_id: str) -> list[Inclusion]:
    """Every package in ``exports/`` that holds the practitioner's reflections or lists them as
    withdrawn, oldest first."""
    key = existing_key(ws)
    if key is None:
        return []
    pseudonym = Pseudonymiser(key)("practitioner", practitioner_id)
    found = []
    for folder in packages(ws):
        count = _rows_naming(folder / "reflections.csv", pseudonym)
        withdrawn = _rows_naming(folder / "withdrawn_practitioners.csv", pseudonym) > 0
        if count or withdrawn:
            found.append(Inclusion(folder.name, made_on(folder), count, withdrawn))
    return sorted(found, key=lambda item: (item.made_on, item.package))
