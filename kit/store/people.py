"""The people of a single-machine workspace: list them, add one, or add many from a file.

People live in ``kit.yaml`` (``people:``); these functions check each new person
with the same model (:class:`kit.store.workspace.Person`) and the same messages
as reading ``kit.yaml`` does, report every problem at once, and write nothing
unless every new person is valid and no id is taken. ``kit.yaml`` is re-read just
before it is rewritten (atomically), so an edit made meanwhile is kept.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kit.errors import ImportFileError, Problem, ValidationProblems
from kit.model.records import problems_from
from kit.store.workspace import SETTINGS_FILE, Person, Settings, Workspace, read_settings, write_settings

FILE_COLUMNS = ("id", "name", "kinds")
_KIND_SPLIT = re.compile(r"[;,\s]+")


def split_kinds(value: Any) -> list[str]:
    """``"lead; practitioner"`` (or a list) as ``["lead", "practitioner"]``."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part for part in _KIND_SPLIT.split(str(value or "").strip()) if part]


def _check(entries: list[tuple[int | None, dict[str, Any]]], taken: set[str]
           ) -> tuple[list[Person], list[Problem]]:
    people, problems, seen = [], [], set(taken)
    for row, entry in entries:
        data = {**entry, "kinds": split_kinds(entry.get("kinds"))}
        try:
            person = Person.model_validate(data)
        except ValidationError as error:
            problems += [Problem(p.field, p.message, p.code, row=row, value=p.value)
                         for p in problems_from(error)]
            continue
        if person.id in seen:
            where = "is already a person in this workspace" if person.id in taken else \
                "appears more than once"
            problems.append(Problem("id", f"'{person.id}' {where}; choose another id", "duplicate",
                                    row=row, value=person.id))
            continue
        seen.add(person.id)
        people.append(person)
    return people, problems


def add_people(ws: Workspace, entries: list[tuple[int | None, dict[str, Any]]],
               what: str = "This person") -> Workspace:
    """Add every entry (row number, fields) to ``kit.yaml``, or nothing if any has a problem."""
    path = ws.root / SETTINGS_FILE
    settings = read_settings(path)
    people, problems = _check(entries, {p.id for p in settings.people})
    if problems:
        raise ValidationProblems(problems, what)
    try:
        settings = Settings.model_validate({**settings.model_dump(), "people": [*settings.people, *people]})
    except ValidationError as error:
        raise ValidationProblems(problems_from(error), what) from None
    write_settings(path, settings)
    return Workspace(ws.root, settings)


def set_current_user(ws: Workspace, person_id: str) -> Workspace:
    """``ws`` with ``person_id`` (a person listed in ``kit.yaml``) as its current user."""
    path = ws.root / SETTINGS_FILE
    settings = read_settings(path)
    if not any(person.id == person_id for person in settings.people):
        known = ", ".join(person.id for person in settings.people) or "nobody yet"
        raise ValidationProblems([Problem("current_user", f"'{person_id}' is not a person of this "
                                          f"workspace (known: {known}); add them with --name and "
                                          "--kind first", "unknown_person")], f"Person '{person_id}'")
    settings = settings.model_copy(update={"current_user": person_id})
    write_settings(path, settings)
    return Workspace(ws.root, settings)


def read_people_file(path: Path) -> list[tuple[int | None, dict[str, Any]]]:
    """The people in a CSV (columns id, name, kinds) or YAML file, each with its row number."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"{path} cannot be read ({error}).",
                              "Give a CSV file with the columns id, name, kinds, or a YAML list.") from None
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        return _yaml_people(path, text)
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in FILE_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(f"{path} has no {', '.join(missing)} column.",
                              "The first line must name the columns id, name, kinds "
                              "(kinds separated by ';', e.g. lead;practitioner).")
    rows = list(reader)
    if not rows:
        raise ImportFileError(f"{path} lists nobody.", "Add a line for each person under the header.")
    return [(number, {k: (v or "").strip() for k, v in row.items() if k})
            for number, row in enumerate(rows, start=2)]


def _yaml_people(path: Path, text: str) -> list[tuple[int | None, dict[str, Any]]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ImportFileError(f"{path} is not valid YAML ({error}).", "Fix the file and try again.") from None
    if isinstance(data, dict):
        data = data.get("people")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFileError(f"{path} does not hold a list of people.",
                              "Write a list of entries with id, name and kinds (as in kit.yaml).")
    return [(number, item) for number, item in enumerate(data, start=1)]


def remove_person(ws: Workspace, person_id: str) -> tuple[Workspace, bool]:
    """``ws`` without ``person_id`` in ``kit.yaml`` (nor as its current user); whether they were
    listed. ``kit.yaml`` is re-read just before it is rewritten, so an edit made meanwhile is kept."""
    path = ws.root / SETTINGS_FILE
    settings = read_settings(path)
    people = [person for person in settings.people if person.id != person_id]
    if len(people) == len(settings.people) and settings.current_user != person_id:
        return Workspace(ws.root, settings), False
    current = None if settings.current_user == person_id else settings.current_user
    settings = settings.model_copy(update={"people": people, "current_user": current})
    write_settings(path, settings)
    return Workspace(ws.root, settings), True
