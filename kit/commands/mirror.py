"""``candle mirror [FOLDER]``: refresh a hub user's own copy of what they may read.

Run in a user's server on a hub (the hub's configuration runs it as each server starts), so
the pages open on fresh data: the copy is ``FOLDER``, default ``$CANDLE_WORKSPACE`` or
``~/.candle/workspace``. Pages and forms refresh it too as they open (a kernel at most every
20 s, see :mod:`kit.hub.mirror`). Outside a hub it says so and changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.commands import count


def run(args: argparse.Namespace) -> int:
    """Sync the copy; print what it holds."""
    from kit.errors import WorkspaceError
    from kit.hub.backend import service_from_env
    from kit.hub.mirror import copy_folder, kernel_workspace

    if service_from_env() is None:
        raise WorkspaceError("candle mirror runs in a user's server on a hub, and "
                             "CANDLE_SERVICE_URL or JUPYTERHUB_API_TOKEN is not set.",
                             "On a laptop the workspace folder is used directly: nothing to copy.")
    copy = kernel_workspace(args.folder or copy_folder(), max_age=0)
    files = sum(1 for _ in copy.store.record_files())
    print(f"{copy.root}: your copy, {count(files, 'record file')}, as {copy.settings.current_user}.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``mirror`` command."""
    parser = subparsers.add_parser(
        "mirror",
        help="refresh your own copy of the team's records (in a server on a hub)",
        description="In a user's server on a JupyterHub, copy the records you may read from the "
                    "team's candle service into your own folder, for the pages and forms.",
    )
    parser.add_argument("folder", metavar="FOLDER", type=Path, nargs="?",
                        help="the copy (default: $CANDLE_WORKSPACE, else ~/.candle/workspace)")
    parser.set_defaults(handler=run)
