"""The service's tornado application: the API routes and /health, under the hub's prefix.

Its access log names each request by method, path (a part that is not an id shown as ``…``)
and status, never the query string (a token sent there stays out of the log), and leaves out
requests without a token the hub knows (counted instead); an address the service does not
have is a JSON 404.
"""

from __future__ import annotations

import logging

from tornado import web
from tornado.log import access_log

from kit.hub import handlers, redact
from kit.hub.service import HealthHandler, NotFoundHandler, ServiceState

UNAUTHENTICATED = 401


def log_request(handler: web.RequestHandler) -> None:
    """One access-log line: status, method, path (ids only), client address, time taken. A
    request without a token the hub knows (401) has none: it is counted
    (:class:`kit.hub.audit.AnonymousCount`), so nobody can flood the log."""
    status = handler.get_status()
    if status == UNAUTHENTICATED:
        return
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    request = handler.request
    access_log.log(level, "%d %s %s (%s) %.2fms", status, request.method, redact.safe_path(request.path),
                   request.remote_ip, 1000.0 * request.request_time())


def make_app(state: ServiceState, prefix: str = "/") -> web.Application:
    """The tornado application with every route under ``prefix``."""
    health = [(path, HealthHandler, {"state": state}) for path in sorted({f"{prefix}health", "/health"})]
    return web.Application([*handlers.routes(prefix, state), *health], log_function=log_request,
                           default_handler_class=NotFoundHandler)
