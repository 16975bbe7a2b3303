"""Which saved entries a form's editor offers, and the line each is listed by.

No widgets here: :class:`kit.forms.editor.EditorView` (one form's entries) and
:class:`kit.forms.entries.EntryEditor` ('Edit a saved entry': several forms' entries in one
list) both ask these functions. A person is only ever offered their own entries: the latest
version of each record in their own folder (or, in a lead's form, the records they wrote
about the practitioners they support), so the words a line shows are their own.
"""

from __future__ import annotations

import string
from datetime import date
from typing import Any

from kit.capture.permissions import supported_by
from kit.forms.template import FormTemplate
from kit.model.base import field_privacy
from kit.model.records import FocusArea, Record
from kit.store.workspace import Workspace

FIRST_WORDS = 8
"""How many words of an entry's own text its line in the list shows."""
QUIET_PRIVACY = frozenset({"private_note", "direct"})
"""Fields whose words a list never shows (notes kept out of everything shared, direct identifiers)."""


def offered(template: FormTemplate, workspace: Workspace, user_id: str,
            own: dict[str, list[Record]] | None = None) -> list[Record]:
    """The entries of ``template``'s form that ``user_id`` can change (latest versions).

    ``own``: the user's latest records by table, filled as they are read (several forms of one
    table then read it once)."""
    table = template.model.TABLE
    if any(spec.type == "practitioner_picker" for spec in template.fields):
        found = [r for pid in supported_by(workspace, user_id)
                 for r in workspace.store.latest(table, pid) if r.author_id == user_id]
    else:
        own = {} if own is None else own
        found = own[table] if table in own else own.setdefault(
            table, workspace.store.latest(table, user_id))
    wanted = {**template.pick_where, **{k: v for k, v in template.fixed.items() if k == "template"}}
    return [r for r in found if all(getattr(r, k) == v for k, v in wanted.items())
            and fits_choices(template, r)]


def fits_choices(template: FormTemplate, record: Record) -> bool:
    """Whether every single-choice value of ``record`` is one ``template``'s form offers."""
    return all(getattr(record, spec.id) in {o.id for o in spec.options}
               for spec in template.fields if spec.type == "choice" and spec.required)


def first_words(template: FormTemplate, record: Record, count: int = FIRST_WORDS) -> str:
    """The first ``count`` words of ``record``'s own text: its form's first long text or
    prompt answer that has any ('' when none; never a private note's words)."""
    for spec in template.fields:
        if spec.type not in ("long_text", "prompts"):
            continue
        if field_privacy(template.model, spec.id) in QUIET_PRIVACY:
            continue
        value = getattr(record, spec.id, None)
        if spec.type == "prompts" and isinstance(value, dict):
            prompts = template.prompts()
            texts = [str(value.get(p.id) or "") for p in prompts] if prompts else \
                [str(text) for text in value.values()]
        else:
            texts = [str(value or "")]
        words = next((text.split() for text in texts if text.strip()), [])
        if words:
            shown = " ".join(words[:count])
            return shown + ("…" if len(words) > count else "")
    return ""


class EntryLabels:
    """The lines entries are listed by in ``workspace`` for ``user_id`` (focus areas and people
    by their labels and names, as :meth:`refresh` last read them: call it before listing)."""

    def __init__(self, workspace: Workspace, user_id: str) -> None:
        self.workspace, self.user_id = workspace, user_id
        self.areas: dict[str, str] = {}
        self.people: dict[str, str] = {}

    def refresh(self) -> None:
        """Read the user's focus-area labels and the people's names again."""
        self.areas = {a.entity_id: a.label for a in
                      self.workspace.store.latest(FocusArea.TABLE, self.user_id)}
        self.people = {p.id: p.name for p in self.workspace.settings.people}

    def line(self, template: FormTemplate, record: Record) -> str:
        """``record`` as one line: the template's ``item_label`` (e.g. date and focus areas),
        the first words of its text, and when it was saved."""
        pattern = template.item_label or template.model.TITLE
        parts = []
        for literal, name, _spec, _conv in string.Formatter().parse(pattern):
            parts.append(literal)
            if name:
                parts.append(self.readable(template, name, getattr(record, name, "")))
        words = first_words(template, record)
        said = f": “{words}”" if words else ""
        saved = record.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
        return f"{''.join(parts).strip()}{said} (saved {saved})"

    def readable(self, template: FormTemplate, name: str, value: Any) -> str:
        """The value of field ``name`` as a person reads it (dates day first, labels, names)."""
        if isinstance(value, date):
            return f"{value:%d/%m/%Y}"
        if name in ("focus_area_ids", "focus_area_id"):
            ids = value if isinstance(value, list) else [value]
            return ", ".join(self.areas.get(v, v) for v in ids)
        if name.endswith("_id") and value in self.people:
            return self.people[value]
        for spec in template.fields:
            if spec.id == name and spec.options:
                return next((o.label for o in spec.options if o.id == value), str(value))
        return str(value)
