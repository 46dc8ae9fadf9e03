"""``lrkit compare --task NAME --schedules SPEC… --seeds N --epochs E --out DIR [--storage URL] [--workers W]``.

Runs every schedule with every seed on a built-in task, stores each run in an
Optuna study (``DIR/runs.db`` by default; rerun the same command to resume),
writes the report into ``DIR`` and prints the summary table.
"""

from __future__ import annotations

import argparse
from typing import Any

from . import print_json


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "compare", help="compare schedules on a built-in task over several seeds (stored, resumable, report)",
        description="Compare learning-rate schedules on a built-in task over several seeds. Each run "
                    "(schedule x seed) is stored in an Optuna study: rerun the same command after a crash or "
                    "Ctrl-C and only the missing runs are done; several processes or machines with one "
                    "--storage URL share the runs. 'auto' in a spec ('cosine; lr=auto') is the LR finder's "
                    "suggestion, found first; 'auto.min' / 'auto.max' are the ends of its suggested range "
                    "(cyclic(base_lr=auto.min, max_lr=auto.max), onecycle(max_lr=auto.max)).",
        epilog='example: lrkit compare --task digits-mlp --schedules constant "warmup(5%%) >> cosine" '
               '"onecycle(max_lr=auto.max)" --seeds 3 --epochs 30 --workers 2 --out cmp')
    p.add_argument("--task", required=True, help="built-in task (see `lrkit tasks`)")
    p.add_argument("--schedules", required=True, nargs="+", metavar="SPEC",
                   help="schedule specs; 'SPEC; lr=VALUE' sets that run's base LR; 'auto' = finder suggestion, "
                        "'auto.min' / 'auto.max' = its range")
    p.add_argument("--seeds", type=int, default=3, help="seeds per schedule (default 3)")
    p.add_argument("--epochs", type=int, default=None, help="epochs per run (default: the task's)")
    p.add_argument("--out", required=True, metavar="DIR", help="report folder (also holds runs.db by default)")
    p.add_argument("--storage", default=None, metavar="URL",
                   help="Optuna storage URL (sqlite:///file.db, postgresql://user:pw@host/db); default DIR/runs.db")
    p.add_argument("--study", default=None, metavar="NAME",
                   help="study name (default compare-TASK-OPTIMIZER-EPOCHSep); the same name resumes")
    p.add_argument("--workers", type=int, default=1, help="worker processes, one torch thread each (default 1)")
    p.add_argument("--optimizer", choices=("sgd", "adamw"), default=None, help="the task's optimizer (default its own)")
    p.add_argument("--lr", type=float, default=None, help="base LR (default the task's good LR for its optimizer)")
    p.add_argument("--target", type=float, default=None,
                   help="metric level for 'epochs to reach' (default: the worst schedule's mean best)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.add_argument("--json", action="store_true", help="print the summary as JSON instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import LRKitError
    from ..experiments.runner import command_line, compare_task
    from ..experiments.tasks import get_task

    get_task(args.task)  # an unknown task fails here, before anything is created
    if args.seeds < 1:
        raise LRKitError(f"--seeds must be >= 1, got {args.seeds}")
    if args.epochs is not None and args.epochs < 1:
        raise LRKitError(f"--epochs must be >= 1, got {args.epochs}")
    if args.workers < 1:
        raise LRKitError(f"--workers must be >= 1, got {args.workers}")
    res = compare_task(args.task, args.schedules, args.seeds, epochs=args.epochs, out=args.out,
                       storage=args.storage, study_name=args.study, workers=args.workers,
                       optimizer=args.optimizer, lr=args.lr, target=args.target,
                       progress=not args.no_progress and not args.json, command=command_line())
    if args.json:
        print_json({"summary": res.summary(), "sentence": res.sentence(), "report": str(args.out)})
        return 0
    print(res.table())
    print()
    print(res.sentence())
    print(f"\nreport: {args.out}/report.html (and report.md, results.json, PNG figures); "
          f"runs stored in {res.storage} (study {res.study_name})")
    return 0
