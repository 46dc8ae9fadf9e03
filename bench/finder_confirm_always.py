"""Would confirming every suggestion with short runs (``find_lr(confirm=True)``) hurt where the curve is trusted?

On the quality record's eight non-sequence cells (the char-LMs are already confirmed, their curves being low) and
seeds 0-2: ``find_lr`` with its defaults (high confidence there, so no confirming runs) and with ``confirm=True``
(the short runs around the curve's suggestion, kept whatever the confidence); each LR trained with the cell's budget
and seed (``bench/finder_quality.py``'s ``job_train``). Printed per call: both LRs, both metrics / the grid-best
(the mean over seeds 0-4 at the grid-best LR, docs/benchmarks.md), and the finder's seconds.

Run:  .venv/bin/python bench/finder_confirm_always.py      # ~5 min, one process
"""

import os
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import finder_quality as fq  # noqa: E402
import lrkit  # noqa: E402

GRID_BEST = {"digits-mlp/sgd": 0.9667, "digits-mlp/adamw": 0.9659, "digits-cnn/sgd": 0.9822,
             "mnist1d-mlp/sgd": 0.6118, "mnist1d-mlp/adamw": 0.6230, "digits-cnn/adamw": 0.9807,
             "mnist1d-cnn/sgd": 0.8907, "mnist1d-cnn/adamw": 0.9245}

torch.set_num_threads(1)
warnings.simplefilter("ignore")
rows = []
for cell, best in GRID_BEST.items():
    for seed in range(3):
        out = {}
        for confirm in ("auto", True):
            task = fq._task(cell)
            model = task.build_model(seed)
            t0 = time.perf_counter()
            res = lrkit.find_lr(model, task.make_optimizer(model), task.train_loader(seed), task.loss_fn,
                                progress=False, confirm=confirm)
            secs = time.perf_counter() - t0
            lr = res.suggest()
            out[confirm] = (lr, fq.job_train(cell, lr, seed)["metric"] / best, secs, res.confidence)
        (a, ma, sa, ca), (b, mb, sb, _) = out["auto"], out[True]
        rows.append((ma, mb))
        print(f"{cell} {seed} default {a:.3g} {ma:.3f} ({ca}, {sa:.1f}s) | confirm=True {b:.3g} {mb:.3f} "
              f"({sb:.1f}s)", flush=True)
ma, mb = np.array(rows).T
print(f"default: mean {ma.mean():.3f}, min {ma.min():.3f}, >= 0.98 on {(ma >= 0.98).sum()}/{len(ma)}; "
      f"confirm=True: mean {mb.mean():.3f}, min {mb.min():.3f}, >= 0.98 on {(mb >= 0.98).sum()}/{len(mb)}")
