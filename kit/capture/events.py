"""'A record was saved': what a page listens to so its lists and charts stay current.

:func:`kit.capture.submit.submit` announces every record it stores, after it is on disk.
A page (one kernel) registers listeners with :func:`listen`; each gets the workspace root
and the table changed (a withdrawal also announces its target's table). A listener that
fails never undoes or hides the save: its error is logged and the others still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kit.model.records import Record, Withdrawal

Listener = Callable[[Path, str], None]
_listeners: list[Listener] = []
log = logging.getLogger(__name__)


def listen(listener: Listener) -> Callable[[], None]:
    """Call ``listener(workspace_root, table)`` after each save; returns a function that stops it."""
    _listeners.append(listener)

    def stop() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return stop


def tables_of(record: Record) -> tuple[str, ...]:
    """The tables a saved ``record`` changes (a withdrawal: its own and its target's)."""
    if isinstance(record, Withdrawal):
        return (record.TABLE, record.target_table)
    return (record.TABLE,)


def announce(root: Path, record: Record) -> None:
    """Tell every listener that ``record`` was saved in the workspace at ``root``."""
    for table in tables_of(record):
        for listener in list(_listeners):
            try:
                listener(root, table)
            except Exception:  # a page's refresh must never turn a save into an error
                log.exception("a page could not refresh after a save to %s", table)
