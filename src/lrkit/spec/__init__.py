"""The spec language: one text form for the CLI, config files and logs.

See :func:`lrkit.spec.parser.parse` for the text form and :func:`as_schedule` for the
one entry point every adapter and tool uses to accept a schedule.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..errors import LRKitError, SpecError

__all__ = ["as_schedule"]


def as_schedule(spec: Any):
    """A :class:`lrkit.Schedule` from a schedule, its spec text, its dict form, or that dict as JSON text.

    >>> import lrkit as lk
    >>> as_schedule("warmup(5%) >> cosine") == as_schedule({"type": "seq", "parts": [
    ...     {"type": "warmup", "duration": "5%"}, {"type": "cosine"}]}) == lk.warmup("5%") >> lk.cosine()
    True
    >>> as_schedule('{"type": "cosine", "min_lr": 1e-05}')
    Schedule('cosine(min_lr=1e-05)')
    """
    from ..schedules.base import Schedule, from_dict
    from .parser import parse

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
