"""Experiments: built-in offline tasks (:mod:`lrkit.experiments.tasks`),
comparisons (:func:`compare`) and hyperparameter searches (:func:`tune`).

>>> from lrkit.experiments.tasks import get_task
>>> get_task("digits-mlp").metric
'val_acc'
"""

from .compare import compare  # noqa: E402
from .comparison import Comparison  # noqa: E402
from .tune import tune  # noqa: E402
from .tuning import Tuning  # noqa: E402

__all__ = ["compare", "Comparison", "tune", "Tuning"]
