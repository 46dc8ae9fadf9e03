"""Matplotlib figures of learning-rate schedules (files and notebooks).

matplotlib is imported only when a figure is drawn; without it the error says
``pip install lrkit[plot]``. No pyplot state is touched: a new figure is a
plain :class:`matplotlib.figure.Figure` (shown as an image in Jupyter), or the
curves are drawn into the ``ax`` you pass.

>>> import lrkit as lk
>>> fig = plot_schedules([lk.warmup("5%") >> lk.cosine(), lk.cosine()], total_steps=1000)
>>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
['warmup(5%) >> cosine', 'cosine']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping, Sequence as Seq

import numpy as np

from ..errors import LRKitError, renamed_argument, require
from ..schedules.base import Schedule
from .series import as_schedules, evaluate, key_points, labels_for

__all__ = ["plot_schedules", "FORMATS", "require_matplotlib"]

#: File formats a figure can be written in, by file extension.
FORMATS = (".png", ".svg")

#: Above this many steps a curve is drawn as its per-pixel-column envelope (min and max).
_ENVELOPE_AT = 20_000
_ENVELOPE_COLS = 4_000


def require_matplotlib() -> Any:
    """Import matplotlib, or raise the error that says how to install it."""
    return require("matplotlib", by="plotting to a file", install="pip install lrkit[plot]")


def check_path(path: str | os.PathLike) -> Path:
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        raise LRKitError(f"plot: output file must end in {' or '.join(FORMATS)} (the format is taken from "
                         f"the extension), got {str(path)!r}")
    if not p.parent.exists():
        raise LRKitError(f"plot: the folder of the output file does not exist: {str(p.parent)!r}")
    return p


def _envelope(steps: np.ndarray, lr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Down-sample a long curve keeping each bin's lowest and highest value, in step order."""
    if steps.size <= _ENVELOPE_AT:
        return steps, lr
    bins = np.minimum((steps * _ENVELOPE_COLS) // (steps[-1] + 1), _ENVELOPE_COLS - 1)
    edges = np.flatnonzero(np.diff(bins)) + 1
    starts = np.concatenate([[0], edges])
    lo = np.minimum.reduceat(lr, starts)
    hi = np.maximum.reduceat(lr, starts)
    xs = np.repeat(steps[starts], 2)
    ys = np.empty(2 * len(starts))
    first = lr[starts]
    # draw each bin as (value at its first step, the extreme on the other side)
    ys[0::2] = first
    ys[1::2] = np.where(first == lo, hi, lo)
    xs = np.append(xs, steps[-1])
    ys = np.append(ys, lr[-1])
    return xs, ys


@renamed_argument(specs="schedules")
def plot_schedules(schedules: Schedule | str | Mapping[str, Any] | Seq[Any], total_steps: int, *,
                   steps_per_epoch: int | None = None, per: str = "step", base_lr: float = 1.0,
                   log: bool = False, labels: Seq[str] | None = None, title: str | None = None,
                   mark_points: bool = True, ax: Any = None, path: str | os.PathLike | None = None,
                   figsize: tuple[float, float] = (7.0, 3.6), dpi: int = 100,
                   tokens_per_step: float | None = None, samples_per_step: float | None = None) -> Any:
    """Draw one or several schedules over a run; return the matplotlib ``Figure``.

    - ``schedules``: a schedule, its spec text or dict form, or a list of them (overlaid).
    - ``total_steps``, ``steps_per_epoch``, ``per``, ``tokens_per_step``, ``samples_per_step``: as in
      :meth:`lrkit.Schedule.bind`; with ``steps_per_epoch`` the top axis shows epochs.
    - ``base_lr``: the LR the schedules multiply (absolute schedules ignore it).
    - ``log``: log-scale y axis. ``labels``: legend labels (default: the spec texts).
    - ``mark_points``: dots at the key points (start, warmup end, ``>>`` boundaries, end).
    - ``ax``: draw into this axes (e.g. a subplot in a notebook) instead of a new figure.
    - ``path``: also write the figure to this ``.png`` or ``.svg`` file.

    >>> import lrkit as lk, tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     fig = plot_schedules(lk.cosine(), total_steps=100, path=os.path.join(d, "c.png"))
    ...     os.path.getsize(os.path.join(d, "c.png")) > 0
    True
    """
    schedules = as_schedules(schedules)
    names = labels_for(schedules, labels)
    out_path = check_path(path) if path is not None else None
    require_matplotlib()
    from matplotlib.figure import Figure

    series = [evaluate(s, total_steps, steps_per_epoch=steps_per_epoch, per=per, base_lr=base_lr,
                       tokens_per_step=tokens_per_step, samples_per_step=samples_per_step) for s in schedules]
    if ax is None:
        fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    for i, (s, name, (steps, lr)) in enumerate(zip(schedules, names, series)):
        xs, ys = _envelope(steps, lr)
        if log:
            ys = np.where(ys > 0, ys, np.nan)
        (line,) = ax.plot(xs, ys, label=name, linewidth=1.6, drawstyle="steps-post" if steps.size <= 200 else "default")
        if mark_points:
            pts = key_points(s, total_steps, steps_per_epoch=steps_per_epoch, per=per, base_lr=base_lr,
                             tokens_per_step=tokens_per_step, samples_per_step=samples_per_step)
            px = [p.step for p in pts if not (log and p.lr <= 0)]
            py = [p.lr for p in pts if not (log and p.lr <= 0)]
            ax.plot(px, py, "o", markersize=3.5, color=line.get_color(), label="_nolegend_")
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
    ax.set_xlim(0, total_steps)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("learning rate")
    ax.grid(True, alpha=0.3)
    if steps_per_epoch:
        spe = float(steps_per_epoch)
        top = ax.secondary_xaxis("top", functions=(lambda x: x / spe, lambda e: e * spe))
        top.set_xlabel("epoch")
    if len(schedules) > 1:
        ax.legend(fontsize="small", frameon=False)
    if title is not None:
        ax.set_title(title, fontsize="medium")
    elif len(schedules) == 1:
        ax.set_title(names[0], fontsize="medium", family="monospace")
    if out_path is not None:
        fig.savefig(out_path)
    return fig
