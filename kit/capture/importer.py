"""Importing records from a spreadsheet (CSV or XLSX) into a workspace table.

File format
-----------
Row 1 names the columns; every later row is one new record. The columns are
the record's content fields (see the data dictionary), plus:

- ``practitioner_id``: whose record it is. Required unless ``--as USER`` is
  given, in which case it defaults to USER.
- ``author_id`` (optional): who wrote it; defaults to ``--as USER`` or the
  practitioner.

Column names ignore case and spaces: ``Opened on`` is ``opened_on``.

Values:

- Dates are UK day-first: ``03/04/2025`` is 3 April 2025 (``2025-04-03`` works too).
- List fields (``focus_area_ids``, ``tags``, ``names``) are separated by ``;``.
- Focus areas may be named by their id or by their label ("Family A").
- A reflection's answers are columns ``answer_<prompt_id>``, e.g.
  ``answer_what``, ``answer_so_what`` and ``answer_now_what`` for the ``rolfe``
  template.
- Yes/no fields take yes, no, true, false, 1 or 0.
- A blank cell means "not given": required fields must not be blank.
- Text starting with ``= + - @`` is kept as text, exactly as written (never evaluated).

Every row is checked first, by the record model and by the store's rules
(at most 3 active focus areas, counting rows earlier in the same file;
reflections name an existing focus area). If any row has a problem, nothing
is imported unless ``skip_bad_rows`` is set, in which case the good rows are
imported and the bad ones listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.capture import permissions, rules
from kit.capture.sheets import Sheet, SheetRow, read_sheet
from kit.capture.submit import submit
from kit.errors import ImportFileError, KitError, PermissionDenied, Problem, ValidationProblems
from kit.model import vocab
from kit.model.records import BY_TABLE, FocusArea, Record, Withdrawal
from kit.store.record_store import Store
from kit.store.workspace import Workspace

ENVELOPE_COLUMNS = ("practitioner_id", "author_id")
ANSWER_PREFIX = "answer_"
LIST_SEPARATOR = ";"
FOCUS_AREA_FIELDS = ("focus_area_ids", "focus_area_id")
IMPORTABLE_TABLES = tuple(table for table in BY_TABLE if table != Withdrawal.TABLE)


@dataclass
class RowCheck:
    """One row of the file: the record it makes, or the problems that stop it."""

    number: int
    record: Record | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import checked and what it did."""

    path: Path
    table: str
    encoding: str
    rows: list[RowCheck]
    imported: int = 0

    @property
    def good(self) -> list[RowCheck]:
        """Rows that passed every check."""
        return [row for row in self.rows if not row.problems]

    @property
    def bad(self) -> list[RowCheck]:
        """Rows with at least one problem."""
        return [row for row in self.rows if row.problems]

    def problems(self) -> list[Problem]:
        """Every problem of every row, each naming its row number and field."""
        return [problem for row in self.bad for problem in row.problems]


# -- columns ---------------------------------------------------------------
def answer_columns() -> dict[str, str]:
    """Column name -> prompt id, for the prompts of every reflection template."""
    columns = {}
    for template in vocab.load("reflection_templates").ids():
        for prompt in vocab.reflection_prompts(template):
            columns[f"{ANSWER_PREFIX}{prompt.id}"] = prompt.id
    return columns


def _is_reflection(model: type[Record]) -> bool:
    return "answers" in model.model_fields


def _is_list_field(model: type[Record], name: str) -> bool:
    annotation = model.model_fields[name].annotation
    return getattr(annotation, "__origin__", None) is list or "list[" in str(annotation)


def allowed_columns(model: type[Record]) -> list[str]:
    """The columns a file for ``model``'s table may have."""
    content = [name for name in model.content_fields() if name != "answers"]
    answers = list(answer_columns()) if _is_reflection(model) else []
    return [*ENVELOPE_COLUMNS, *content, *answers]


def model_for_import(table: str) -> type[Record]:
    """The model of ``table``, or a one-line error naming the tables that can be imported."""
    if table not in IMPORTABLE_TABLES:
        raise ImportFileError(f"'{table}' is not a table that can be imported.",
                              f"Use one of: {', '.join(IMPORTABLE_TABLES)}.")
    return BY_TABLE[table]


def check_columns(sheet: Sheet, model: type[Record], as_user: str | None) -> None:
    """Refuse unknown columns, and a file that cannot say whose records it holds."""
    allowed = allowed_columns(model)
    unknown = [name for name in sheet.columns if name not in allowed]
    if unknown:
        raise ImportFileError(
            f"{sheet.path} has columns the {model.TABLE} table does not have: {', '.join(unknown)}.",
            f"Allowed columns: {', '.join(allowed)}.",
        )
    if as_user is None and "practitioner_id" not in sheet.columns:
        raise ImportFileError(f"{sheet.path} has no practitioner_id column.",
                              "Add one, or import with --as USER to import your own records.")


# -- staged rows: what earlier rows of the same file would add ---------------
class StagedStore:
    """The workspace's store as the rules see it, plus the rows checked so far.

    Only :meth:`latest` is used by :mod:`kit.capture.rules`; earlier good rows of the
    same file count (e.g. towards the 3 active focus areas).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.staged: list[Record] = []
        self._stored: dict[tuple[str, str | None], list[Record]] = {}

    def latest(self, table: str, practitioner_id: str | None = None) -> list[Record]:
        """Stored latest versions plus staged records of ``table``.

        The store is read once per table and practitioner: nothing is written
        while a file is being checked.
        """
        key = (table, practitioner_id)
        if key not in self._stored:
            self._stored[key] = self.store.latest(table, practitioner_id)
        staged = [r for r in self.staged if table == r.TABLE
                  and (practitioner_id is None or r.practitioner_id == practitioner_id)]
        return [*self._stored[key], *staged]


def _resolve_focus_area(staged: StagedStore, practitioner_id: str, token: str) -> str:
    """A focus area named by id or by label (any case) -> its id; unknown ones unchanged."""
    areas = staged.latest(FocusArea.TABLE, practitioner_id)
    if any(area.entity_id == token for area in areas):
        return token
    matches = [a.entity_id for a in areas
               if isinstance(a, FocusArea) and a.label.casefold() == token.casefold()]
    return matches[-1] if matches else token


# -- rows -> records ---------------------------------------------------------
def _content(row: SheetRow, model: type[Record], staged: StagedStore, practitioner_id: str
             ) -> dict[str, Any]:
    """The row's non-blank cells as model fields (answers gathered, lists split)."""
    content: dict[str, Any] = {}
    answers: dict[str, str] = {}
    prompts = answer_columns()
    for column, text in row.cells.items():
        if column in ENVELOPE_COLUMNS or not text.strip():
            continue
        if column in prompts:
            answers[prompts[column]] = text
        elif _is_list_field(model, column):
            content[column] = [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
        else:
            content[column] = text
    if _is_reflection(model):
        content["answers"] = answers
    for name in FOCUS_AREA_FIELDS:
        if name in content:
            value = content[name]
            if isinstance(value, list):
                content[name] = [_resolve_focus_area(staged, practitioner_id, v) for v in value]
            else:
                content[name] = _resolve_focus_area(staged, practitioner_id, value)
    return content


def _column_of(field_name: str) -> str:
    """The column a model problem belongs to ('answers.what' -> 'answer_what')."""
    if field_name.startswith("answers."):
        return ANSWER_PREFIX + field_name.split(".", 1)[1]
    return field_name.split(".", 1)[0]


def _with_row(problems: list[Problem], number: int) -> list[Problem]:
    return [Problem(_column_of(p.field), p.message, p.code, row=number, value=p.value)
            for p in problems]


def _people_problems(workspace: Workspace, row: SheetRow, pid: str, author: str
                     ) -> list[Problem]:
    problems = []
    checks = [("practitioner_id", pid)]
    if pid and author != pid:
        checks.append(("author_id", author))
    for column, person_id in checks:
        if not person_id:
            problems.append(Problem(column, "this field is required", "missing", row=row.number))
            continue
        try:
            workspace.person(person_id)
        except KitError as error:
            problems.append(Problem(column, str(error), "unknown_person", row=row.number,
                                    value=person_id))
    return problems


def check_row(workspace: Workspace, staged: StagedStore, model: type[Record], row: SheetRow,
              as_user: str | None) -> RowCheck:
    """Check one row against the model, the people, the rules and the user's rights."""
    pid = row.cells.get("practitioner_id", "").strip() or (as_user or "")
    author = row.cells.get("author_id", "").strip() or as_user or pid
    problems = _people_problems(workspace, row, pid, author)
    if problems:
        return RowCheck(row.number, problems=problems)
    try:
        record = model.new(practitioner_id=pid, author_id=author,
                           **_content(row, model, staged, pid))
    except ValidationProblems as error:
        return RowCheck(row.number, problems=_with_row(error.problems, row.number))
    problems = _with_row(rules.problems_with(staged, record), row.number)  # type: ignore[arg-type]
    if as_user is not None:
        try:
            permissions.check(workspace, as_user, record)
        except PermissionDenied as error:
            column = "author_id" if record.author_id != as_user else "practitioner_id"
            problems.append(Problem(column, str(error), "permission", row=row.number))
    if problems:
        return RowCheck(row.number, problems=problems)
    staged.staged.append(record)
    return RowCheck(row.number, record=record)


def check_file(workspace: Workspace, table: str, path: Path | str,
               as_user: str | None = None) -> ImportReport:
    """Read ``path`` and check every row for ``table``; nothing is written."""
    model = model_for_import(table)
    if as_user is not None:
        workspace.person(as_user)
    sheet = read_sheet(path)
    check_columns(sheet, model, as_user)
    staged = StagedStore(workspace.store)
    rows = [check_row(workspace, staged, model, row, as_user) for row in sheet.rows]
    return ImportReport(Path(path), model.TABLE, sheet.encoding, rows)


def import_file(workspace: Workspace, table: str, path: Path | str, *,
                skip_bad_rows: bool = False, as_user: str | None = None) -> ImportReport:
    """Check every row, then import: all rows, or none if any is bad (unless ``skip_bad_rows``).

    Each good row is saved through :func:`kit.capture.submit.submit`, so the rules are
    checked once more against what is stored. Returns the report.
    """
    report = check_file(workspace, table, path, as_user)
    if report.bad and not skip_bad_rows:
        return report
    for row in report.good:
        assert row.record is not None
        submit(workspace, row.record, acting_user=as_user)
        report.imported += 1
    return report


def format_report(report: ImportReport, skip_bad_rows: bool = False) -> str:
    """The validation report people read: every bad row by number and field, then the outcome."""
    lines = [f"Checked {len(report.rows)} rows of {report.path} for the {report.table} table "
             f"({report.encoding}): {len(report.good)} good, {len(report.bad)} with problems."]
    for problem in report.problems():
        lines.append(f"  {problem}")
    if report.bad and not skip_bad_rows:
        lines.append("Nothing was imported. Fix the rows above and import the file again, "
                     "or use --skip-bad-rows to import only the good rows.")
    else:
        lines.append(f"Imported {report.imported} rows into {report.table}.")
        if report.bad:
            skipped = ", ".join(str(row.number) for row in report.bad)
            lines.append(f"Skipped rows: {skipped}.")
    return "\n".join(lines)


__all__ = [
    "ImportReport",
    "RowCheck",
    "StagedStore",
    "allowed_columns",
    "answer_columns",
    "check_file",
    "format_report",
    "import_file",
]
