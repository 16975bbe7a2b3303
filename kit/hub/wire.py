"""The service's JSON, both ways: kit errors to HTTP answers and back, tables and records.

One definition serves the service and the client, so a refusal or a list of problems
reaches the form exactly as the local backend would have raised it.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd

from kit import errors
from kit.errors import (
    KitError,
    PermissionDenied,
    Problem,
    RecordNotFound,
    ReviewOutdated,
    StaleEdit,
    StoreError,
    ValidationProblems,
    WorkspaceError,
)
from kit.model.records import Record, model_for_kind, validate_record

STATUS_BY_ERROR: tuple[tuple[type[KitError], int], ...] = (
    (ValidationProblems, 400),
    (PermissionDenied, 403),
    (WorkspaceError, 404),
    (RecordNotFound, 404),
    (ReviewOutdated, 409),
    (StaleEdit, 409),
    (StoreError, 503),
)
# 401 (a token the hub does not know) and 413 (a body over the limit) are refusals too
KIND_BY_STATUS = {400: KitError, 401: PermissionDenied, 403: PermissionDenied,
                  404: WorkspaceError, 409: ReviewOutdated,
                  413: PermissionDenied}


def error_status(error: KitError) -> int:
    """The HTTP status for a kit error (400 for any other bad request)."""
    for error_class, status in STATUS_BY_ERROR:
        if isinstance(error, error_class):
            return status
    return 400


def error_body(error: KitError) -> dict[str, Any]:
    """``{"error": sentence, "message", "hint", "problems": [...]}`` for ``error``."""
    body: dict[str, Any] = {"error": str(error), "message": error.message, "hint": error.hint,
                            "kind": type(error).__name__}
    if isinstance(error, StaleEdit) and isinstance(error.current, Record):
        body["current"] = error.current.model_dump(mode="json")
    if isinstance(error, ValidationProblems):
        body["problems"] = [{"field": p.field, "message": p.message, "code": p.code}
                            for p in error.problems]
    return body


def error_from(status: int, body: dict[str, Any]) -> KitError:
    """The kit error a service answer stands for (the client raises it)."""
    if status == 400 and body.get("problems"):
        problems = [Problem(p["field"], p["message"], p.get("code", "invalid")) for p in body["problems"]]
        error = ValidationProblems(problems)
        error.message, error.hint = body.get("message", error.message), body.get("hint", error.hint)
        return error
    if body.get("kind") == StaleEdit.__name__:
        return StaleEdit(body.get("message") or "This record changed since you opened it.",
                         body.get("hint", ""), current=_record_or_none(body.get("current")))
    named = getattr(errors, str(body.get("kind", "")), None)  # e.g. a ReviewError, as raised there
    if isinstance(named, type) and issubclass(named, KitError) and named is not ValidationProblems:
        error_class: type[KitError] = named
    else:
        error_class = KIND_BY_STATUS.get(status, StoreError)
    return error_class(body.get("message") or body.get("error") or f"The candle service answered {status}.",
                       body.get("hint", ""))


def _record_or_none(data: Any) -> Record | None:
    """The record a refusal carries (e.g. the version stored now), or None if it holds none."""
    if not isinstance(data, dict):
        return None
    try:
        return validate_record(model_for_kind(str(data.get("kind", ""))), data)
    except KitError:
        return None


def frame_to_json(frame: pd.DataFrame) -> str:
    """A table as JSON that keeps column types (pandas' table orient)."""
    return frame.to_json(orient="table", index=False, date_format="iso")


def frame_from_json(text: str) -> pd.DataFrame:
    """The table :func:`frame_to_json` wrote."""
    return pd.read_json(io.StringIO(text), orient="table")


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
