"""What the forms used to swallow now leaves a log line: an unexpected error while saving
(with its traceback, also in WORKSPACE/logs/kit.log) and a corrupt draft that is dropped.

Local only: the kit's log file and the fault injected into this process's own store are the
local folder's (a drafts folder is the same on both backends, tests/forms/test_forms_drafts.py).
"""

from __future__ import annotations

import logging

from kit import logs
from kit.forms.drafts import draft_path

LOCAL_ONLY = "all"


def _flush_log_files() -> None:
    for handler in logging.getLogger("kit").handlers:
        handler.flush()


def test_an_unexpected_error_is_logged_with_its_traceback(workspace, open_view, monkeypatch,
                                                          caplog) -> None:
    def broken(_record):
        raise RuntimeError("boom")

    monkeypatch.setattr(workspace.store, "write", broken)
    view = open_view("research_consent")
    view.inputs["decision"].value = "given"
    with caplog.at_level(logging.WARNING, logger="kit"):
        view.save_button.click()
    assert "something unexpected went wrong (boom)" in view.status.value
    (line,) = [r for r in caplog.records if r.name.startswith("kit.forms")]
    assert line.levelno == logging.ERROR and line.exc_info is not None
    assert "research_consent" in line.getMessage() and "p01" in line.getMessage()
    _flush_log_files()
    text = logs.log_path(workspace.root).read_text(encoding="utf-8")
    assert "research_consent" in text and "Traceback (most recent call last)" in text
    assert "RuntimeError: boom" in text


def test_a_corrupt_draft_that_is_dropped_is_logged(workspace, open_view, caplog) -> None:
    path = draft_path(workspace, "p01", "licence_decision")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kit"):
        view = open_view("licence_decision")
    assert view.draft_notice.value == ""
    (line,) = [r for r in caplog.records if r.name == "kit.forms.drafts"]
    assert line.levelno == logging.WARNING
    assert str(path) in line.getMessage() and "could not be read" in line.getMessage()
    _flush_log_files()
    assert str(path) in logs.log_path(workspace.root).read_text(encoding="utf-8")


def test_a_missing_draft_is_not_worth_a_line(workspace, open_view, caplog) -> None:
    with caplog.at_level(logging.DEBUG, logger="kit"):
        open_view("licence_decision")
    assert [r for r in caplog.records if r.name == "kit.forms.drafts"] == []
