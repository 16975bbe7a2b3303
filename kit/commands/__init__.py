"""The ``candle`` commands: one module each, exposing ``register(subparsers)``."""
