"""Mini Candle reflective practice kit.

Capture plans and reflections in JupyterLab, compile them to tidy tables,
generate periodic review notebooks for Lead practitioners, and export
consent-gated, pseudonymised reflections for researchers.
"""

__version__ = "0.1.0"
