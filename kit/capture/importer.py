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

An import is all-or-nothing (see :mod:`kit.store.batch`): if a record cannot
be written (a full disk), nothing of the file is kept and the message names
the row. It is idempotent: each row's record id is derived from the row itself
(table, practitioner, author, cells, and which repeat of an identical row it
is), so importing a file again adds only rows not imported before. Checking
is linear in the number of rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.capture import permissions, rules
from kit.capture.sheets import Sheet, SheetRow, read_sheet
from kit.capture.submit import people_kinds
from kit.errors import ImportFileError, KitError, PermissionDenied, Problem, StoreError, ValidationProblems
from kit.model import vocab
from kit.model.ids import record_id_from
from kit.model.records import BY_TABLE, FocusArea, Record, Withdrawal
from kit.store.batch import BatchFailed, write_batch
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
    already_imported: bool = False


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
        """Rows that passed every check (including rows imported before)."""
        return [row for row in self.rows if not row.problems]

    @property
    def new(self) -> list[RowCheck]:
        """Good rows not imported before: what an import adds."""
        return [row for row in self.good if not row.already_imported]

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
    same file count (e.g. towards the 3 active focus areas). Staged rows are kept
    by table and practitioner, so each look-up costs what that practitioner has,
    never the whole file.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._staged: dict[tuple[str, str], list[Record]] = {}
        self._stored: dict[tuple[str, str | None], list[Record]] = {}

    def stage(self, record: Record) -> None:
        """Count ``record`` as if stored, for the rows after it."""
        self._staged.setdefault((record.TABLE, record.practitioner_id), []).append(record)

    def latest(self, table: str, practitioner_id: str | None = None) -> list[Record]:
        """Stored latest versions plus staged records of ``table``.

        The store is read once per table and practitioner: nothing is written
        while a file is being checked.
        """
        key = (table, practitioner_id)
        if key not in self._stored:
            self._stored[key] = self.store.latest(table, practitioner_id)
        if practitioner_id is not None:
            return [*self._stored[key], *self._staged.get((table, practitioner_id), [])]
        staged = [r for (name, _), rows in self._staged.items() if name == table for r in rows]
        return [*self._stored[key], *staged]


def row_record_id(model: type[Record], practitioner_id: str, author_id: str, row: SheetRow,
                  repeat: int) -> str:
    """The record id a row always gets: the same row imported again is recognised.

    Derived from the table, practitioner, author and cells, and ``repeat`` (how
    many identical rows came before it in the file), so identical rows are both kept.
    """
    key = json.dumps([model.TABLE, practitioner_id, author_id, sorted(row.cells.items()), repeat],
                     ensure_ascii=False)
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:16], "big")
    return record_id_from(model.KIND, digest >> 80, digest & ((1 << 80) - 1))


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
              as_user: str | None, repeat: int = 0) -> RowCheck:
    """Check one row against the model, the people, the rules and the user's rights.

    ``repeat`` counts identical rows before this one (see :func:`row_record_id`).
    A row imported before is marked ``already_imported`` and not checked again.
    """
    pid = row.cells.get("practitioner_id", "").strip() or (as_user or "")
    author = row.cells.get("author_id", "").strip() or as_user or pid
    problems = _people_problems(workspace, row, pid, author)
    if problems:
        return RowCheck(row.number, problems=problems)
    record_id = row_record_id(model, pid, author, row, repeat)
    if (workspace.store.table_dir(model.TABLE) / pid / f"{record_id}.json").exists():
        return RowCheck(row.number, already_imported=True)
    try:
        record = model.new(practitioner_id=pid, author_id=author, record_id=record_id,
                           **_content(row, model, staged, pid))
    except ValidationProblems as error:
        return RowCheck(row.number, problems=_with_row(error.problems, row.number))
    problems = _with_row(rules.problems_with(staged, record, people_kinds(workspace)), row.number)  # type: ignore[arg-type]
    if as_user is not None:
        try:
            permissions.check(workspace, as_user, record)
        except PermissionDenied as error:
            column = "author_id" if record.author_id != as_user else "practitioner_id"
            problems.append(Problem(column, str(error), "permission", row=row.number))
    if problems:
        return RowCheck(row.number, problems=problems)
    staged.stage(record)
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
    seen: dict[tuple[tuple[str, str], ...], int] = {}
    rows = []
    for row in sheet.rows:
        key = tuple(sorted(row.cells.items()))
        repeat = seen[key] = seen.get(key, -1) + 1
        rows.append(check_row(workspace, staged, model, row, as_user, repeat))
    return ImportReport(Path(path), model.TABLE, sheet.encoding, rows)


def import_file(workspace: Workspace, table: str, path: Path | str, *,
                skip_bad_rows: bool = False, as_user: str | None = None) -> ImportReport:
    """Check every row, then import: all rows, or none if any is bad (unless ``skip_bad_rows``).

    The good rows not imported before are written all-or-nothing (see
    :func:`kit.store.batch.write_batch`); if one cannot be written, nothing of
    the file is kept and the :class:`StoreError` names its row. Returns the report.
    """
    report = check_file(workspace, table, path, as_user)
    if report.bad and not skip_bad_rows:
        return report
    rows = report.new
    try:
        result = write_batch(workspace.store, [row.record for row in rows if row.record])
    except BatchFailed as failure:
        raise StoreError(
            f"Nothing of {report.path} was imported: row {rows[failure.index].number} could not "
            f"be saved. {failure.cause.message}",
            f"{failure.cause.hint} Then import the file again; no row will be added twice.",
        ) from None
    report.imported = result.written
    return report


def format_report(report: ImportReport, skip_bad_rows: bool = False) -> str:
    """The validation report people read: every bad row by number and field, then the outcome."""
    lines = [f"Checked {len(report.rows)} rows of {report.path} for the {report.table} table "
             f"({report.encoding}): {len(report.good)} good, {len(report.bad)} with problems."]
    already = len(report.good) - len(report.new)
    if already:
        lines.append(f"{already} of the good rows were imported before; they are not added again.")
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
