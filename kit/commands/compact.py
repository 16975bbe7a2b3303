"""``candle compact WORKSPACE [--rebuild]``: compile the records to tidy tables.

Only record files not compiled before are read; ``--rebuild`` compiles
everything again from ``records/``. Prints the rows of each table, how many
files were read and which were moved to quarantine. Progress goes to stderr
when many files are read.
"""

from __future__ import annotations

import argparse
import sys
import time

from kit.commands import add_workspace_argument, count
from kit.store.workspace import Workspace

PROGRESS_FROM = 5_000
"""Files to read before progress is shown."""


class ProgressLine:
    """Prints 'read N of M record files' on stderr, at most a few times a second."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.shown_at = 0.0
        self.used = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total < PROGRESS_FROM or (now - self.shown_at < 0.25 and done < total):
            return
        self.shown_at, self.used = now, True
        self.stream.write(f"\rread {done:,} of {total:,} record files")
        self.stream.flush()

    def finish(self) -> None:
        """End the progress line, if one was shown."""
        if self.used:
            self.stream.write("\n")


def run(args: argparse.Namespace) -> int:
    """Compile the tables and print the summary."""
    from kit.tables.compiler import compile_tables  # pandas and pyarrow load only when compiling

    workspace = Workspace.open(args.workspace)
    progress = ProgressLine()
    report = compile_tables(workspace, rebuild=args.rebuild, progress=progress)
    progress.finish()
    print(f"Tables of {workspace.settings.name} in {workspace.folder('tables')}:")
    print(report.summary())
    if report.quarantined:
        print(f"{count(len(report.quarantined), 'file')} set aside; "
              "run `candle check` to see the quarantine.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``compact`` command."""
    parser = subparsers.add_parser(
        "compact",
        help="compile the records to tidy tables (Parquet + CSV)",
        description="Compile the workspace's records to one Parquet and one CSV file per table "
                    "in tables/, with the data dictionary tables/datapackage.json. Only new "
                    "record files are read; unreadable ones are moved to quarantine/.",
    )
    add_workspace_argument(parser)
    parser.add_argument("--rebuild", action="store_true",
                        help="compile everything again from records/ (ignores the cache)")
    parser.set_defaults(handler=run)
