"""The diagnose report: text for people (with a terminal sketch of the LR), and a PNG figure.

The sketch is :func:`lrkit.viz.terminal.terminal_plot` of the logged LR (as a ``piecewise``
schedule through the logged points, thinned to the first, lowest and highest point of each
column); the figure is matplotlib: loss (train, val) above, LR below, on one step axis, each
finding a dashed line with its code.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from . import Diagnosis, RunDiagnosis

__all__ = ["to_text", "sketch", "plot_run"]


def _thin(steps: np.ndarray, lr: np.ndarray, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ~3 points per column: the first, the lowest and the highest of each bin of steps."""
    if len(steps) <= 3 * cols:
        return steps, lr
    bins = np.minimum(((steps - steps[0]) * cols) // max(int(steps[-1] - steps[0]) + 1, 1), cols - 1)
    starts = np.r_[0, np.flatnonzero(np.diff(bins)) + 1]
    keep = set(starts.tolist())
    for a, b in zip(starts, np.r_[starts[1:], len(steps)]):
        seg = lr[a:b]
        keep.add(int(a + np.argmin(seg)))
        keep.add(int(a + np.argmax(seg)))
    idx = np.array(sorted(keep))
    return steps[idx], lr[idx]


def sketch(run: "RunDiagnosis", width: int = 80, height: int = 8) -> str:
    """The logged LR of ``run`` drawn in the terminal (empty when there is nothing to draw)."""
    from ..schedules.piecewise import Piecewise
    from ..viz.terminal import terminal_plot

    s = run.series
    ok = np.isfinite(s.lr) & (s.lr >= 0)
    steps, lr = s.steps[ok], s.lr[ok]
    if len(lr) < 2 or lr.max() <= 0:
        return ""
    steps, lr = _thin(steps, lr, 2 * (width - 10))
    steps = np.maximum(steps, 0)
    keep = np.r_[True, np.diff(steps) > 0]
    steps, lr = steps[keep], lr[keep]
    if steps[0] > 0:
        steps, lr = np.r_[0, steps], np.r_[lr[0], lr]
    sched = Piecewise(tuple(int(x) for x in steps[1:]), tuple(float(v) for v in lr), interpolate="linear")
    text = terminal_plot(sched, total_steps=int(steps[-1]), width=width, height=height)
    lines = text.splitlines()
    lines[0] = f"logged LR vs step ({len(s.lr):,} points)"
    return "\n".join(lines)


def _fmt_evidence(ev: dict) -> str:
    parts = []
    for k, v in ev.items():
        if isinstance(v, float):
            v = f"{v:.4g}"
        parts.append(f"{k}={v}")
    return ", ".join(parts)


def to_text(d: "Diagnosis", sketch: bool = True, width: int = 80) -> str:
    """Every run: what was read, the schedule, a sketch of the LR, then each finding with its evidence,
    causes and fix."""
    out: list[str] = []
    for r in d.runs:
        cols = ", ".join(f"{k}={v}" for k, v in r.columns.items())
        out.append(f"{r.name}  ({r.source}, {r.steps:,} steps; {cols})")
        for n in r.notes:
            out.append(f"  note: {n}")
        sch = r.schedule
        if sch is not None:
            how = (f"identified, max error {sch['max_error']:.1%} of the peak: {sch['description']}"
                   if sch.get("source") == "identified" else f"planned, {sch['total_steps']} steps")
            out.append(f"  schedule: {sch['spec']}  ({how})")
        if sketch:
            pic = globals()["sketch"](r, width=width)
            if pic:
                out += ["  " + line for line in pic.splitlines()]
        if not r.findings:
            out.append("  no findings")
        for f in r.findings:
            where = f"step {f.step}" if f.step is not None else "run"
            out.append(f"  {f.code} [{f.severity}] {where}: {f.symptom}")
            out.append(f"      evidence: {_fmt_evidence(f.evidence)}")
            for i, c in enumerate(f.causes, 1):
                out.append(f"      cause {i}: {c}")
            out.append(f"      fix: {f.fix['text']}")
            out.append(f"        spec:  {f.fix['spec']}")
            out.append(f"        lrkit: {f.fix['lrkit']}")
            if f.fix.get("torch"):
                out.append(f"        torch: {f.fix['torch']}")
        out.append("")
    n = len(d.findings)
    out.append(f"{n} finding{'s' * (n != 1)} in {len(d.runs)} run{'s' * (len(d.runs) != 1)}")
    return "\n".join(out)


def plot_run(r: "RunDiagnosis", path: str | os.PathLike | None = None) -> Any:
    """Loss (train, val) above and LR below on one step axis, with each finding marked; PNG at ``path``."""
    from ..viz.figures import require_matplotlib

    require_matplotlib()
    from matplotlib.figure import Figure

    s = r.series
    fig = Figure(figsize=(8, 5.5), layout="constrained")
    ax_loss, ax_lr = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    fin = np.isfinite(s.loss)
    if len(s.loss):
        ax_loss.plot(s.loss_steps[fin], s.loss[fin], lw=0.8, color="tab:blue", label="train loss")
        if (~fin).any():
            top = float(np.nanmax(s.loss[fin])) if fin.any() else 1.0
            ax_loss.scatter(s.loss_steps[~fin], np.full((~fin).sum(), top), marker="x", color="red",
                            label="NaN / inf loss", zorder=3)
    if len(s.val):
        vf = np.isfinite(s.val)
        ax_loss.plot(s.val_steps[vf], s.val[vf], "o-", ms=3, lw=1, color="tab:orange", label=s.val_name)
    if len(s.loss) and fin.any() and np.nanmin(s.loss[fin]) > 0 and np.nanmax(s.loss[fin]) / np.nanmin(s.loss[fin]) > 20:
        ax_loss.set_yscale("log")
    ax_loss.set_ylabel("loss")
    ax_loss.legend(loc="upper right", fontsize=8)
    ok = np.isfinite(s.lr)
    ax_lr.plot(s.steps[ok], s.lr[ok], lw=1.2, color="tab:green", label="logged LR")
    ax_lr.set_ylabel("learning rate")
    ax_lr.set_xlabel("optimizer step")
    for i, f in enumerate(x for x in r.findings if x.step is not None):
        for ax in (ax_loss, ax_lr):
            ax.axvline(f.step, color="tab:red", ls="--", lw=0.9, alpha=0.8)
        ax_loss.annotate(f.code, (f.step, 1), xycoords=("data", "axes fraction"), xytext=(2, -10 - 10 * i),
                         textcoords="offset points", color="tab:red", fontsize=8)
    title = r.name if not r.findings else f"{r.name}: {', '.join(f.code for f in r.findings)}"
    ax_loss.set_title(title, fontsize=10)
    if r.schedule is not None:
        ax_lr.set_title(f"{r.schedule.get('source', '')}: {r.schedule['spec']}", fontsize=8, loc="left")
    if path is not None:
        fig.savefig(os.fspath(path), dpi=110)
    return fig
