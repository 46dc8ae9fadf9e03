"""Training functions with a known optimum for the ``lrkit tune`` tests (module level: workers import them).

``peak_train``: the "loss" is how far the schedule's peak LR is from 0.2 (in
decades) plus how far the peak's position is from 30% of the run, read off
the real bound curve, so the optimum of ``onecycle(max_lr=?, pct_start=?)`` is
max_lr = 0.2, pct_start = 0.3 (the peak sits at step 29 of 100 there).
``LRKIT_TEST_LOG`` gets one ``start|spec|seed|pid`` line per run.
"""

from __future__ import annotations

import math
import os
import time

import numpy as np

EPOCHS = 4


def _log(line: str) -> None:
    path = os.environ.get("LRKIT_TEST_LOG")
    if path:
        with open(path, "a") as f:
            f.write(line + "\n")


def peak_loss(schedule) -> float:
    lrs = np.asarray(schedule.bind(total_steps=100)(np.arange(100), 1.0), float)
    return math.log10(lrs.max() / 0.2) ** 2 + ((lrs.argmax() + 1) / 100 - 0.3) ** 2


def peak_train(schedule, seed, report):
    _log(f"start|{schedule}|{seed}|{os.getpid()}")
    base = peak_loss(schedule)
    sleep = float(os.environ.get("LRKIT_TEST_SLEEP", "0"))
    for epoch in range(1, EPOCHS + 1):
        report(epoch, {"val_loss": base + 0.1 / epoch + 0.001 * seed})
        if sleep:
            time.sleep(sleep)


def lr_train(schedule, seed, report, lr=1.0):
    """The loss is |log10(lr / 0.1)| + 1/epoch: far-off LRs are obviously bad from epoch 1."""
    _log(f"start|{schedule};lr={lr}|{seed}|{os.getpid()}")
    for epoch in range(1, EPOCHS + 1):
        report(epoch, {"val_loss": abs(math.log10(lr / 0.1)) + 1.0 / epoch + 0.01 * seed})
