"""Form templates: all shipped ones are valid; mistakes name the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import TemplateError
from kit.forms import form_names, load_template, parse_template
from kit.model.records import model_for_kind

GOOD = """\
name: {name}
title: A test form
record: licence_event
fields:
  - id: event
    label: Decision
    type: choice
  - id: event_date
    label: Date
    type: date
    required: true
"""


@pytest.mark.parametrize("name", form_names())
def test_every_shipped_template_is_valid(name: str) -> None:
    template = load_template(name)
    model = template.model
    for spec in template.fields:
        assert spec.id in model.content_fields() or spec.id == "practitioner_id"
        assert spec.label and spec.help, f"{name}.{spec.id} needs a label and help text"


def test_the_required_forms_exist() -> None:
    kinds = {load_template(name).record for name in form_names()}
    assert kinds == {"micro_project", "focus_area", "reflection", "journey_step",
                     "support_contact", "licence_event", "consent", "names_to_hide",
                     "review_note", "profile"}
    reflection_templates = {load_template(n).fixed.get("template") for n in form_names()
                            if n.startswith("reflection_")}
    assert {"i_matter", "gibbs", "rolfe"} <= reflection_templates


def write(tmp_path: Path, text: str, name: str = "test_form") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace("{name}", name), encoding="utf-8")
    return path


def test_a_good_template_parses_with_choices_from_the_model(tmp_path: Path) -> None:
    template = parse_template(write(tmp_path, GOOD))
    assert template.model is model_for_kind("licence_event")
    assert [o.id for o in template.field("event").options] == [
        "applied", "active", "paused", "continued", "renewed", "ended"]


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("  - id: event_date\n", "  - id: event_day\n", 8, "'event_day' is not a field"),
    ("    type: date\n", "    type: calendar\n", 10, "'calendar' is not a field type"),
    ("    type: choice\n", "    type: choice\n    choices: moods\n", 8, "choice list 'moods'"),
    ("    required: true\n", "    required: true\n    colour: red\n", 12,
     "'colour' is not a known field key"),
    ("record: licence_event\n", "record: licence\n", 3, "'licence' is not a record kind"),
    ("    type: choice\n", "    type: choice\n    choices: [{id: paws, label: Paws}]\n", 8,
     "'paws' is not a value"),
    ("    type: choice\n", "    type: choice\n    choices: contact_modes\n", 8,
     "'in_person' is not a value field 'event' can hold"),
    ("    type: date\n", "    type: multi_choice\n", 10, "holds one value"),
    ("title: A test form\n", "title: A test form\nafter_save: forget\n", 3, "after_save"),
    ("title: A test form\n", "title: A test form\nitem_label: '{event} {when}'\n", 3,
     "item_label names 'when'"),
    ("    required: true\n", "    required: true\n    default: '@profile'\n", 12,
     "'event_date' is not a field of the profile"),
])
def test_mistakes_name_the_file_and_line(tmp_path: Path, old: str, new: str, line: int,
                                         words: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(TemplateError) as caught:
        parse_template(path)
    message = str(caught.value)
    assert f"test_form.yaml, line {line}:" in message
    assert words in message


def test_a_missing_required_record_field_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace("  - id: event_date\n    label: Date\n    type: date\n    required: true\n", "")
    with pytest.raises(TemplateError, match=r"test_form.yaml, line 4: .*needs 'event_date'"):
        parse_template(write(tmp_path, text))


def test_a_name_that_differs_from_the_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(GOOD.replace("{name}", "test_form"), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"other\.yaml, line 1: name 'test_form'"):
        parse_template(path)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    label: Date\n", "    label: [Date\n"))
    with pytest.raises(TemplateError, match=r"test_form.yaml, line \d+: this is not valid YAML"):
        parse_template(path)


def test_an_unknown_form_lists_the_known_ones() -> None:
    with pytest.raises(TemplateError, match=r"Known forms: .*reflection_rolfe"):
        load_template("reflection_freestyle")
