"""Bring a finished research export package to where a notebook can open it.

A researcher's kernel on a hub has no workspace: it lists the finished packages
(``backend.exports()``) and downloads one, file by file (``backend.export_file``), into the
kernel workspace's own ``exports/`` folder (on a hub, the copy in the user's home). Locally
the packages already live in the workspace's ``exports/``, so nothing is copied. A package is
downloaded into a hidden folder and renamed when complete, so a half-downloaded package is
never opened.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path, PurePosixPath

from kit.errors import WorkspaceError
from kit.filemodes import make_folder
from kit.hub.backend import WorkspaceBackend
from kit.hub.local import PACKAGE_MARKER, PACKAGE_STAMP
from kit.research.qdpx import FILE_NAME as QDPX_FILE
from kit.store.atomic import new_folder, write_bytes

README = "README.md"
OPTIONAL = (QDPX_FILE,)  # the REFI-QDA project, in packages that have one (not a resource)
SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def package_label(package: str) -> str:
    """How a package is named in a list: 'made 01 Dec 2026 10:35:12 UTC by lead1' for one the
    workspace interface made (see :meth:`kit.hub.local.LocalBackend.make_export`), else its name."""
    stamp, _, lead = package.partition("-")
    try:
        made = datetime.strptime(stamp, PACKAGE_STAMP)
    except ValueError:
        return package
    return f"made {made:%d %b %Y %H:%M:%S} UTC by {lead}" if lead else package


def package_files(descriptor: dict) -> list[str]:
    """The files a package holds, from its ``datapackage.json``: the descriptor, the README,
    each resource's file and its Parquet twin (which the explore charts read), and the
    optional files a package may have (its ``.qdpx`` project; skipped when absent)."""
    paths = [str(resource["path"]) for resource in descriptor.get("resources", [])
             if isinstance(resource, dict) and resource.get("path")]
    twins = [str(PurePosixPath(path).with_suffix(".parquet")) for path in paths]
    names = list(dict.fromkeys([PACKAGE_MARKER, README, *paths, *twins, *OPTIONAL]))
    unsafe = [name for name in names if not all(SAFE_PART.match(part) for part in name.split("/"))]
    if unsafe:
        raise WorkspaceError(f"The export package names files outside itself: {', '.join(unsafe)}.",
                             "Ask the lead who made it to export again.")
    return names


def fetch_export(backend: WorkspaceBackend, package: str, exports: Path) -> Path:
    """The folder of ``package`` inside ``exports``, downloaded through ``backend`` unless it
    is already there complete. Raises the backend's refusal (e.g. for a practitioner)."""
    if not SAFE_PART.match(package):
        raise WorkspaceError(f"'{package}' is not the name of an export package.",
                             "Pick one from the list of packages.")
    folder = exports / package
    if (folder / PACKAGE_MARKER).is_file():
        return folder
    descriptor = backend.export_file(package, PACKAGE_MARKER)
    names = package_files(json.loads(descriptor))
    make_folder(exports)
    with new_folder(folder) as partial:  # a half download is never opened
        write_bytes(partial / PACKAGE_MARKER, descriptor, durable=False)
        for name in names[1:]:
            _download(backend, package, name, partial)
    return folder


def _download(backend: WorkspaceBackend, package: str, name: str, into: Path) -> None:
    """One file of the package (a file the package does not have is skipped)."""
    try:
        data = backend.export_file(package, name)
    except WorkspaceError:
        return
    target = into.joinpath(*name.split("/"))
    make_folder(target.parent)
    write_bytes(target, data, durable=False)
