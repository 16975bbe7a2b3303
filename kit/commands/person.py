"""``candle person export WORKSPACE ID --out DIR``: everything the kit holds about one person.

An administrator's tool: whoever runs it has the workspace folder, so it answers a subject
access request for anyone (on a hub, a practitioner downloads their own from My learning).
What the download holds: :mod:`kit.rights.export`; when to use it: docs/data-protection.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.commands import add_workspace_argument, count
from kit.rights.export import export_person
from kit.store.workspace import Workspace


def export(args: argparse.Namespace) -> int:
    """Write the person's download and say what is in it."""
    ws = Workspace.open(args.workspace)
    made = export_person(ws, args.id, args.out)
    counts = made.counts
    print(f"Everything workspace {ws.settings.name} holds about {args.id} is in {made.folder}: "
          f"{count(counts['record_versions'], 'record version')}, "
          f"{count(counts['reviews'], 'review')}, {count(counts['drafts'], 'draft')}, "
          f"{count(counts['audit_lines'], 'audit line')}, "
          f"{count(counts['research_packages'], 'research package')} that included their reflections.")
    print(f"Open {made.folder / 'index.html'} to read it; hand over the whole folder.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``person`` command and its actions."""
    parser = subparsers.add_parser(
        "person", help="a person's data rights: their whole record in one folder",
        description="Answer a person's data-protection request (docs/data-protection.md): "
                    "`export` writes everything the kit holds about them into a folder.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    exported = actions.add_parser(
        "export", help="everything the kit holds about one person, in a folder",
        description="Write into DIR (new or empty, outside the workspace) every record the person "
                    "wrote or that is about them, in every version with edit and withdrawal "
                    "reasons (JSON and CSV, with the data dictionary), the reviews and review "
                    "notes about them, their research consent history and the research packages "
                    "that included their reflections (by date), the audit lines that name them, "
                    "their drafts, and index.html, a readable and printable portfolio.")
    add_workspace_argument(exported)
    exported.add_argument("id", metavar="ID", help="the person's id, e.g. p07")
    exported.add_argument("--out", required=True, type=Path, metavar="DIR",
                          help="the folder to write (new or empty, outside the workspace)")
    exported.set_defaults(handler=export)
