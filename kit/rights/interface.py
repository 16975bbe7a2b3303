"""What My learning (and an administrator) asks of the workspace for a person's whole record:
:class:`RecordsDownload`, part of the workspace interface (:class:`kit.hub.backend.WorkspaceBackend`),
so the button works the same on a laptop and on a hub. Light (no pandas): every page imports it.
"""

from __future__ import annotations

import io
import zipfile
from typing import Protocol

from kit.errors import WorkspaceError


class RecordsDownload(Protocol):
    """A person's whole record as a zip (:mod:`kit.rights.export`)."""

    def person_export(self, person_id: str | None = None) -> bytes:
        """The zip of everything the kit holds about ``person_id`` (default: the signed-in
        person). Refused with a sentence unless that is the signed-in person or they are an
        administrator."""
        ...


def download_name(data: bytes) -> str:
    """The file name of a person's download: its one top folder's name, ``.zip``."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        names = []
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) != 1:
        raise WorkspaceError("The download is not a person's record (a zip with one folder).",
                             "Try again, and tell whoever runs the kit if it keeps happening.")
    return f"{tops.pop()}.zip"
