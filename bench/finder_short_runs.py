"""Do short constant-LR runs pick the grid-best LR where the range test's rules do not?

The question behind find_lr's ``confirm="auto"`` (src/lrkit/finder/probe.py): on issue 16's
held-out cells and the char-LMs (bench/finder_quality.py), for each seed and each LR of the
cell's grid, train 200 steps at that constant LR from the finder's start (the seed's model,
optimizer and data order), holding out the first batches of the first pass (10% of a pass, 1-4
batches), and score the run at 50, 100 and 200 steps by

- ``tail``: the mean training loss of its last 20% of steps (what find_lr's short runs use), or
- ``held``: the loss on the held-out batches (an internal validation split);

then pick the grid LR with the lowest score and look up its real metric (the cell's full budget,
validation split) in the quality record's cache. Reported: metric / grid-best per seed, and how
many picks reach 95% and 98%.

Run:  .venv/bin/python bench/finder_short_runs.py [--cells CELL ...] [--runs PATH]
          [--cache bench/finder_results/cache_issue16.json]

``--runs`` (default bench/finder_results/short_runs.json) keeps each run's scores, so the table is
re-read in seconds; delete it to train again (about 25 min on one process of a shared 2-core VM).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import finder_quality as fq  # noqa: E402

CHECK = (50, 100, 200)
CELLS = list(fq.NEW) + ["charlm/sgd", "charlm/adamw", "charlm-postln/sgd", "charlm-postln/adamw"]
SCORES = [f"{kind}{t}" for kind in ("tail", "held") for t in CHECK]


def run(cell: str, seed: int, lr: float, steps: int = CHECK[-1]) -> dict:
    """One run: the scores at each CHECK (inf once the loss is not finite)."""
    import torch

    task = fq._task(cell)
    model = task.build_model(seed)
    opt = task.make_optimizer(model)
    for g in opt.param_groups:
        g["lr"] = float(lr)
    loader = task.train_loader(seed)
    it = iter(loader)
    held = [next(it) for _ in range(max(1, min(4, round(0.1 * len(loader)))))]

    def batches():
        nonlocal it
        while True:
            yield from it
            it = iter(loader)

    src, losses, out = batches(), [], {}
    for t in range(1, steps + 1):
        x, y = next(src)[:2]
        loss = task.loss_fn(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if not math.isfinite(losses[-1]) or losses[-1] > 1e6:
            break
        if t in CHECK:
            w = max(5, int(0.2 * t))
            out[f"tail{t}"] = float(np.mean(losses[t - w:t]))
            with torch.no_grad():
                out[f"held{t}"] = float(np.mean([task.loss_fn(model(hx), hy).item() for hx, hy in held]))
    return {k: out.get(k, math.inf) for k in SCORES}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cells", nargs="*", default=CELLS, choices=list(fq.CELLS))
    ap.add_argument("--runs", default=os.path.join(os.path.dirname(__file__), "finder_results", "short_runs.json"))
    ap.add_argument("--cache", default=os.path.join(os.path.dirname(__file__), "finder_results", "cache_issue16.json"),
                    help="the quality record's cache (the full-budget metric at each grid LR)")
    a = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    runs = json.load(open(a.runs)) if os.path.exists(a.runs) else {}
    with open(a.cache) as f:
        cache = json.load(f)
    for cell in a.cells:
        for seed in range(3):
            for lr in fq.CELLS[cell][3]:
                key = f"{cell}|{seed}|{float(lr)!r}"
                if key not in runs:
                    runs[key] = run(cell, seed, float(lr))
            with open(a.runs, "w") as f:
                json.dump(runs, f)

    def metric(cell, lr, s):
        t, o, e, _ = fq.CELLS[cell]
        m = cache[f"train|{t}|{o}|{e}|{float(lr)!r}|{s}"]["metric"]
        return m if math.isfinite(m) else None

    print("# Short constant-LR runs as a picker of the grid LR: metric / grid-best of the pick, per seed\n")
    print("| cell | " + " | ".join(SCORES) + " |")
    print("|---|" + "---|" * len(SCORES))
    fr_all = {k: [] for k in SCORES}
    for cell in a.cells:
        mode, grid = fq._task(cell).mode, fq.CELLS[cell][3]
        bad = 0.0 if mode == "max" else math.inf
        means = {float(lr): statistics.mean(metric(cell, lr, s) if metric(cell, lr, s) is not None else bad
                                            for s in range(3)) for lr in grid}
        best = (min if mode == "min" else max)(means.values())
        row = []
        for k in SCORES:
            got = []
            for s in range(3):
                pick = min((float(lr) for lr in grid), key=lambda lr: runs[f"{cell}|{s}|{lr!r}"][k])
                m = metric(cell, pick, s)
                got.append(0.0 if m is None else (m / best if mode == "max" else best / m))
            fr_all[k] += got
            row.append(", ".join(f"{x:.3f}" for x in got))
        print(f"| {cell} | " + " | ".join(row) + " |")
    print("\n| score | picks >= 98% | picks >= 95% | mean |")
    print("|---|---:|---:|---:|")
    for k in SCORES:
        v = fr_all[k]
        print(f"| {k} | {sum(x >= 0.98 for x in v)}/{len(v)} | {sum(x >= 0.95 for x in v)}/{len(v)} "
              f"| {statistics.mean(v):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
