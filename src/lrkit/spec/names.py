"""Name look-up with suggestions for misspelt schedule and parameter names.

>>> from lrkit.spec.names import suggest
>>> suggest("cosin")
" — did you mean 'cosine'?"
"""

from __future__ import annotations

import difflib
from typing import Iterable

from ..schedules.registry import REGISTRY

__all__ = ["suggest"]


def suggest(name: str, choices: Iterable[str] | None = None) -> str:
    """A ``" — did you mean 'x'?"`` tail for an error, or the list of accepted names."""
    if choices is None:
        choices = [n for n, c in REGISTRY.items() if c.serializable or n == "lambda_"]
    choices = sorted(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f" — did you mean {close[0]!r}?"
    return "; known: " + ", ".join(choices)
