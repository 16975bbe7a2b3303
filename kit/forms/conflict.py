"""An edit refused because the record changed since the form opened it: both texts, side by side.

:func:`both_texts_html` puts the version stored now beside what the form holds, field by field
(only the fields that differ), in the words the form uses: prompts by their question, choices by
their label, focus areas by their label. No widgets and no saving here: the form shows the
result and decides what Save does next.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from kit.forms.template import FormTemplate
from kit.model.records import Record

WHAT_NEXT = ("Both texts are shown below: the one saved since and yours, which is still in the "
             "form. Copy from the saved one what you want to keep, then save again to store yours "
             "as the newest version.")


def refusal_sentence(why: str) -> str:
    """'Not saved. This reflection changed since you opened it. Both texts are shown below...'
    (``why`` is the refusal's own sentence, :func:`kit.capture.rules.check_supersedes`)."""
    return f"Not saved. {why} {WHAT_NEXT}"


def _readable(template: FormTemplate, name: str, value: Any, area_labels: dict[str, str]) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list | tuple):
        return ", ".join(_readable(template, name, item, area_labels) for item in value)
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if name.startswith("focus_area_id"):
        return area_labels.get(str(value), str(value))
    spec = next((s for s in template.fields if s.id == name), None)
    if spec is not None and spec.options:
        return next((o.label for o in spec.options if o.id == value), str(value))
    return str(value)


def differences(template: FormTemplate, saved: Record, mine: dict[str, Any],
                area_labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(label, saved text, your text)`` of each field where ``mine`` (record content, as the
    form collected it) differs from the ``saved`` version; prompts one by one."""
    questions = {prompt.id: prompt.label for prompt in template.prompts()}
    rows = []
    for spec in template.fields:
        if spec.id not in mine:
            continue
        theirs, yours = getattr(saved, spec.id, None), mine[spec.id]
        if isinstance(theirs, dict) or isinstance(yours, dict):
            theirs, yours = theirs or {}, yours or {}
            for key in [*theirs, *(k for k in yours if k not in theirs)]:
                if (theirs.get(key) or "") != (yours.get(key) or ""):
                    rows.append((questions.get(key, key), theirs.get(key) or "(empty)",
                                 yours.get(key) or "(empty)"))
            continue
        saved_text = _readable(template, spec.id, theirs, area_labels)
        your_text = _readable(template, spec.id, yours, area_labels)
        if saved_text != your_text:
            rows.append((spec.label, saved_text, your_text))
    return rows


def both_texts_html(template: FormTemplate, saved: Record, mine: dict[str, Any],
                    area_labels: dict[str, str]) -> str:
    """The saved version beside yours, as a table with a caption (the differing fields only)."""
    when = saved.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
    rows = differences(template, saved, mine, area_labels)
    cell = ("<td style='white-space:pre-wrap;vertical-align:top;padding:4px 8px;"
            "border:1px solid #8a8a8a'>{}</td>")
    body = "".join(
        f"<tr><th scope='row' style='text-align:left;vertical-align:top;padding:4px 8px;"
        f"border:1px solid #8a8a8a'>"
        f"{html.escape(label)}</th>{cell.format(html.escape(theirs))}{cell.format(html.escape(yours))}</tr>"
        for label, theirs, yours in rows)
    if not rows:
        body = ("<tr><td colspan='3' style='padding:4px 8px'>Your text is the same as the one "
                "saved since.</td></tr>")
    return ("<table class='candle-both-texts' style='border-collapse:collapse;max-width:60em'>"
            f"<caption style='text-align:left;font-weight:bold'>The saved version ({when}) and "
            "yours</caption><thead><tr><th scope='col'></th>"
            "<th scope='col' style='text-align:left;padding:4px 8px'>Saved since</th>"
            "<th scope='col' style='text-align:left;padding:4px 8px'>Yours (not saved)</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")
