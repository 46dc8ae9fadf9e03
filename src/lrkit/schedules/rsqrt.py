"""Inverse square-root decay: the Transformer paper's ``d_model`` form and the timescale form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

from .base import EvalFn, Schedule
from .registry import register
from .units import Context, Duration

__all__ = ["InverseSqrt"]


@register
@dataclass(frozen=True, repr=False)
class InverseSqrt(Schedule):
    """``inverse_sqrt``: LR proportional to ``1 / sqrt(step)`` after a linear warmup.

    Two forms, chosen by whether ``d_model`` is given. With ``w`` the warmup in
    steps:

    **Timescale form** (relative to each group's base LR; transformers'
    ``get_inverse_sqrt_schedule``, big_vision's ``rsqrt``)::

        lr(t) = base_lr * t / w                                 for t < w
        lr(t) = base_lr / sqrt((t + timescale - w) / timescale)  from t = w

    ``timescale`` defaults to ``w`` (then ``lr = base_lr * sqrt(w / t)`` after
    the warmup: fairseq's ``inverse_sqrt``), or to 10000 steps without warmup.

    **Transformer form** (absolute LRs, "Attention Is All You Need" eq. 3;
    the groups' base LRs are ignored)::

        s = t + step_offset
        lr(t) = d_model**-0.5 * min(s**-0.5, s * w**-1.5)

    The paper counts steps from 1, so ``step_offset`` defaults to 1 (step 0 is
    the paper's step 1; torch-free and most torch versions use ``step + 1``);
    ``step_offset=0`` is ``LambdaLR(lambda s: … min(s**-0.5, …))`` with
    ``s**-0.5 = inf`` read as the other branch (LR 0 at step 0). Scale it with a
    product: ``inverse_sqrt(4000, d_model=512) * 2`` (the annotated
    transformer's ``factor``).

    Runs to the end of the run, so it goes last in ``>>``.

    >>> import lrkit as lk
    >>> c = lk.inverse_sqrt(100).bind()
    >>> [round(c(t, 1.0), 6) for t in (0, 50, 100, 400)]
    [0.0, 0.5, 1.0, 0.5]
    >>> p = lk.inverse_sqrt(4000, d_model=512).bind()
    >>> round(p(3999), 9), round(p(15999), 9)
    (0.000698771, 0.000349386)
    """

    warmup: Duration | int | str | None = None
    timescale: Duration | int | str | None = None
    d_model: float | None = None
    step_offset: int | None = None
    name: ClassVar[str] = "inverse_sqrt"
    positional: ClassVar[tuple[str, ...]] = ("warmup",)
    length_field: ClassVar[str | None] = None

    def __post_init__(self) -> None:
        self._duration("warmup")
        self._duration("timescale")
        self._float("d_model", gt=0, optional=True)
        self._int("step_offset", ge=0, optional=True)
        if self.d_model is None:
            if self.step_offset is not None:
                raise self._err("step_offset", "left out unless d_model is given (it belongs to the "
                                               "Transformer form)", self.step_offset)
        else:
            if self.warmup is None:
                raise self._err("warmup", "given with d_model (the Transformer form needs its warmup "
                                          "steps, 4000 in the paper)", None)
            if self.timescale is not None:
                raise self._err("timescale", "left out when d_model is given (the Transformer form has "
                                             "no timescale)", self.timescale)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        w = float(self.warmup.resolve(ctx, "inverse_sqrt: warmup")) if self.warmup is not None else 0.0  # type: ignore[union-attr]
        if self.d_model is not None:
            scale = self.d_model ** -0.5
            off = float(1 if self.step_offset is None else self.step_offset)
            wpow = w ** -1.5

            def paper(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
                s = t + off
                return scale * xp.minimum(s ** -0.5, s * wpow)

            return paper
        ts = float(self.timescale.resolve(ctx, "inverse_sqrt: timescale")) if self.timescale is not None \
            else (w or 10_000.0)  # type: ignore[union-attr]
        shift = ts - w

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            warm = t / max(1.0, w)
            decay = 1.0 / xp.sqrt(xp.maximum(t + shift, 0.0) / ts)  # t + shift <= 0 only in the warmup: unused
            return base * xp.where(t < w, warm, decay)

        return f
