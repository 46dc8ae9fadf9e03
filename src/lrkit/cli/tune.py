"""``lrkit tune --task NAME --schedule TEMPLATE --param NAME=RANGE… --trials N [--seeds S] [--epochs E]``.

Searches the placeholders of a schedule template (``onecycle(max_lr=?,
pct_start=?)``) on a built-in task with Optuna's TPE sampler and median
pruner, stores every trial in an Optuna study (the same storage as ``lrkit
compare``; rerun the same command to continue up to ``--trials``), prints the
best trials and the best spec, and with ``--out DIR`` writes ``results.json``
and ``tune.png``.
"""

from __future__ import annotations

import argparse
from typing import Any

from . import print_json

_DEFAULT_STORAGE = "lrkit-tune.db"


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "tune", help="search a schedule's hyperparameters on a built-in task (Optuna, stored, resumable)",
        description="Search the hyperparameters of a schedule on a built-in task with Optuna (TPE sampler, "
                    "median pruner). Mark each value to search in the spec with NAME=? (or ?NAME) and give its "
                    "range with --param NAME=RANGE: LOW:HIGH (float), LOW:HIGH:log, LOW:HIGH:STEP, LOW..HIGH "
                    "(integer, ends included), A|B|C (choices); durations carry their unit on both ends "
                    "(2ep:8ep, 1%%..10%%). '; lr=?' after the spec searches the base LR. A trial's value is "
                    "the mean over --seeds of the final metric; the pruner watches the first seed. Every trial "
                    "is stored: rerun the same command to continue up to --trials finished trials.",
        epilog='example: lrkit tune --task digits-mlp --schedule "onecycle(max_lr=?, pct_start=?)" '
               '--param max_lr=1e-2:1:log --param pct_start=0.1:0.5 --trials 20 --epochs 10 --out tune1',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", required=True, help="built-in task (see `lrkit tasks`)")
    p.add_argument("--schedule", required=True, metavar="TEMPLATE",
                   help="spec with placeholders: NAME=? or ?NAME (e.g. \"warmup(?w) >> cosine; lr=?\")")
    p.add_argument("--param", required=True, action="append", metavar="NAME=RANGE", default=None,
                   help="range of a placeholder (repeat for each): max_lr=1e-3:1:log, pct_start=0.1:0.5, "
                        "w=1ep..5ep, anneal=cos|linear")
    p.add_argument("--trials", type=int, default=20,
                   help="finished trials (complete or pruned) the study should hold (default 20)")
    p.add_argument("--seeds", type=int, default=1, help="seeds per trial; the value is their mean (default 1)")
    p.add_argument("--epochs", type=int, default=None, help="epochs per run (default: the task's)")
    p.add_argument("--optimizer", choices=("sgd", "adamw"), default=None, help="the task's optimizer (default its own)")
    p.add_argument("--lr", type=float, default=None,
                   help="base LR (default the task's good LR for its optimizer) unless the spec has '; lr=?'")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="write results.json and tune.png here (the trials are then stored in DIR/runs.db)")
    p.add_argument("--storage", default=None, metavar="URL",
                   help="Optuna storage URL (sqlite:///file.db, postgresql://user:pw@host/db); "
                        f"default DIR/runs.db with --out, else ./{_DEFAULT_STORAGE}")
    p.add_argument("--study", default=None, metavar="NAME",
                   help="study name (default tune-TASK-OPTIMIZER-EPOCHSep-HASH of the search); the same name resumes")
    p.add_argument("--workers", type=int, default=1, help="worker processes, one torch thread each (default 1)")
    p.add_argument("--sampler-seed", type=int, default=0, help="seed of the TPE sampler (default 0)")
    p.add_argument("--no-prune", action="store_true", help="run every trial to the end")
    p.add_argument("--prune-warmup", type=int, default=None, metavar="EPOCHS",
                   help="no pruning decision in the first EPOCHS epochs (default half of --epochs: a schedule's "
                        "worth shows late)")
    p.add_argument("--top", type=int, default=10, help="trials shown in the table (default 10)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the results (every trial) as JSON instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import LRKitError
    from ..experiments.runner import command_line, tune_task
    from ..experiments.storage import sqlite_url
    from ..experiments.tasks import get_task
    from ..experiments.space import search_space

    get_task(args.task)  # an unknown task fails here, before anything is created
    for name, low in (("trials", 1), ("seeds", 1), ("workers", 1), ("prune-warmup", 0), ("top", 1)):
        v = getattr(args, name.replace("-", "_"))
        if v is not None and v < low:
            raise LRKitError(f"--{name} must be >= {low}, got {v}")
    if args.epochs is not None and args.epochs < 1:
        raise LRKitError(f"--epochs must be >= 1, got {args.epochs}")
    if args.lr is not None and not args.lr > 0:
        raise LRKitError(f"--lr must be > 0, got {args.lr}")
    search_space(args.schedule, args.param)  # a bad template or range fails before any storage is made
    storage = args.storage
    if storage is None and args.out is None:
        storage = sqlite_url(_DEFAULT_STORAGE)
    res = tune_task(args.task, args.schedule, args.param, args.trials, args.seeds, epochs=args.epochs,
                    optimizer=args.optimizer, lr=args.lr, storage=storage, study_name=args.study,
                    workers=args.workers, out=args.out, seed=args.sampler_seed,
                    pruner=False if args.no_prune else None, prune_warmup=args.prune_warmup,
                    progress=not args.no_progress and not args.json, command=command_line())
    if args.json:
        print_json(res.to_json())
        return 0
    print(res.table(args.top))
    print()
    print(res.summary())
    where = f"trials stored in {res.storage} (study {res.study_name}); rerun the same command to continue"
    if args.out:
        where = f"results: {args.out}/results.json, {args.out}/tune.png; " + where
    print(where)
    if res.best is not None:
        print(f"next: lrkit compare --task {args.task} --schedules {_quote(res.best_entry)} ... --seeds 3 "
              f"--epochs {res.meta.get('epochs')}")
    return 0


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
