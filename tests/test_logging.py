"""Standard logging instead of silence: candle --verbose, the workspace's log file, and a
log line where the kit used to swallow a problem (status's fall-back, the review retry)."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from kit import logs
from kit.cli import main
from kit.commands import status
from kit.reviews.execute import KernelWorker
from kit.store.workspace import Workspace


def test_candle_is_quiet_by_default_and_says_more_with_verbose(workspace: Workspace, capsys) -> None:
    assert main(["status", str(workspace.root)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["--verbose", "status", str(workspace.root)]) == 0
    err = capsys.readouterr().err
    assert f"candle: DEBUG: candle status with {{'workspace': '{workspace.root}'" in err
    assert "candle: DEBUG: candle status finished (exit code 0)" in err


def test_status_falling_back_to_the_store_leaves_a_warning(workspace: Workspace, capsys, caplog,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args, **_kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(status, "count_from_tables", broken)
    with caplog.at_level(logging.WARNING, logger="kit"):
        counts = status.count_records(workspace, ["p01"])
    assert counts.per_practitioner["p01"]["profiles"] == 1  # counted from the store
    (line,) = [r for r in caplog.records if r.name == "kit.commands.status"]
    assert line.levelno == logging.WARNING
    assert "No space left on device" in line.getMessage() and "record store" in line.getMessage()
    assert main(["status", str(workspace.root)]) == 0
    assert "candle: WARNING: the tables of" in capsys.readouterr().err


def test_the_review_runner_logs_each_kernel_failure_and_its_retry(tmp_path: Path, caplog,
                                                                  monkeypatch) -> None:
    def no_kernel(self, cwd=None):
        raise RuntimeError("the kernel's port was taken")

    monkeypatch.setattr(KernelWorker, "kernel", no_kernel)
    job = SimpleNamespace(kind="practitioner", subject="p01", output=tmp_path / "p01.ipynb")
    with caplog.at_level(logging.DEBUG, logger="kit"):
        result = KernelWorker().run(job)
    assert result.status == "failed"
    lines = [r for r in caplog.records if r.name == "kit.reviews.execute"]
    assert [r.levelno for r in lines] == [logging.WARNING, logging.DEBUG] * 2
    assert lines[0].getMessage() == ("practitioner p01: the kernel failed (try 1 of 2): RuntimeError: "
                                     "the kernel's port was taken; trying again with a fresh kernel")
    assert lines[2].getMessage().endswith("(try 2 of 2): RuntimeError: the kernel's port was taken")
    assert lines[1].exc_info is not None


def test_a_line_for_a_workspace_goes_to_its_own_log_file(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    log = logging.getLogger("kit.tests")
    try:
        raise ValueError("a broken widget")
    except ValueError:
        log.error("the form could not save", exc_info=True, extra=logs.for_workspace(first))
    log.warning("a draft was dropped", extra=logs.for_workspace(second))
    log.warning("not about any workspace")
    log.info("too small to keep", extra=logs.for_workspace(first))
    for handler in logging.getLogger("kit").handlers:
        handler.flush()
    text = logs.log_path(first).read_text(encoding="utf-8")
    assert "ERROR kit.tests: the form could not save" in text
    assert "ValueError: a broken widget" in text  # with its traceback
    assert "dropped" not in text and "not about" not in text and "too small" not in text
    assert "WARNING kit.tests: a draft was dropped" in logs.log_path(second).read_text("utf-8")


def test_a_workspace_without_room_for_logs_still_logs_elsewhere(tmp_path: Path, caplog) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kit"):
        logging.getLogger("kit.tests").warning("still here", extra=logs.for_workspace(not_a_folder))
    assert [r.getMessage() for r in caplog.records] == ["still here"]
