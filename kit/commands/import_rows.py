"""``candle import WORKSPACE TABLE FILE``: add records from a CSV or XLSX file."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.capture.importer import IMPORTABLE_TABLES, format_report, import_file
from kit.commands import add_workspace_argument
from kit.store.workspace import Workspace

HELP = "import records into a table from a CSV or XLSX file, checking every row first"
DESCRIPTION = f"""\
Import the rows of FILE (.csv, or the first sheet of an .xlsx) as new records of TABLE.

Tables: {", ".join(IMPORTABLE_TABLES)}.

Format: row 1 names the columns; each later row is one record. Columns are the
record's fields (see the data dictionary), plus practitioner_id (whose record;
not needed with --as) and, optionally, author_id. Column names ignore case and
spaces ('Opened on' is opened_on).
  - dates are day first: 03/04/2025 is 3 April 2025 (2025-04-03 also works);
  - lists (focus_area_ids, tags, names) are separated by ';';
  - focus areas may be given by id or by label, e.g. 'Family A';
  - reflection answers go in columns answer_<prompt>, e.g. answer_what,
    answer_so_what, answer_now_what for the rolfe template;
  - yes/no fields take yes, no, true, false, 1 or 0; blank cells mean 'not given';
  - text starting with = + - @ is kept exactly as written.
CSV files may be UTF-8, UTF-8 with a BOM, or Windows cp1252 (detected).

Every row is checked first (fields, the 1-3 active focus areas, known focus
areas, who may write what). The report lists every bad row by its spreadsheet
row number (the header is row 1) and field. If any row is bad, nothing is
imported unless --skip-bad-rows is given.

Nothing is lost or added twice: a quote that is never closed is an error
naming its row; every row and column of an .xlsx is read, whatever size it
claims; files over 200,000 rows or 256 MiB (unpacked) are refused. An import
is all or nothing: if the disk fills up, nothing of the file is kept and the
message names the row. Importing the same file again adds only the rows not
imported before.

Exit codes: 0 imported; 1 rows had problems and nothing was imported;
2 the file, table or workspace cannot be used.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` command."""
    parser = subparsers.add_parser("import", help=HELP, description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_workspace_argument(parser)
    parser.add_argument("table", metavar="TABLE", help="the table to add records to, e.g. reflections")
    parser.add_argument("file", metavar="FILE", type=Path, help="the .csv or .xlsx file to import")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="import the good rows and list the bad ones, instead of importing nothing")
    parser.add_argument("--as", dest="as_user", metavar="USER", default=None,
                        help="import as USER: records are USER's own (or, for a lead, review notes "
                             "for the practitioners they support), and USER's rights are checked")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check and import the file; print the report."""
    workspace = Workspace.open(args.workspace)
    report = import_file(workspace, args.table, args.file, skip_bad_rows=args.skip_bad_rows,
                         as_user=args.as_user)
    print(format_report(report, skip_bad_rows=args.skip_bad_rows))
    return 1 if report.bad and (not args.skip_bad_rows or not report.imported) else 0
