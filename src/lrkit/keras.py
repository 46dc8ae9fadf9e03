"""``lrkit.keras``: short alias of :mod:`lrkit.integrations.keras`.

>>> import os; os.environ.setdefault("KERAS_BACKEND", "torch")  # doctest: +ELLIPSIS
'...'
>>> import lrkit.keras
>>> float(lrkit.keras.schedule("cosine", 10, base_lr=1.0)(0))
1.0
"""

from .integrations.keras import LRKitSchedule, PlateauCallback, schedule

__all__ = ["schedule", "LRKitSchedule", "PlateauCallback"]
