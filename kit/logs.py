"""Logging: one standard logger per module under ``kit`` and the two places they write.

Every module that has something to report takes ``logging.getLogger(__name__)``
(so ``kit.reviews.execute``, ``kit.forms.drafts``, ...); nothing is configured at
import. Where the lines go:

- ``candle`` (:func:`configure_cli`): warnings and errors on stderr; with
  ``candle --verbose`` everything from debug up.
- ``candle serve`` (:func:`configure_service`): the kit's and tornado's lines, info and up,
  on stderr with the time, each line once (the hub keeps the service's output).
- a workspace's ``logs/kit.log`` (:func:`for_workspace`): a line logged with
  ``extra=for_workspace(root)`` at warning or above is also appended there, with
  its traceback, so an unexpected error a practitioner saw only as a plain
  message in a form can still be looked into.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from kit.filemodes import FILE_MODE, make_folder

ROOT_LOGGER = "kit"
LOG_FOLDER = "logs"
LOG_FILE = "kit.log"
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CLI_FORMAT = "candle: %(levelname)s: %(message)s"
SERVICE_FORMAT = "%(asctime)s candle serve %(levelname)s %(name)s: %(message)s"
SERVICE_LOGGERS = (ROOT_LOGGER, "tornado")  # the kit's lines and tornado's requests and errors
WORKSPACE_KEY = "candle_workspace"


class CurrentStderr(logging.StreamHandler):
    """A stream handler writing to whatever ``sys.stderr`` is when a line is logged."""

    @property
    def stream(self) -> Any:  # type: ignore[override]
        """Always the current stderr (tests and notebooks replace it)."""
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _own_handler(logger: logging.Logger, kind: type[logging.Handler], key: str) -> logging.Handler | None:
    return next((h for h in logger.handlers if isinstance(h, kind) and h.get_name() == key), None)


def _stderr_handler(logger: logging.Logger, name: str, line_format: str) -> logging.Handler:
    """``logger``'s stderr handler called ``name`` (added the first time)."""
    handler = _own_handler(logger, CurrentStderr, name)
    if handler is None:
        handler = CurrentStderr()
        handler.set_name(name)
        handler.setFormatter(logging.Formatter(line_format))
        logger.addHandler(handler)
    return handler


def configure_cli(verbose: bool = False) -> None:
    """Send the kit's log lines to stderr: warnings and up, or everything with ``verbose``."""
    logger = logging.getLogger(ROOT_LOGGER)
    _stderr_handler(logger, "candle-cli", CLI_FORMAT).setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.setLevel(logging.DEBUG if verbose else logging.NOTSET)


def configure_service(verbose: bool = False) -> None:
    """Send the service's lines (the kit's and tornado's) to stderr, each once, with the time:
    info and up, or everything with ``verbose``. The root logger is left alone, so nothing is
    printed twice; the CLI's handler (warnings only) gives way to this one."""
    level = logging.DEBUG if verbose else logging.INFO
    for name in SERVICE_LOGGERS:
        logger = logging.getLogger(name)
        cli = _own_handler(logger, CurrentStderr, "candle-cli")
        if cli is not None:
            logger.removeHandler(cli)
        _stderr_handler(logger, "candle-service", SERVICE_FORMAT).setLevel(level)
        logger.setLevel(level)
        logger.propagate = False


class _OneWorkspace(logging.Filter):
    """Passes only the lines logged for one workspace (``extra=for_workspace(root)``)."""

    def __init__(self, root: str) -> None:
        super().__init__()
        self.root = root

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, WORKSPACE_KEY, None) == self.root


class WorkspaceLogFile(logging.FileHandler):
    """A workspace's ``logs/kit.log``, created no wider than the kit's other files."""

    def _open(self) -> Any:
        return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
                    opener=lambda path, flags: os.open(path, flags, FILE_MODE))


def log_path(root: Path) -> Path:
    """The workspace's log file, ``logs/kit.log``."""
    return Path(root) / LOG_FOLDER / LOG_FILE


def for_workspace(root: Path | str) -> dict[str, str]:
    """``extra`` for a log call about workspace ``root``: the line also goes to its log file.

    The file handler is added on first use; a workspace whose ``logs/`` folder cannot be
    made (read-only) simply gets no file, and the line still reaches the other handlers.
    """
    key = str(Path(root).resolve())
    logger = logging.getLogger(ROOT_LOGGER)
    if _own_handler(logger, logging.FileHandler, f"workspace:{key}") is None:
        path = log_path(Path(key))
        try:
            make_folder(path.parent)
            handler = WorkspaceLogFile(path, encoding="utf-8", delay=True)
        except OSError:
            return {WORKSPACE_KEY: key}
        handler.set_name(f"workspace:{key}")
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter(FILE_FORMAT))
        handler.addFilter(_OneWorkspace(key))
        logger.addHandler(handler)
    return {WORKSPACE_KEY: key}
