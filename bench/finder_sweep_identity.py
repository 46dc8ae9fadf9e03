"""Did the new stop and the adaptive sweep change the record's suggestions? Finder runs only, no training.

Run:  .venv/bin/python bench/finder_sweep_identity.py [--seeds 3] [--cells CELL ...] [--save curves.json]

On each cell of bench/finder_quality.py and seed, ``find_lr`` runs twice on a fresh model and
loader: with the sweep as it was before the sustained-rise stop and the adaptive sweep
(``rise_th=None, adapt=False``) and with the defaults. Printed per run: how each stopped,
which stop fired, the adaptations, the confidence, and whether every rule's suggestion is
the same. ``--save`` keeps the curves (to compare with another version of lrkit: run this
script with that version's ``src`` first on ``PYTHONPATH`` and compare the two files'
``suggestions``). Single process, one thread; the 12 cells x 3 seeds take about a minute.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import finder_quality as fq  # noqa: E402  (the record's cells)


def _run(cell, seed, **kw):
    import lrkit

    task = fq._task(cell)
    model = task.build_model(seed)
    return lrkit.find_lr(model, task.make_optimizer(model), task.train_loader(seed), task.loss_fn, progress=False,
                         **kw)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--cells", nargs="*", default=fq.RECORD, choices=list(fq.CELLS))
    ap.add_argument("--save", default=None, help="write every curve and suggestion (defaults) as JSON here")
    a = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    same, saved, confidence = 0, {}, {}
    print("| cell | seed | before: stop, steps | now: stop (rule), steps | adaptations | confidence | "
          "suggestions identical |")
    print("|---|---:|---|---|---|---|---|")
    for cell in a.cells:
        for s in range(a.seeds):
            old = _run(cell, s, rise_th=None, adapt=False)
            new = _run(cell, s)
            eq = old.suggestions() == new.suggestions()
            same += eq
            confidence[new.confidence] = confidence.get(new.confidence, 0) + 1
            print(f"| {cell} | {s} | {old.stop_reason}, {len(old.lrs)} | {new.stop_reason} ({new.stop_rule}), "
                  f"{len(new.lrs)} | {len(new.adaptations)} | {new.confidence} | {'yes' if eq else 'NO'} |", flush=True)
            saved[f"{cell}|{s}"] = {"suggestions": new.suggestions(), "stop_reason": new.stop_reason,
                                    "stop_rule": new.stop_rule, "confidence": new.confidence,
                                    "lrs": new.lrs.tolist(),
                                    "losses": [x if math.isfinite(x) else None for x in new.losses.tolist()]}
    n = len(a.cells) * a.seeds
    print(f"\nidentical suggestions: {same} of {n}; confidence: "
          + ", ".join(f"{k} {v}" for k, v in sorted(confidence.items())))
    if a.save:
        with open(a.save, "w") as f:
            json.dump(saved, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
