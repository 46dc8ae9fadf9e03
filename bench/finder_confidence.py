"""Does the finder's confidence say when its suggestion is worse? A small check on cheap variants of built-in tasks.

Run:  .venv/bin/python bench/finder_confidence.py [--seeds 3] [--steps 300] [--cells CELL ...] [--out r.json]

Cells (all on the digits / mnist1d data of lrkit.experiments.tasks, the task's own model):
- ``digits-mlp/sgd``, ``digits-mlp/adamw``: the task as it is (1,257 training rows);
- ``.../small``: the first 256 training rows only, batch 32 (8 batches: the default
  100-step sweep goes over them 12.5 times) -- the "many passes over small data" case;
- ``.../bounded``: a sigmoid on the outputs and MSE against one-hot targets (the loss
  cannot exceed 1, so it cannot blow up 5x) -- the "bounded loss" case;
- ``.../slow``: a deep tanh MLP (6 hidden layers of 64, weights drawn with std 0.01, zero
  biases) instead of the task's model: its loss does not move in the default 100-step
  sweep -- the "slow learner" case, where find_lr's adaptive sweep takes over. Its runs
  train for ``max(--steps, 1000)`` steps (in 300 it hardly learns at any LR). For these
  the suggestion of ``find_lr(..., adapt=False)`` is trained too, for comparison.

For each cell and seed: ``find_lr`` with its defaults on a fresh model (the default call a
user makes: adaptive sweep and all), its ``lrkit`` suggestion and confidence; a grid of 13
constant LRs, each trained for ``--steps`` steps (same seed: model init and data order),
validation accuracy at the end; the suggestion trained the same way; and ``confirm_lr(train,
result, 3)`` (the suggestion / 3, itself, x 3, and for a low-confidence result up to 4 more runs
past an edge while that improves). Reported per cell and seed: confidence, the
suggestion / grid-best LR, its accuracy / the grid-best's (grid-best = best mean over seeds),
and confirm_lr's. Single process, one thread.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import warnings

import numpy as np

GRIDS = {"sgd": np.logspace(-4, 0, 13), "adamw": np.logspace(-5, -1, 13)}
BOUNDED_GRIDS = {"sgd": np.logspace(-3, 1, 13), "adamw": np.logspace(-4, 0, 13)}
CELLS = ["digits-mlp/sgd", "digits-mlp/adamw", "digits-mlp/sgd/small", "digits-mlp/adamw/small",
         "digits-mlp/sgd/bounded", "digits-mlp/adamw/bounded", "digits-mlp/adamw/slow"]


class Cell:
    """A built-in task, optionally on 256 rows (``small``) or with a sigmoid-MSE loss (``bounded``)."""

    def __init__(self, name: str):
        from lrkit.experiments.tasks import get_task

        parts = name.split("/")
        self.name, self.variant = name, (parts[2] if len(parts) > 2 else "")
        self.task = get_task(parts[0], parts[1])
        x, y = self.task._tensors("train")
        self.batch = 32 if self.variant == "small" else self.task.batch_size
        self.x, self.y = (x[:256], y[:256]) if self.variant == "small" else (x, y)
        self.grid = (BOUNDED_GRIDS if self.variant == "bounded" else GRIDS)[parts[1]]

    def model(self, seed: int):
        if self.variant != "slow":
            return self.task.build_model(seed)
        import torch

        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            layers, width = [], self.x.shape[1]
            for _ in range(6):
                layers += [torch.nn.Linear(width, 64), torch.nn.Tanh()]
                width = 64
            layers.append(torch.nn.Linear(64, 10))
            for m in layers:
                if isinstance(m, torch.nn.Linear):
                    torch.nn.init.normal_(m.weight, std=0.01)
                    torch.nn.init.zeros_(m.bias)
            return torch.nn.Sequential(*layers)

    def loader(self, seed: int):
        from lrkit.experiments.tasks.base import _Batches

        return _Batches(self.x, self.y, self.batch, seed)

    def loss_fn(self, out, y):
        import torch

        if self.variant == "bounded":
            target = torch.nn.functional.one_hot(y, out.shape[-1]).float()
            return torch.nn.functional.mse_loss(torch.sigmoid(out), target)
        return torch.nn.functional.cross_entropy(out, y)

    def train(self, lr: float, seed: int, steps: int) -> float:
        """Validation accuracy after ``steps`` steps at constant ``lr`` (0 when the loss went non-finite)."""
        model = self.model(seed)
        opt = self.task.make_optimizer(model, lr)
        loader, done = self.loader(seed), 0
        while done < steps:
            for xb, yb in loader:
                loss = self.loss_fn(model(xb), yb)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                done += 1
                if not math.isfinite(loss.item()):
                    return 0.0
                if done == steps:
                    break
        return self.task.evaluate(model)["val_acc"]

    def find(self, seed: int, **kw):
        import lrkit

        model = self.model(seed)
        return lrkit.find_lr(model, self.task.make_optimizer(model), self.loader(seed), self.loss_fn, progress=False,
                             **kw)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=300, help="training steps of every run (default 300)")
    ap.add_argument("--cells", nargs="*", default=CELLS, choices=CELLS)
    ap.add_argument("--out", default=None, help="write every number as JSON here")
    a = ap.parse_args(argv)
    import torch

    from lrkit.finder import confirm_lr

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    seeds = list(range(a.seeds))
    report = {"steps": a.steps, "seeds": seeds, "cells": {}}
    print(f"# Finder confidence against suggestion quality: {a.steps} training steps per run, seeds {seeds}\n")
    print("| cell | grid-best LR | grid-best acc | seed | confidence | suggestion / grid-best LR | acc / grid-best "
          "| confirm_lr(k=3) acc / grid-best (runs) | why (first reason) |")
    print("|---|---:|---:|---:|---|---:|---:|---:|---|")
    for name in a.cells:
        cell = Cell(name)
        steps = max(a.steps, 1000) if cell.variant == "slow" else a.steps
        grid = {float(lr): [cell.train(float(lr), s, steps) for s in seeds] for lr in cell.grid}
        best_lr = max(grid, key=lambda k: statistics.mean(grid[k]))
        best = statistics.mean(grid[best_lr])
        rows = []
        for s in seeds:
            res = cell.find(s)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lr = res.suggest()
            acc = cell.train(lr, s, steps)
            conf = confirm_lr(lambda x: cell.train(x, s, steps), res, 3, announce=lambda m: None)
            row = {"seed": s, "confidence": res.confidence, "reasons": res.confidence_reasons, "lr": lr,
                   "ratio": lr / best_lr, "frac": acc / best, "confirm_lr": conf.best_lr,
                   "confirm_frac": conf.best_metric / best, "confirm_runs": len(conf.lrs),
                   "adaptations": res.adaptations,
                   "stop_rule": res.stop_rule, "passes": res.passes}
            if res.adaptations:
                plain = cell.find(s, adapt=False)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    row["no_adapt"] = {"lr": plain.suggest(), "confidence": plain.confidence}
                row["no_adapt"].update(ratio=row["no_adapt"]["lr"] / best_lr,
                                       frac=cell.train(row["no_adapt"]["lr"], s, steps) / best)
                print(f"| {name} (adapt=False) | | | {s} | {plain.confidence} | {row['no_adapt']['ratio']:.2g} | "
                      f"{row['no_adapt']['frac']:.3f} | | {plain.confidence_reasons[0].split(':')[0]} |")
            rows.append(row)
            why = "; ".join(r.split(":")[0] for r in res.confidence_reasons)
            print(f"| {name} | {best_lr:.3g} | {best:.4f} | {s} | {res.confidence} | {row['ratio']:.2f} | "
                  f"{row['frac']:.3f} | {row['confirm_frac']:.3f} ({row['confirm_runs']}) | {why} |", flush=True)
        report["cells"][name] = {"best_lr": best_lr, "best": best, "grid": {str(k): v for k, v in grid.items()},
                                 "finder": rows}
    report["wall_s"] = time.perf_counter() - t0
    print(f"\n{report['wall_s']:.0f} s wall, one process")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
