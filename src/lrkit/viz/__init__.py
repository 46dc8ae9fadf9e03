"""Pictures of learning-rate schedules: matplotlib figures and terminal plots.

- :func:`plot_schedules`: a matplotlib ``Figure`` (notebooks, ``.png``/``.svg`` files);
  matplotlib is imported only then (``pip install lrkit[plot]``).
- :func:`plot_hyperparams`: several hyperparameters of one run (LR, weight decay, betas) on stacked axes.
- :func:`terminal_plot`: the same curves as text (unicode braille or ASCII), no dependency.
- :func:`key_points`: the LR at the start, warmup end, ``>>`` boundaries, middle and end.

>>> import lrkit as lk
>>> from lrkit.viz import key_points
>>> [(p.label, p.step) for p in key_points("warmup(10) >> cosine", total_steps=100)]
[('start', 0), ('warmup end', 10), ('middle', 50), ('last step', 99), ('end', 100)]
"""

from .figures import FORMATS, plot_schedules
from .stacked import plot_hyperparams
from .series import KeyPoint, as_schedule, evaluate, key_points
from .terminal import terminal_plot

__all__ = ["plot_schedules", "plot_hyperparams", "terminal_plot", "key_points", "KeyPoint", "evaluate", "as_schedule", "FORMATS"]
