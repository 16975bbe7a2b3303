"""The Jupyter server serves the charts' offline JavaScript once, for every chart of every page.

A server extension (``kit.app.chart_route`` in ``jpserver_extensions``, set by
:func:`kit.app.server.configure`): ``<base_url>candle/charts/<bundle name>`` answers with the
bundle of :mod:`kit.charts.bundle`, cached by the browser for a year (its name changes with
altair's or vl-convert's version). Loading the extension tells the server's kernels where it is
(:data:`kit.charts.bundle.SERVED_ENV`), so their charts carry a few lines that import it instead
of the 0.9 MB bundle itself. The bundle is public code (vega, vega-lite, vega-embed, altair's
chart widget), nothing of anyone's, so it is served without signing in, as the server's own
static files are; nothing here reaches beyond the server.
"""

from __future__ import annotations

import os
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.ioloop import IOLoop

from kit.charts import bundle

A_YEAR = 365 * 24 * 3600


class ChartBundleHandler(JupyterHandler):
    """GET the charts' bundle by its name (any other name: 404)."""

    @allow_unauthenticated
    async def get(self, name: str) -> None:
        """Answer with the bundle, read from the kit's cache (built once if missing)."""
        if name != bundle.bundle_name():
            raise web.HTTPError(404)
        text = await IOLoop.current().run_in_executor(None, bundle.bundle_text)
        self.set_header("Content-Type", "text/javascript; charset=UTF-8")
        self.set_header("Cache-Control", f"public, max-age={A_YEAR}, immutable")
        self.finish(text)


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """This module is a Jupyter server extension."""
    return [{"module": "kit.app.chart_route"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Serve the bundle under the server's base URL and tell the kernels it starts where."""
    route = url_path_join(serverapp.base_url, bundle.ROUTE, "([^/]+)")
    serverapp.web_app.add_handlers(".*$", [(route, ChartBundleHandler)])
    os.environ[bundle.SERVED_ENV] = bundle.served_path()
