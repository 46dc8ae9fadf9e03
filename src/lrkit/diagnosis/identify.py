"""Identify a schedule from its logged LR: fit the catalogue, return the spec that reproduces it.

Each candidate family (constant, cosine, linear, exponential, polynomial, step decay, one-cycle,
each after an optional linear warmup) gets its parameters from the logged curve in closed form
(least squares for a floor, a log-linear fit for a rate, the change points for milestones); the
spec text is then parsed and evaluated by lrkit itself at the logged steps, and the candidate with
the smallest error, relative to the peak LR, wins.

>>> import numpy as np, lrkit as lk
>>> steps = np.arange(0, 3000, 10)
>>> lr = lk.parse("warmup(100) >> cosine(min_lr=1e-5)").bind(total_steps=3000)(steps, base_lr=0.1)
>>> got = identify(steps, lr)
>>> got.spec, got.description
('warmup(100) >> cosine(min_lr=1e-05)', 'cosine to 1e-05 over 3,000 steps after a 100-step warmup, peak LR 0.1')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import LRKitError
from ..spec.parser import parse

__all__ = ["Identified", "identify", "evaluate_spec"]

GOOD_FIT = 0.05   # the largest error (relative to the peak) at which a spec "reproduces" the logged LR


@dataclass(frozen=True)
class Identified:
    """A spec that reproduces a logged LR: ``spec`` (lrkit text), ``base_lr`` (the peak), ``total_steps``,
    ``offset`` (logged step - schedule step), ``max_error`` (relative to the peak), ``description``."""

    spec: str
    base_lr: float
    total_steps: int
    offset: int
    max_error: float
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {"spec": self.spec, "base_lr": float(f"{self.base_lr:.6g}"), "total_steps": self.total_steps,
                "source": "identified", "max_error": round(self.max_error, 5), "description": self.description}


def _g(x: float) -> str:
    return f"{x:.3g}"


def evaluate_spec(spec: str, x: np.ndarray, total_steps: int, base_lr: float,
                  steps_per_epoch: int | None = None) -> np.ndarray:
    """The LR of ``spec`` at schedule steps ``x`` (clipped at 0) for a run of ``total_steps``."""
    kw = {"steps_per_epoch": steps_per_epoch} if steps_per_epoch else {}
    curve = parse(spec).bind(total_steps=int(total_steps), **kw)
    return np.asarray(curve(np.maximum(np.asarray(x, dtype=np.int64), 0), base_lr=base_lr), dtype=float)


def _nice(lo: float, hi: float) -> int:
    """The roundest whole number in ``(lo, hi]`` (``hi`` when the interval is empty)."""
    lo_i, hi_i = int(np.floor(lo)), int(np.floor(hi))
    if hi_i <= lo_i:
        return int(round(hi))
    for k in range(len(str(hi_i)), -1, -1):
        for m in (10 ** k, 5 * 10 ** k // 10 if k else 1, 2 * 10 ** k // 10 if k else 1):
            if m < 1:
                continue
            n = (hi_i // m) * m
            if n > lo_i:
                return int(n)
    return hi_i


def _warmup(x: np.ndarray, y: np.ndarray) -> tuple[int, float, int]:
    """(warmup steps, start factor, index of the peak) for a rising start; (0, 1, 0) otherwise."""
    top = int(np.argmax(y >= 0.999))
    if top == 0 or y[0] >= 0.95:
        return 0, 1.0, 0
    if top >= 2:
        b, a = np.polyfit(x[:top], y[:top], 1)
    else:
        b = (y[top] - y[0]) / max(x[top] - x[0], 1)
        a = y[0] - b * x[0]
    sf = 0.0 if a < 2e-3 else float(_g(min(float(a), 1.0)))
    W = (1 - sf) / b if b > 0 else float(x[top])
    W = _nice(max(x[top - 1], W - 0.5), min(x[top], W + 0.5)) if x[top] - x[top - 1] > 1 else int(round(W))
    return max(int(W), 1), sf, top


def _onecycle(x: np.ndarray, y: np.ndarray, top: int, T: int, peak: float) -> str:
    """torch's OneCycleLR peaks at step ``pct_start * T - 1`` and starts at ``max_lr / div_factor``."""
    top = int(np.argmax(y))
    lo = (x[top - 1] + 1) / T if top else 0.0
    pct = _nice(lo * 1000, (x[top] + 1) / T * 1000) / 1000
    text = f"onecycle(max_lr={_g(peak)}, pct_start={pct:g}"
    y0 = y[0] if x[0] == 0 else np.nan
    if np.isfinite(y0) and y0 > 0 and abs(1 / y0 / 25 - 1) > 0.05:
        text += f", div_factor={_g(1 / y0)}"
    return text + ")"


def _decay_candidates(t: np.ndarray, y: np.ndarray, D: int, peak: float) -> list[str]:
    """Spec texts for the part after the peak (``t`` steps into it, ``D`` its length)."""
    out = ["constant"]
    if len(t) < 2 or D <= 0:
        return out
    q = np.clip(t / D, 0, 1)
    c = (1 + np.cos(np.pi * q)) / 2
    den = float(np.sum((1 - c) ** 2))
    m = float(np.sum((y - c) * (1 - c)) / den) if den > 0 else 0.0
    floor = max(m, 0.0) * peak
    out.append("cosine")
    if floor > 1e-6 * peak:
        out.append(f"cosine(min_lr={_g(floor)})")
    lin = q
    den = float(np.sum(lin ** 2))
    e = 1 + float(np.sum((y - 1) * lin) / den) if den > 0 else 0.0
    out.append(f"linear(end_factor={_g(max(e, 0.0))})" if e > 1e-4 else "linear")
    pos = (y > 0) & (t > 0)
    if pos.sum() >= 2:
        slope = float(np.polyfit(t[pos], np.log(y[pos]), 1)[0])
        if slope < 0:
            out.append(f"exponential(gamma={np.exp(slope):.6g})")
    for p in (0.5, 0.9, 2.0, 3.0):
        out.append(f"poly(power={p:g})")
    levels = np.flatnonzero(np.abs(np.diff(y)) > 1e-6) + 1
    if 1 <= len(levels) <= 8 and len(levels) < len(y) / 3:
        ratios = y[levels] / np.maximum(y[levels - 1], 1e-30)
        gamma = float(np.median(ratios))
        ms = [_nice(t[i - 1], t[i]) for i in levels]
        out.append(f"multistep([{', '.join(map(str, ms))}], gamma={_g(gamma)})")
        diffs = np.diff([0] + ms)
        if len(ms) >= 2 and diffs.max() == diffs.min():
            out.append(f"step({int(diffs[0])}, gamma={_g(gamma)})")
    return out


def _early_end(x: np.ndarray, y: np.ndarray, top: int, T: int) -> int | None:
    """The step where a decay reaches its final value, when that is well before the end of the run."""
    last = y[-1]
    flat = np.abs(y - last) <= 1e-6 + 1e-3 * abs(last)
    moving = np.flatnonzero(~flat)
    if not len(moving) or moving[-1] + 1 >= len(x) or moving[-1] < top:
        return None
    i = int(moving[-1]) + 1
    end = _nice(x[i - 1], x[i])
    return end if end < 0.95 * T and end > (x[top] if top else 0) else None


_SAMPLE = 20_000


def _sample(lr: np.ndarray, peak: float) -> np.ndarray:
    """Indices to score candidates on: all of a short log; of a long one, 20,000 evenly spaced points plus
    both sides of every jump (a step decay's milestones)."""
    n = len(lr)
    if n <= _SAMPLE:
        return np.arange(n)
    jumps = np.flatnonzero(np.abs(np.diff(lr)) > 1e-3 * peak)
    if len(jumps) > _SAMPLE:
        jumps = jumps[:: len(jumps) // _SAMPLE + 1]
    return np.unique(np.r_[np.linspace(0, n - 1, _SAMPLE).astype(np.int64), jumps, jumps + 1, n - 1])


def _describe(spec: str, T: int, W: int, peak: float) -> str:
    main = spec.split(" >> ")[-1]
    name = main.split("(")[0]
    if name == "onecycle":
        pct = float(main.split("pct_start=")[1].split(",")[0].rstrip(")"))
        return f"one-cycle over {T:,} steps, up to {_g(peak)} at {pct:.0%} of the run and down to ~0"
    words = {"cosine": "cosine", "linear": "linear decay", "exponential": "exponential decay",
             "poly": "polynomial decay", "multistep": "step decay", "step": "step decay", "constant": "constant LR",
             "onecycle": "one-cycle"}.get(name, name)
    if "min_lr=" in main:
        words += f" to {main.split('min_lr=')[1].rstrip(')').split(',')[0]}"
    elif "end_factor=" in main:
        words += f" to {main.split('end_factor=')[1].rstrip(')').split(',')[0]}x the peak"
    elif name == "cosine":
        words += " to 0"
    if "(" in main and main.split("(")[1].split(",")[0].rstrip(")").isdigit():
        n = int(main.split("(")[1].split(",")[0].rstrip(")"))
        text = f"{words} over {n:,} steps, then held for the rest of the {T:,}-step run"
        return f"{text}{f' after a {W:,}-step warmup' if W else ''}, peak LR {_g(peak)}"
    text = f"{words} over {T:,} steps"
    if W:
        text += f" after a {W:,}-step warmup"
    return f"{text}, peak LR {_g(peak)}"


def identify(steps: Any, lr: Any, total_steps: int | None = None) -> Identified | None:
    """The spec that reproduces the logged LR best, or None when nothing fits within 5% of the peak
    (or fewer than 5 finite points). ``total_steps`` defaults to the last logged step."""
    steps, lr = np.asarray(steps), np.asarray(lr, dtype=float)
    ok = np.isfinite(lr)
    steps, lr = steps[ok], lr[ok]
    if len(lr) < 5 or lr.max() <= 0:
        return None
    peak = float(lr.max())
    best: tuple[float, int, str, int, int] | None = None
    for offset in (1, 0):
        x = steps - offset
        if x[0] < 0:
            continue
        gap = int(np.median(np.diff(x))) if len(x) > 1 else 1
        T = int(total_steps or _nice(x[-1], x[-1] + max(gap, 1)))
        y = lr / peak
        W, sf, top = _warmup(x, y)
        warm = "" if not W else (f"warmup({W}) >> " if sf == 0 else f"warmup({W}, start_factor={sf:g}) >> ")
        specs = [warm + d for d in _decay_candidates(x[top:] - W, y[top:], T - W, peak)]
        end = _early_end(x, y, top, T)
        if end is not None:       # a decay that ends before the run does, then holds its floor
            specs += [f"{warm}{d.split('(')[0]}({end - W}{', ' + d.split('(', 1)[1] if '(' in d else ')'}"
                      for d in _decay_candidates(x[top:] - W, y[top:], end - W, peak)[1:]
                      if not d.startswith(("multistep", "step"))]
        if W:
            specs.append(_onecycle(x, y, top, T, peak))
        sel = _sample(lr, peak)
        for simple, spec in enumerate(specs):
            try:
                pred = evaluate_spec(spec, x[sel], T, peak)
            except LRKitError:
                continue
            err = float(np.max(np.abs(pred - lr[sel]))) / peak
            if best is None or err < 0.9 * best[0] - 1e-6:   # a later (richer) candidate must fit clearly better
                best = (err, offset, spec, W, simple)
    if best is None or best[0] > GOOD_FIT:
        return None
    err, offset, spec, W, _ = best
    x = steps - offset
    T = int(total_steps or _nice(x[-1], x[-1] + max(int(np.median(np.diff(x))) if len(x) > 1 else 1, 1)))
    if len(x) > _SAMPLE:      # the winner's error over every logged point
        err = float(np.max(np.abs(evaluate_spec(spec, x, T, peak) - lr))) / peak
        if err > GOOD_FIT:
            return None
    return Identified(spec=spec, base_lr=peak, total_steps=T, offset=offset, max_error=err,
                      description=_describe(spec, T, W, peak))
