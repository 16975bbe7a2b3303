"""What ``candle release show`` printed to a lead in this terminal session, so that
``candle release confirm --yes`` releases only reflections the lead has read as they stand.

One small file per lead, ``private/release/shown/<lead>.json`` (owner-only, never exported):
the terminal session it belongs to (the process's session id, shared by every command typed
in one terminal) and, for each reflection shown, a hash of its text. A reflection whose text
changed since (a mask by another lead), or one shown in another terminal, must be shown again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable

from kit.filemodes import PRIVATE_DIR_MODE, make_folder
from kit.research.release_queue import HeldNote, release_folder
from kit.store import atomic
from kit.store.workspace import Workspace


def _path(ws: Workspace, lead: str):
    return release_folder(ws) / "shown" / f"{lead}.json"


def session() -> int:
    """This terminal's session id (every command typed in one terminal shares it)."""
    return os.getsid(0)


def fingerprint(note: HeldNote) -> str:
    """A hash of the reflection and the exact text a lead is shown of it."""
    payload = json.dumps([note.record_id, note.text], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def shown(ws: Workspace, lead: str) -> dict[str, str]:
    """Record id to fingerprint of each reflection shown to ``lead`` in this terminal session."""
    try:
        data = json.loads(_path(ws, lead).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("session") != session():
        return {}
    return {str(k): str(v) for k, v in dict(data.get("shown", {})).items()}


def record_shown(ws: Workspace, lead: str, notes: Iterable[HeldNote]) -> None:
    """Remember that ``notes`` were just printed in full to ``lead``."""
    seen = shown(ws, lead) | {note.record_id: fingerprint(note) for note in notes}
    path = _path(ws, lead)
    make_folder(path.parent, PRIVATE_DIR_MODE)
    atomic.write_text(path, json.dumps({"session": session(), "shown": seen}, sort_keys=True),
                      mode=0o600)


def not_shown(ws: Workspace, lead: str, notes: Iterable[HeldNote]) -> list[HeldNote]:
    """Those of ``notes`` not shown to ``lead`` in this session as they stand now."""
    seen = shown(ws, lead)
    return [note for note in notes if seen.get(note.record_id) != fingerprint(note)]
