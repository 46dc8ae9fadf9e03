"""The schedule families (pure, closed form, vectorized) and their combinators.

Importing this package registers every family with the spec parser. One module
per family group; a new family is one new module plus its import here.
"""

from . import basic, cosine, warmup  # noqa: F401  (registration)
from . import decay, piecewise, cyclic, restarts, onecycle, rsqrt, wsd, lambda_, plateau  # noqa: F401
from .base import REGISTRY, Curve, Product, Schedule, Sequence, from_dict
from .units import Context, Duration

__all__ = ["REGISTRY", "Curve", "Product", "Schedule", "Sequence", "from_dict", "Context", "Duration"]
