"""What the service may write about a request, in its log, its audit log and its answers:
ids, never content. A path is written only up to a part that is not an id, an answer's
sentence names no folder of the server, and a fault is logged as its kind and where in the
code it happened, never its message (which may quote what was sent)."""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path

SAFE_PART = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
HIDDEN_PART = "…"
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/(?:[^\s/'\"<>]+/)+[^\s/'\"<>,;:)]*")
SERVER_FOLDER = "a folder on the server"


def safe_path(path: str) -> str:
    """``path`` with every part that is not a plain id (a name of 1-64 letters, digits,
    ``. _ -``) shown as ``…``: what a caller typed into a path stays out of the logs."""
    return "/".join(part if not part or SAFE_PART.match(part) else HIDDEN_PART
                    for part in path.split("/"))


def without_paths(text: str, roots: Iterable[Path | str]) -> str:
    """``text`` with each workspace root (and what is under it) written relative to the
    workspace, and any other absolute path replaced by words."""
    for root in sorted({str(r) for r in roots if str(r) not in ("", "/")}, key=len, reverse=True):
        text = text.replace(root + os.sep, "").replace(root, "the workspace")
    return ABSOLUTE_PATH.sub(SERVER_FOLDER, text)


def code_place(filename: str) -> str:
    """A source file as its module path (``kit/hub/service.py``), not where it is installed."""
    path = Path(filename)
    for entry in sorted((Path(p) for p in sys.path if p), key=lambda p: len(str(p)), reverse=True):
        if path.is_relative_to(entry):
            return str(path.relative_to(entry))
    return path.name


def fault_summary(error: BaseException) -> str:
    """A fault in one line: its kind and the places in the code it passed through, never its
    message."""
    frames = traceback.extract_tb(error.__traceback__)
    places = " < ".join(f"{code_place(frame.filename)}:{frame.lineno} {frame.name}"
                        for frame in reversed(frames))
    return f"{type(error).__name__} at {places}" if places else type(error).__name__
