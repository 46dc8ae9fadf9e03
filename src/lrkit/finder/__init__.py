"""LR range test: :func:`find_lr`, its :class:`FinderResult`, and the suggestion rules.

>>> from lrkit.finder import RULES, DEFAULT_RULE
>>> RULES, DEFAULT_RULE
(('lrkit', 'steepest', 'valley', 'min10'), 'lrkit')
"""

from .confirm import Confirmation, confirm_lr
from .core import find_lr
from .state import restore, snapshot
from .result import FinderResult, FinderRun
from .rules import DEFAULT_RULE, RULES

__all__ = ["find_lr", "FinderResult", "FinderRun", "RULES", "DEFAULT_RULE", "snapshot", "restore", "confirm_lr",
           "Confirmation"]
