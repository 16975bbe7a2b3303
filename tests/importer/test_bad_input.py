"""Bad input for ``candle import``: every case of the issue's list, row by row and field by field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from kit.capture.importer import check_file, format_report, import_file
from kit.model.records import FocusArea, Reflection
from kit.store.workspace import Workspace

FA_HEADER = ["practitioner_id", "label", "focus_kind", "opened_on", "aim"]


def _problems(report) -> list[tuple[int, str]]:
    return [(p.row, p.field) for p in report.problems()]


@pytest.mark.parametrize("bad_date", ["31/02/2025", "2025-13-01", "32/01/2025", "03/04/25",
                                      "tomorrow", "01/01/1999"])
def test_impossible_dates_name_the_row_and_field(workspace: Workspace, write_csv: Callable,
                                                 bad_date: str) -> None:
    path = write_csv([FA_HEADER, ["p01", "Family A", "family", "03/04/2025", ""],
                      ["p01", "Family B", "family", bad_date, ""]])
    report = import_file(workspace, "focus_areas", path)
    assert _problems(report) == [(3, "opened_on")]
    assert f"row 3, opened_on: '{bad_date}'" in format_report(report) or "row 3, opened_on" in \
        format_report(report)
    assert report.imported == 0
    assert workspace.store.latest(FocusArea.TABLE, "p01") == []


def test_future_date_is_refused(workspace: Workspace, write_csv: Callable) -> None:
    path = write_csv([FA_HEADER, ["p01", "Family A", "family", "01/01/2999", ""]])
    report = check_file(workspace, "focus_areas", path)
    assert _problems(report) == [(2, "opened_on")]
    assert "future" in report.problems()[0].message


def test_day_first_date_means_3_april(workspace: Workspace, write_csv: Callable) -> None:
    path = write_csv([FA_HEADER, ["p01", "Family A", "family", "03/04/2025", ""]])
    report = import_file(workspace, "focus_areas", path)
    assert report.imported == 1
    (area,) = workspace.store.latest(FocusArea.TABLE, "p01")
    assert area.opened_on == date(2025, 4, 3)


@pytest.mark.parametrize("blank", ["label", "focus_kind", "opened_on", "practitioner_id"])
def test_blank_required_fields_are_errors(workspace: Workspace, write_csv: Callable,
                                          blank: str) -> None:
    row = dict(zip(FA_HEADER, ["p01", "Family A", "family", "03/04/2025", "an aim"], strict=True))
    row[blank] = "   "
    path = write_csv([FA_HEADER, list(row.values())])
    report = import_file(workspace, "focus_areas", path)
    assert _problems(report) == [(2, blank)]
    assert "required" in report.problems()[0].message
    assert report.imported == 0


def test_every_bad_field_of_every_row_is_listed(workspace: Workspace, write_csv: Callable) -> None:
    path = write_csv([
        FA_HEADER,
        ["p01", "", "family", "31/02/2025", ""],
        ["p01", "Family B", "household", "03/04/2025", ""],
        ["p01", "Family C", "family", "03/04/2025", ""],
    ])
    report = import_file(workspace, "focus_areas", path)
    assert sorted(_problems(report)) == [(2, "label"), (2, "opened_on"), (3, "focus_kind")]
    text = format_report(report)
    assert "row 2, label" in text and "row 2, opened_on" in text and "row 3, focus_kind" in text
    assert "Nothing was imported" in text


def test_a_fourth_active_focus_area_counts_rows_earlier_in_the_file(
        workspace: Workspace, write_csv: Callable, make_focus_area: Callable,
        snapshot: Callable) -> None:
    make_focus_area("p01", "Family A")
    path = write_csv([FA_HEADER,
                      ["p01", "Family B", "family", "03/04/2025", ""],
                      ["p01", "Family C", "family", "03/04/2025", ""],
                      ["p02", "Family A", "family", "03/04/2025", ""],
                      ["p01", "Family D", "family", "03/04/2025", ""]])
    before = snapshot(workspace)
    report = import_file(workspace, "focus_areas", path)
    assert _problems(report) == [(5, "status")]
    assert "at most 3 active focus areas" in report.problems()[0].message
    assert snapshot(workspace) == before


def test_a_closed_row_does_not_count_towards_the_limit(workspace: Workspace,
                                                       write_csv: Callable) -> None:
    header = [*FA_HEADER, "status", "closed_on"]
    rows = [["p01", f"Family {c}", "family", "03/04/2025", "", "active", ""] for c in "ABC"]
    rows.insert(0, ["p01", "Family Z", "family", "01/04/2025", "", "closed", "02/04/2025"])
    report = import_file(workspace, "focus_areas", write_csv([header, *rows]))
    assert report.problems() == [] and report.imported == 4


def test_unknown_focus_area_is_an_error(workspace: Workspace, write_csv: Callable,
                                        make_focus_area: Callable) -> None:
    make_focus_area("p02", "Family Q")
    path = write_csv([["practitioner_id", "reflection_date", "focus_area_ids", "template",
                       "answer_what"],
                      ["p01", "03/04/2025", "Family Q", "rolfe", "We met."]])
    report = import_file(workspace, "reflections", path)
    assert _problems(report) == [(2, "focus_area_ids")]
    assert "Family Q is not one of your focus areas" in report.problems()[0].message
    assert workspace.store.latest(Reflection.TABLE) == []


def test_reflection_names_a_focus_area_made_earlier_in_the_same_file_only_if_imported(
        workspace: Workspace, write_csv: Callable) -> None:
    fa = write_csv([FA_HEADER, ["p01", "Family A", "family", "03/04/2025", ""]], name="fa.csv")
    import_file(workspace, "focus_areas", fa)
    refl = write_csv([["practitioner_id", "reflection_date", "focus_area_ids", "template",
                       "answer_what"],
                      ["p01", "03/04/2025", "family a", "rolfe", "We met."]], name="r.csv")
    assert import_file(workspace, "reflections", refl).imported == 1


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+44 is the code", "-5 degrees outside",
                                  "@everyone look", '=HYPERLINK("http://example.org","x")'])
@pytest.mark.parametrize("writer", ["write_csv", "write_xlsx"])
def test_text_starting_with_formula_characters_is_kept_verbatim(
        workspace: Workspace, make_focus_area: Callable, request: pytest.FixtureRequest,
        writer: str, text: str) -> None:
    area = make_focus_area("p01", "Family A")
    write = request.getfixturevalue(writer)
    path = write([["practitioner_id", "reflection_date", "focus_area_ids", "template",
                   "answer_what", "answer_so_what"],
                  ["p01", "03/04/2025", area.entity_id, "rolfe", text, "ok"]])
    report = import_file(workspace, "reflections", path)
    assert report.problems() == []
    (reflection,) = workspace.store.latest(Reflection.TABLE, "p01")
    assert reflection.answers["what"] == text


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_csv_encodings_are_detected(workspace: Workspace, write_csv: Callable,
                                    encoding: str) -> None:
    label = "Café group – Zoë’s £5 idea"
    path = write_csv([FA_HEADER, ["p01", label, "topic", "03/04/2025", "naïve – “quoted”"]],
                     encoding=encoding)
    report = import_file(workspace, "focus_areas", path)
    assert report.encoding == encoding
    (area,) = workspace.store.latest(FocusArea.TABLE, "p01")
    assert area.label == label and area.aim == "naïve – “quoted”"


def test_bom_does_not_leak_into_the_first_column_name(workspace: Workspace,
                                                      write_csv: Callable) -> None:
    path = write_csv([FA_HEADER, ["p01", "Family A", "family", "03/04/2025", ""]],
                     encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfpractitioner_id")
    assert import_file(workspace, "focus_areas", path).imported == 1


def test_row_numbers_are_spreadsheet_rows_even_after_blank_rows(workspace: Workspace,
                                                                write_csv: Callable) -> None:
    path = write_csv([FA_HEADER, ["p01", "Family A", "family", "03/04/2025", ""],
                      ["", "", "", "", ""], ["p01", "Family B", "family", "31/02/2025", ""]])
    assert _problems(check_file(workspace, "focus_areas", path)) == [(4, "opened_on")]


def test_bad_answer_column_of_another_template(workspace: Workspace, write_csv: Callable,
                                               make_focus_area: Callable) -> None:
    area = make_focus_area("p01")
    path = write_csv([["practitioner_id", "reflection_date", "focus_area_ids", "template",
                       "answer_what", "answer_description"],
                      ["p01", "03/04/2025", area.entity_id, "rolfe", "x", "y"]])
    report = check_file(workspace, "reflections", path)
    assert [p.row for p in report.problems()] == [2]
    assert "description" in report.problems()[0].message


def test_unknown_person_is_an_error(workspace: Workspace, write_csv: Callable) -> None:
    path = write_csv([FA_HEADER, ["zed", "Family A", "family", "03/04/2025", ""]])
    assert _problems(check_file(workspace, "focus_areas", path)) == [(2, "practitioner_id")]


def test_failed_import_leaves_the_store_unchanged(workspace: Workspace, write_csv: Callable,
                                                  snapshot: Callable) -> None:
    before = snapshot(workspace)
    path = write_csv([FA_HEADER, ["p01", "Family A", "family", "03/04/2025", ""],
                      ["p01", "Family B", "family", "31/02/2025", ""],
                      ["p02", "Family C", "family", "03/04/2025", ""]])
    report = import_file(workspace, "focus_areas", path)
    assert len(report.good) == 2 and report.imported == 0
    assert snapshot(workspace) == before
