"""Rules that read a run's series — the LR and the losses by optimizer step — one object per rule.

The same objects run live in :class:`lrkit.torch.Monitor` (on the steps seen so far) and after the
fact in ``lrkit diagnose`` (on a finished run's logs). Each rule has a code of
:mod:`lrkit.diagnostics` and a ``check(series)`` that returns :class:`Hit` objects: the step where
the rule fires, the values its message template needs, and the numbers that show it.

Core layer: numpy only, no framework import.

>>> import numpy as np
>>> from lrkit.series_rules import Series, NonFiniteLoss, LRConstant
>>> s = Series(steps=np.arange(1, 41), lr=np.full(40, 0.1), loss=np.r_[np.linspace(2, 1, 39), np.nan])
>>> [h.code for h in NonFiniteLoss().check(s)], NonFiniteLoss().check(s)[0].step
(['LR014'], 40)
>>> LRConstant().check(s)[0].values["lr"]
0.1
"""

from __future__ import annotations

from .base import Hit, Series, SeriesRule, rolling_median
from .loss import EarlyDivergence, LossSpike, NonFiniteLoss, SpikeAfterLRRise, ValFlat
from .lr import LRConstant, LRFastCycles, LRFloorEarly, LRFloorReached, LRRestart, LRStaircase

__all__ = ["Series", "Hit", "SeriesRule", "LRFloorEarly", "NonFiniteLoss", "LossSpike", "LRConstant",
           "LRRestart", "LRFastCycles", "LRFloorReached", "LRStaircase", "SpikeAfterLRRise", "ValFlat",
           "EarlyDivergence", "RULES", "rolling_median"]

#: The rules ``lrkit diagnose`` runs on every series, in report order.
RULES: tuple[SeriesRule, ...] = (LRConstant(), LRFloorEarly(), LRFastCycles(), LRRestart(), LRFloorReached(),
                                 LRStaircase(), NonFiniteLoss(), EarlyDivergence(), SpikeAfterLRRise(),
                                 LossSpike(), ValFlat())
