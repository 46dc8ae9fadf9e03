"""Terminal plots: a learning-rate curve drawn with unicode braille (or plain ASCII).

Pure Python and numpy, no matplotlib. The chart fits ``width`` columns (80 by
default). Each character column covers a range of steps and shows the lowest
and the highest LR in that range joined to its neighbours, so a step drop is a
vertical line and a fast cycle is a band, never an aliased zig-zag.

One schedule is drawn in braille (2x4 dots per character). Several
(``compare``) are drawn with one marker per schedule (``*``, ``o``, ``+``,
``x``, ``#``, ``@``), ``&`` where two cross, and a legend; ``color=True`` draws
them in braille with ANSI colours instead.

>>> import lrkit as lk
>>> print(terminal_plot(lk.warmup(10) >> lk.cosine(), total_steps=100, width=40, height=5))
lr vs step  (base_lr=1)
       1 ┤  ⢸⠉⠉⠙⠒⠒⠤⢄⡀
         │  ⡇       ⠈⠙⠢⢄⡀
     0.5 ┤ ⡜            ⠈⠓⠦⢄⡀
         │⢰⠁                ⠉⠓⠤⣀
       0 ┤⡎                     ⠉⠓⠲⠤⠤⣀⣀⣀
         └┬─────────────┬──────────────┬
          0            50            100
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Sequence as Seq

import numpy as np

from ..errors import LRKitError
from ..schedules.validate import check_int
from ..schedules.base import Schedule
from .series import as_schedules, evaluate, labels_for

__all__ = ["terminal_plot"]

_MARKERS = "*o+x#@%"
_COLORS = (33, 36, 35, 32, 31, 34, 37)  # yellow, cyan, magenta, green, red, blue, white
_BRAILLE = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row in cell][col in cell]
_LABEL_W = 8  # y-axis label width; the axis itself takes 2 more columns


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    s = f"{v:.3g}"
    return s if len(s) <= _LABEL_W else f"{v:.1e}"


def _columns(y: np.ndarray, x_of: np.ndarray, ncols: int) -> list[tuple[float, float] | None]:
    """For each pixel column: the (lowest, highest) y of the steps it covers, or None."""
    out: list[tuple[float, float] | None] = [None] * ncols
    ok = np.isfinite(y)
    if not ok.any():
        return out
    cols = x_of[ok]
    vals = y[ok]
    lo = np.full(ncols, np.inf)
    hi = np.full(ncols, -np.inf)
    np.minimum.at(lo, cols, vals)
    np.maximum.at(hi, cols, vals)
    last = None
    first = int(cols.min())
    for c in range(ncols):
        if lo[c] <= hi[c]:
            last = out[c] = (float(lo[c]), float(hi[c]))
        elif last is not None and c > first and c <= int(cols.max()):
            out[c] = (last[1], last[1])  # no step falls in this column: the LR holds between steps
    return out


def _rasterize(cols: list[tuple[float, float] | None], to_row, nrows: int) -> np.ndarray:
    """Boolean pixel grid (rows top-down) with each column's range joined to the previous one."""
    grid = np.zeros((nrows, len(cols)), dtype=bool)
    prev: tuple[int, int] | None = None
    for c, span in enumerate(cols):
        if span is None:
            prev = None
            continue
        r_hi, r_lo = to_row(span[1]), to_row(span[0])  # rows grow downwards
        top, bottom = min(r_hi, r_lo), max(r_hi, r_lo)
        own = (top, bottom)
        if prev is not None:  # join to the neighbour so a jump draws as a vertical line
            if prev[1] < top:  # the previous column is higher up
                top = prev[1] + 1
            elif prev[0] > bottom:  # lower down
                bottom = prev[0] - 1
        grid[top:bottom + 1, c] = True
        prev = own
    return grid


def terminal_plot(specs: Schedule | str | Mapping[str, Any] | Seq[Any], total_steps: int, *,
                  steps_per_epoch: int | None = None, per: str = "step", base_lr: float = 1.0,
                  log: bool = False, width: int = 80, height: int = 16, labels: Seq[str] | None = None,
                  ascii: bool = False, color: bool | None = False,
                  tokens_per_step: float | None = None, samples_per_step: float | None = None) -> str:
    """Draw one or several schedules over a run as text, ``width`` columns wide.

    - ``specs``: a schedule, its spec text or dict form, or a list of them.
    - ``total_steps``, ``steps_per_epoch``, ``per``, ``tokens_per_step``, ``samples_per_step``: as in
      :meth:`lrkit.Schedule.bind`.
    - ``base_lr``: the LR the schedule multiplies (absolute schedules ignore it).
    - ``log``: a log10 y axis (steps whose LR is 0 are left out).
    - ``height``: rows of the plot area; ``ascii``: plain ``*`` markers instead of braille;
      ``color``: ANSI colours (``None``: when ``NO_COLOR`` is unset and ``TERM`` is not dumb).

    >>> import lrkit as lk
    >>> out = terminal_plot([lk.cosine(), lk.warmup(5) >> lk.cosine()], total_steps=50, height=6)
    >>> max(len(line) for line in out.splitlines()) <= 80
    True
    >>> print(out.splitlines()[-2])
      * cosine
    """
    schedules = as_schedules(specs)
    names = labels_for(schedules, labels)
    _check_size(width, height, len(schedules))
    if color is None:
        color = not os.environ.get("NO_COLOR") and os.environ.get("TERM", "dumb") != "dumb"
    multi = len(schedules) > 1
    braille = not ascii and (not multi or color)
    sx, sy = (2, 4) if braille else (1, 1)
    ncols = width - _LABEL_W - 2

    series = [evaluate(s, total_steps, steps_per_epoch=steps_per_epoch, per=per, base_lr=base_lr,
                       tokens_per_step=tokens_per_step, samples_per_step=samples_per_step) for s in schedules]
    ys = [_y_values(lr, log) for _, lr in series]
    y_lo, y_hi = _y_range(ys, log)
    nx, ny = ncols * sx, height * sy

    def to_row(v: float) -> int:
        return int(round((y_hi - v) / (y_hi - y_lo) * (ny - 1)))

    grids = [_rasterize(_columns(y, np.minimum((steps * nx) // (total_steps + 1), nx - 1).astype(np.int64), nx),
                        to_row, ny) for (steps, _), y in zip(series, ys)]
    rows = [_row(grids, r, ncols, sx, sy, braille, color, multi) for r in range(height)]
    out = [_title(total_steps, steps_per_epoch, per, base_lr, log, width)]
    out += _y_axis(rows, y_lo, y_hi, sy, log, ascii)
    out += _x_axis(total_steps, ncols, ascii)
    if multi:
        out += _legend(names, braille, color, width)
    return "\n".join(out)


def _check_size(width: Any, height: Any, n: int) -> None:
    check_int("plot", "width", width, ge=30, note="columns")
    check_int("plot", "height", height, ge=3, note="rows")
    if n > len(_MARKERS):
        raise LRKitError(f"plot: at most {len(_MARKERS)} schedules in one terminal plot, got {n}")


def _y_values(lr: np.ndarray, log: bool) -> np.ndarray:
    """What the y axis shows: the LR, or its log10 (NaN where the LR is 0)."""
    if not log:
        return lr
    with np.errstate(divide="ignore"):
        return np.where(lr > 0, np.log10(np.where(lr > 0, lr, 1.0)), np.nan)


def _y_range(ys: list[np.ndarray], log: bool) -> tuple[float, float]:
    """The y axis's (bottom, top): from 0 unless the curves stay near their top; a flat curve on the top row."""
    finite = np.concatenate([y[np.isfinite(y)] for y in ys])
    if finite.size == 0:
        raise LRKitError("plot: --log needs an LR > 0 somewhere, but every LR is 0")
    y_lo, y_hi = float(finite.min()), float(finite.max())
    if not log and 0 <= y_lo < 0.5 * y_hi:
        y_lo = 0.0  # an LR axis starts at 0 unless the curve stays near its top
    if y_hi - y_lo <= 1e-12 * max(1.0, abs(y_hi)):  # flat: draw it on the top row
        if not log:
            y_lo, y_hi = 0.0, (y_hi if y_hi > 0 else 1.0)
        else:
            y_lo, y_hi = y_hi - 1.0, y_hi
    return y_lo, y_hi


def _row(grids: list[np.ndarray], r: int, ncols: int, sx: int, sy: int, braille: bool, color: bool,
         multi: bool) -> str:
    """Text row ``r``: each character the pixels of every curve in its cell (braille dots or a marker)."""
    cells = []
    for c in range(ncols):
        blocks = [g[r * sy:(r + 1) * sy, c * sx:(c + 1) * sx] for g in grids]
        owners = [i for i, b in enumerate(blocks) if b.any()]
        if not owners:
            cells.append(" ")
        elif braille:
            code = 0
            for i in owners:
                for dr, dc in zip(*np.nonzero(blocks[i])):
                    code |= _BRAILLE[dr][dc]
            ch = chr(0x2800 + code)
            cells.append(f"\x1b[{_COLORS[owners[-1]]}m{ch}\x1b[0m" if color and multi else ch)
        else:
            ch = _MARKERS[owners[0]] if len(owners) == 1 else "&"
            cells.append(f"\x1b[{_COLORS[owners[0]]}m{ch}\x1b[0m" if color and len(owners) == 1 else ch)
    return "".join(cells).rstrip()


def _title(total_steps: int, steps_per_epoch: int | None, per: str, base_lr: float, log: bool, width: int) -> str:
    unit = "step"
    if steps_per_epoch:
        unit += f" ({total_steps / steps_per_epoch:g} epochs of {steps_per_epoch} steps)"
    return (f"lr vs {unit}  (base_lr={base_lr:g}{', log scale' if log else ''}"
            f"{', stepped per epoch' if per == 'epoch' else ''})"[:width])


def _y_axis(rows: list[str], y_lo: float, y_hi: float, sy: int, log: bool, ascii: bool) -> list[str]:
    """The rows behind the y axis, labelled on the top, middle and bottom rows."""
    height, ny = len(rows), len(rows) * sy
    mid = (height - 1) // 2
    tick_rows = {0: y_hi, mid: y_hi - (mid * sy + (sy - 1) / 2) / (ny - 1) * (y_hi - y_lo),
                 height - 1: y_lo}
    vline, tick = ("│", "┤") if not ascii else ("|", "+")
    out = []
    for r, line in enumerate(rows):
        if r in tick_rows:
            v = tick_rows[r]
            label = _fmt(10 ** v if log else v)
            out.append(f"{label:>{_LABEL_W}} {tick}{line}")
        else:
            out.append(f"{'':>{_LABEL_W}} {vline}{line}")
    return out


def _x_axis(total_steps: int, ncols: int, ascii: bool) -> list[str]:
    """The x axis and its labels: ticks at step 0, the middle and the end (a label that would overlap is left out)."""
    corner, hline, xtick = ("└", "─", "┬") if not ascii else ("+", "-", "+")
    xt = [0, total_steps // 2, total_steps]
    pos = [min(int(s * ncols / (total_steps + 1)), ncols - 1) for s in xt]
    axis = [hline] * ncols
    for p in pos:
        axis[p] = xtick
    lab = [" "] * (ncols + 12)
    for s, p in zip(xt, pos):
        txt = str(s)
        start = max(0, p - len(txt) + 1) if p == pos[-1] else max(0, p - len(txt) // 2)
        if any(ch != " " for ch in lab[max(0, start - 1):start + len(txt)]):
            continue
        lab[start:start + len(txt)] = list(txt)
    return [f"{'':>{_LABEL_W}} {corner}{''.join(axis)}", f"{'':>{_LABEL_W}}  {''.join(lab).rstrip()}"]


def _legend(names: list[str], braille: bool, color: bool, width: int) -> list[str]:
    out = []
    for i, name in enumerate(names):
        mark = _MARKERS[i] if not braille else "⣿"
        if color:
            mark = f"\x1b[{_COLORS[i]}m{mark}\x1b[0m"
        text = name if len(name) <= width - 4 else name[:width - 5] + "…"
        out.append(f"  {mark} {text}")
    return out
