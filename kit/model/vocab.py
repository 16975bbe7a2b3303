"""The learning system's vocabulary, read from ``templates/vocab/*.yaml``.

Forms take their choices from here, records validate against it, and the
data dictionary lists it. Each file holds ``name``, ``label``, ``help`` and
``choices`` (each an ``id`` and a ``label``); ``journey.yaml`` holds levels
with steps, and ``concept_tags.yaml`` may pull in whole other lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kit.errors import TemplateError
from kit.resources import VOCAB_DIR


@dataclass(frozen=True)
class Choice:
    """One allowed value: its stored ``id`` and the ``label`` people see."""

    id: str
    label: str
    help: str = ""
    group: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Vocabulary:
    """A named list of choices."""

    name: str
    label: str
    help: str
    choices: tuple[Choice, ...]

    def ids(self) -> list[str]:
        """The stored ids, in the file's order."""
        return [choice.id for choice in self.choices]

    def label_of(self, choice_id: str) -> str:
        """The label people see for ``choice_id`` (the id itself if unknown)."""
        for choice in self.choices:
            if choice.id == choice_id:
                return choice.label
        return choice_id

    def get(self, choice_id: str) -> Choice:
        """The choice with ``choice_id``; a clear error if there is none."""
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        raise TemplateError(
            f"'{choice_id}' is not one of the {self.label.lower()} choices.",
            f"Use one of: {', '.join(self.ids())}.",
        )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(
            f"There is no vocabulary file {path.name} in {path.parent}.",
            "Check the name, or restore the file from the kit's repository.",
        ) from None
    except yaml.YAMLError as error:
        raise TemplateError(f"{path} is not valid YAML: {error}", "Fix the file.") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path} must hold a mapping with 'choices'.", "Fix the file.")
    return data


def _choice(raw: Any, path: Path, default_group: str = "") -> Choice:
    if not isinstance(raw, dict) or "id" not in raw or "label" not in raw:
        raise TemplateError(
            f"{path}: every choice needs an 'id' and a 'label' (found {raw!r}).",
            "Fix the entry.",
        )
    known = {"id", "label", "help", "group"}
    extra = {key: value for key, value in raw.items() if key not in known}
    return Choice(
        id=str(raw["id"]),
        label=str(raw["label"]),
        help=str(raw.get("help", "")),
        group=str(raw.get("group", default_group)),
        extra=extra,
    )


def _journey_choices(data: dict[str, Any], path: Path) -> list[Choice]:
    return [_choice(level, path) for level in data.get("levels", [])]


@cache
def load(name: str) -> Vocabulary:
    """Load the vocabulary ``name`` (the file ``templates/vocab/<name>.yaml``).

    ``journey_levels`` and ``journey_steps`` are read from ``journey.yaml``.
    """
    if name in ("journey_levels", "journey_steps"):
        return _load_journey(name)
    path = VOCAB_DIR / f"{name}.yaml"
    data = _read_yaml(path)
    choices: list[Choice] = []
    for group in data.get("groups", []):
        source = load(str(group["from"]))
        choices.extend(
            Choice(c.id, c.label, c.help, str(group["id"]), c.extra) for c in source.choices
        )
    choices.extend(_choice(raw, path) for raw in data.get("choices", []))
    return Vocabulary(
        name=name,
        label=str(data.get("label", name)),
        help=str(data.get("help", "")),
        choices=tuple(choices),
    )


def _load_journey(name: str) -> Vocabulary:
    path = VOCAB_DIR / "journey.yaml"
    data = _read_yaml(path)
    if name == "journey_levels":
        return Vocabulary(name, "Learning Journey level", "", tuple(_journey_choices(data, path)))
    steps = [
        _choice(step, path, default_group=str(level["id"]))
        for level in data.get("levels", [])
        for step in level.get("steps", [])
    ]
    return Vocabulary(name, "Learning Journey step", str(data.get("help", "")), tuple(steps))


@cache
def id_set(name: str) -> frozenset[str]:
    """The stored ids of vocabulary ``name``, for quick membership checks."""
    return frozenset(load(name).ids())


def names() -> list[str]:
    """Every vocabulary the kit knows, by name."""
    files = sorted(p.stem for p in VOCAB_DIR.glob("*.yaml") if p.stem != "journey")
    return [*files, "journey_levels", "journey_steps"]


def reflection_prompts(template_id: str) -> list[Choice]:
    """The prompts of reflection template ``template_id``, in order."""
    return list(_reflection_prompts(template_id))


@cache
def _reflection_prompts(template_id: str) -> tuple[Choice, ...]:
    # Cached: every reflection validated (100,000s when tables compile) asks for these.
    template = load("reflection_templates").get(template_id)
    return tuple(_choice(raw, VOCAB_DIR / "reflection_templates.yaml") for raw in template.extra["prompts"])
