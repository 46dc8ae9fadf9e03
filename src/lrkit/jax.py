"""``lrkit.jax``: short alias of :mod:`lrkit.integrations.jax`.

>>> import lrkit.jax
>>> callable(lrkit.jax.schedule("cosine", 10, base_lr=1.0))
True
"""

from .integrations.jax import schedule

__all__ = ["schedule"]
