"""Form templates: ``templates/forms/<name>.yaml`` read, checked and described.

A template names the record kind it fills and lists its fields; every field
id is a field of that record model (the model is the one definition of the
data, a template never invents columns). Anything unknown is a
:class:`TemplateError` naming the file and the line, so a typo is found when
the template is loaded, not when a practitioner presses Save.

The format::

    name: reflection_rolfe          # the file name without .yaml
    title: Reflect: What? So what? Now what?
    intro: A sentence or two shown above the fields.
    record: reflection              # a kind from kit.model.records
    after_save: clear               # clear (default) or keep the values after saving
    fixed: {template: rolfe}        # record fields set without asking
    item_label: "{reflection_date} {focus_area_ids}"   # how an editor lists earlier records
    editor: {only: false, pick_where: {status: active}} # edit-only forms; which records to offer
    fields:
      - id: reflection_date         # a field of the record
        label: Date
        help: The day you are reflecting on.
        type: date                  # see FIELD_TYPES
        required: true
        default: "@today"           # or "@review_period", or a literal
        limits: {max_length: 200, min_length: 2, min: 1, max: 600, rows: 4}
        choices: concept_tags       # choice fields: a vocabulary name, or a list of {id, label};
                                    # without it, the values of the record field's Literal
        kinds: [lead, link]         # person_picker: which people to offer
        depends_on: level           # choice filtered by the vocabulary group of another field
"""

from __future__ import annotations

import string
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from kit.errors import TemplateError
from kit.model import vocab
from kit.model.records import BY_KIND, Record, field_vocab, model_for_kind
from kit.resources import FORMS_DIR

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
TEMPLATE_KEYS = {"name", "title", "intro", "record", "after_save", "fixed", "fields",
                 "editor", "item_label"}
FIELD_KEYS = {"id", "label", "help", "type", "required", "limits", "choices", "default",
              "kinds", "depends_on"}
LIMIT_KEYS = {"min_length", "max_length", "min", "max", "rows"}
EDITOR_KEYS = {"only", "pick_where"}
DEFAULTS = {"today", "review_period"}
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


@dataclass(frozen=True)
class FormTemplate:
    """A checked form template."""

    name: str
    title: str
    record: str
    fields: tuple[FieldSpec, ...]
    path: Path
    intro: str = ""
    after_save: Literal["clear", "keep"] = "clear"
    fixed: dict[str, Any] = field(default_factory=dict)
    editor_only: bool = False
    pick_where: dict[str, Any] = field(default_factory=dict)
    item_label: str = ""

    @property
    def model(self) -> type[Record]:
        """The record model this form fills."""
        return model_for_kind(self.record)

    def field(self, field_id: str) -> FieldSpec:
        """The field ``field_id`` of this form."""
        for spec in self.fields:
            if spec.id == field_id:
                return spec
        raise TemplateError(f"The form '{self.name}' has no field '{field_id}'.",
                            f"Its fields are: {', '.join(s.id for s in self.fields)}.")

    def prompts(self) -> list[vocab.Choice]:
        """The reflection prompts of a form with a ``prompts`` field (else empty)."""
        if "template" not in self.fixed:
            return []
        return vocab.reflection_prompts(str(self.fixed["template"]))


class _Located:
    """Values of a YAML document with the line each came from."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines: dict[tuple, int] = {}
        try:
            loader = yaml.SafeLoader(text)
            try:
                node = loader.get_single_node()
                self.data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else 0
            raise TemplateError(f"{path.name}, line {line}: this is not valid YAML "
                                f"({getattr(error, 'problem', error)}).",
                                "Fix the indentation or quoting there.") from None
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, where: tuple) -> None:
        self.lines[where] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[(*where, f"{key.value}:key")] = key.start_mark.line + 1
                self._walk(value, (*where, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*where, index))

    def line(self, *where: Any) -> int:
        """The line of the value at ``where`` (or of the nearest enclosing value)."""
        key = tuple(where)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def key_line(self, *where: Any) -> int:
        """The line of the key at ``where``."""
        return self.lines.get((*where[:-1], f"{where[-1]}:key"), self.line(*where))

    def error(self, line: int, message: str, hint: str) -> TemplateError:
        """A :class:`TemplateError` naming this file and ``line``."""
        return TemplateError(f"{self.path.name}, line {line}: {message}", hint)


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


def _check_keys(doc: _Located, raw: dict, allowed: set[str], where: tuple, what: str) -> None:
    for key in raw:
        if key not in allowed:
            raise doc.error(doc.key_line(*where, key), f"'{key}' is not a known {what} key.",
                            f"Use one of: {', '.join(sorted(allowed))}.")


def _options(doc: _Located, raw: dict, where: tuple, model: type[Record]) -> tuple[str, tuple]:
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


def _check_type(doc: _Located, spec_type: str, name: str, model: type[Record], where: tuple,
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


def _field(doc: _Located, raw: Any, index: int, model: type[Record], fixed: dict) -> FieldSpec:
    where = ("fields", index)
    if not isinstance(raw, dict):
        raise doc.error(doc.line(*where), "each field must be a mapping with id, label and type.",
                        "Start it with '- id: ...'.")
    _check_keys(doc, raw, FIELD_KEYS, where, "field")
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
    _check_keys(doc, limits, LIMIT_KEYS, (*where, "limits"), "limit")
    default = raw.get("default")
    if isinstance(default, str) and default.startswith("@") and default[1:] not in DEFAULTS:
        raise doc.error(doc.line(*where, "default"), f"'{default}' is not a known default.",
                        f"Use one of: {', '.join('@' + d for d in sorted(DEFAULTS))}.")
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


def _check_complete(doc: _Located, specs: list[FieldSpec], model: type[Record],
                    fixed: dict, editor_only: bool) -> None:
    """A form must be able to fill every field the record requires."""
    ids = [spec.id for spec in specs]
    for spec in specs:
        if ids.count(spec.id) > 1:
            raise doc.error(spec.line, f"the field '{spec.id}' appears twice.", "Keep one.")
        if spec.depends_on and spec.depends_on not in ids:
            raise doc.error(spec.line, f"'{spec.id}' depends on '{spec.depends_on}', "
                            "which is not a field of this form.", "Fix 'depends_on'.")
    if editor_only:
        return
    for name in model.content_fields():
        if model.model_fields[name].is_required() and name not in ids and name not in fixed:
            raise doc.error(doc.key_line("fields"), f"the {model.KIND} record needs '{name}', "
                            "but this form neither asks for it nor fixes it.",
                            f"Add a field with 'id: {name}' or put it under 'fixed'.")


def _check_item_label(doc: _Located, pattern: str, model: type[Record]) -> None:
    """Every ``{name}`` in ``item_label`` must be a field of the record."""
    try:
        names = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name]
    except ValueError as error:
        raise doc.error(doc.line("item_label"), f"item_label cannot be read ({error}).",
                        "Write field names in braces, e.g. '{label}'.") from None
    for name in names:
        if name not in model.model_fields:
            raise doc.error(doc.line("item_label"),
                            f"item_label names '{name}', which is not a field of the {model.KIND} record.",
                            f"Use fields of the record, e.g. '{{{model.content_fields()[0]}}}'.")


def parse_template(path: Path, text: str | None = None) -> FormTemplate:
    """Read and check the template at ``path``; raise TemplateError with file and line."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise TemplateError(f"The form template {path} cannot be read ({error.strerror}).",
                                "Check the form name; `kit.forms.form_names()` lists them.") from None
    doc = _Located(path, text)
    raw = doc.data
    if not isinstance(raw, dict):
        raise doc.error(1, "a form template must be a mapping with record and fields.",
                        "See templates/forms/reflection_rolfe.yaml for an example.")
    _check_keys(doc, raw, TEMPLATE_KEYS, (), "template")
    for key in ("name", "title", "record", "fields"):
        if key not in raw:
            raise doc.error(1, f"the template has no '{key}'.", f"Add '{key}: ...'.")
    if raw["name"] != path.stem:
        raise doc.error(doc.line("name"), f"name '{raw['name']}' differs from the file name.",
                        f"Write 'name: {path.stem}'.")
    if raw["record"] not in BY_KIND:
        raise doc.error(doc.line("record"), f"'{raw['record']}' is not a record kind.",
                        f"Use one of: {', '.join(BY_KIND)}.")
    model = model_for_kind(str(raw["record"]))
    fixed = raw.get("fixed") or {}
    for name, value in fixed.items():
        if name not in model.content_fields():
            raise doc.error(doc.key_line("fixed", name),
                            f"'{name}' is not a field of the {model.KIND} record.",
                            f"Use one of: {', '.join(model.content_fields())}.")
        vocab_name = field_vocab(model, name)
        if vocab_name and value not in vocab.load(vocab_name).ids():
            raise doc.error(doc.line("fixed", name), f"'{value}' is not one of the {vocab_name}.",
                            f"Use one of: {', '.join(vocab.load(vocab_name).ids())}.")
    after_save = raw.get("after_save", "clear")
    if after_save not in ("clear", "keep"):
        raise doc.error(doc.line("after_save"), f"after_save '{after_save}' is not clear or keep.",
                        "Write 'after_save: clear' or 'after_save: keep'.")
    editor = raw.get("editor") or {}
    _check_keys(doc, editor, EDITOR_KEYS, ("editor",), "editor")
    if not isinstance(raw["fields"], list) or not raw["fields"]:
        raise doc.error(doc.line("fields"), "'fields' must be a list of fields.", "Add at least one.")
    specs = [_field(doc, item, index, model, fixed) for index, item in enumerate(raw["fields"])]
    _check_item_label(doc, str(raw.get("item_label", "")), model)
    _check_complete(doc, specs, model, fixed, bool(editor.get("only")))
    return FormTemplate(
        name=str(raw["name"]), title=str(raw["title"]), record=str(raw["record"]),
        fields=tuple(specs), path=path, intro=str(raw.get("intro", "")), after_save=after_save,
        fixed=dict(fixed), editor_only=bool(editor.get("only")),
        pick_where=dict(editor.get("pick_where") or {}), item_label=str(raw.get("item_label", "")),
    )


def form_names(folder: Path = FORMS_DIR) -> list[str]:
    """Every form template's name, sorted."""
    return sorted(path.stem for path in Path(folder).glob("*.yaml"))


@cache
def load_template(name: str, folder: Path = FORMS_DIR) -> FormTemplate:
    """The checked template ``name`` (``templates/forms/<name>.yaml``)."""
    path = Path(folder) / f"{name}.yaml"
    if not path.is_file():
        raise TemplateError(f"There is no form called '{name}' in {folder}.",
                            f"Known forms: {', '.join(form_names(folder)) or 'none'}.")
    return parse_template(path)
