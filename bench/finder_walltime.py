"""Wall time of lrkit.find_lr against torch-lr-finder's range_test, in the same process.

Run:  .venv/bin/python bench/finder_walltime.py [--reps 5] [--cells CELL ...]

For each cell (a task of the quality record, bench/finder_quality.py), ``--reps`` rounds; in
each round both finders run once on a fresh model of seed 0 (the same init, data and
optimizer), in alternating order (lrkit first in even rounds), so drift in the machine's load
hits both alike:

- lrkit: ``lrkit.find_lr(model, opt, loader, loss_fn, progress=False)``: its defaults, so the
  adaptive sweep (a slower second sweep after no descent), the short confirming runs of a
  low-confidence curve (``confirm="auto"``: up to 11 runs of 100 steps), the snapshot and the
  exact restore are included;
- torch-lr-finder 0.2.2: ``LRFinder(model, opt, loss_fn).range_test(loader, start_lr=1e-7,
  end_lr=10, num_iter=100)`` then ``reset()`` (its restore; without it the model stays trained).

Reported per cell: the median seconds of each, the training steps each took (calls of the loss;
lrkit's include the first sweep, the slower second one when it adapts, up to 400, and the
confirming runs, up to 1,100 more), and the
ratio lrkit / torch-lr-finder, overall and per step. One thread.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import finder_quality as fq  # noqa: E402  (the record's cells)

CELLS = ["digits-mlp/sgd", "mnist1d-cnn/adamw", "charlm/adamw", "gru/sgd", "cnnslow/adamw"]


class _Counted:
    """The task's loss, counting its calls: the training steps a finder took (both are wrapped alike)."""

    def __init__(self, loss_fn):
        self.loss_fn, self.calls = loss_fn, 0

    def __call__(self, out, target):
        self.calls += 1
        return self.loss_fn(out, target)


def _lrkit(task, seed):
    import lrkit

    model = task.build_model(seed)
    opt = task.make_optimizer(model)
    loader = task.train_loader(seed)
    loss = _Counted(task.loss_fn)
    t0 = time.perf_counter()
    lrkit.find_lr(model, opt, loader, loss, progress=False)
    return time.perf_counter() - t0, loss.calls


def _peer(task, seed):
    from torch_lr_finder import LRFinder

    model = task.build_model(seed)
    opt = task.make_optimizer(model)
    loader = fq._PeerIter(task.train_loader(seed))
    sink = io.StringIO()
    loss = _Counted(task.loss_fn)
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        lrf = LRFinder(model, opt, loss, device="cpu")
        lrf.range_test(loader, start_lr=1e-7, end_lr=10, num_iter=100)
        lrf.reset()
    return time.perf_counter() - t0, loss.calls


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--cells", nargs="*", default=CELLS, choices=list(fq.CELLS))
    a = ap.parse_args(argv)
    from importlib.metadata import version

    import torch

    torch.set_num_threads(1)
    ver = version("torch-lr-finder")
    print(f"# find_lr vs torch-lr-finder {ver}: median of {a.reps} rounds, same process, one thread\n")
    print("| cell | lrkit s | lrkit steps | torch-lr-finder s | its steps | ratio (time) | ratio per step |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ratios = []
    for cell in a.cells:
        task = fq._task(cell)
        task.data()
        _lrkit(task, 0), _peer(task, 0)  # warm-up: imports, first allocations
        ours, theirs = [], []
        for r in range(a.reps):
            pair = (_lrkit, _peer) if r % 2 == 0 else (_peer, _lrkit)
            got = {f: f(task, 0) for f in pair}
            ours.append(got[_lrkit])
            theirs.append(got[_peer])
        o, t = statistics.median(x[0] for x in ours), statistics.median(x[0] for x in theirs)
        so, st = ours[0][1], theirs[0][1]
        ratios.append(o / t)
        print(f"| {cell} | {o:.3f} | {so} | {t:.3f} | {st} | {o / t:.2f} | {(o / so) / (t / st):.2f} |", flush=True)
    print(f"\ngeometric mean of the time ratios: {statistics.geometric_mean(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
