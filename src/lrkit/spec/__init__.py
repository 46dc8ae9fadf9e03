"""The spec language: the text and dict forms of schedules, one layer above the schedule objects.

- :func:`parse` (:mod:`.parser`): text -> schedule; ``str(schedule)``: schedule -> text.
- :func:`from_dict` / ``schedule.to_dict()`` (:mod:`.forms`): the dict form for JSON/YAML/TOML.
- :mod:`.build`: the checks both forms share (unknown family or parameter, Python code).
- :func:`as_schedule`: the one entry point every adapter and tool uses to accept a schedule.

Importing this package installs the text and dict writers into the core
(:func:`lrkit.schedules.registry.install_forms`); ``import lrkit`` does it.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..errors import LRKitError, SpecError
from ..schedules.base import Schedule
from ..schedules.registry import install_forms
from .forms import from_dict, to_dict, to_text
from .parser import parse

__all__ = ["as_schedule", "parse", "from_dict"]

install_forms(text=to_text, dict=to_dict)


def as_schedule(spec: Any):
    """A :class:`lrkit.Schedule` from a schedule, its spec text, its dict form, or that dict as JSON text.

    >>> import lrkit as lk
    >>> as_schedule("warmup(5%) >> cosine") == as_schedule({"type": "seq", "parts": [
    ...     {"type": "warmup", "duration": "5%"}, {"type": "cosine"}]}) == lk.warmup("5%") >> lk.cosine()
    True
    >>> as_schedule('{"type": "cosine", "min_lr": 1e-05}')
    Schedule('cosine(min_lr=1e-05)')
    """
    if isinstance(spec, Schedule):
        return spec
    if isinstance(spec, Mapping):
        return from_dict(spec)
    if isinstance(spec, str):
        text = spec.strip()
        if text.startswith("{"):
            try:
                d = json.loads(text)
            except json.JSONDecodeError as e:
                raise SpecError(f"schedule JSON is malformed: {e}") from None
            return from_dict(d)
        return parse(text)
    raise LRKitError(f"schedule must be an lrkit Schedule, a spec string such as 'warmup(5%) >> cosine' "
                     f"or its dict form, got {type(spec).__name__} {spec!r}")
