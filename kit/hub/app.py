"""The service's tornado application: the API routes and /health, under the hub's prefix."""

from __future__ import annotations

from tornado import web

from kit.hub import handlers
from kit.hub.service import HealthHandler, ServiceState


def make_app(state: ServiceState, prefix: str = "/") -> web.Application:
    """The tornado application with every route under ``prefix``."""
    health = [(path, HealthHandler, {"state": state}) for path in sorted({f"{prefix}health", "/health"})]
    return web.Application([*handlers.routes(prefix, state), *health])
