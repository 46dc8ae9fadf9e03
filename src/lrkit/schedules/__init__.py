"""The schedule families (pure, closed form, vectorized) and their combinators.

One module per job: :mod:`.base` (the family base class), :mod:`.combinators`
(``>>`` and ``*``), :mod:`.curve` (a schedule bound to a run), :mod:`.registry`
(spec name -> family), :mod:`.validate` (the one validation helper),
:mod:`.units` (durations), then one module per family group. Importing this
package registers every family; a new family is one new module plus its import
here. The text and dict forms live in :mod:`lrkit.spec`, one layer up.
"""

from . import combinators  # noqa: F401  (registers seq and product)
from . import basic, cosine, warmup  # noqa: F401  (registration)
from . import decay, piecewise, cyclic, restarts, onecycle, rsqrt, wsd, lambda_, plateau  # noqa: F401
from .base import Schedule
from .combinators import Product, Sequence
from .curve import Curve
from .registry import REGISTRY
from .units import Context, Duration

__all__ = ["REGISTRY", "Curve", "Product", "Schedule", "Sequence", "Context", "Duration"]
