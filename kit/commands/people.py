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
from kit.errors import WorkspaceError
from kit.store.people import add_people, read_people_file, set_current_user
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
    """Add one person (or, with --current and an id already listed, make them the current user)."""
    ws = Workspace.open(args.workspace)
    known = any(person.id == args.id for person in ws.settings.people)
    if not (known and args.current):
        missing = [option for option, given in (("--name", args.name), ("--kind", args.kind))
                   if not given]
        if missing:
            raise WorkspaceError(f"'{args.id}' is not a person of workspace {ws.settings.name} yet, "
                                 "so they were not added.",
                                 f"Give {' and '.join(missing)} to add them.")
        entry = {"id": args.id, "name": args.name, "kinds": args.kind}
        ws = add_people(ws, [(None, entry)], f"Person '{args.id}'")
        print(f"Added {args.name} ({args.id}: {', '.join(args.kind or [])}) to workspace "
              f"{ws.settings.name}; {count(len(ws.settings.people), 'person', 'people')} now.")
    if args.current or ws.settings.current_user is None:
        ws = set_current_user(ws, args.id)
        print(f"{args.id} is now the current user: the pages on this machine work as them.")
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
    added = actions.add_parser("add", help="add one person, or choose the current user",
                               description="Add one person: an id (lower case, digits, _ . -), "
                                           "a name and one or more kinds. With --current they "
                                           "become the current user (whom the pages on this "
                                           "machine work as); 'add ID --current' alone makes "
                                           "someone already listed the current user. The first "
                                           "person added to a workspace without a current user "
                                           "becomes it.")
    add_workspace_argument(added)
    added.add_argument("id", metavar="ID", help="their id, e.g. p07 or lead2")
    added.add_argument("--name", help="their name as the kit shows it (needed for a new person)")
    added.add_argument("--kind", action="append",
                       help="practitioner, lead, link, researcher or admin (repeat for several; "
                            "needed for a new person)")
    added.add_argument("--current", action="store_true",
                       help="make them the current user of this workspace")
    added.set_defaults(handler=add)
    imported = actions.add_parser("import", help="add everyone in a CSV or YAML file",
                                  description="Add everyone in FILE: CSV with the columns id, name, "
                                              "kinds (kinds separated by ';'), or a YAML list as in "
                                              "kit.yaml. All or nothing.")
    add_workspace_argument(imported)
    imported.add_argument("file", metavar="FILE", type=Path, help="a .csv, .yaml or .yml file")
    imported.set_defaults(handler=import_file)
