"""``lrkit evidence [--claim NAME…] [--rerun] [--workers N] [--storage URL] [--page FILE]``.

Measures the field's rules of thumb on the built-in tasks (docs/evidence.md) and
writes the evidence page and its figures from the stored runs.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "evidence", help="measure the field's LR rules of thumb and write the evidence page",
        description="Measure the field's rules of thumb about LR schedules on the built-in tasks, each through "
                    "lrkit compare with stored, resumable runs, and write the evidence page (tables, verdicts, "
                    "figures) from the store. Claims already stored are read, not retrained.",
        epilog="example: lrkit evidence --claim warmup-transformers --storage evidence.db --page evidence.md")
    p.add_argument("--claim", nargs="+", default=None, metavar="NAME", help="only these claims (default: all)")
    p.add_argument("--rerun", action="store_true", help="delete the claims' stored runs and train them again")
    p.add_argument("--workers", type=int, default=1, help="worker processes, one torch thread each (default 1)")
    p.add_argument("--storage", default="evidence.db", metavar="URL",
                   help="Optuna storage URL or SQLite file (default evidence.db); postgresql://… to share")
    p.add_argument("--page", default="evidence.md", metavar="FILE", help="the page to write (default evidence.md)")
    p.add_argument("--img", default=None, metavar="DIR", help="figure folder (default: img/ beside the page)")
    p.add_argument("--runtime", default=None, metavar="FILE", help="JSON file keeping each claim's wall time")
    p.add_argument("--no-figures", action="store_true", help="write only the page")
    p.add_argument("--progress", action="store_true", help="progress bars while training")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..experiments.evidence import select_claims
    from ..experiments.evidence_page import regenerate

    select_claims(args.claim)  # an unknown claim fails here, before the store is opened
    got = regenerate(args.claim, args.storage, args.page, args.img, rerun=args.rerun, workers=args.workers,
                     runtime=args.runtime, figures=not args.no_figures, progress=args.progress,
                     log=lambda line: print(line, flush=True))
    for r in got["results"]:
        if args.claim and r.claim.name not in args.claim:
            continue
        for s in r.settings:
            print(f"  {s.setting.describe()}: {s.claim_label} vs {s.base_label}: {s.effect:+.3g} "
                  f"[{s.low:+.3g}, {s.high:+.3g}] {s.unit} -> {s.status}")
    if got["missing"]:
        print(f"not on the page (no complete stored runs): {', '.join(got['missing'])}")
    print(f"page: {got['page']}")
    return 0
