"""Good imports: CSV and XLSX, every table's shapes, --skip-bad-rows and --as."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from kit.capture.importer import allowed_columns, format_report, import_file
from kit.model.records import (
    FocusArea,
    NamesToHide,
    Reflection,
    ReviewNote,
    SupportContact,
)
from kit.store.workspace import Person, Workspace

REFLECTION_HEADER = ["practitioner_id", "reflection_date", "focus_area_ids", "template",
                     "answer_what", "answer_so_what", "answer_now_what", "tags",
                     "self_understanding", "referred_on", "visibility"]


def test_reflections_from_csv_with_lists_answers_and_labels(
        workspace: Workspace, write_csv: Callable, make_focus_area: Callable) -> None:
    family_a = make_focus_area("p01", "Family A")
    group = make_focus_area("p01", "Y5 nurture group", focus_kind="topic")
    path = write_csv([REFLECTION_HEADER,
                      ["p01", "03/04/2025", "Family A; Y5 nurture group", "rolfe",
                       "A calm start.", "It helped, line one,\nline two.", "", "structure;fog",
                       "3", "no", "lead"],
                      ["p01", "2025-04-10", family_a.entity_id, "rolfe", "Another.", "", "",
                       "", "", "yes", "private"]])
    report = import_file(workspace, "reflections", path)
    assert report.problems() == [] and report.imported == 2
    first, second = sorted(workspace.store.latest(Reflection.TABLE, "p01"),
                           key=lambda r: r.reflection_date)
    assert first.focus_area_ids == [family_a.entity_id, group.entity_id]
    assert first.answers == {"what": "A calm start.", "so_what": "It helped, line one,\nline two."}
    assert first.tags == ["structure", "fog"] and first.self_understanding == 3
    assert not first.referred_on and second.referred_on and second.visibility == "private"
    assert second.reflection_date == date(2025, 4, 10)


def test_xlsx_with_date_and_number_cells(workspace: Workspace, write_xlsx: Callable) -> None:
    header = ["practitioner_id", "supporter_id", "supporter_role", "contact_date", "mode",
              "minutes", "note"]
    path = write_xlsx([header,
                       ["p01", "lead1", "lead", datetime(2025, 4, 3), "video", 45, "Talked."],
                       ["p01", "link1", "link", "04/05/2025", "phone", 20.0, None]])
    report = import_file(workspace, "support_contacts", path)
    assert report.problems() == [] and report.encoding == "xlsx"
    contacts = sorted(workspace.store.latest(SupportContact.TABLE, "p01"),
                      key=lambda c: c.contact_date)
    assert [c.contact_date for c in contacts] == [date(2025, 4, 3), date(2025, 5, 4)]
    assert [c.minutes for c in contacts] == [45, 20] and contacts[1].note == ""


def test_xlsx_errors_name_the_row_and_field(workspace: Workspace, write_xlsx: Callable) -> None:
    header = ["practitioner_id", "label", "focus_kind", "opened_on"]
    path = write_xlsx([header, ["p01", "Family A", "family", "31/02/2025"]])
    report = import_file(workspace, "focus_areas", path)
    assert [(p.row, p.field) for p in report.problems()] == [(2, "opened_on")]


def test_skip_bad_rows_imports_the_good_ones_and_lists_the_rest(
        workspace: Workspace, write_csv: Callable) -> None:
    header = ["practitioner_id", "label", "focus_kind", "opened_on"]
    path = write_csv([header,
                      ["p01", "Family A", "family", "03/04/2025"],
                      ["p01", "Family B", "family", "31/02/2025"],
                      ["p01", "Family C", "family", "04/04/2025"],
                      ["p01", "Family D", "family", "05/04/2025"],
                      ["p01", "Family E", "family", "06/04/2025"]])
    report = import_file(workspace, "focus_areas", path, skip_bad_rows=True)
    assert report.imported == 3
    assert [row.number for row in report.bad] == [3, 6]
    labels = sorted(a.label for a in workspace.store.latest(FocusArea.TABLE, "p01"))
    assert labels == ["Family A", "Family C", "Family D"]
    text = format_report(report, skip_bad_rows=True)
    assert "Imported 3 rows" in text and "Skipped rows: 3, 6." in text


def test_as_user_imports_own_records_without_a_practitioner_column(
        workspace: Workspace, write_csv: Callable) -> None:
    path = write_csv([["label", "focus_kind", "opened_on"], ["Family A", "family", "03/04/2025"]])
    report = import_file(workspace, "focus_areas", path, as_user="p02")
    assert report.imported == 1
    (area,) = workspace.store.latest(FocusArea.TABLE, "p02")
    assert area.author_id == "p02"


def test_as_user_cannot_import_someone_elses_records(workspace: Workspace,
                                                     write_csv: Callable) -> None:
    path = write_csv([["practitioner_id", "label", "focus_kind", "opened_on"],
                      ["p02", "Family A", "family", "03/04/2025"]])
    report = import_file(workspace, "focus_areas", path, as_user="p01")
    assert [(p.row, p.field) for p in report.problems()] == [(2, "practitioner_id")]
    assert report.imported == 0


def test_lead_imports_review_notes_for_their_practitioners(workspace: Workspace,
                                                          write_csv: Callable) -> None:
    path = write_csv([["practitioner_id", "period", "text", "shared"],
                      ["p01", "2025-Q2", "Thoughtful quarter.", "yes"],
                      ["p02", "2025-Q2", "Good to see the calm starts.", "no"]])
    report = import_file(workspace, "review_notes", path, as_user="lead1")
    assert report.imported == 2
    notes = workspace.store.latest(ReviewNote.TABLE)
    assert {(n.practitioner_id, n.author_id, n.shared) for n in notes} == {
        ("p01", "lead1", True), ("p02", "lead1", False)}


def test_names_to_hide_go_to_private(workspace: Workspace, write_csv: Callable,
                                     make_focus_area: Callable) -> None:
    make_focus_area("p01", "Family A")
    path = write_csv([["practitioner_id", "focus_area_id", "names"],
                      ["p01", "Family A", "Kayden; Shannon ;Brackenfield Primary"]])
    assert import_file(workspace, "names_to_hide", path).imported == 1
    (hidden,) = workspace.store.latest(NamesToHide.TABLE, "p01")
    assert hidden.names == ["Kayden", "Shannon", "Brackenfield Primary"]
    assert list((workspace.root / "private").rglob("names_to_hide-*.json"))
    assert not (workspace.root / "records" / "names_to_hide").exists()


def test_reflection_columns_include_every_prompt_but_not_answers() -> None:
    columns = allowed_columns(Reflection)
    assert "answers" not in columns
    assert {"answer_what", "answer_where_fog", "answer_action_plan", "answer_nugget"} <= set(columns)
    assert columns[:2] == ["practitioner_id", "author_id"]


def test_header_names_are_forgiving_about_case_and_spaces(workspace: Workspace,
                                                         write_csv: Callable) -> None:
    path = write_csv([[" Practitioner_ID", "Label", "Focus kind", "Opened  on "],
                      ["p01", "Family A", "family", "03/04/2025"]])
    assert import_file(workspace, "focus_areas", path).imported == 1


def test_as_user_cannot_name_another_author(workspace: Workspace, write_csv: Callable) -> None:
    path = write_csv([["author_id", "label", "focus_kind", "opened_on"],
                      ["p02", "Family A", "family", "03/04/2025"]])
    report = import_file(workspace, "focus_areas", path, as_user="p01")
    assert [(p.row, p.field) for p in report.problems()] == [(2, "author_id")]


def test_a_lead_cannot_import_notes_for_someone_elses_practitioner(
        workspace: Workspace, write_csv: Callable) -> None:
    workspace.settings.people.append(Person(id="lead2", name="Lead Two", kinds=["lead"]))
    path = write_csv([["practitioner_id", "period", "text"], ["p01", "2025-Q2", "Hello."]])
    report = import_file(workspace, "review_notes", path, as_user="lead2")
    assert [(p.row, p.field) for p in report.problems()] == [(2, "practitioner_id")]
    assert "not the lead practitioner of p01" in report.problems()[0].message
