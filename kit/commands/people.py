"""``candle people list|add|import WORKSPACE ...``: the people of a single-machine workspace.

People are kept in the workspace's ``kit.yaml``; these commands check each one
as reading ``kit.yaml`` does (see :mod:`kit.store.people`) and write nothing
unless every new person is valid.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import get_args

from kit.commands import add_workspace_argument, count
from kit.store.people import add_people, read_people_file
from kit.store.workspace import PersonKind, Workspace

KINDS = get_args(PersonKind)


def list_people(args: argparse.Namespace) -> int:
    """Print everyone, with their kinds."""
    ws = Workspace.open(args.workspace)
    people = ws.settings.people
    print(f"Workspace {ws.settings.name} ({ws.root}): {count(len(people), 'person', 'people')}.")
    for person in people:
        print(f"  {person.id:<16} {person.name}  ({', '.join(person.kinds)})")
    return 0


def add(args: argparse.Namespace) -> int:
    """Add one person."""
    ws = Workspace.open(args.workspace)
    entry = {"id": args.id, "name": args.name, "kinds": args.kind}
    ws = add_people(ws, [(None, entry)], f"Person '{args.id}'")
    print(f"Added {args.name} ({args.id}: {', '.join(args.kind)}) to workspace {ws.settings.name}; "
          f"{count(len(ws.settings.people), 'person', 'people')} now.")
    return 0


def import_file(args: argparse.Namespace) -> int:
    """Add everyone listed in a CSV or YAML file (all or nothing)."""
    ws = Workspace.open(args.workspace)
    entries = read_people_file(args.file)
    ws = add_people(ws, entries, args.file.name)
    print(f"Added {count(len(entries), 'person', 'people')} from {args.file.name} to workspace "
          f"{ws.settings.name}; {count(len(ws.settings.people), 'person', 'people')} now.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``people`` command and its actions."""
    parser = subparsers.add_parser(
        "people", help="list or add the people of a single-machine workspace",
        description="The people of a workspace kept on one machine (kit.yaml): list them, add one, "
                    "or add many from a CSV (id,name,kinds) or YAML file. Each person is checked as "
                    "kit.yaml is; nothing is written unless every new person is valid.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listed = actions.add_parser("list", help="everyone, with their kinds")
    add_workspace_argument(listed)
    listed.set_defaults(handler=list_people)
    added = actions.add_parser("add", help="add one person",
                               description="Add one person: an id (lower case, digits, _ . -), "
                                           "a name and one or more kinds.")
    add_workspace_argument(added)
    added.add_argument("id", metavar="ID", help="their id, e.g. p07 or lead2")
    added.add_argument("--name", required=True, help="their name as the kit shows it")
    added.add_argument("--kind", required=True, action="append",
                       help="practitioner, lead, link, researcher or admin (repeat for several)")
    added.set_defaults(handler=add)
    imported = actions.add_parser("import", help="add everyone in a CSV or YAML file",
                                  description="Add everyone in FILE: CSV with the columns id, name, "
                                              "kinds (kinds separated by ';'), or a YAML list as in "
                                              "kit.yaml. All or nothing.")
    add_workspace_argument(imported)
    imported.add_argument("file", metavar="FILE", type=Path, help="a .csv, .yaml or .yml file")
    imported.set_defaults(handler=import_file)
