"""Deprecated name of :mod:`lrkit.transformers` (importing it warns): write ``import lrkit.transformers``."""

import warnings

from ..transformers import *  # noqa: F401,F403
from ..transformers import __all__  # noqa: F401
from ..errors import LRKitDeprecationWarning

warnings.warn("lrkit.integrations.transformers moved to lrkit.transformers: import that instead", LRKitDeprecationWarning,
              stacklevel=2)
