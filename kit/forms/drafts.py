"""Autosaved form drafts: one JSON file per open form (a browser tab), written atomically.

A form open in a tab keeps its draft at ``drafts/<user>/<form>~<tab>.json`` (forms of private
records, such as names to hide, keep theirs under ``private/drafts/<user>/``), so the same form
open in two tabs never overwrites or removes the other's draft: saving in one tab removes that
tab's draft only. A form that opens restores the newest draft of its form (``<form>.json``, as
earlier versions wrote it, counts too) and takes it over: its own first autosave replaces it.
Changes are debounced: each change restarts a timer, and :meth:`Debouncer.flush` writes at
once (tests and the Save button use it).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kit import logs
from kit.filemodes import make_folder
from kit.model.dates import utc_now
from kit.store.atomic import write_text
from kit.store.workspace import Workspace

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 1.0
DRAFT_VERSION = 1


@dataclass(frozen=True)
class Draft:
    """What a form held when it was last autosaved."""

    values: dict[str, Any]
    saved_at: datetime
    edit_entity_id: str | None = None


TAB_MARK = "~"


def draft_name(form_name: str, edit_mode: bool) -> str:
    """The name the drafts of the form ``form_name`` are kept under (an editor's apart)."""
    return f"{form_name}.edit" if edit_mode else form_name


def draft_path(workspace: Workspace, user_id: str, form_name: str, private: bool = False,
               tab: str | None = None) -> Path:
    """Where ``user_id``'s draft of ``form_name`` is kept (the one open in ``tab``, if given)."""
    name = f"{form_name}{TAB_MARK}{tab}" if tab else form_name
    return workspace.drafts_folder(private) / user_id / f"{name}.json"


def form_drafts(folder: Path, form_name: str) -> list[Path]:
    """Every draft of ``form_name`` in a user's drafts ``folder``: one per tab, and the
    ``<form>.json`` of earlier versions."""
    if not folder.is_dir():
        return []
    shared = folder / f"{form_name}.json"
    per_tab = sorted(folder.glob(f"{form_name}{TAB_MARK}*.json"))
    return [path for path in [shared, *per_tab] if path.is_file() and not path.is_symlink()]


def newest_draft(workspace: Workspace, user_id: str, form_name: str, private: bool = False
                 ) -> Path | None:
    """The most recently written draft of ``form_name`` of ``user_id`` (any tab's), or None."""
    found = form_drafts(draft_path(workspace, user_id, form_name, private).parent, form_name)
    return max(found, key=lambda path: path.stat().st_mtime_ns, default=None)


def write_draft(path: Path, values: dict[str, Any], edit_entity_id: str | None = None) -> datetime:
    """Write a draft atomically (temp file in the same folder, fsync, rename); when it was."""
    saved_at = utc_now()
    payload = {
        "draft_version": DRAFT_VERSION,
        "saved_at": saved_at.isoformat(),
        "edit_entity_id": edit_entity_id,
        "values": values,
    }
    make_folder(path.parent)
    write_text(path, json.dumps(payload, ensure_ascii=False))
    return saved_at


def read_draft(path: Path, workspace_root: Path | None = None) -> Draft | None:
    """The draft at ``path``, or None if there is none or it cannot be read.

    An unreadable draft is never fatal: the form starts empty instead (and the next
    autosave replaces it), and a warning says which file was dropped and why, in the
    workspace's log too when ``workspace_root`` is given.
    """
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Draft(values=dict(data["values"]),
                     saved_at=datetime.fromisoformat(data["saved_at"]),
                     edit_entity_id=data.get("edit_entity_id"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("the draft %s could not be read (%s: %s); the form starts without it",
                    path, type(error).__name__, error,
                    extra=logs.for_workspace(workspace_root) if workspace_root else None)
        return None


def clear_draft(path: Path) -> None:
    """Remove a draft (after saving, or when the user discards it)."""
    path.unlink(missing_ok=True)


class Debouncer:
    """Calls ``action`` once, ``delay`` seconds after the last :meth:`poke`."""

    def __init__(self, action: Callable[[], None], delay: float = DEBOUNCE_SECONDS) -> None:
        self.action = action
        self.delay = delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.pending = False

    def poke(self) -> None:
        """Note a change; the action runs after ``delay`` seconds of quiet."""
        with self._lock:
            self.pending = True
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if not self.pending:
                return
            self.pending = False
            self._timer = None
        self.action()

    def flush(self) -> None:
        """Run the pending action now (nothing happens if nothing changed)."""
        self.cancel()
        self._fire_if_needed()

    def _fire_if_needed(self) -> None:
        if self.pending:
            self.pending = False
            self.action()

    def cancel(self) -> None:
        """Stop the timer (the pending flag stays as it was)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None


class DraftKeeper:
    """The autosaved draft of one open form: written after a pause, restored, discarded.

    ``path_of`` gives where this form's draft lives, ``snapshot`` what to write (the values and
    the entity being edited), ``on_error`` is told when the disk refuses. ``candidates`` lists
    the drafts :meth:`read` may restore (default: this form's own); the one restored is taken
    over, removed once this form's own draft replaces it or the entry is saved. Once the entry
    is stored (:meth:`mark_saved`), a timer that fires late writes nothing. ``on_written`` is
    told when the draft on disk was written (None: there is none any more).
    """

    def __init__(self, path_of: Callable[[], Path],
                 snapshot: Callable[[], tuple[dict[str, Any], str | None]],
                 on_error: Callable[[OSError], None], delay: float = DEBOUNCE_SECONDS,
                 workspace_root: Path | None = None,
                 candidates: Callable[[], list[Path]] | None = None,
                 on_written: Callable[[datetime | None], None] | None = None) -> None:
        self.path_of = path_of
        self.on_written = on_written or (lambda _at: None)
        self.candidates = candidates or (lambda: [self.path_of()])
        self.adopted: Path | None = None
        """The draft restored from another tab's (or an earlier) file, until replaced."""
        self.workspace_root = workspace_root
        self.snapshot = snapshot
        self.on_error = on_error
        self.saved = False
        """True while what the form shows is stored, so it needs no draft."""
        self._lock = threading.Lock()
        self.debouncer = Debouncer(self._write_unless_saved, delay)

    def changed(self) -> None:
        """Note that the user changed something: autosave after the pause."""
        self.debouncer.poke()

    def _write_unless_saved(self) -> None:
        with self._lock:
            if self.saved:
                return  # a timer that fired while saving: the entry is stored, not a draft
            self.write_now()

    def write_now(self) -> None:
        """Write the draft at once; a disk error goes to ``on_error``, never up."""
        values, entity = self.snapshot()
        try:
            written = write_draft(self.path_of(), values, entity)
        except OSError as error:
            self.on_error(error)
            return
        self._drop_adopted()
        self.on_written(written)

    def _drop_adopted(self) -> None:
        """Remove the draft this form restored: its own now holds all of it (or it is saved)."""
        adopted, self.adopted = self.adopted, None
        if adopted is not None and adopted != self.path_of():
            clear_draft(adopted)

    def flush(self) -> None:
        """Write the pending draft now instead of after the pause."""
        self.debouncer.flush()

    def read(self) -> Draft | None:
        """The newest draft kept for this form (any tab's), if any; this form takes it over."""
        found = [(draft, path) for path in self.candidates()
                 if (draft := read_draft(path, self.workspace_root)) is not None]
        if not found:
            return None
        draft, self.adopted = max(found, key=lambda pair: pair[0].saved_at)
        self.on_written(draft.saved_at)
        return draft

    def _stop(self) -> None:
        self.debouncer.cancel()
        self.debouncer.pending = False
        clear_draft(self.path_of())
        self._drop_adopted()
        self.on_written(None)

    def discard(self) -> None:
        """Forget the pending change and remove the draft."""
        self._stop()

    def mark_saved(self) -> None:
        """The entry is stored: remove the draft and ignore a timer still running."""
        with self._lock:
            self.saved = True
            self._stop()
