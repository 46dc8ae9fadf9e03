"""``lrkit demo [--out DIR]``: the LR finder, then four schedules compared over 3 seeds, with a report.

Runs :func:`lrkit.experiments.demo.run_demo` on mnist1d-cnn: the finder's
suggestion, then constant / step / warmup+cosine / one-cycle x 3 seeds with 2
worker processes; prints the summary table and where the report is
(``./lrkit-demo/report.html``). Rerunning reuses the stored runs.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "demo", help="find an LR, compare 4 schedules x 3 seeds on mnist1d-cnn, write a report (about a minute)",
        description="The whole story on a built-in task: run the LR finder on mnist1d-cnn, take its suggestion, "
                    "compare constant, step decay, warmup+cosine and one-cycle over 3 seeds with 2 worker "
                    "processes, print the summary and write the report (Markdown, HTML, figures, results.json).")
    p.add_argument("--out", default="lrkit-demo", metavar="DIR", help="report folder (default ./lrkit-demo)")
    p.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import LRKitError
    from ..experiments.demo import run_demo

    if args.workers < 1:
        raise LRKitError(f"--workers must be >= 1, got {args.workers}")
    run_demo(args.out, workers=args.workers, progress=not args.no_progress)
    return 0
