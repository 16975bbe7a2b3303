"""The ``candle`` command line: a thin layer over kit functions.

Each command lives in its own module under ``kit/commands/`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` (a
function taking the parsed arguments and returning an exit code). Any
:class:`KitError` becomes a one-line message on stderr and exit code 2;
no traceback reaches the user.

``candle`` and ``python -m kit`` start at :func:`entry`, which narrows the process umask
(:func:`kit.filemodes.narrow_umask`) before anything is written; :func:`main` (what tests
and other Python code call) leaves the caller's umask alone.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from kit import __version__
from kit.errors import KitError
from kit.filemodes import narrow_umask
from kit.logs import configure_cli

log = logging.getLogger(__name__)

COMMAND_MODULES = (
    "kit.commands.init",
    "kit.commands.import_rows",
    "kit.commands.compact",
    "kit.commands.check",
    "kit.commands.migrate",
    "kit.commands.status",
    "kit.commands.review",
    "kit.commands.export",
    "kit.commands.notebooks",
    "kit.commands.release",
    "kit.commands.people",
    "kit.commands.person",
    "kit.commands.retention",
    "kit.commands.serve",
    "kit.commands.mirror",
    "kit.commands.server_config",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command module registered on it."""
    parser = argparse.ArgumentParser(
        prog="candle",
        description="Mini Candle reflective practice kit: workspaces, tables, reviews, exports.",
    )
    parser.add_argument("--version", action="version", version=f"candle {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="say more about what the command does (the kit's log, on stderr)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``candle`` with ``argv``; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_cli(verbose=args.verbose)
    log.debug("candle %s with %s", args.command,
              {k: str(v) for k, v in vars(args).items() if k not in ("handler", "command", "verbose")})
    try:
        code = int(args.handler(args) or 0)
        log.debug("candle %s finished (exit code %d)", args.command, code)
        sys.stdout.flush()  # so a closed pipe shows up here, not as a traceback at exit
        return code
    except KitError as error:
        one_line = " ".join(str(error).split())
        print(f"candle {args.command}: {one_line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"candle {args.command}: stopped; everything saved so far is intact.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def entry() -> None:
    """The ``candle`` program: narrow the umask once for the whole process (what libraries
    write by themselves is then no wider than the kit's own files), then :func:`main`."""
    narrow_umask()
    sys.exit(main())


if __name__ == "__main__":
    entry()
