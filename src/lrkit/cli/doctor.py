"""``lrkit doctor PATH…``: find learning-rate scheduling bugs in training scripts (static, never runs them).

Exit codes: 0 no findings (or ``--exit-zero``), 1 findings, 2 usage error, bad configuration,
or a file that could not be read or parsed (reported with the other files' findings).
Settings come from ``[tool.lrkit.doctor]`` in the nearest ``pyproject.toml``; flags override them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from ..errors import LRKitError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor", help="find learning-rate scheduling bugs in training scripts and notebooks",
        description="Read Python files and notebooks (never importing or running them) and report "
                    "learning-rate scheduling mistakes with a rule code, the place, why it matters and the fix. "
                    "Directories are walked (.py and .ipynb). Suppress a line with `# lrkit: noqa` or "
                    "`# lrkit: noqa LR003`. Settings: [tool.lrkit.doctor] in the nearest pyproject.toml "
                    "(select, ignore, per-file-ignores, exclude, format); flags override them. "
                    "Rules: docs/doctor.md. Exit 0: no findings, 1: findings, "
                    "2: usage error, bad configuration or a file that could not be read or parsed.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to check")
    p.add_argument("--format", choices=("text", "json", "sarif"), default=None,
                   help="output format (default: `format` from pyproject.toml, else text)")
    p.add_argument("--select", metavar="CODES",
                   help="only these rule codes (comma separated, prefixes allowed); the opinions LR008 and LR009 "
                        "are reported only when selected")
    p.add_argument("--ignore", metavar="CODES", help="skip these rule codes (comma separated)")
    p.add_argument("--concise", action="store_true", help="text: one line per finding (no why/fix)")
    p.add_argument("--show-source", action="store_true",
                   help="text: show the source line of each finding with a caret under the column")
    p.add_argument("--statistics", action="store_true",
                   help="count the findings per rule code instead of listing them (text; json adds them)")
    p.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when there are findings (a file that cannot be checked still exits 2)")
    p.add_argument("--isolated", action="store_true", help="ignore every pyproject.toml")
    p.add_argument("--verbose", action="store_true",
                   help="also print what could not be determined (on stderr)")
    p.set_defaults(func=run)


def _output_format(args: argparse.Namespace) -> str:
    """The format from the flag, else from the configuration of the first PATH; checks flag combinations."""
    from ..doctor.config import find_settings

    fmt, origin = args.format, "--format"
    if fmt is None and not args.isolated:
        settings = find_settings(args.paths[0])
        fmt, origin = settings.format, f"format in {settings.path}"
    fmt = fmt or "text"
    for flag, on, accepted in (("--concise", args.concise, ("text",)), ("--show-source", args.show_source, ("text",)),
                               ("--statistics", args.statistics, ("text", "json"))):
        if on and fmt not in accepted:
            raise LRKitError(f"{flag} applies to {' and '.join(accepted)} output, but the format is {fmt!r} "
                             f"({origin}); drop {flag} or use --format text")
    if args.statistics and (args.concise or args.show_source):
        flag = "--concise" if args.concise else "--show-source"
        raise LRKitError(f"--statistics prints counts per code instead of the findings, so {flag} has "
                         f"nothing to act on; use one or the other")
    return fmt


def run(args: argparse.Namespace) -> int:
    from ..doctor import check, parse_codes
    from ..doctor.report import statistics, statistics_text, summary, to_json, to_sarif, to_text
    from ..doctor.sources import SourceLines

    fmt = _output_format(args)
    notes: list[str] | None = [] if args.verbose else None
    select, ignore = parse_codes(args.select, "--select"), parse_codes(args.ignore, "--ignore")
    report = check(args.paths, select, ignore, config=not args.isolated, notes=notes)
    findings, errors = report.findings, report.errors
    lines = SourceLines()

    def source(f):
        return lines.line(f.path, f.line, f.cell)

    if fmt == "json":
        out = json.dumps(to_json(findings, errors, stats=args.statistics), indent=2) + "\n"
    elif fmt == "sarif":
        out = json.dumps(to_sarif(findings, errors, source=source), indent=2) + "\n"
    elif args.statistics:
        out = statistics_text(statistics(findings)) + "\n" if findings else ""
    else:
        out = to_text(findings, concise=args.concise, source=source if args.show_source else None)
        out = out + "\n" if out else ""
    err = "".join(f"lrkit doctor: error: {e}\n" for e in errors) + "".join(f"{n}\n" for n in notes or ())
    if fmt == "text":
        err += summary(findings, len(report.checked), errors) + "\n"
    for text, stream in ((out, sys.stdout), (err, sys.stderr)):
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:
            # the reader went away (`lrkit doctor … | head`): stop quietly, and keep Python's
            # shutdown flush from raising again on the closed pipe
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
    if errors:
        return 2
    return 1 if findings and not args.exit_zero else 0
