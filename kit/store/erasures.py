"""Erasure records on disk: ``private/erasures/<erasure id>.json``, one file each, never changed.

They are kept apart from the records (which an erasure deletes) and hold no content (see
:mod:`kit.model.erasure`). Back them up with the records: after a backup of ``records/`` is
restored, they say whose files to erase again.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from kit.errors import StoreError
from kit.filemodes import FILE_MODE, make_folder
from kit.model.erasure import Erasure
from kit.store import atomic
from kit.store.confine import read_no_follow
from kit.store.record_store import write_error
from kit.store.workspace import Workspace

ERASURES = Path("private") / "erasures"


def erasures_dir(workspace: Workspace) -> Path:
    """The folder of the workspace's erasure records."""
    return workspace.root / ERASURES


def write_erasure(workspace: Workspace, erasure: Erasure) -> Path:
    """Keep ``erasure`` (durably, never overwriting one); its path."""
    path = erasures_dir(workspace) / f"{erasure.erasure_id}.json"
    try:
        make_folder(path.parent)
        atomic.create_bytes(path, (erasure.model_dump_json() + "\n").encode(), mode=FILE_MODE)
    except OSError as error:
        raise write_error(error, path) from None
    return path


def read_erasures(workspace: Workspace) -> list[Erasure]:
    """Every erasure record, oldest first; an error naming a file that cannot be read."""
    folder = erasures_dir(workspace)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("erasure-*.json")):
        try:
            found.append(Erasure.model_validate(json.loads(read_no_follow(path))))
        except (OSError, ValueError, ValidationError) as error:
            raise StoreError(f"The erasure record {path} cannot be read ({error}).",
                             "Restore it from the workspace's backup; it holds no content, only "
                             "who was erased, when, by whom and why.") from None
    return found


def erased_people(workspace: Workspace) -> frozenset[str]:
    """The ids of everyone erased from ``workspace``."""
    return frozenset(erasure.person_id for erasure in read_erasures(workspace))
