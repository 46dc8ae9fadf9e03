"""``lrkit recipes``: the named recipes with their sources."""

from __future__ import annotations

import argparse

from . import print_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recipes", help="list the named recipes (paper schedules) with their sources",
                       description="List the named recipes; `lrkit recommend --recipe NAME` shows one in full.")
    p.add_argument("--json", action="store_true", help="print the recipes as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..advisor import RECIPES

    if args.json:
        print_json([r.to_dict() for r in RECIPES.values()])
        return 0
    width = max(len(n) for n in RECIPES)
    for r in RECIPES.values():
        print(f"{r.name:<{width}}  {r.schedule}")
        print(f"{'':<{width}}  {r.title}; {r.optimizer} lr={r.base_lr:g}"
              + (f" at batch {r.batch_size}" if r.batch_size else "") + f" — {r.source}")
    return 0
