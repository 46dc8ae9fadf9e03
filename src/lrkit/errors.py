"""Errors and warnings raised by lrkit.

Every user mistake is raised as a subclass of :class:`LRKitError` (which is a
``ValueError``), with one line that names the family or function, the
parameter, the value and what is accepted.

>>> import lrkit as lk
>>> try:
...     lk.cosine(min_lr=-1e-5)
... except ValueError as e:
...     print(e)
cosine: min_lr must be >= 0, got -1e-05
"""

from __future__ import annotations

import warnings

__all__ = ["LRKitError", "SpecError", "LRKitWarning", "warn_once"]


class LRKitError(ValueError):
    """A user-facing error: bad arguments, missing run length, bad state."""


class SpecError(LRKitError):
    """A schedule spec (text or dict) that cannot be parsed or built.

    ``column`` is the 1-based column of the problem in the text form, when known.
    """

    def __init__(self, message: str, *, text: str | None = None, column: int | None = None):
        self.text = text
        self.column = column
        if text is not None and column is not None:
            message = f"{message}\n  {text}\n  {' ' * (column - 1)}^ (column {column})"
        super().__init__(message)


class LRKitWarning(UserWarning):
    """Category of every warning lrkit issues, so users can filter them."""


_WARNED: set = set()


def warn_once(key: object, message: str, stacklevel: int = 3) -> None:
    """Issue ``message`` as an :class:`LRKitWarning` once per ``key``.

    The key identifies the cause (e.g. ``(id(scheduler), "past-end")``) so a
    warning inside a training loop is shown once, not every step.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     for _ in range(3):
    ...         warn_once(("doctest", "example"), "shown once")
    >>> [(w.category.__name__, str(w.message)) for w in seen]
    [('LRKitWarning', 'shown once')]
    """
    if key in _WARNED:
        return
    _WARNED.add(key)
    warnings.warn(message, LRKitWarning, stacklevel=stacklevel)
