"""A real (tiny) training function for comparison tests: logistic regression by numpy SGD.

It follows the schedule step by step (``schedule.bind(...)(step, lr)``), so
schedules really change the result. ``LRKIT_TEST_LOG`` names a file where each
run appends ``start``/``end`` lines (label, seed, pid) so tests can count what
was run; ``LRKIT_TEST_SLEEP`` slows each epoch down (seconds) so a test can
kill a process mid-run.
"""

from __future__ import annotations

import os
import time

import numpy as np

EPOCHS, SPE, BATCH = 6, 8, 16


def _data():
    rng = np.random.default_rng(1234)
    w_true = rng.normal(size=5)
    x = rng.normal(size=(160, 5))
    y = (x @ w_true + 0.5 * rng.normal(size=160) > 0).astype(float)
    return x[:128], y[:128], x[128:], y[128:]


def _loss_acc(w, x, y):
    z = x @ w
    p = 1 / (1 + np.exp(-z))
    loss = float(np.mean(np.logaddexp(0, z) - y * z))
    return loss, float(np.mean((p > 0.5) == (y > 0.5)))


def _log(line: str) -> None:
    path = os.environ.get("LRKIT_TEST_LOG")
    if path:
        with open(path, "a") as f:
            f.write(line + "\n")


def train(schedule, seed, report, lr=0.5):
    """Train on a fixed toy problem; init and batch order come from ``seed``."""
    sleep = float(os.environ.get("LRKIT_TEST_SLEEP", "0"))
    label = str(schedule)
    _log(f"start|{label}|{seed}|{os.getpid()}")
    xtr, ytr, xva, yva = _data()
    rng = np.random.default_rng(seed)
    w = rng.normal(size=5) * 0.5
    curve = schedule.bind(total_steps=EPOCHS * SPE, steps_per_epoch=SPE)
    step = 0
    for epoch in range(1, EPOCHS + 1):
        losses = []
        for _ in range(SPE):
            idx = rng.integers(0, len(xtr), BATCH)
            xb, yb = xtr[idx], ytr[idx]
            z = xb @ w
            losses.append(float(np.mean(np.logaddexp(0, z) - yb * z)))
            w = w - float(curve(step, lr)) * xb.T @ (1 / (1 + np.exp(-z)) - yb) / BATCH
            step += 1
        vl, va = _loss_acc(w, xva, yva)
        report(epoch, {"lr": float(curve(step - 1, lr)), "train_loss": float(np.mean(losses)),
                       "val_loss": vl, "val_acc": va})
        if sleep:
            time.sleep(sleep)
    _log(f"end|{label}|{seed}|{os.getpid()}")


def history_train(schedule, seed, report):
    """The other style: return the per-epoch history instead of calling report."""
    out = []
    train(schedule, seed, lambda e, m: out.append(dict(m, epoch=e)))
    return out


def broken_train(schedule, seed, report):
    raise ZeroDivisionError("the user's bug")
