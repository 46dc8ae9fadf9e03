"""The demo (``lrkit demo``, the README's ``make demo``): find an LR, then compare four schedules honestly.

On ``mnist1d-cnn`` (the built-in task where schedules differ): run the LR
finder on the task's model and data, take its suggestion, then compare
constant, step decay, warmup + cosine and one-cycle at that LR over 3 seeds
with 2 worker processes, and write the report (Markdown, HTML, figures,
results.json) to ``./lrkit-demo/``. About a minute on 2 cores.

>>> [spec for spec in DEMO_SCHEDULES]
['constant; lr=auto', 'multistep([50%, 75%], gamma=0.1); lr=auto', 'warmup(5%) >> cosine; lr=auto', 'onecycle(max_lr=auto)']
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

__all__ = ["run_demo", "DEMO_TASK", "DEMO_SCHEDULES"]

DEMO_TASK = "mnist1d-cnn"
#: constant, step decay (x0.1 at 50% and 75%), warmup + cosine, one-cycle — all at the finder's LR.
DEMO_SCHEDULES = ["constant; lr=auto", "multistep([50%, 75%], gamma=0.1); lr=auto",
                  "warmup(5%) >> cosine; lr=auto", "onecycle(max_lr=auto)"]


def run_demo(out: str | os.PathLike = "lrkit-demo", *, task: str = DEMO_TASK, seeds: int = 3, workers: int = 2,
             epochs: int | None = None, progress: bool = True, say: Callable[[str], None] = print):
    """Run the demo; return the :class:`lrkit.experiments.Comparison` (its report is in ``out``)."""
    from ..errors import LRKitError
    from ._shared import check_writable
    from .runner import TaskFinder, compare_task

    out = Path(out)
    check_writable(out)
    t0 = time.perf_counter()
    say(f"1/2  LR finder on {task} (model seed 0, its SGD optimizer, the training data) ...")
    result = TaskFinder(task, progress=progress).run()
    lr = float(result.suggest())
    try:
        lo, hi = result.suggest_range()
        rng = f" (a good range: {lo:.2g} .. {hi:.2g})"
    except LRKitError:  # a curve too short for a range still has a suggestion
        rng = ""
    extra = []
    try:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(6.4, 4.0), dpi=110)
        result.plot(ax=fig.add_subplot())
        fig.tight_layout()
        fig.savefig(out / "finder.png")
        extra.append(("finder.png", f"LR range test on {task}: loss against LR; the suggestion {lr:.3g} is "
                                    "the LR every schedule below uses (one-cycle's peak)."))
    except Exception as e:  # the figure is a nicety; the numbers are what matter
        say(f"     (no finder figure: {e})")
    say(f"     suggestion: {lr:.3g}{rng}   [{time.perf_counter() - t0:.0f} s]")
    say(f"2/2  comparing {len(DEMO_SCHEDULES)} schedules x {seeds} seeds with {workers} workers ...")
    res = compare_task(task, DEMO_SCHEDULES, seeds, epochs=epochs, out=out, workers=workers, auto_lr=lr,
                       progress=progress, command="lrkit demo" + (f" --out {out}" if str(out) != "lrkit-demo" else ""),
                       title=f"lrkit demo: four schedules on {task} at the LR finder's suggestion",
                       study_name=f"demo-{task}", extra_figures=extra)
    say("")
    say(res.table())
    say("")
    say(res.sentence())
    say(f"\nreport: {out / 'report.html'} (also report.md, results.json, PNG figures)   "
        f"[{time.perf_counter() - t0:.0f} s in all]")
    return res
