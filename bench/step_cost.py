"""Cost of ``scheduler.step()``: lrkit.torch.LRScheduler against torch, in one run.

Run: ``.venv/bin/python bench/step_cost.py`` (about a minute; ``--quick`` for a smoke run).

The same run for both: linear warmup from 1% over 500 steps, then cosine to 0 at
step 10,000, base LR 0.1, with 1 and with 100 param groups.

- torch: ``SequentialLR([LinearLR(start_factor=0.01, total_iters=500),
  CosineAnnealingLR(T_max=9500)], milestones=[500])``
- lrkit: ``LRScheduler(opt, "warmup(500, start_factor=0.01) >> cosine", total_steps=10000)``

Method: SGD over one 10-element parameter per group (grads None, so
``optimizer.step()`` changes nothing but does run, and lrkit's update hook
counts it). Each iteration calls ``optimizer.step()`` untimed, then times
``scheduler.step()`` alone with ``perf_counter_ns``; a repeat is the mean over
its steps (the first 2,000 steps of the run, warmup and cosine both, with 100
groups; all 10,000 with 1 group), each repeat with a fresh optimizer and
scheduler. Figures are medians over repeats, single-threaded torch. A second
table times the tight loop of ``scheduler.step()`` alone that the anchor
measured (lrkit with ``count="calls"``, since with no optimizer update between
calls lrkit's default counting would not advance). Warnings are errors: none fires.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

from lrkit.torch import LRScheduler

TOTAL, WARMUP = 10_000, 500
SPEC = "warmup(500, start_factor=0.01) >> cosine"


def make_opt(n_groups: int) -> torch.optim.Optimizer:
    params = [torch.nn.Parameter(torch.zeros(10)) for _ in range(n_groups)]
    return torch.optim.SGD([{"params": [p]} for p in params], lr=0.1)


def torch_sched(opt: torch.optim.Optimizer, count: str = "updates") -> SequentialLR:
    return SequentialLR(opt, [LinearLR(opt, start_factor=0.01, total_iters=WARMUP),
                              CosineAnnealingLR(opt, T_max=TOTAL - WARMUP)], milestones=[WARMUP])


def lrkit_sched(opt: torch.optim.Optimizer, count: str = "updates") -> LRScheduler:
    return LRScheduler(opt, SPEC, total_steps=TOTAL, count=count)


def per_call(factory, n_groups: int, n_steps: int, repeats: int) -> list[float]:
    """Mean µs per scheduler.step(), optimizer.step() before each (untimed); one value per repeat."""
    out = []
    clock = time.perf_counter_ns
    for _ in range(repeats):
        opt = make_opt(n_groups)
        sched = factory(opt)
        opt_step, step = opt.step, sched.step
        total = 0
        for _ in range(n_steps):
            opt_step()
            t0 = clock()
            step()
            total += clock() - t0
        out.append(total / n_steps / 1e3)
    return out


def tight_loop(factory, n_groups: int, n_steps: int, repeats: int) -> list[float]:
    """The anchor's method: one optimizer.step(), then n_steps scheduler.step() calls in a loop."""
    out = []
    for _ in range(repeats):
        opt = make_opt(n_groups)
        sched = factory(opt, count="calls")
        opt.step()
        step = sched.step
        t0 = time.perf_counter()
        for _ in range(n_steps):
            step()
        out.append((time.perf_counter() - t0) / n_steps * 1e6)
    return out


def check_same_curve() -> float:
    """Largest relative difference of the two schedulers' LRs over the whole run (1 group)."""
    a, b = make_opt(1), make_opt(1)
    ta, lb = torch_sched(a), lrkit_sched(b)
    worst = 0.0
    for _ in range(TOTAL):
        x, y = a.param_groups[0]["lr"], b.param_groups[0]["lr"]
        if x > 1e-6:
            worst = max(worst, abs(x - y) / x)
        a.step(); b.step(); ta.step(); lb.step()
    return worst


def fmt(v: list[float]) -> str:
    return f"{statistics.median(v):.2f} ({min(v):.2f}–{max(v):.2f})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2 repeats, fewer steps")
    args = ap.parse_args()
    repeats = 2 if args.quick else args.repeats
    torch.set_num_threads(1)
    warnings.simplefilter("error")

    print(f"torch {torch.__version__}, python {sys.version.split()[0]}, 1 thread, {repeats} repeats, medians (min–max)")
    print(f"same run: SequentialLR(LinearLR(0.01, 500), CosineAnnealingLR(9500)) vs LRScheduler('{SPEC}', "
          f"total_steps={TOTAL}); largest relative LR difference over the run: {check_same_curve():.1e}")
    print()
    print("## scheduler.step(), timed per call, optimizer.step() (untimed) before each")
    print()
    print("| param groups | steps timed | torch µs/step | lrkit µs/step | lrkit / torch |")
    print("|---:|---:|---:|---:|---:|")
    ratios = {}
    for n_groups in (1, 100):
        n_steps = (2_000 if n_groups > 1 else TOTAL) // (5 if args.quick else 1)
        t = per_call(torch_sched, n_groups, n_steps, repeats)
        lk = per_call(lrkit_sched, n_groups, n_steps, repeats)
        ratios[n_groups] = statistics.median(lk) / statistics.median(t)
        print(f"| {n_groups} | {n_steps} | {fmt(t)} | {fmt(lk)} | **{ratios[n_groups]:.2f}** |")
    print()
    print("## tight loop of scheduler.step() only (the anchor's method; lrkit count='calls')")
    print()
    print("| param groups | torch µs/step | lrkit µs/step | lrkit / torch |")
    print("|---:|---:|---:|---:|")
    for n_groups in (1, 100):
        n_steps = 10_000 // (5 if args.quick else 1)
        t = tight_loop(torch_sched, n_groups, n_steps, repeats)
        lk = tight_loop(lrkit_sched, n_groups, n_steps, repeats)
        print(f"| {n_groups} | {fmt(t)} | {fmt(lk)} | **{statistics.median(lk) / statistics.median(t):.2f}** |")
    print()
    print("goal lrkit <= torch: " + ", ".join(f"{g} group(s): {'met' if r <= 1 else 'NOT met'} ({r:.2f})"
                                            for g, r in ratios.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
