"""Several hyperparameters of one run on stacked axes: the LR, weight decay, momentum, betas.

One axes per hyperparameter, sharing the step axis, each drawn by
:func:`~lrkit.viz.figures.plot_schedules` with that hyperparameter's base (its
initial, peak value), so each panel reads in its own units.

>>> fig = plot_hyperparams({"lr": "warmup(5%) >> cosine", "weight_decay": "linear(end_factor=0.1)"},
...                        total_steps=1000, bases={"lr": 3e-4, "weight_decay": 0.1})
>>> [ax.get_ylabel() for ax in fig.axes]
['lr', 'weight_decay']
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from ..errors import LRKitError
from .figures import check_path, plot_schedules, require_matplotlib

__all__ = ["plot_hyperparams"]


def plot_hyperparams(schedules: Mapping[str, Any], total_steps: int, *, bases: Mapping[str, float] | None = None,
                     path: str | os.PathLike | None = None, log: bool = False, width: float = 7.0,
                     dpi: int = 100, **run: Any) -> Any:
    """Draw ``{name: schedule}`` on stacked axes sharing the step axis; return the ``Figure``.

    - ``schedules``: one schedule (spec text, :class:`lrkit.Schedule` or dict form) per
      hyperparameter name, drawn top to bottom in that order.
    - ``bases``: each hyperparameter's base value (what its schedule multiplies); 1 when
      left out, so the panel shows the multiplier.
    - ``path``: also write the figure to this ``.png``/``.svg`` file; ``log``: log y axes.
    - ``run``: ``steps_per_epoch``, ``per``, ``tokens_per_step``, ``samples_per_step``,
      as in :meth:`lrkit.Schedule.bind`.
    """
    if not isinstance(schedules, Mapping) or not schedules:
        raise LRKitError(f"plot: schedules must be a non-empty dict {{name: schedule}}, got {schedules!r}")
    bases = dict(bases or {})
    unknown = set(bases) - set(schedules)
    if unknown:
        raise LRKitError(f"plot: bases names {sorted(unknown)}, which have no schedule (scheduled: "
                         f"{', '.join(schedules)})")
    out_path = check_path(path) if path is not None else None
    require_matplotlib()
    from matplotlib.figure import Figure

    n = len(schedules)
    fig = Figure(figsize=(width, 1.2 + 1.9 * n), dpi=dpi, layout="constrained")
    axes = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
    for ax, (name, spec) in zip(axes, schedules.items()):
        plot_schedules(spec, total_steps, base_lr=bases.get(name, 1.0), log=log, ax=ax, **run)
        ax.set_ylabel(name)
        ax.title.set_fontsize("small")
        if not log:  # each panel in its own range (a beta near 1 is not drawn from 0)
            ax.set_autoscaley_on(True)
            ax.relim()
            ax.autoscale_view(scalex=False)
    for ax in axes[:-1]:
        ax.set_xlabel("")
    if out_path is not None:
        fig.savefig(out_path)
    return fig
