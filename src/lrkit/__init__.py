"""lrkit: learning-rate schedules written once, run everywhere.

>>> import lrkit as lk
>>> s = lk.parse("warmup(5%) >> cosine(min_lr=1e-5)")
>>> curve = s.bind(total_steps=1000)
>>> round(curve(500, base_lr=0.1), 6)
0.054134
>>> lk.parse(str(s)) == s
True

Framework adapters and tools load lazily: ``import lrkit`` imports no
framework (``lrkit.torch``, ``lrkit.find_lr``, ``lrkit.compare`` … do, when used).
"""

from .errors import LRKitError, LRKitWarning, SpecError
from .schedules import REGISTRY, Curve, Schedule
from .schedules.basic import Clip as clip, Constant as constant
from .schedules.cosine import Cosine as cosine
from .schedules.cyclic import Cyclic as cyclic
from .schedules.decay import (Exponential as exponential, InverseTime as inverse_time, Linear as linear,
                              MultiStep as multistep, Poly as poly, Step as step, Tanh as tanh)
from .schedules.lambda_ import Lambda as lambda_
from .schedules.onecycle import OneCycle as onecycle
from .schedules.piecewise import Piecewise as piecewise
from .schedules.plateau import Plateau as plateau
from .schedules.restarts import Restarts as restarts
from .schedules.rsqrt import InverseSqrt as inverse_sqrt
from .schedules.warmup import Warmup as warmup
from .schedules.wsd import WSD as wsd
from .spec import from_dict, parse

__version__ = "0.1.0"

__all__ = [
    "parse", "from_dict", "Schedule", "Curve", "REGISTRY", "SpecError", "LRKitError", "LRKitWarning",
    "constant", "clip", "step", "multistep", "exponential", "linear", "poly", "cosine", "restarts",
    "cyclic", "onecycle", "inverse_sqrt", "inverse_time", "piecewise", "warmup", "wsd", "tanh",
    "plateau", "lambda_", "find_lr", "confirm_lr", "compare", "recommend", "doctor", "diagnose",
]

# name -> (module, attribute): tools that import frameworks load on first use.
_LAZY = {
    "find_lr": ("lrkit.finder", "find_lr"),
    "confirm_lr": ("lrkit.finder", "confirm_lr"),
    "compare": ("lrkit.experiments", "compare"),
    "recommend": ("lrkit.advisor", "recommend"),
    "doctor": ("lrkit.doctor", None),   # the subpackage: lrkit.doctor.check_paths(...)
    "diagnose": ("lrkit.diagnosis", "diagnose"),   # the function; the tool is the subpackage lrkit.diagnosis
    "torch": ("lrkit.torch", None),
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        mod = import_module(module)
        return mod if attr is None else getattr(mod, attr)
    raise AttributeError(f"module 'lrkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API only (``__all__``, ``__version__`` and the lazily loaded ``torch`` adapter)."""
    return sorted({*__all__, "__version__", "torch"})
