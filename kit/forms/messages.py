"""Problems in plain words, each placed beside the field it is about."""

from __future__ import annotations

import html
import re

from kit.errors import ValidationProblems
from kit.views.header import details_html

_PLAIN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^List should have at least 1 item"), "choose at least one"),
    (re.compile(r"^List should have at least (\d+) items"), "choose at least {0}"),
    (re.compile(r"^String should have at least 1 character"), "this field is required"),
    (re.compile(r"^String should have at least (\d+) characters"), "write at least {0} characters"),
    (re.compile(r"^String should have at most (\d+) characters?"),
     "this is too long: keep it to {0} characters or fewer"),
    (re.compile(r"^Input should be greater than or equal to (\d+)"), "use {0} or more"),
    (re.compile(r"^Input should be less than or equal to (\d+)"), "use {0} or less"),
    (re.compile(r"^Input should be a valid integer"), "write a whole number, e.g. 45"),
    (re.compile(r"^Input should be a valid date"), "choose a date"),
    (re.compile(r"^Input should be (?:'[^']*'(?:, | or )?)+$"), "choose one of the options"),
    (re.compile(r"^Input should be a valid string"), "this field is required"),
    (re.compile(r"^String should match pattern"), "this is not in the form asked for"),
]


def plain(message: str) -> str:
    """A pydantic message in plain words ('List should have at least 1 item' -> 'choose at least one')."""
    for pattern, replacement in _PLAIN:
        match = pattern.match(message)
        if match:
            return replacement.format(*match.groups())
    return message


def field_of(problem_field: str, message: str, known: set[str],
             labels: dict[str, str] | None = None) -> tuple[str, str]:
    """Which form field a problem belongs to, and its message.

    Nested locations ('tags.0') go to their field ('tags'), except answers
    to prompts ('answers.what') which have their own input; whole-record
    problems that start with a field name ('closed_on: give the date')
    go to that field.
    """
    if problem_field in known:
        return problem_field, message
    if problem_field.startswith("answers.") and "answers" in known:
        prompt = (labels or {}).get(problem_field, problem_field.split(".", 1)[1])
        return "answers", f"your answer to '{prompt}': {plain(message)}"
    head = problem_field.split(".")[0]
    if problem_field == "record" or head == "record":
        match = re.match(r"^(\w+): (.*)$", message)
        if match and match.group(1) in known:
            return match.group(1), match.group(2)
        match = re.match(r"^(\w+) .*", message)
        if match and match.group(1) in known:
            return match.group(1), message
    return head, message


def problems_by_field(error: ValidationProblems, known: set[str],
                      labels: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Every problem of ``error`` in plain words, grouped by form field.

    ``labels`` names nested inputs (a prompt id -> its question) in messages.
    """
    grouped: dict[str, list[str]] = {}
    for name, messages in error.by_field().items():
        for message in messages:
            target, text = field_of(name, message, known, labels)
            text = plain(text)
            if text not in grouped.setdefault(target, []):
                grouped[target].append(text)
    return grouped


def sentence(text: str) -> str:
    """``text`` as a sentence: capital first letter, a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def field_message_html(text: str) -> str:
    """The markup of a problem shown beside its field."""
    return f"<span role='alert' style='color:#b00020'>{html.escape(sentence(text), quote=False)}</span>"


def status_html(text: str, kind: str, details: str = "") -> str:
    """The markup of the form's status line; ``kind`` is success, error, warning or info;
    ``details`` (an error's, for whoever runs the hub) folded away below it."""
    colour = {"success": "#1b5e20", "error": "#b00020", "warning": "#8a4b00"}.get(kind, "inherit")
    role = "alert" if kind == "error" else "status"
    line = f"<span role='{role}' style='color:{colour}'>{html.escape(text, quote=False)}</span>"
    return line + (details_html(html.escape(details)) if details else "")


def problems_summary(problems: dict[str, list[str]], general: list[str]) -> str:
    """The status line after a refused save: how many problems, and those with no field."""
    count = sum(len(m) for m in problems.values())
    noun = "problem" if count == 1 else "problems"
    lead = f"Not saved: {count} {noun}"
    lead += ", shown beside the fields." if len(general) < len(problems) else "."
    if general:
        lead += " " + " ".join(sentence(g) for g in general)
    return lead
