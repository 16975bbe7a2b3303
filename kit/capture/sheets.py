"""Reading a spreadsheet for import: CSV (UTF-8, UTF-8 with BOM or cp1252) or XLSX.

Gives the header and every data row as text, numbered as in the spreadsheet
(header = row 1). Cells are never evaluated: a cell holding ``=SUM(A1)`` is
read as that text. Any file that cannot be read raises
:class:`~kit.errors.ImportFileError` with one line saying what to do.

Nothing is lost silently: CSV is parsed strictly (a quote never closed is an
error naming its row, not a cell swallowing the rest of the file); an XLSX
sheet is read to its true extent, whatever its stored ``<dimension>`` says;
files that would unpack beyond :data:`MAX_UNPACKED_BYTES` or hold more than
:data:`MAX_ROWS` rows are refused before they fill the memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kit.errors import ImportFileError

SUFFIXES = (".csv", ".xlsx")
UTF8_BOM = b"\xef\xbb\xbf"
MAX_ROWS = 200_000
"""Most data rows one file may hold (split bigger files)."""
MAX_UNPACKED_BYTES = 256 * 2**20
"""Largest a CSV file, or the unpacked contents of an XLSX workbook, may be (256 MiB)."""


@dataclass(frozen=True)
class SheetRow:
    """One data row: its spreadsheet row number and its cells by column name."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    """The header and data rows of one file, and the text encoding it was read with."""

    path: Path
    columns: list[str]
    rows: list[SheetRow]
    encoding: str


def read_sheet(path: Path | str) -> Sheet:
    """Read ``path`` (.csv or .xlsx) into a :class:`Sheet`; blank rows are left out."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist (or is a folder).",
                              "Check the file name and try again.")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError(f"{path} is not a .csv or .xlsx file.",
                              "Save the spreadsheet as CSV or Excel workbook (.xlsx) and import that.")
    if suffix == ".csv":
        encoding, table = _read_csv(path)
    else:
        encoding, table = "xlsx", _read_xlsx(path)
    return _to_sheet(path, table, encoding)


def decode_csv_bytes(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 with BOM, UTF-8, else cp1252 (Excel's Windows default)."""
    if b"\x00" in raw:
        raise ImportFileError(f"{path} is not a text CSV file (it contains NUL bytes).",
                              "Export the sheet again as CSV, or import the .xlsx file itself.")
    if raw.startswith(UTF8_BOM):
        try:
            return "utf-8-sig", raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _undecodable(path, error) from None
    try:
        return "utf-8", raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return "cp1252", raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _undecodable(path, error) from None


def _undecodable(path: Path, error: UnicodeDecodeError) -> ImportFileError:
    return ImportFileError(
        f"{path} cannot be read as text (byte {error.start} is neither UTF-8 nor Windows cp1252).",
        "Save it again as 'CSV UTF-8' from your spreadsheet program.",
    )


def _too_big(path: Path, size: int, what: str) -> ImportFileError:
    return ImportFileError(
        f"{path} is too large to import: {what} {size / 2**20:,.0f} MiB, and the limit is "
        f"{MAX_UNPACKED_BYTES / 2**20:,.0f} MiB.",
        "Split it into smaller files and import each.")


def _too_many_rows(path: Path) -> ImportFileError:
    return ImportFileError(f"{path} has more than {MAX_ROWS:,} rows, the most one import takes.",
                           "Split it into smaller files and import each.")


def _read_csv(path: Path) -> tuple[str, list[list[object]]]:
    try:
        size = path.stat().st_size
        if size > MAX_UNPACKED_BYTES:
            raise _too_big(path, size, "it is")
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{path} cannot be read ({error.strerror}).",
                              "Check the file's permissions and try again.") from None
    encoding, text = decode_csv_bytes(raw, path)
    return encoding, parse_csv(text, path)


def parse_csv(text: str, path: Path) -> list[list[object]]:
    """Every row of CSV ``text``, parsed strictly; a malformed row is an error naming it.

    A quote that is never closed would otherwise swallow every later row into
    one cell: it is reported with the row (and line) where the quoted cell starts.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[object]] = []
    start_line = 1
    try:
        for row in reader:
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows(path)
            start_line = reader.line_num + 1
    except csv.Error as error:
        number = len(rows) + 1
        where = f"row {number}" + (f" (line {start_line})" if start_line != number else "")
        if "end of data" in str(error):
            raise ImportFileError(
                f"{path}: {where} has a quote (\") that is never closed, so every row after it "
                "would be read as part of one cell.",
                "Close the quote (or double it: \"\" inside quotes), save the file and import again.",
            ) from None
        raise ImportFileError(f"{path}: {where} is not well-formed CSV ({error}).",
                              "Check the quotes in that row (a quote inside a quoted cell is "
                              "written twice: \"\"), or export the sheet again as CSV.") from None
    return rows


def _not_a_workbook(path: Path, error: Exception) -> ImportFileError:
    return ImportFileError(f"{path} cannot be read as an Excel workbook ({error}).",
                           "Open it in your spreadsheet program and save it as .xlsx again.")


def unpacked_size(path: Path) -> int:
    """How many bytes the parts of the workbook at ``path`` unpack to (from its zip directory)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_a_workbook(path, error) from None


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    size = unpacked_size(path)
    if size > MAX_UNPACKED_BYTES:
        raise _too_big(path, size, "it unpacks to")
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _not_a_workbook(path, error) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored <dimension> may be stale: read every row and column
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows(path)
        return rows
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without '.0', blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_name(header: str) -> str:
    """A header cell as a column name: trimmed, lower case, spaces as '_' ('Opened on' -> 'opened_on')."""
    return "_".join(header.strip().lower().split())


def _to_sheet(path: Path, table: list[list[object]], encoding: str) -> Sheet:
    if not table or not any(cell_text(cell).strip() for cell in table[0]):
        raise ImportFileError(f"{path} is empty: it has no header row.",
                              "The first row must name the columns; see `candle import --help`.")
    columns = [column_name(cell_text(cell)) for cell in table[0]]
    while columns and not columns[-1]:
        columns.pop()
    if len(columns) == 1 and ";" in columns[0]:
        raise ImportFileError(f"{path}: the columns seem to be separated by ';', not ','.",
                              "Save the sheet again as CSV with commas (CSV UTF-8).")
    if "" in columns:
        raise ImportFileError(f"{path}: column {columns.index('') + 1} of the header row has no name.",
                              "Name every column, or delete the empty one.")
    duplicates = sorted({name for name in columns if columns.count(name) > 1})
    if duplicates:
        raise ImportFileError(f"{path}: the header names {', '.join(duplicates)} more than once.",
                              "Keep one column of each name.")
    rows = []
    for number, values in enumerate(table[1:], start=2):
        texts = [cell_text(value) for value in values]
        if not any(text.strip() for text in texts):
            continue
        extra = [text for text in texts[len(columns):] if text.strip()]
        if extra:
            raise ImportFileError(f"{path}: row {number} has more cells than the header has columns.",
                                  "Give every column a name in row 1, or remove the stray cells.")
        texts += [""] * (len(columns) - len(texts))
        rows.append(SheetRow(number, dict(zip(columns, texts, strict=False))))
    if not rows:
        raise ImportFileError(f"{path} has a header but no rows to import.",
                              "Add rows under the header and try again.")
    return Sheet(path, columns, rows, encoding)
