"""Jupyter server config for the kit: ``jupyter lab --config=kit/app/jupyter_server_config.py``.

All settings live in :func:`kit.app.server.configure`; this file only applies them.
"""

from kit.app.server import configure

configure(get_config())  # type: ignore[name-defined]  # noqa: F821
