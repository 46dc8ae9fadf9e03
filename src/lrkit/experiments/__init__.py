"""Experiments: built-in offline tasks (:mod:`lrkit.experiments.tasks`),
comparisons (:func:`compare`) and hyperparameter searches (:func:`tune`).

Both run on one worker engine (:mod:`lrkit.experiments.engine`); their code is
in :mod:`~lrkit.experiments._compare` and :mod:`~lrkit.experiments._tune`, their
results in :mod:`~lrkit.experiments.comparison` and :mod:`~lrkit.experiments.tuning`,
and :func:`~lrkit.experiments.runner.compare_task` /
:func:`~lrkit.experiments.runner.tune_task` run them on a built-in task.

>>> from lrkit.experiments.tasks import get_task
>>> get_task("digits-mlp").metric
'val_acc'
>>> import lrkit.experiments
>>> callable(lrkit.experiments.compare), callable(lrkit.experiments.tune)
(True, True)
"""

from ._compare import compare
from .comparison import Comparison
from ._tune import tune
from .tuning import Tuning

__all__ = ["compare", "Comparison", "tune", "Tuning"]
