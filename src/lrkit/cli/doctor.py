"""``lrkit doctor PATH…``: find learning-rate scheduling bugs in training scripts (static, never runs them).

Exit codes: 0 no findings, 1 findings, 2 usage error or an unreadable/unparseable file.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor", help="find learning-rate scheduling bugs in training scripts and notebooks",
        description="Read Python files and notebooks (never importing or running them) and report "
                    "learning-rate scheduling mistakes with a rule code, the place, why it matters and the fix. "
                    "Directories are walked (.py and .ipynb). Suppress a line with `# lrkit: noqa` or "
                    "`# lrkit: noqa LR003`. Rules: docs/doctor.md. Exit 0: no findings, 1: findings, "
                    "2: usage error or unreadable input.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to check")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format")
    p.add_argument("--select", metavar="CODES", help="only these rule codes (comma separated, prefixes allowed)")
    p.add_argument("--ignore", metavar="CODES", help="skip these rule codes (comma separated)")
    p.add_argument("--concise", action="store_true", help="text: one line per finding (no why/fix)")
    p.add_argument("--verbose", action="store_true",
                   help="also print what could not be determined (on stderr)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..doctor import DoctorInputError, check_file, iter_files, parse_codes
    from ..doctor.report import to_json, to_sarif, to_text

    select, ignore = parse_codes(args.select), parse_codes(args.ignore)
    files = iter_files(args.paths)
    findings, errors, notes = [], [], []
    for f in files:
        try:
            findings += check_file(f, select, ignore, notes if args.verbose else None)
        except DoctorInputError as e:
            errors.append(str(e))
    for e in errors:
        print(f"lrkit doctor: error: {e}", file=sys.stderr)
    for n in notes:
        print(n, file=sys.stderr)
    if args.format == "json":
        json.dump(to_json(findings), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "sarif":
        json.dump(to_sarif(findings), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        if findings:
            print(to_text(findings, concise=args.concise))
        n_files = len({f.path for f in findings})
        summary = (f"{len(findings)} finding{'s' * (len(findings) != 1)} in {n_files} of {len(files)} "
                   f"file{'s' * (len(files) != 1)}" if findings else f"no findings in {len(files)} "
                   f"file{'s' * (len(files) != 1)}")
        print(summary, file=sys.stderr)
    if errors:
        return 2
    return 1 if findings else 0
