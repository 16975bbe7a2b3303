"""``candle server-config``: where the kit's Jupyter server settings are, for a launcher.

A JupyterHub starts each user's server with ``jupyterhub-singleuser --config="$(candle
server-config)"`` (deploy/jupyterhub/jupyterhub_config.py), so the pages open as Voilà apps with
the kit's template, the launcher has their entries, kit notebooks are saved as committed and a
closed page's kernel is shut down, as with ``make lab``.
"""

from __future__ import annotations

import argparse

from kit.resources import SERVER_CONFIG


def run(_args: argparse.Namespace) -> int:
    """Print the path of the kit's jupyter_server_config.py."""
    print(SERVER_CONFIG)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``server-config`` command."""
    parser = subparsers.add_parser(
        "server-config",
        help="print the path of the kit's Jupyter server settings (for --config=)",
        description="Print the path of the kit's jupyter_server_config.py, for a server that "
                    "should serve the pages as the kit does: jupyter lab --config=\"$(candle "
                    "server-config)\", or jupyterhub-singleuser the same way on a hub. The pages "
                    "are looked for in the folder $CANDLE_PAGES_FOLDER (default: notebooks).",
    )
    parser.set_defaults(handler=run)
