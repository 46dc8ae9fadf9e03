"""What lrkit stores in an Optuna trial: the attribute names, and what one comparison run is.

Both runners (:func:`lrkit.experiments.compare`, :func:`lrkit.experiments.tune`)
write these and both result classes (:class:`~lrkit.experiments.comparison.Comparison`,
:class:`~lrkit.experiments.tuning.Tuning`) read them, so they live here, apart
from either side: a result never imports its runner.

>>> Run("cosine; lr=0.1", "cosine", seed=2, lr=0.1).key
'cosine; lr=0.1 #seed=2'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Run", "META_ATTR", "FAILED_ATTR", "KEY_ATTR", "AUTO_ATTR", "TUNE_ATTR", "RETRY_ATTR",
           "SURPLUS_ATTR"]

#: study attribute: what must match for a rerun to resume the study (kind, metric, mode, train_fn, …).
META_ATTR = "lrkit:meta"
#: trial system attribute: why a trial failed (an error, "interrupted", "worker process died", a duplicate).
FAILED_ATTR = "lrkit:failed"
#: trial attribute of lrkit compare: the run (:attr:`Run.key`, ``"label #seed=N"``) a trial is.
KEY_ATTR = "lrkit:key"
#: study attribute of lrkit compare: the LR finder's values that ``auto``, ``auto.min``, ``auto.max`` stood for.
AUTO_ATTR = "lrkit:auto_lr"
#: trial attributes of lrkit tune: a tune trial, the failed trial a trial redoes, a trial claimed past the budget.
TUNE_ATTR = "lrkit:tune"
RETRY_ATTR = "lrkit:retry_of"
SURPLUS_ATTR = "lrkit:surplus"


@dataclass(frozen=True)
class Run:
    """One run of a comparison: an entry (label), its resolved spec, a seed and a base LR."""

    label: str
    spec: str
    seed: int
    lr: float | None = None
    schedule: Any = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.label} #seed={self.seed}"
