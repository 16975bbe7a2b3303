"""The ``candle`` commands: one module each, exposing ``register(subparsers)``."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_workspace_argument(parser: argparse.ArgumentParser) -> None:
    """The positional WORKSPACE argument most commands take."""
    parser.add_argument("workspace", metavar="WORKSPACE", type=Path, help="the workspace folder")


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``: a number with its noun in the right form."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
