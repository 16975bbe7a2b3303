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
    editor: {entry: Rolfe reflection}  # what 'Edit a saved entry' calls its entries (default:
                                       # the record's title)
    fields:
      - id: reflection_date         # a field of the record
        label: Date
        help: The day you are reflecting on.
        type: date                  # see FIELD_TYPES
        required: true
        default: "@today"           # or "@review_period", "@profile" (the same field of the
                                    # user's current profile: their lead, their Link), or a literal
        limits: {max_length: 200, min_length: 2, min: 1, max: 600, rows: 4}
        choices: concept_tags       # choice fields: a vocabulary name, or a list of {id, label};
                                    # without it, the values of the record field's Literal
        kinds: [lead, link]         # person_picker: which people to offer
        depends_on: level           # choice filtered by the vocabulary group of another field
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from kit.errors import TemplateError
from kit.forms.fields import FIELD_TYPES, FieldSpec, Option, check_keys, read_field
from kit.forms.yaml_lines import LocatedYaml
from kit.model import vocab
from kit.model.records import BY_KIND, Record, field_vocab, model_for_kind
from kit.resources import FORMS_DIR

TEMPLATE_KEYS = {"name", "title", "intro", "record", "after_save", "fixed", "fields",
                 "editor", "item_label"}
EDITOR_KEYS = {"only", "pick_where", "entry"}

__all__ = ["FIELD_TYPES", "FieldSpec", "FormTemplate", "Option", "form_names", "load_template",
           "parse_template"]


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
    entry_name: str = ""

    @property
    def entry_kind(self) -> str:
        """What an entry of this form is called in 'Edit a saved entry' (e.g. 'Rolfe reflection')."""
        return self.entry_name or self.model.TITLE

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


def _check_complete(doc: LocatedYaml, specs: list[FieldSpec], model: type[Record],
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


def _check_item_label(doc: LocatedYaml, pattern: str, model: type[Record]) -> None:
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
    doc = LocatedYaml(path, text)
    raw = doc.data
    if not isinstance(raw, dict):
        raise doc.error(1, "a form template must be a mapping with record and fields.",
                        "See templates/forms/reflection_rolfe.yaml for an example.")
    check_keys(doc, raw, TEMPLATE_KEYS, (), "template")
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
    check_keys(doc, editor, EDITOR_KEYS, ("editor",), "editor")
    if not isinstance(raw["fields"], list) or not raw["fields"]:
        raise doc.error(doc.line("fields"), "'fields' must be a list of fields.", "Add at least one.")
    specs = [read_field(doc, item, index, model, fixed) for index, item in enumerate(raw["fields"])]
    _check_item_label(doc, str(raw.get("item_label", "")), model)
    _check_complete(doc, specs, model, fixed, bool(editor.get("only")))
    return FormTemplate(
        name=str(raw["name"]), title=str(raw["title"]), record=str(raw["record"]),
        fields=tuple(specs), path=path, intro=str(raw.get("intro", "")), after_save=after_save,
        fixed=dict(fixed), editor_only=bool(editor.get("only")),
        pick_where=dict(editor.get("pick_where") or {}), item_label=str(raw.get("item_label", "")),
        entry_name=str(editor.get("entry") or ""),
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
