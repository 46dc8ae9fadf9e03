"""``lrkit demo``: the well-known schedule recipes, drawn in the terminal and as PNG files.

A first demo: until the LR finder and the comparisons have their own part, it
draws the recipes of :data:`lrkit.viz.RECIPES` (ResNet step decay, warmup +
cosine, one-cycle, WSD, inverse square root) with their key points, and writes
the PNGs under ``./lrkit-demo/``.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from ..viz import draw_recipes, key_points


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("demo", help="draw well-known schedule recipes (terminal + PNG files)",
                              description="Draw well-known learning-rate schedule recipes in the terminal "
                                          "and as PNG files.")
    p.add_argument("--out", default="lrkit-demo", metavar="DIR",
                   help="folder for the PNG files (default ./lrkit-demo)")
    p.add_argument("--no-files", action="store_true", help="terminal plots only (no matplotlib needed)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    drawn = draw_recipes(args.out, files=not args.no_files)
    for recipe, text, path in drawn:
        print(f"== {recipe.title}")
        print(f"   {recipe.spec}")
        print(f"   ({recipe.total_steps} steps"
              + (f", {recipe.steps_per_epoch} per epoch" if recipe.steps_per_epoch else "")
              + (f", base_lr {recipe.base_lr:g}" if recipe.base_lr != 1.0 else "")
              + (", stepped per epoch" if recipe.per == "epoch" else "") + ")")
        print(f"   {recipe.source}")
        print(text)
        pts = key_points(recipe.spec, recipe.total_steps, steps_per_epoch=recipe.steps_per_epoch,
                         per=recipe.per, base_lr=recipe.base_lr)
        print(textwrap.fill("   ".join(f"{p.label} (step {p.step}): {p.lr:.4g}" for p in pts), width=80,
                            initial_indent="   ", subsequent_indent="   "))
        if path is not None:
            print(f"   -> {path}")
        print()
    if not args.no_files:
        print(f"PNG files in {args.out}/ (overview.png shows all of them side by side)")
    return 0
