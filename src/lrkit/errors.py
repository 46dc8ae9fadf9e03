"""Errors and warnings raised by lrkit.

Every user mistake is raised as a subclass of :class:`LRKitError` (which is a
``ValueError``), with one line that names the family or function, the
parameter, the value and what is accepted. A framework lrkit needs and cannot
import is a :class:`DependencyError` (an ``LRKitError`` that is also an
``ImportError``), raised by :func:`require` with the command that installs it.

>>> import lrkit as lk
>>> try:
...     lk.cosine(min_lr=-1e-5)
... except ValueError as e:
...     print(e)
cosine: min_lr must be >= 0, got -1e-05
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import warnings
from types import ModuleType
from typing import Any, Callable

__all__ = ["LRKitError", "SpecError", "DependencyError", "LRKitWarning", "LRKitDeprecationWarning", "require",
           "warn_once", "renamed_argument"]


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


class DependencyError(LRKitError, ImportError):
    """A framework or library lrkit needs is not installed, or is installed but cannot be imported.

    It is an :class:`LRKitError` (the CLI prints it as one line) and an ``ImportError``
    (``except ImportError`` and ``pytest.importorskip`` treat it as a missing module).
    """


class LRKitWarning(UserWarning):
    """Category of every warning lrkit issues, so users can filter them."""


class LRKitDeprecationWarning(LRKitWarning, DeprecationWarning):
    """A name lrkit still accepts but will drop: the message says what to write instead."""


def require(module: str, *, by: str, install: str, broken_hint: str = "") -> ModuleType:
    """Import ``module`` for ``by``, or raise :class:`DependencyError` saying what to do.

    - not installed: ``"{by} needs {module}: {install}"``;
    - installed but its import fails (e.g. Keras without its backend): the error it
      raised, and ``broken_hint`` (how to make it load) instead of the install command.

    >>> require("math", by="the doctest", install="(nothing to install)").sqrt(4.0)
    2.0
    >>> try:
    ...     require("lrkit_no_such_module", by="lrkit.example", install="pip install lrkit-example")
    ... except ImportError as e:
    ...     print(type(e).__name__, "-", e)
    DependencyError - lrkit.example needs lrkit_no_such_module: pip install lrkit-example
    """
    try:
        return importlib.import_module(module)
    except Exception as e:  # noqa: BLE001 - a broken install raises anything; reported with its cause below
        top = module.partition(".")[0]
        missing = isinstance(e, ImportError) and getattr(e, "name", None) in (module, top)
        if missing or importlib.util.find_spec(top) is None:
            raise DependencyError(f"{by} needs {module}: {install}") from None
        raise DependencyError(f"{by}: {module} is installed but cannot be imported "
                              f"({type(e).__name__}: {e}); {broken_hint or install}") from e


def warn_once(owner: object, cause: str, message: str, stacklevel: int = 3) -> None:
    """Issue ``message`` as an :class:`LRKitWarning` once per ``cause`` of ``owner``.

    The causes already warned about are kept on ``owner`` itself (any object with a
    ``__dict__``), so a warning inside a training loop is shown once per object,
    not every step, and a new object always gets its own warnings.

    >>> import warnings
    >>> class Run: pass
    >>> first, second = Run(), Run()
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     for run in (first, first, first, second):
    ...         warn_once(run, "example", "shown once per run")
    >>> [(w.category.__name__, str(w.message)) for w in seen]
    [('LRKitWarning', 'shown once per run'), ('LRKitWarning', 'shown once per run')]
    """
    seen = vars(owner).setdefault("_lrkit_warned", set())
    if cause in seen:
        return
    seen.add(cause)
    warnings.warn(message, LRKitWarning, stacklevel=stacklevel)


def renamed_argument(**renames: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: keep accepting old keyword names (``old="new"``), with a deprecation warning.

    >>> @renamed_argument(spec="schedule")
    ... def run(schedule):
    ...     return schedule
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     run(spec="cosine")
    'cosine'
    >>> print(seen[0].message)
    run(spec=...) is deprecated: write run(schedule=...)
    """
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        name = getattr(fn, "__qualname__", fn.__name__).replace(".__init__", "")

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise LRKitError(f"{name}: got both {old}= and {new}= ({old} is the old name of {new}); "
                                         f"pass {new}= only")
                    warnings.warn(f"{name}({old}=...) is deprecated: write {name}({new}=...)",
                                  LRKitDeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)

        return call

    return wrap
