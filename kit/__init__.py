"""Mini Candle reflective practice kit.

Capture plans and reflections in JupyterLab, compile them to tidy tables,
generate periodic review notebooks for Lead practitioners, and export
consent-gated, pseudonymised reflections for researchers.
"""

import logging

__version__ = "0.1.0"

# A library's loggers stay quiet unless the application sets them up (kit.logs does for
# candle and for a workspace's log file): no stray lines on a notebook's stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())
