"""The demo (``lrkit demo``, the README's ``make demo``): find an LR, then compare four schedules honestly.

On ``mnist1d-cnn`` (the built-in task where schedules differ): run the LR
finder on the task's model and data, take its suggestion and suggested range,
then compare constant, step decay and warmup + cosine at the suggestion and
one-cycle peaking at the top of the range (``auto.max``: one-cycle's peak is
not the LR for constant training) over 3 seeds with 2 worker processes, and
write the report (Markdown, HTML, figures, results.json) to ``./lrkit-demo/``.
About a minute on 2 cores.

>>> for spec in DEMO_SCHEDULES:
...     print(spec)
constant; lr=auto
multistep([50%, 75%], gamma=0.1); lr=auto
warmup(5%) >> cosine; lr=auto
onecycle(max_lr=auto.max)
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

__all__ = ["run_demo", "DEMO_TASK", "DEMO_SCHEDULES"]

DEMO_TASK = "mnist1d-cnn"
#: constant, step decay (x0.1 at 50% and 75%), warmup + cosine at the finder's suggestion; one-cycle peaking
#: at the top of its suggested range.
DEMO_SCHEDULES = ["constant; lr=auto", "multistep([50%, 75%], gamma=0.1); lr=auto",
                  "warmup(5%) >> cosine; lr=auto", "onecycle(max_lr=auto.max)"]


def run_demo(out: str | os.PathLike = "lrkit-demo", *, task: str = DEMO_TASK, seeds: int = 3, workers: int = 2,
             epochs: int | None = None, progress: bool = True, say: Callable[[str], None] = print):
    """Run the demo; return the :class:`lrkit.experiments.Comparison` (its report is in ``out``)."""
    from .contract import check_writable
    from .runner import TaskFinder, compare_task
    from .specs import auto_values

    out = Path(out)
    check_writable(out)
    t0 = time.perf_counter()
    say(f"1/2  LR finder on {task} (model seed 0, its SGD optimizer, the training data) ...")
    result = TaskFinder(task, progress=progress).run()
    auto = auto_values(result)  # the suggestion and, when the curve allows one, the range (one finder run)
    lr = auto["lr"]
    rng = f" (range: {auto['min_lr']:.2g} .. {auto['max_lr']:.2g})" if "max_lr" in auto else ""
    extra = []
    try:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(6.4, 4.0), dpi=110)
        result.plot(ax=fig.add_subplot())
        fig.tight_layout()
        fig.savefig(out / "finder.png")
        peak = f"; one-cycle peaks at the top of the suggested range, {auto['max_lr']:.3g}" if "max_lr" in auto else ""
        extra.append(("finder.png", f"LR range test on {task}: loss against LR; the suggestion {lr:.3g} is "
                                    f"the LR of the other schedules below{peak}."))
    except Exception as e:  # the figure is a nicety; the numbers are what matter
        say(f"     (no finder figure: {e})")
    say(f"     suggestion: {lr:.3g}{rng}   [{time.perf_counter() - t0:.0f} s]")
    say(f"2/2  comparing {len(DEMO_SCHEDULES)} schedules x {seeds} seeds with {workers} workers ...")
    res = compare_task(task, DEMO_SCHEDULES, seeds, epochs=epochs, out=out, workers=workers, auto_lr=auto,
                       progress=progress, command="lrkit demo" + (f" --out {out}" if str(out) != "lrkit-demo" else ""),
                       title=f"lrkit demo: four schedules on {task} at the LR finder's suggestions",
                       study_name=f"demo-{task}", extra_figures=extra)
    say("")
    say(res.table())
    say("")
    say(res.sentence())
    say(f"\nreport: {out / 'report.html'} (also report.md, results.json, PNG figures)   "
        f"[{time.perf_counter() - t0:.0f} s in all]")
    return res
