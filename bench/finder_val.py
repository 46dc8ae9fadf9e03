"""find_lr(val_loader=...) on small data: does a held-out loss fix the suggestion, and what does smoothing do to it?

Run:  .venv/bin/python bench/finder_val.py [--seeds 3] [--cells tabreg/sgd tabreg/adamw] [--out r.json]

On the small-data cells of bench/finder_cells.py (300 training rows, 10 batches per pass: the
default sweep goes over them ~9 times) and each seed, three calls on a fresh model:

- ``default``: ``find_lr(model, opt, loader, loss_fn)`` (the training loss);
- ``val, smooth=0.05``: with ``val_loader=`` (the first 3 batches of the validation split), smoothed
  like a training loss (find_lr's behaviour before ``smooth="auto"``);
- ``val, auto``: the same with ``smooth="auto"`` (no smoothing with a val_loader: the default now).

Each ``lrkit`` suggestion is trained with the cell's budget and seed; reported: the LR over the grid-best
LR and the metric as a fraction of the grid-best's (the grid of bench/finder_quality.py, mean over the
seeds), the confidence, and, for low ones, ``confirm_lr(train, result)``. One thread, one process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import statistics
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import finder_quality as fq  # noqa: E402  (the cells and their grids)

CALLS = {"default": {}, "val, smooth=0.05": {"smooth": 0.05, "val": True}, "val, auto": {"val": True}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--cells", nargs="*", default=["tabreg/sgd", "tabreg/adamw"], choices=list(fq.CELLS))
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    import torch

    import lrkit

    torch.set_num_threads(1)
    seeds = list(range(a.seeds))
    report = {}
    print("| cell | seed | call | confidence | LR / grid-best | metric / grid-best | confirm_lr metric / grid-best |")
    print("|---|---:|---|---|---:|---:|---:|")
    for cell in a.cells:
        task = fq._task(cell)

        def metric(lr, s):
            r = task.train(None, seed=s, lr=float(lr))
            return math.nan if r["diverged"] else r["final"][task.metric]

        grid = {float(lr): statistics.mean(metric(lr, s) for s in seeds) for lr in fq.CELLS[cell][3]}
        sign = 1 if task.mode == "max" else -1
        best_lr = max(grid, key=lambda k: sign * grid[k] if math.isfinite(grid[k]) else -math.inf)
        best = grid[best_lr]

        def frac(m):
            return 0.0 if not math.isfinite(m) else (m / best if task.mode == "max" else best / m)

        rows = []
        for s in seeds:
            for name, kw in CALLS.items():
                kw = dict(kw)
                if kw.pop("val", False):
                    kw["val_loader"] = task.val_loader(3)
                model = task.build_model(s)
                res = lrkit.find_lr(model, task.make_optimizer(model), task.train_loader(s), task.loss_fn,
                                    progress=False, **kw)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    lr = res.suggest()
                row = {"cell": cell, "seed": s, "call": name, "confidence": res.confidence, "ratio": lr / best_lr,
                       "frac": frac(metric(lr, s)), "reasons": res.confidence_reasons}
                if res.confidence == "low":
                    c = lrkit.confirm_lr(lambda x: metric(x, s), res, 3, mode=task.mode, announce=lambda m: None)
                    row["confirm_frac"] = frac(c.best_metric)
                rows.append(row)
                cf = f"{row['confirm_frac']:.3f}" if "confirm_frac" in row else ""
                print(f"| {cell} | {s} | {name} | {row['confidence']} | {row['ratio']:.2f} | {row['frac']:.3f} | {cf} |",
                      flush=True)
        report[cell] = {"best_lr": best_lr, "best": best, "rows": rows}
    print()
    print("| cell | call | LR / grid-best: median | metric / grid-best: mean (worst) |")
    print("|---|---|---:|---:|")
    for cell, r in report.items():
        for name in CALLS:
            got = [x for x in r["rows"] if x["call"] == name]
            print(f"| {cell} | {name} | {statistics.median(x['ratio'] for x in got):.2f} | "
                  f"{statistics.mean(x['frac'] for x in got):.3f} ({min(x['frac'] for x in got):.3f}) |")
    if a.out:
        pathlib.Path(a.out).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
