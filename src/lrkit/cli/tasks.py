"""``lrkit tasks [--json]``: list the built-in offline tasks."""

from __future__ import annotations

import argparse

from . import print_json


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "tasks", help="list the built-in offline tasks",
        description="List the built-in offline tasks (data, model, default optimizer and LR, budget, "
                    "metric, measured seconds per run on 2 cores). Nothing is downloaded.")
    p.add_argument("--json", action="store_true", help="print the task settings as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..experiments.tasks import TASKS

    infos = [t.info() for t in TASKS.values()]
    if args.json:
        print_json(infos)
        return 0
    cols = ("name", "optimizer", "lr", "epochs", "total_steps", "metric", "seconds_per_run")
    heads = ("task", "optimizer", "lr", "epochs", "steps", "metric", "s/run")
    rows = [[str(i[c]) if c != "lr" else f"{i[c]:g}" for c in cols] for i in infos]
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(heads)]
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths)) + "  description")
    for r, i in zip(rows, infos):
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)) + "  " + i["description"])
    return 0
