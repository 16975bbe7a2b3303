"""Saving a form's content: build one record and hand it to the capture layer.

No widgets here: :func:`store_new` and :func:`store_edit` take the content
:func:`kit.forms.collect.collect` produced and hand it to the form's workspace interface
(:mod:`kit.hub.backend`, opened once when the form opens: the folder, or the hub's service
as the signed-in person); :func:`record_problems` finds the record's own problems before
anything is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.capture.rules import SECOND_NOTE_REASON, same_period_record
from kit.errors import KitError, ValidationProblems
from kit.forms.messages import problems_by_field
from kit.forms.template import FormTemplate
from kit.hub.backend import WorkspaceBackend
from kit.model.records import MicroProject, Record, ReviewNote
from kit.store.workspace import Workspace


def build_record(model: type[Record], content: dict[str, Any], user_id: str, record_id: str
                 ) -> Record:
    """A new record of ``model`` written by ``user_id`` (for themselves unless content names
    another practitioner). Raises :class:`ValidationProblems`."""
    content = dict(content)
    practitioner = content.pop("practitioner_id", None) or user_id
    return model.new(practitioner_id=practitioner, author_id=user_id, record_id=record_id,
                     **content)


def store_new(backend: WorkspaceBackend, workspace: Workspace, model: type[Record],
              content: dict[str, Any], user_id: str, record_id: str) -> Path:
    """Store a new record built from ``content`` through ``backend`` and return its file in
    ``workspace`` (the form's: on a hub, the kernel's copy)."""
    record = build_record(model, content, user_id, record_id)
    if isinstance(record, MicroProject):  # the application also starts the licence timeline
        backend.save_application(record)
    elif isinstance(record, ReviewNote) and (first := same_period_record(workspace.store, record)):
        # one note per practitioner and period: writing again is an edit of the first
        content = {"text": record.text, "shared": record.shared}
        return workspace.store.path_for(backend.edit(record.TABLE, first.entity_id,
                                                     record.practitioner_id, SECOND_NOTE_REASON,
                                                     content))
    else:
        backend.submit(record)
    return workspace.store.path_for(record)


def store_edit(backend: WorkspaceBackend, model: type[Record], editing: Record | None,
               content: dict[str, Any], reason: str) -> Record:
    """Store a new version of ``editing`` with ``content`` and ``reason`` through ``backend``;
    return it. A version saved since ``editing`` was opened refuses it (:class:`StaleEdit`)."""
    if editing is None:
        raise KitError("Choose the record you want to change first.",
                       "Pick it from the list at the top of the form.")
    content = {k: v for k, v in content.items() if k != "practitioner_id"}
    return backend.edit(model.TABLE, editing.entity_id, editing.practitioner_id, reason, content,
                        supersedes=editing.record_id)


def problems_of(template: FormTemplate, error: ValidationProblems, known: set[str]
                ) -> dict[str, list[str]]:
    """``error``'s problems in plain words, by the form's field (prompts named by question)."""
    labels = {f"answers.{prompt.id}": prompt.label for prompt in template.prompts()}
    return problems_by_field(error, known, labels)


def record_problems(template: FormTemplate, content: dict[str, Any], user_id: str, record_id: str,
                    known: set[str]) -> dict[str, list[str]]:
    """The problems the record itself would raise (cross-field rules), by form field."""
    try:
        build_record(template.model, content, user_id, record_id)
    except ValidationProblems as error:
        return problems_of(template, error, known)
    return {}
