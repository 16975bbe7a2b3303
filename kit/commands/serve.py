"""``candle serve WORKSPACE``: the shared workspace's service, run by JupyterHub.

The hub starts it as a managed service (see deploy/jupyterhub/jupyterhub_config.py) and gives
it its address, its own API token and the hub's API URL in the environment. It is then the only
program that writes the workspace; user servers reach it with their own hub tokens.
"""

from __future__ import annotations

import argparse
import logging

from kit.commands import add_workspace_argument
from kit.logs import configure_service
from kit.store.workspace import Workspace

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Serve ``args.workspace`` until stopped."""
    from tornado import ioloop

    from kit.hub.app import make_app
    from kit.hub.service import BEHIND_PROXY_ENV, behind_proxy, open_state, service_address

    workspace = Workspace.open(args.workspace)
    state = open_state(workspace)
    ip, port, prefix = service_address()
    configure_service(verbose=args.verbose)
    proxied = behind_proxy()
    make_app(state, prefix).listen(port, address=args.ip or ip, max_body_size=state.max_body * 2,
                                   xheaders=proxied)
    log.info("serving workspace %s on %s:%s%s", workspace.settings.name, args.ip or ip, port, prefix)
    if workspace.settings.people:
        log.warning("kit.yaml lists %d people: on a hub they are ignored for rights (roles come "
                    "only from the hub's candle groups; kit.yaml only names them)",
                    len(workspace.settings.people))
    log.info("client addresses in this log are %s", "the ones the hub's proxy forwards"
             if proxied else f"the connections' own ({BEHIND_PROXY_ENV} is not set)")
    ioloop.IOLoop.current().start()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    parser = subparsers.add_parser(
        "serve",
        help="run the shared workspace's service under JupyterHub",
        description="Run the service that owns a shared workspace, as a JupyterHub managed "
                    "service: it is the only writer of WORKSPACE, and it takes who is calling "
                    "and their roles from the hub (tokens and groups), never from kit.yaml.",
    )
    add_workspace_argument(parser)
    parser.add_argument("--ip", default="", help="address to listen on (default: from the hub's "
                        "JUPYTERHUB_SERVICE_URL, else 127.0.0.1)")
    parser.set_defaults(handler=run)
