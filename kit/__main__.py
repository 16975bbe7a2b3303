"""``python -m kit`` is the same as ``candle``."""

from kit.cli import entry

entry()
