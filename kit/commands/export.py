"""``candle export WORKSPACE --out DIR``: the anonymised research package.

Only reflections of consenting practitioners, scrubbed, reviewed, pseudonymised,
coarsened and k-anonymous (see :mod:`kit.research.export`). Reflections in which
scrubbing found something, or that still hold a risky token, are held back until
a lead releases them (``candle release`` or ``notebooks/research/release_queue.ipynb``).
With nothing to release it writes no package and exits 1, unless ``--allow-empty``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.commands import add_workspace_argument
from kit.errors import ExportError
from kit.research.coarsen import GRAINS
from kit.research.export import NothingToRelease, export_research
from kit.research.qdpx import FILE_NAME as QDPX_FILE
from kit.research.release_display import context_line
from kit.store.workspace import Workspace


def _progress(stage: str, done: int, total: int) -> None:
    print(f"  {stage}: {done}/{total}", file=sys.stderr, flush=True)


def refuse_records_folder(ws: Workspace, out: Path) -> None:
    """Raise :class:`ExportError` if ``out`` (links resolved) lies in the workspace's records/."""
    records = (ws.root / "records").resolve()
    if out.resolve() == records or out.resolve().is_relative_to(records):
        raise ExportError(f"{out} is inside the workspace's records/ folder, which holds only records.",
                          "Choose a folder outside records/, e.g. the workspace's exports/.")


def run(args: argparse.Namespace) -> int:
    """Export the research package; print what was done and held back (exit 1 if nothing was)."""
    ws = Workspace.open(args.workspace)
    refuse_records_folder(ws, args.out)
    who = context_line(ws, args.as_lead or ws.current_user().id).replace("acting lead", "exporting lead")
    try:
        report = export_research(ws, args.out, as_lead=args.as_lead, k=args.k, grain=args.date_grain,
                                 progress=_progress, allow_empty=args.allow_empty,
                                 qdpx_only=args.qdpx_only)
    except NothingToRelease as refused:
        print(who, file=sys.stderr)
        print("\n".join(refused.report.summary().splitlines()[1:]), file=sys.stderr)
        print(f"candle export: {refused}", file=sys.stderr)
        return 1
    print(f"{who}\n{report.summary()}")
    print(f"For QualCoder, NVivo, ATLAS.ti or MAXQDA: import {report.out_dir / QDPX_FILE} as a "
          "REFI-QDA project.")
    if report.held_back:
        print(f"{report.held_back} reflections await a lead: `candle release list {ws.root}` or "
              "notebooks/research/release_queue.ipynb, then export again into a new folder.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export",
        help="write the anonymised research package",
        description="Write a research package of the reflections of practitioners who consented: "
                    "scrubbed, reviewed, pseudonymised, coarsened and k-anonymous, with a data "
                    "dictionary (datapackage.json) and a README for the recipient.",
    )
    add_workspace_argument(parser)
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="a new or empty folder for the package (outside private/)")
    parser.add_argument("--as", dest="as_lead", metavar="LEAD",
                        help="the exporting lead's id (default: the workspace's current user)")
    parser.add_argument("--k", type=int, default=5,
                        help="fewest distinct practitioners a combination may describe (default 5)")
    parser.add_argument("--date-grain", choices=GRAINS, default="month",
                        help="coarsen dates to month (default) or quarter")
    parser.add_argument("--allow-empty", action="store_true",
                        help="write the package even when no reflection can be released")
    parser.add_argument("--qdpx-only", action="store_true",
                        help="write only project.qdpx, the REFI-QDA project for QualCoder, NVivo, "
                             "ATLAS.ti and MAXQDA (from exactly what the CSV package would release)")
    parser.set_defaults(handler=run)
