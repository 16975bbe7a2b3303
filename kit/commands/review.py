"""``candle review WORKSPACE --period P [--lead ID | --practitioner ID] [--jobs N]
[--html/--no-html] [--force] [--cluster ADDRESS]``: generate review notebooks and offline HTML."""

from __future__ import annotations

import argparse

from kit.commands import add_workspace_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``review`` command."""
    parser = subparsers.add_parser(
        "review", help="generate the period's review notebooks and HTML",
        description="Generate review notebooks (one per practitioner, plus a cohort overview per "
                    "lead) under WORKSPACE/reviews/PERIOD/. Reviews whose inputs are unchanged "
                    "are skipped; --force makes them again.")
    add_workspace_argument(parser)
    parser.add_argument("--period", default=None,
                        help="2026-Q3, 2026-09 or START..END (default: the last complete period "
                             "at the workspace's review cadence)")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--lead", metavar="ID", default=None,
                     help="only this lead's practitioners and cohort overview")
    who.add_argument("--practitioner", metavar="ID", default=None,
                     help="only this practitioner's review")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="reviews run at once (default 2)")
    parser.add_argument("--html", action=argparse.BooleanOptionalAction, default=True,
                        help="also write offline HTML with the code hidden (default: yes)")
    parser.add_argument("--force", action="store_true", help="redo reviews even if unchanged")
    parser.add_argument("--cluster", metavar="ADDRESS", default=None,
                        help="run the reviews on a Dask cluster: tls://HOST:PORT (or tcp:// on a "
                             "trusted network), 'gateway' (dask-gateway's settings from the "
                             "environment) or 'local' (--jobs worker processes here); default: "
                             "--jobs kernels in this process's pool")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the reviews; print failures and a summary; exit 1 if any failed."""
    from kit.reviews.run import run_reviews

    report = run_reviews(args.workspace, args.period, lead_id=args.lead,
                         practitioner_id=args.practitioner, jobs=args.jobs, html=args.html,
                         force=args.force, progress=True, cluster=args.cluster)
    print(report.summary())
    return 0 if report.ok else 1
