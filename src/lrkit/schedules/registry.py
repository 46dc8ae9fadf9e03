"""The registry: spec name -> family class, the two combinators, and the spec language's forms.

A family registers itself with ``@register``; the parser and ``from_dict`` (in
:mod:`lrkit.spec`) read :data:`REGISTRY`. The combinators (``seq`` for ``>>``,
``product`` for ``*``) are registered apart, so that the base class can build
them without importing their module.

The text and dict forms of a schedule belong to the spec language, which sits
on top of the schedules: :mod:`lrkit.spec` installs them here with
:func:`install_forms` when it is imported (``import lrkit`` does), and
``str(schedule)`` / ``schedule.to_dict()`` call them. The core never imports
:mod:`lrkit.spec`.

>>> import lrkit as lk
>>> REGISTRY["cosine"] is type(lk.cosine())
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from .base import Schedule

__all__ = ["REGISTRY", "register", "register_combinator", "combinator", "install_forms", "form"]

#: spec name -> family class; the parser and ``from_dict`` read it.
REGISTRY: dict[str, type["Schedule"]] = {}
_COMBINATORS: dict[str, type["Schedule"]] = {}
_FORMS: dict[str, Callable[["Schedule"], Any]] = {}


def register(cls: type["Schedule"]) -> type["Schedule"]:
    """Class decorator: make a family known to the parser under ``cls.name``."""
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise RuntimeError(f"schedule name {cls.name!r} registered twice")
    REGISTRY[cls.name] = cls
    return cls


def register_combinator(cls: type["Schedule"]) -> type["Schedule"]:
    """Class decorator for ``seq`` (``>>``) and ``product`` (``*``): known to the base class, not to the parser."""
    _COMBINATORS[cls.name] = cls
    return cls


def combinator(name: str) -> type["Schedule"]:
    """The class of combinator ``name`` (``"seq"`` or ``"product"``)."""
    return _COMBINATORS[name]


def install_forms(**forms: Callable[["Schedule"], Any]) -> None:
    """Called by :mod:`lrkit.spec` on import: ``text=…`` (``str(s)``) and ``dict=…`` (``s.to_dict()``)."""
    _FORMS.update(forms)


def form(kind: str, schedule: "Schedule") -> Any:
    """The ``kind`` form (``"text"`` or ``"dict"``) of ``schedule``, written by :mod:`lrkit.spec`."""
    try:
        write = _FORMS[kind]
    except KeyError:  # only when lrkit.schedules is loaded without the package (never via `import lrkit`)
        raise RuntimeError(f"the {kind} form of a schedule is written by lrkit.spec; import lrkit") from None
    return write(schedule)
