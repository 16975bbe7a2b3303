"""``candle init DIR [--demo] [--name NAME]``: make a new workspace."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.errors import WorkspaceError
from kit.store.workspace import SETTINGS_FILE, Settings, Workspace

HELP = "create a new workspace (empty, or the synthetic demo with --demo)"
DESCRIPTION = """\
Create a workspace folder DIR with a kit.yaml to edit (its name, review period,
renewal months and the people who use it). With --demo, DIR is filled with the
synthetic demo workspace instead: 12 practitioners, 2 leads, a link and a
researcher, with a year of records, generated the same way every time.

DIR must not exist yet, or be an empty folder; an existing workspace is never
overwritten.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``init`` command."""
    parser = subparsers.add_parser("init", help=HELP, description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", metavar="DIR", type=Path,
                        help="folder for the new workspace (created if missing; must be empty)")
    parser.add_argument("--demo", action="store_true",
                        help="fill it with the synthetic demo workspace")
    parser.add_argument("--name", default=None,
                        help="the workspace's name in kit.yaml (default: the folder's name; not with --demo)")
    parser.set_defaults(handler=run)


def starter_settings(name: str) -> Settings:
    """The kit.yaml of a new empty workspace: nobody in it yet, and so no current user (a
    placeholder 'me / Your name' would be saved as a real person's records)."""
    return Settings(name=name)


def check_empty(directory: Path) -> None:
    """Refuse a folder that is a file, a workspace, or holds anything."""
    if directory.exists() and not directory.is_dir():
        raise WorkspaceError(f"{directory} is a file, not a folder.",
                             "Choose a new folder name for the workspace.")
    if (directory / SETTINGS_FILE).exists():
        raise WorkspaceError(f"{directory} is already a workspace (it has a {SETTINGS_FILE}).",
                             "Open it as it is, or choose a new folder name.")
    if directory.is_dir() and any(directory.iterdir()):
        raise WorkspaceError(f"{directory} is not empty, so no workspace was created there.",
                             "Choose a new or empty folder.")


def init_workspace(directory: Path, demo: bool = False, name: str | None = None) -> Workspace:
    """Create the workspace at ``directory``: empty with a starter kit.yaml, or the demo."""
    check_empty(directory)
    if demo:
        from kit.demo import generate_demo

        return generate_demo(directory)
    return Workspace.create(directory, starter_settings(name or directory.resolve().name))


def run(args: argparse.Namespace) -> int:
    """Create the workspace and say what to do next."""
    workspace = init_workspace(args.directory, demo=args.demo, name=args.name)
    settings_path = workspace.root / SETTINGS_FILE
    if args.demo:
        people = len(workspace.settings.people)
        print(f"Created the demo workspace in {workspace.root} ({people} people).")
        print(f"Use it with: export CANDLE_WORKSPACE={workspace.root.resolve()}")
    else:
        print(f"Created an empty workspace in {workspace.root}; nobody is in it yet.")
        print(f"Next: add yourself as the person who uses it on this machine: candle people add "
              f"{workspace.root} ID --name 'YOUR NAME' --kind practitioner --current")
        print(f"Then the others (candle people add, or candle people import FILE); the rest of "
              f"the settings are in {settings_path}.")
    return 0
