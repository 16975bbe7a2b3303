"""One field of a form template: its spec, read and checked against the record model.

Every field id must be a field of the record the form fills, every choice a
value that field can hold; anything else is a :class:`TemplateError` naming
the file and line (see :mod:`kit.forms.template` for the whole format).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from kit.forms.yaml_lines import LocatedYaml
from kit.model import vocab
from kit.model.records import Profile, Record, field_vocab

FIELD_TYPES = {
    "short_text": "one line of text",
    "long_text": "a paragraph of text",
    "choice": "one choice from a list",
    "multi_choice": "any number of choices from a list",
    "date": "a date",
    "scale_1_5": "an optional rating from 1 to 5, set by the practitioner",
    "yes_no": "a yes or no tick box",
    "number": "a whole number",
    "lines": "a list of words, one per line",
    "focus_area_picker": "one or more of the user's own active focus areas",
    "person_picker": "a person of the workspace with one of the given kinds",
    "practitioner_picker": "one of the practitioners the user supports (leads)",
    "prompts": "one answer box per prompt of the reflection template",
}
FIELD_KEYS = {"id", "label", "help", "type", "required", "limits", "choices", "default",
              "kinds", "depends_on"}
LIMIT_KEYS = {"min_length", "max_length", "min", "max", "rows"}
DEFAULTS = {"today", "review_period", "profile"}
CHOICE_TYPES = {"choice", "multi_choice"}


Option = vocab.Choice  # one choice of a choice field: stored ``id``, visible ``label``


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form."""

    id: str
    label: str
    type: str
    help: str = ""
    required: bool = False
    limits: dict[str, int] = field(default_factory=dict)
    choices: str = ""
    options: tuple[Option, ...] = ()
    default: Any = None
    kinds: tuple[str, ...] = ()
    depends_on: str = ""
    line: int = 0


def _literal_ids(model: type[Record], name: str) -> list[Any] | None:
    """The allowed values of a Literal field (looking inside Optional), else None."""
    annotation = model.model_fields[name].annotation
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if typing.get_origin(candidate) is Literal:
            return list(typing.get_args(candidate))
    return None


def _is_list(model: type[Record], name: str) -> bool:
    annotation = model.model_fields[name].annotation
    return typing.get_origin(annotation) is list


def check_keys(doc: LocatedYaml, raw: dict, allowed: set[str], where: tuple, what: str) -> None:
    """Refuse any key of ``raw`` not in ``allowed``, naming its line and the keys allowed."""
    for key in raw:
        if key not in allowed:
            raise doc.error(doc.key_line(*where, key), f"'{key}' is not a known {what} key.",
                            f"Use one of: {', '.join(sorted(allowed))}.")


def _options(doc: LocatedYaml, raw: dict, where: tuple, model: type[Record]) -> tuple[str, tuple]:
    """The vocabulary name and options of a choice field."""
    choices = raw.get("choices")
    name = str(raw["id"])
    allowed = _literal_ids(model, name)
    if isinstance(choices, str):
        if choices not in vocab.names():
            raise doc.error(doc.line(*where, "choices"),
                            f"field '{name}' names the choice list '{choices}', which does not exist.",
                            f"Use one of the vocabularies: {', '.join(vocab.names())}.")
        loaded = vocab.load(choices)
        options = tuple(Option(c.id, c.label, group=c.group) for c in loaded.choices)
    elif isinstance(choices, list):
        options = []
        for index, item in enumerate(choices):
            if not isinstance(item, dict) or "id" not in item or "label" not in item:
                raise doc.error(doc.line(*where, "choices", index),
                                f"each choice of field '{name}' needs an 'id' and a 'label'.",
                                "Write it as {id: ..., label: ...}.")
            options.append(Option(item["id"], str(item["label"])))
        options = tuple(options)
        choices = ""
    elif choices is None and allowed is not None:
        options = tuple(Option(value, str(value).replace("_", " ").capitalize())
                        for value in allowed)
        choices = ""
    else:
        raise doc.error(doc.line(*where), f"choice field '{name}' has no choices.",
                        "Give 'choices: <vocabulary name>' or a list of {id, label}.")
    if allowed is not None:
        for index, option in enumerate(options):
            if option.id not in allowed:
                raise doc.error(doc.line(*where, "choices", index),
                                f"'{option.id}' is not a value field '{name}' can hold.",
                                f"Use one of: {', '.join(map(str, allowed))}.")
    return str(choices or ""), options


def _check_type(doc: LocatedYaml, spec_type: str, name: str, model: type[Record], where: tuple,
                fixed: dict) -> None:
    line = doc.line(*where, "type")
    if spec_type not in FIELD_TYPES:
        raise doc.error(line, f"'{spec_type}' is not a field type (field '{name}').",
                        f"Use one of: {', '.join(FIELD_TYPES)}.")
    if name == "practitioner_id" and spec_type != "practitioner_picker":
        raise doc.error(line, "the practitioner can only be chosen with a practitioner_picker.",
                        "Set 'type: practitioner_picker'.")
    if spec_type == "practitioner_picker" and name != "practitioner_id":
        raise doc.error(line, "a practitioner_picker fills 'practitioner_id' only.",
                        "Use it as 'id: practitioner_id'.")
    if spec_type == "focus_area_picker" and name not in ("focus_area_ids", "focus_area_id"):
        raise doc.error(line, f"a focus_area_picker cannot fill '{name}'.",
                        "Use it for focus_area_ids or focus_area_id.")
    if spec_type == "prompts" and (name != "answers" or "template" not in fixed):
        raise doc.error(line, "a 'prompts' field fills 'answers' and needs 'template' under 'fixed'.",
                        "Add 'fixed: {template: <reflection template>}'.")
    if spec_type in ("multi_choice", "lines") and not _is_list(model, name):
        raise doc.error(line, f"'{name}' holds one value, so it cannot be a {spec_type}.",
                        "Use 'choice' or a text type.")


def read_field(doc: LocatedYaml, raw: Any, index: int, model: type[Record], fixed: dict) -> FieldSpec:
    """Field number ``index`` of the template, checked against ``model``."""
    where = ("fields", index)
    if not isinstance(raw, dict):
        raise doc.error(doc.line(*where), "each field must be a mapping with id, label and type.",
                        "Start it with '- id: ...'.")
    check_keys(doc, raw, FIELD_KEYS, where, "field")
    for key in ("id", "label", "type"):
        if key not in raw:
            raise doc.error(doc.line(*where), f"this field has no '{key}'.",
                            f"Add '{key}: ...' to it.")
    name = str(raw["id"])
    if name not in model.content_fields() and name != "practitioner_id":
        raise doc.error(doc.line(*where, "id"),
                        f"'{name}' is not a field of the {model.KIND} record.",
                        f"Use one of: {', '.join(model.content_fields())}.")
    spec_type = str(raw["type"])
    _check_type(doc, spec_type, name, model, where, fixed)
    limits = raw.get("limits") or {}
    if not isinstance(limits, dict):
        raise doc.error(doc.line(*where, "limits"), "limits must be a mapping.",
                        "e.g. 'limits: {max_length: 200}'.")
    check_keys(doc, limits, LIMIT_KEYS, (*where, "limits"), "limit")
    default = raw.get("default")
    if isinstance(default, str) and default.startswith("@") and default[1:] not in DEFAULTS:
        raise doc.error(doc.line(*where, "default"), f"'{default}' is not a known default.",
                        f"Use one of: {', '.join('@' + d for d in sorted(DEFAULTS))}.")
    if default == "@profile" and name not in Profile.model_fields:
        raise doc.error(doc.line(*where, "default"), f"'{name}' is not a field of the profile, "
                        "so '@profile' cannot fill it.", "Remove the default, or give a literal one.")
    choices, options = "", ()
    if spec_type in CHOICE_TYPES:
        choices, options = _options(doc, raw, where, model)
    elif "choices" in raw:
        raise doc.error(doc.line(*where, "choices"), f"a {spec_type} field has no choices.",
                        "Remove 'choices' or make the field a choice.")
    if choices and field_vocab(model, name) and field_vocab(model, name) != choices:
        raise doc.error(doc.line(*where, "choices"),
                        f"'{name}' takes its values from '{field_vocab(model, name)}', not '{choices}'.",
                        f"Write 'choices: {field_vocab(model, name)}'.")
    return FieldSpec(
        id=name, label=str(raw["label"]), type=spec_type, help=str(raw.get("help", "")),
        required=bool(raw.get("required", False)), limits={k: int(v) for k, v in limits.items()},
        choices=choices, options=options, default=default,
        kinds=tuple(raw.get("kinds") or ()), depends_on=str(raw.get("depends_on") or ""),
        line=doc.line(*where),
    )
