"""The ``lrkit`` command: one thin subcommand per job, no logic of its own.

Each subcommand lives in ``lrkit/cli/<name>.py`` with ``add_parser(subparsers)``
(which sets ``func``) and is listed in ``COMMANDS``. User mistakes
(:class:`lrkit.LRKitError`) become one line on stderr and exit code 2.

Exit codes: 0 success, 1 a finding/negative result where the command defines
one (``doctor``), 2 usage error or bad input, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Sequence

from ..errors import LRKitError

COMMANDS = ("plot", "tasks", "find", "compare", "tune", "demo", "recommend", "recipes", "doctor", "diagnose",
            "evidence")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lrkit", description="Learning-rate schedules: plot, find, compare, recommend, doctor.")
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"lrkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"lrkit.cli.{name}").add_parser(sub)
    return parser


def print_json(data: Any) -> None:
    """Write ``data`` as JSON on stdout (the ``--json`` convention)."""
    json.dump(data, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        rc = args.func(args)
    except LRKitError as e:
        print(f"lrkit {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"lrkit {args.command}: interrupted", file=sys.stderr)
        return 130
    return int(rc or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
