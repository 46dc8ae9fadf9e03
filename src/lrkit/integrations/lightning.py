"""Deprecated name of :mod:`lrkit.lightning` (importing it warns): write ``import lrkit.lightning``."""

import warnings

from ..lightning import *  # noqa: F401,F403
from ..lightning import __all__  # noqa: F401
from ..errors import LRKitDeprecationWarning

warnings.warn("lrkit.integrations.lightning moved to lrkit.lightning: import that instead", LRKitDeprecationWarning,
              stacklevel=2)
