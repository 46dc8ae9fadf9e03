"""A user function of the step: ``lambda_(fn)`` (torch's ``LambdaLR``). Not serializable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Mapping

import numpy as np

from ..errors import LRKitError
from .base import EvalFn, Schedule
from .registry import register
from .units import Context, Duration

__all__ = ["Lambda", "call_on_steps", "call_on_array"]


def fn_name(fn: Callable) -> str:
    name = getattr(fn, "__name__", None) or type(fn).__name__
    return "lambda" if name == "<lambda>" else name


def call_on_steps(fn: Callable, t: np.ndarray, what: str) -> np.ndarray:
    """``fn`` applied to every element of ``t``, shaped like ``t`` (float64).

    Tries the array path first (``fn(array)``, one call); if the function
    cannot take an array (raises, or returns something of another shape, or
    disagrees with a per-element call on the first and last element) it is
    called once per element. Whole-number steps are passed as ints (int64
    arrays), as torch passes ``last_epoch``.
    """
    t = np.asarray(t, dtype=np.float64)
    integral = bool(np.all(t == np.floor(t)))
    arg = t.astype(np.int64) if integral else t

    def one(x: Any) -> float:
        x = int(x) if integral else float(x)
        try:
            v = fn(x)
            return float(v)
        except LRKitError:
            raise
        except Exception as e:  # the user's function failed on a plain number: say where
            raise LRKitError(f"{what}: the function failed at step {x}: {type(e).__name__}: {e}") from e

    if t.ndim == 0:
        return _finite(np.asarray(one(arg[()])), arg, what)
    flat = arg.ravel()
    out = None
    if flat.size:
        try:
            with np.errstate(all="ignore"):
                res = np.asarray(fn(flat), dtype=np.float64)
            if res.shape in ((), flat.shape):
                res = np.broadcast_to(res, flat.shape)
                probe = [0, flat.size - 1]
                if all(np.allclose(res[i], one(flat[i]), rtol=1e-12, atol=0.0, equal_nan=True) for i in probe):
                    out = res
        except LRKitError:
            raise
        except Exception:  # noqa: BLE001 - a scalar-only function: fall back to one call per element
            out = None
    if out is None:
        out = np.fromiter((one(x) for x in flat), dtype=np.float64, count=flat.size)
    return _finite(np.asarray(out, dtype=np.float64).reshape(t.shape), arg, what)


def call_on_array(fn: Callable, t: Any, what: str) -> Any:
    """``fn(t)`` for a framework's (possibly traced) array of steps; a failure is one error saying why.

    >>> call_on_array(lambda s: 0.5 ** s, np.arange(3.0), "lambda_").tolist()
    [1.0, 0.5, 0.25]
    """
    try:
        return fn(t)
    except LRKitError:
        raise
    except Exception as e:  # e.g. `if s < 10` on a traced array
        raise LRKitError(f"{what}: the function failed on the framework's array of steps ({type(e).__name__}: "
                         f"{str(e).splitlines()[0] if str(e) else ''}); in JAX and Keras it is called once with "
                         "all the steps, so write it with array operations (0.95 ** s, not `if s < 10`)") from e


def _finite(out: np.ndarray, steps: np.ndarray, what: str) -> np.ndarray:
    """``out`` when every value is finite, else the error naming the first bad step and value."""
    bad = ~np.isfinite(out)
    if bad.any():
        i = np.flatnonzero(bad.ravel())[0]
        raise LRKitError(f"{what}: the function returned {out.ravel()[i]} at step {steps.ravel()[i]}; "
                         "it must return a finite number")
    return out


@register
@dataclass(frozen=True, repr=False)
class Lambda(Schedule):
    """``lambda_``: ``lr(t) = base_lr * fn(t)`` for a Python function ``fn`` of the step.

    ``fn`` takes the step local to this family (an int: 0, 1, 2, …) and returns
    the multiplier of each param group's base LR, exactly as torch's
    ``LambdaLR(optimizer, fn)``. With ``duration`` the family lasts that many
    steps (so it may lead a ``>>`` sequence) and holds ``fn(duration)`` after.

    **Not serializable.** It holds Python code, so it has no spec text that
    parses back and no dict form: ``str()`` shows ``lambda_(<fn name>)`` for
    logs, ``to_dict()`` raises, ``lk.parse``/``lk.from_dict`` do not accept it.
    Prefer the built-in families wherever one fits; use this for one-off
    experiments in Python.

    Evaluation over many steps calls ``fn`` once with an int64 numpy array
    when the function accepts one (``lambda s: 0.95 ** s``) and gives the same
    values as per-step calls; otherwise (``if s < 10: …``, ``math.cos(s)``)
    it is called once per step. In JAX and Keras (:meth:`Curve.evaluate
    <lrkit.schedules.curve.Curve.evaluate>`) ``fn`` is called once with the
    framework's float array of steps, possibly traced: it must be written with
    array operations there (``0.95 ** s`` works, ``if s < 10`` cannot).

    >>> import lrkit as lk
    >>> def halve_every_10(step):
    ...     return 0.5 ** (step // 10)
    >>> s = lk.lambda_(halve_every_10)
    >>> str(s)
    'lambda_(<halve_every_10>)'
    >>> s.bind()([0, 9, 10, 25], base_lr=0.1).tolist()
    [0.1, 0.1, 0.05, 0.025]
    """

    fn: Callable[[int], float] = None  # type: ignore[assignment]
    duration: Duration | int | str | None = None
    name: ClassVar[str] = "lambda_"
    positional: ClassVar[tuple[str, ...]] = ("fn", "duration")
    length_field: ClassVar[str | None] = "duration"
    serializable: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise self._err("fn", "a function of the step returning the LR multiplier", self.fn)
        self._duration("duration")

    def __str__(self) -> str:
        tail = f", {self.duration}" if self.duration is not None else ""
        return f"lambda_(<{fn_name(self.fn)}>{tail})"

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = self._span(ctx, span, needed=False) if self.duration is not None else None
        fn = self.fn

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            tt = xp.minimum(t, float(n)) if n is not None else t
            if xp is not np:  # jax.numpy / keras.ops: the function gets the framework's array of steps
                return base * call_on_array(fn, tt, "lambda_")
            m = call_on_steps(fn, tt, "lambda_")
            if np.any(m < 0):
                i = np.flatnonzero(np.ravel(m) < 0)[0]
                raise LRKitError(f"lambda_: the function returned {np.ravel(m)[i]} at step "
                                 f"{np.ravel(np.broadcast_to(tt, m.shape))[i]:g}; an LR multiplier must be >= 0")
            return base * m

        return f
