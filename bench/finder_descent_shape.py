"""Does a late, narrow descent tell a wrong high-confidence suggestion from a right one? (No.)

For the quality record's non-sequence cells (seeds 0-2) and the held-out tasks of
bench/finder_heldout_check.py (seeds 0-1): one ``find_lr`` sweep with ``confirm=False``, and two
numbers of its curve (the loss smoothed by an EMA with weight 0.05): ``flat``, the share of the
iterations before the minimum during which the loss had not yet fallen 10% of its total drop, and
``descent``, the decades of LR from there to the minimum. The deep tanh net of the held-out check,
where a high-confidence suggestion missed, has flat 0.84-0.87 and descent 0.7-1.0 decades; so does
mnist1d-mlp/SGD of the record (0.83-0.88, 0.8-1.1), where the suggestion is right.

Run:  .venv/bin/python bench/finder_descent_shape.py     # ~1 min, one process
"""

import os
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def shape(lrs, losses, beta: float = 0.05) -> tuple[float, float]:
    """``(flat, descent)`` of a range-test curve (see the module docstring)."""
    lrs, loss = np.asarray(lrs, float), np.asarray(losses, float)
    ok = np.isfinite(loss)
    lrs, loss = lrs[ok], loss[ok]
    sm, m = np.empty_like(loss), 0.0
    for i, x in enumerate(loss):
        m = x if i == 0 else beta * x + (1 - beta) * m
        sm[i] = m
    start, lo = np.median(sm[:max(3, len(sm) // 10)]), int(np.argmin(sm))
    drop = start - sm[lo]
    first = next((i for i in range(len(sm)) if start - sm[i] > 0.1 * drop), lo)
    return first / max(lo, 1), float(np.log10(lrs[lo] / lrs[first]))


def main() -> None:
    import torch

    import finder_quality as fq
    import lrkit

    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    for cell in [c for c in fq.RECORD if not c.startswith("charlm")]:
        for seed in range(3):
            task = fq._task(cell)
            model = task.build_model(seed)
            res = lrkit.find_lr(model, task.make_optimizer(model), task.train_loader(seed), task.loss_fn,
                                progress=False, confirm=False)
            f, w = shape(res.lrs, res.losses)
            print(f"{cell:20s} {seed} flat {f:.2f} descent {w:.2f} decades  {res.confidence}", flush=True)
    sys.argv = sys.argv[:1]
    src = open(os.path.join(HERE, "finder_heldout_check.py")).read().split("for name in sys.argv[1:]:")[0]
    ns: dict = {}
    exec(compile(src, "finder_heldout_check.py", "exec"), ns)   # its tasks, without running its grids
    for name in ns["CFG"]:
        for seed in (0, 1):
            xtr, ytr, _, _ = ns["data"](name)
            m = ns["model"](name, seed)
            res = lrkit.find_lr(m, ns["opt"](name, m, 1e-3), ns["Loader"](xtr, ytr, ns["CFG"][name][1], seed),
                                ns["LOSS"].get(name, torch.nn.functional.cross_entropy), progress=False, confirm=False)
            f, w = shape(res.lrs, res.losses)
            print(f"{name:20s} {seed} flat {f:.2f} descent {w:.2f} decades  {res.confidence}", flush=True)


if __name__ == "__main__":
    main()
