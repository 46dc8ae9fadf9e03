"""Benchmark: a whole LR curve from lrkit (closed form, vectorized) vs stepping torch's scheduler.

For each shape, the same 10^6-step curve is computed two ways in the same run:

- lrkit: ``schedule.bind(total_steps=N)(np.arange(N), base_lrs)`` (bind included);
- torch: build the equivalent ``torch.optim.lr_scheduler`` chain on an SGD
  optimizer and call ``scheduler.step()`` N times, reading every group's LR
  before each call (how a training loop sees it), N - 1 calls for N LRs.

Each time is the median of several repeats after one untimed warm-up run (the
first call pays for imports, allocator growth and caches: without it the first
row read 55 ms where the warm figure is 15 ms), single-threaded (numpy and
torch). It prints a markdown table: times, the ratios torch / lrkit and lrkit /
the floor (the same 10^6-step warmup+cosine written by hand in numpy, the least a
closed form can cost, timed next to each row), and the largest relative
difference between the two curves (where the LR > 1e-12).

Run: .venv/bin/python bench/curve.py [--steps 1000000] [--repeats 5] [--torch-repeats 3]
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

import lrkit as lk  # noqa: E402

GOAL_MS = 20.0


def _torch():
    import torch

    torch.set_num_threads(1)
    return torch


def shapes(n: int):
    """(name, lrkit schedule, torch factory(opt) -> scheduler) for a run of n steps."""
    torch = _torch()
    S = torch.optim.lr_scheduler
    w = math.ceil(0.05 * n)  # what "5%" resolves to
    out = [
        ("warmup(5%, start_factor=0.01) >> cosine",
         lk.warmup("5%", start_factor=0.01) >> lk.cosine(),
         lambda opt: S.SequentialLR(opt, [S.LinearLR(opt, start_factor=0.01, total_iters=w),
                                          S.CosineAnnealingLR(opt, T_max=n - w)], milestones=[w])),
        ("cosine(min_lr=1e-5)",
         lk.cosine(min_lr=1e-5),
         lambda opt: S.CosineAnnealingLR(opt, T_max=n, eta_min=1e-5)),
    ]
    if "multistep" in lk.REGISTRY and hasattr(lk.multistep, "__dataclass_fields__"):
        ms = [int(n * f) for f in (0.3, 0.6, 0.8)]
        out.append((f"multistep({ms}, gamma=0.1)",
                    lk.parse(f"multistep({ms}, gamma=0.1)"),
                    lambda opt: S.MultiStepLR(opt, milestones=ms, gamma=0.1)))
    if "onecycle" in lk.REGISTRY and hasattr(lk.onecycle, "__dataclass_fields__"):
        out.append(("onecycle(max_lr=0.1)",
                    lk.parse("onecycle(max_lr=0.1)"),
                    lambda opt: S.OneCycleLR(opt, max_lr=0.1, total_steps=n)))
    return out


def time_lrkit(schedule, n: int, base: np.ndarray, repeats: int):
    times, out = [], None
    b = float(base[0]) if base.size == 1 else base
    schedule.bind(total_steps=n)(np.arange(n), b)  # warm-up, untimed
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = schedule.bind(total_steps=n)(np.arange(n), b)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), np.asarray(out).reshape(n, -1)


def time_torch(factory, n: int, base: np.ndarray, repeats: int):
    torch = _torch()
    times, out = [], None
    for rep in range(repeats + 1):  # the first run is the warm-up, untimed
        params = [torch.nn.Parameter(torch.zeros(1)) for _ in base]
        opt = torch.optim.SGD([{"params": [p], "lr": float(b)} for p, b in zip(params, base)], lr=float(base[0]))
        sched = factory(opt)
        opt.step()  # no grads: a no-op that keeps torch's "step order" warning quiet
        groups = opt.param_groups
        rec = np.empty((n, len(groups)))
        step = sched.step
        t0 = time.perf_counter()
        if len(groups) == 1:
            g = groups[0]
            for i in range(n - 1):
                rec[i, 0] = g["lr"]
                step()
        else:
            for i in range(n - 1):
                rec[i] = [g["lr"] for g in groups]
                step()
        rec[n - 1] = [g["lr"] for g in groups]  # the last step's LR; no step() past the run
        if rep:
            times.append(time.perf_counter() - t0)
        out = rec
    return statistics.median(times), out


def time_floor(n: int, repeats: int) -> float:
    """Median time of the same warmup+cosine written by hand in numpy: what the closed form costs at best."""
    w = math.ceil(0.05 * n)

    def by_hand():
        t = np.arange(n, dtype=np.float64)
        return np.where(t < w, 0.1 * (0.01 + 0.99 * t / w), 0.1 * 0.5 * (1.0 + np.cos(np.pi * (t - w) / (n - w))))

    by_hand()  # warm-up, untimed
    hand = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        by_hand()
        hand.append(time.perf_counter() - t0)
    return statistics.median(hand)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=10**6)
    ap.add_argument("--repeats", type=int, default=7, help="lrkit repeats (median)")
    ap.add_argument("--torch-repeats", type=int, default=3, help="torch repeats (median)")
    ap.add_argument("--groups", type=int, nargs="+", default=[1, 3])
    args = ap.parse_args(argv)
    torch = _torch()
    n = args.steps
    print(f"lrkit {lk.__version__}, torch {torch.__version__}, numpy {np.__version__}, "
          f"python {platform.python_version()}, {platform.machine()}, threads: torch {torch.get_num_threads()}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"curve of {n:,} steps; median of {args.repeats} (lrkit) / {args.torch_repeats} (torch) repeats; "
          f"{os.cpu_count()} CPUs, load average {load}")
    print()
    print("| schedule | groups | lrkit ms | floor ms | torch ms (stepped) | torch / lrkit | lrkit / floor | max rel diff |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    goal_row = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SequentialLR's deprecation chatter; values are compared below
        for name, schedule, factory in shapes(n):
            for g in args.groups:
                base = np.array([0.1, 0.03, 1.0][:g]) if g <= 3 else np.linspace(0.01, 1.0, g)
                floor = time_floor(n, args.repeats)  # timed next to each row: the load moves both alike
                t_lk, lk_curve = time_lrkit(schedule, n, base, args.repeats)
                t_th, th_curve = time_torch(factory, n, base, args.torch_repeats)
                mask = np.abs(th_curve) > 1e-12
                rel = float(np.max(np.abs(lk_curve - th_curve)[mask] / np.abs(th_curve)[mask])) if mask.any() else 0.0
                worst = max(worst, rel)
                if goal_row is None and g == 1:
                    goal_row = (name, t_lk * 1e3, t_th / t_lk, t_lk / floor)
                print(f"| {name} | {g} | {t_lk * 1e3:.1f} | {floor * 1e3:.1f} | {t_th * 1e3:.0f} | {t_th / t_lk:.0f}x | "
                      f"{t_lk / floor:.1f}x | {rel:.1e} |", flush=True)
    print()
    if goal_row is not None:
        name, ms, ratio, of_floor = goal_row
        verdict = "meets" if ms < GOAL_MS else "misses"
        print(f"{name}, 1 group: {ms:.1f} ms, {ratio:.0f}x faster than stepping torch, {of_floor:.1f}x the "
              f"hand-written floor; {verdict} the goal of < {GOAL_MS:g} ms")
    print(f"largest relative difference from torch over all rows: {worst:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
