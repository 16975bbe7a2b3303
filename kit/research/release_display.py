"""How a held reflection is shown to a lead, on the release page and on the command line.

Every answer is labelled with its question (from the reflection template), the
reflection with its author's name, date and template: never a raw id or a field
code. Placeholders are highlighted and every risky token left is marked, with why.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from kit.errors import KitError
from kit.identify import KINDS
from kit.model import vocab
from kit.research.release_queue import HeldNote
from kit.research.risky import PLACEHOLDER, risky_tokens
from kit.store.workspace import Workspace

PAGE_SIZE = 5
"""Held reflections on one page (the release page and ``candle release list`` agree)."""
MASK_KINDS = tuple(dict.fromkeys([*KINDS, "OTHER"]))
"""The placeholders a lead may mask words with by hand."""
PLACEHOLDER_CLASS = "candle-placeholder"
RISKY_CLASS = "candle-risky"
STYLE = (f"<style>.{PLACEHOLDER_CLASS}{{background:#cfe3ff;color:#0b2e59;padding:0 2px;border-radius:3px}}"
         f".{RISKY_CLASS}{{background:#ffe08a;color:#4a3300;border-bottom:2px solid #b07d00;padding:0 2px}}"
         ".candle-release-field{margin:0.3em 0 0.6em 0;line-height:1.5}"
         ".candle-release-question{font-weight:600;display:block}</style>")


def question(template: str, prompt: str) -> str:
    """The question a prompt id stands for (its label in the reflection template)."""
    templates = [template] if template else []
    templates += [choice.id for choice in vocab.load("reflection_templates").choices]
    for name in templates:
        try:
            for choice in vocab.reflection_prompts(name):
                if choice.id == prompt:
                    return choice.label
        except (KitError, KeyError):
            continue
    return prompt.replace("_", " ").capitalize()


def in_order(template: str, answers: dict[str, str]) -> list[tuple[str, str]]:
    """The non-empty answers in the order the template asks its questions."""
    try:
        order = {choice.id: n for n, choice in enumerate(vocab.reflection_prompts(template))}
    except (KitError, KeyError):
        order = {}
    ordered = sorted(answers.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0]))
    return [(prompt, text) for prompt, text in ordered if text.strip()]


def template_label(template: str) -> str:
    """The reflection template's name as practitioners see it."""
    try:
        return vocab.load("reflection_templates").get(template).label
    except (KitError, KeyError):
        return "Reflection"


def person_name(ws: Workspace, person_id: str) -> str:
    """A person's name from the workspace settings (or 'a practitioner' if unknown)."""
    try:
        return ws.person(person_id).name
    except KitError:
        return "a practitioner"


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value[:10]).strftime("%d %b %Y")
    except ValueError:
        return "undated"


def heading(ws: Workspace, note: HeldNote) -> str:
    """'Reflection by Person One, 20 Mar 2025 (Rolfe's ...)', plain text."""
    return (f"Reflection by {person_name(ws, note.practitioner_id)}, {_day(note.reflection_date)} "
            f"({template_label(note.template)})")


def context_line(ws: Workspace, lead: str) -> str:
    """Which workspace and which lead: every page and command says so."""
    return f"Workspace {ws.settings.name} ({ws.root}); acting lead {person_name(ws, lead)} ({lead})"


def marked(text: str, escape: Callable[[str], str], placeholder: Callable[[str], str],
           risky: Callable[[str, str], str]) -> str:
    """``text`` with each placeholder and each risky token wrapped by the given functions."""
    spans = [(m.start(), m.end(), placeholder, "") for m in PLACEHOLDER.finditer(text)]
    spans += [(t.start, t.end, risky, t.reason) for t in risky_tokens(text)]
    out, position = [], 0
    for start, end, wrap, reason in sorted(spans, key=lambda s: s[0]):
        if start < position:
            continue
        out.append(escape(text[position:start]))
        piece = escape(text[start:end])
        out.append(wrap(piece, reason) if reason else wrap(piece))
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def marked_html(text: str) -> str:
    """The answer as HTML: placeholders highlighted, risky tokens marked (hover says why)."""
    return marked(text, html.escape,
                  lambda p: f'<mark class="{PLACEHOLDER_CLASS}">{p}</mark>',
                  lambda t, why: f'<mark class="{RISKY_CLASS}" title="{html.escape(why)}">{t}</mark>')


def marked_plain(text: str) -> str:
    """The answer for a terminal: risky tokens between >> and <<."""
    return marked(text, str, str, lambda t, _why: f">>{t}<<")


def note_html(ws: Workspace, note: HeldNote) -> str:
    """One held reflection as HTML: heading, then each answer under its question."""
    fields = "".join(
        f'<div class="candle-release-field"><span class="candle-release-question">'
        f"{html.escape(question(note.template, prompt))}</span>{marked_html(text)}</div>"
        for prompt, text in in_order(note.template, note.text))
    return f"<h4>{html.escape(heading(ws, note))}</h4>{fields}"


def note_plain(ws: Workspace, note: HeldNote) -> str:
    """One held reflection for the command line, with its risky tokens listed."""
    lines = [f"#{note.ref}  {heading(ws, note)}"]
    for prompt, text in in_order(note.template, note.text):
        lines += [f"  {question(note.template, prompt)}", f"    {marked_plain(text)}"]
    tokens = [t for text in note.text.values() for t in risky_tokens(text)]
    if tokens:
        lines.append("  Still risky: " + "; ".join(f"{t.text} ({t.reason})" for t in tokens))
    return "\n".join(lines)
