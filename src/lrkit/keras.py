"""``lrkit.keras``: short alias of :mod:`lrkit.integrations.keras`.

>>> import os; os.environ.setdefault("KERAS_BACKEND", "torch")  # doctest: +ELLIPSIS
'...'
>>> import lrkit.keras
>>> float(lrkit.keras.schedule("cosine", 10, base_lr=1.0)(0))
1.0
"""

from typing import Any

from .integrations import keras as _impl
from .integrations.keras import schedule

__all__ = ["schedule", "LRKitSchedule", "PlateauCallback"]


def __getattr__(name: str) -> Any:
    return getattr(_impl, name)
