""":class:`FinderResult`: the curve of an LR range test, its suggestions, plot and JSON form."""

from __future__ import annotations

import base64
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import LRKitError, require, warn_once
from . import confidence as _confidence
from . import rules as _rules

__all__ = ["FinderResult", "FinderRun"]

_FORMAT = "lrkit.finder/1"


@dataclass
class FinderRun:
    """One sweep: the LR used at each iteration, its raw and smoothed loss, why it stopped.

    ``stop_rule`` says which stop fired: ``"diverge_th"`` (the smoothed loss above
    ``diverge_th`` x its minimum), ``"sustained rise"`` (the trailing median of the raw loss
    above ``rise_th`` x its lowest, 8 steps running), ``"non-finite"``, or ``None`` (completed).
    ``train_losses``: with ``val_loader``, the training loss of each step (``losses`` is then the
    validation loss); ``None`` otherwise.
    """

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stop_reason: str
    stop_rule: str | None = None
    train_losses: np.ndarray | None = None


def _num(x: float) -> Any:
    x = float(x)
    return x if math.isfinite(x) else (None if math.isnan(x) else ("inf" if x > 0 else "-inf"))


def _unnum(x: Any) -> float:
    if x is None:
        return float("nan")
    return float(x)


@dataclass
class FinderResult:
    """The outcome of :func:`lrkit.find_lr`.

    - ``lrs``, ``losses`` (raw), ``smoothed``: the curve (with ``repeats > 1`` the
      element-wise mean of the repeats' raw losses, up to the shortest repeat, and its EMA);
    - ``stop_reason``: ``"completed"``, ``"diverged"`` or ``"non-finite loss"``;
    - ``runs``: every repeat's own curve; ``settings``: the sweep's arguments;
    - ``group_ratios``: each param group's LR relative to group 0 (kept during the sweep;
      suggestions are for group 0 — multiply by the ratio for the others);
    - ``reasons``: why the curve is untrustworthy (empty when it looks sound), ``trustworthy``;
    - ``confidence`` (``"high"``, ``"medium"``, ``"low"``) and ``confidence_reasons``: how far
      to trust the suggestion, each reason a sentence saying what to do (low when untrustworthy);
    - ``stop_rule``: which stop fired (see :class:`FinderRun`); ``turn_up``: where the raw loss
      turned up after its minimum (:func:`lrkit.finder.confidence.turn_up`), or ``None``;
      ``stall``: on a completed sweep whose smoothed loss is lowest at its end, where the raw
      loss stopped falling well before it (:func:`lrkit.finder.confidence.stall`); the rules
      then read the curve only up to there, as a stop there would have left it;
    - ``adaptations``: what the sweep changed on its own, in words (e.g. a longer sweep after
      no descent, or the short runs that confirmed a low-confidence suggestion), empty when nothing;
    - ``probe``: those confirming runs (:mod:`lrkit.finder.probe`: ``runs`` with each LR and score,
      ``best_lr``, ``suggested``, ``steps``, ``score``, ``replayed``), or ``None``. When set,
      :meth:`suggest` with no rule returns ``probe["best_lr"]`` and :meth:`suggestions` lists it as
      ``"confirmed"``.

    >>> import numpy as np
    >>> lrs = np.logspace(-5, 0, 50); x = np.log10(lrs)
    >>> loss = 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0)
    >>> r = FinderResult.from_curve(lrs, loss, smooth=0.0, stop_reason="diverged")
    >>> f"{r.suggest():.3g}", f"{r.suggest('min10'):.3g}", r.trustworthy, r.confidence
    ('0.0011', '0.00954', True, 'high')
    >>> FinderResult.from_dict(r.to_dict()).suggest() == r.suggest()
    True
    """

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stop_reason: str
    settings: dict = field(default_factory=dict)
    runs: list = field(default_factory=list)
    group_ratios: list = field(default_factory=lambda: [1.0])
    reasons: list = field(default_factory=list)
    stop_rule: str | None = None
    adaptations: list = field(default_factory=list)
    turn_up: dict | None = None
    stall: dict | None = None
    probe: dict | None = None

    def read_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """The part of the curve the rules read: all of it, or up to where the raw loss stopped falling (``stall``)."""
        if self.stall is None:
            return self.lrs, self.smoothed
        n = self.stall["read_to"]
        return self.lrs[:n], self.smoothed[:n]

    # ---- construction ----------------------------------------------------------------
    @classmethod
    def from_curve(cls, lrs, losses, *, smooth: float = 0.05, stop_reason: str = "completed",
                   num_iter: int | None = None, **settings: Any) -> "FinderResult":
        """A result from one recorded curve (e.g. another tool's range test)."""
        lrs = np.asarray(lrs, dtype=np.float64)
        losses = np.asarray(losses, dtype=np.float64)
        sm = _rules.ema(losses, smooth)
        num_iter = num_iter or len(lrs)
        run = FinderRun(lrs, losses, sm, stop_reason)
        return cls._combine([run], dict(settings, smooth=smooth, num_iter=num_iter), [1.0])

    @classmethod
    def _combine(cls, runs: list, settings: dict, group_ratios: list,
                 adaptations: list | None = None, probe: dict | None = None) -> "FinderResult":
        num_iter = int(settings["num_iter"])
        if len(runs) == 1:
            r = runs[0]
            lrs, losses, sm, stop, rule = r.lrs, r.losses, r.smoothed, r.stop_reason, r.stop_rule
        else:
            n = min(len(r.lrs) for r in runs)
            lrs = runs[0].lrs[:n]
            stack = np.stack([r.losses[:n] for r in runs])
            with np.errstate(invalid="ignore"):
                losses = stack.mean(axis=0)
            sm = _rules.ema(losses, float(settings.get("smooth", 0.05)))
            first = min(runs, key=lambda r: len(r.lrs))
            stop, rule = first.stop_reason, first.stop_rule
        res = cls(lrs, losses, sm, stop, dict(settings), list(runs), list(group_ratios), stop_rule=rule,
                  adaptations=list(adaptations or []), probe=probe)
        res.turn_up = _confidence.turn_up(lrs, losses, num_iter)
        res.stall = _confidence.stall(lrs, losses, sm, num_iter, stop)
        res.reasons = _rules.assess(lrs, losses, sm, num_iter, stop, res.stall, res.turn_up)
        if len(runs) > 1:
            per = res.per_repeat(_rules.DEFAULT_RULE)
            if per and max(per) > 10 * min(per):
                res.reasons.append(f"repeats disagree: the lrkit suggestion spans {min(per):.2e}..{max(per):.2e} "
                                   f"({max(per) / min(per):.0f}x)")
        return res

    # ---- suggestions -----------------------------------------------------------------
    @property
    def trustworthy(self) -> bool:
        """False when :attr:`reasons` lists a reason to distrust the curve."""
        return not self.reasons

    @property
    def num_iter(self) -> int:
        return int(self.settings.get("num_iter", len(self.lrs)))

    @property
    def confidence(self) -> str:
        """``"high"``, ``"medium"`` or ``"low"``: how far to trust the suggestion (docs/finder.md, "Confidence")."""
        return _confidence.assess_confidence(self)[0]

    @property
    def confidence_reasons(self) -> list[str]:
        """Why the confidence is not high, each a sentence saying what to do (empty when high)."""
        return _confidence.assess_confidence(self)[1]

    @property
    def passes(self) -> float | None:
        """How many times the sweep went over the training data (``None`` when the loader has no ``len()``)."""
        return _confidence.passes(self)

    def suggest(self, rule: str | None = None, *, strict: bool = False) -> float:
        """The LR that ``rule`` suggests (default ``"lrkit"``; see :data:`lrkit.finder.RULES`), or with
        no ``rule``, after ``find_lr`` confirmed a low-confidence curve with short runs, their best LR
        (``probe["best_lr"]``).

        When the confidence is low (always so on an untrustworthy curve) this warns with
        the reasons (``LRKitWarning``), or with ``strict=True`` raises :class:`lrkit.LRKitError`
        instead of returning a number it does not trust.
        """
        if not isinstance(strict, bool):
            raise LRKitError(f"suggest: strict must be True or False, got {strict!r}")
        confirmed = rule is None and self.probe is not None
        rule = rule or _rules.DEFAULT_RULE
        level, why = _confidence.assess_confidence(self)
        if self.reasons and not confirmed:
            msg = "LR finder: the curve is untrustworthy (" + "; ".join(self.reasons) + ")"
            if strict:
                raise LRKitError(msg)
            warn_once(self, "untrusted", msg + "; the suggestion is a guess")
        elif level == "low":
            msg = "LR finder: low confidence in the suggestion (" + "; ".join(why) + ")"
            if strict:
                raise LRKitError(msg)
            warn_once(self, "low", msg)
        if confirmed:
            return float(self.probe["best_lr"])
        if rule == "lrkit":
            self._warn_sweep()
        return _rules.suggest(*self.read_curve(), rule, self.num_iter)

    @property
    def sweep_note(self) -> str | None:
        """Why the ``lrkit`` rule's measured record may not hold for this sweep (``None`` when it does).

        Set when the sweep is not exponential or its density lies outside the
        7.4-19.9 iterations per decade the rule was measured on (the default
        sweep has 12.4); :meth:`suggest` and :meth:`suggest_range` then warn with it.
        """
        return _rules.sweep_note(self.lrs)

    def _warn_sweep(self) -> None:
        note = self.sweep_note
        if note:
            warn_once(self, "sweep", "LR finder: " + note)

    def suggestions(self) -> dict[str, float | None]:
        """Every rule's suggestion (``None`` where a rule can't read the curve), without warnings."""
        out: dict[str, float | None] = {}
        for rule in _rules.RULES:
            try:
                out[rule] = _rules.suggest(*self.read_curve(), rule, self.num_iter)
            except LRKitError:
                out[rule] = None
        if self.probe is not None:
            out["confirmed"] = float(self.probe["best_lr"])
        return out

    def suggest_range(self) -> tuple[float, float]:
        """``(min_lr, max_lr)`` for a cyclic or one-cycle schedule (algorithm in docs/finder.md)."""
        self._warn_sweep()
        return _rules.suggest_range(*self.read_curve(), self.num_iter)

    def per_repeat(self, rule: str) -> list[float]:
        """The suggestion of ``rule`` on each repeat's own curve (one value per repeat)."""
        out = []
        for r in self.runs:
            try:
                out.append(_rules.suggest(r.lrs, r.smoothed, rule, self.num_iter))
            except LRKitError:
                pass
        return out

    def spread(self, rule: str | None = None) -> dict[str, Any]:
        """The suggestion of each repeat and their spread: ``per_repeat``, ``min``, ``median``, ``max``, ``ratio``."""
        rule = rule or _rules.DEFAULT_RULE
        per = self.per_repeat(rule)
        if not per:
            raise LRKitError("spread: no repeat has a usable curve")
        return {"rule": rule, "per_repeat": per, "min": min(per), "median": float(np.median(per)),
                "max": max(per), "ratio": max(per) / min(per)}

    # ---- serialization ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN -> ``None``, infinities -> ``"inf"``/``"-inf"``)."""
        return {
            "format": _FORMAT,
            "settings": dict(self.settings),
            "lrs": [_num(x) for x in self.lrs],
            "losses": [_num(x) for x in self.losses],
            "smoothed": [_num(x) for x in self.smoothed],
            "stop_reason": self.stop_reason,
            "group_ratios": list(self.group_ratios),
            "trustworthy": self.trustworthy,
            "reasons": list(self.reasons),
            "confidence": self.confidence,
            "confidence_reasons": self.confidence_reasons,
            "stop_rule": self.stop_rule,
            "turn_up": self.turn_up,
            "stall": self.stall,
            "adaptations": list(self.adaptations),
            "probe": self.probe,
            "suggestions": self.suggestions(),
            "runs": [{"lrs": [_num(x) for x in r.lrs], "losses": [_num(x) for x in r.losses],
                      "stop_reason": r.stop_reason, "stop_rule": r.stop_rule,
                      **({} if r.train_losses is None else {"train_losses": [_num(x) for x in r.train_losses]})}
                     for r in self.runs],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "FinderResult":
        """Rebuild a result from :meth:`to_dict` output (smoothing and checks are recomputed)."""
        if not isinstance(d, dict) or d.get("format") != _FORMAT:
            raise LRKitError(f"not an lrkit finder result (expected format {_FORMAT!r})")
        settings = dict(d["settings"])
        smooth = float(settings.get("smooth", 0.05))
        runs = []
        for r in d.get("runs") or [{"lrs": d["lrs"], "losses": d["losses"], "stop_reason": d["stop_reason"]}]:
            losses = np.array([_unnum(x) for x in r["losses"]])
            train = r.get("train_losses")
            runs.append(FinderRun(np.array([_unnum(x) for x in r["lrs"]]), losses,
                                  _rules.ema(losses, smooth), r["stop_reason"], r.get("stop_rule"),
                                  None if train is None else np.array([_unnum(x) for x in train])))
        return cls._combine(runs, settings, d.get("group_ratios", [1.0]), d.get("adaptations"), d.get("probe"))

    def save(self, path) -> None:
        """Write :meth:`to_dict` as JSON to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f, indent=1)

    @classmethod
    def load(cls, path) -> "FinderResult":
        """Read a result written by :meth:`save`."""
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))

    # ---- display ---------------------------------------------------------------------
    def plot(self, ax=None, rules: tuple[str, ...] | None = None, show_range: bool = True):
        """Plot loss against LR (log x), raw and smoothed, marking each rule's suggestion.

        Needs matplotlib (``pip install lrkit[plot]``); returns the Axes.
        """
        require("matplotlib", by="plot()", install="pip install lrkit[plot]")
        import matplotlib.pyplot as plt
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 4.0))
        ok = np.isfinite(self.losses)
        ax.plot(self.lrs[ok], self.losses[ok], color="0.75", lw=1, label="loss (raw)")
        ok = np.isfinite(self.smoothed)
        ax.plot(self.lrs[ok], self.smoothed[ok], color="C0", lw=2, label="loss (smoothed)")
        ax.set_xscale("log" if self.settings.get("mode", "exp") == "exp" else "linear")
        sugg = self.suggestions()
        colors = {"lrkit": "C3", "steepest": "C1", "valley": "C2", "min10": "C4"}
        for rule in rules or _rules.RULES:
            lr = sugg.get(rule)
            if lr is not None:
                ax.axvline(lr, color=colors.get(rule, "k"), ls="-" if rule == "lrkit" else "--", lw=1.2,
                           label=f"{rule}: {lr:.2e}")
        if show_range:
            try:
                lo, hi = self.suggest_range()
                ax.axvspan(lo, hi, color="C3", alpha=0.08, label=f"range {lo:.1e}..{hi:.1e}")
            except LRKitError:
                pass
        fin = self.smoothed[np.isfinite(self.smoothed)]
        if len(fin):
            raw = self.losses[np.isfinite(self.losses)]
            lo_y = min(float(np.min(fin)), float(np.min(raw)) if len(raw) else float(np.min(fin)))
            first = float(fin[min(len(fin) - 1, self.num_iter // 10)])
            span = max(first - lo_y, 1e-12)
            ax.set_ylim(lo_y - 0.2 * span, first + 0.6 * span)
        ax.set_xlabel("learning rate")
        ax.set_ylabel("loss")
        title = f"LR range test ({self.stop_reason}, {len(self.lrs)} iterations)"
        if self.reasons:
            title += "\nuntrustworthy: " + self.reasons[0][:70]
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=7)
        return ax

    def _repr_png_(self) -> bytes | None:
        try:
            import matplotlib

            matplotlib.use("Agg", force=False)
            from matplotlib.figure import Figure
        except ImportError:
            return None
        fig = Figure(figsize=(6.4, 4.0))
        self.plot(ax=fig.add_subplot())
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
        return buf.getvalue()

    def _repr_html_(self) -> str:
        sugg = self.suggestions()
        rows = "".join(f"<tr><td>{r}</td><td>{'-' if v is None else f'{v:.3e}'}</td></tr>" for r, v in sugg.items())
        warn = "".join(f"<li>{r}</li>" for r in self.reasons)
        html = (f"<div><b>LR range test</b>: {len(self.lrs)} iterations, stopped: {self.stop_reason}"
                f"<table><tr><th>rule</th><th>suggested LR</th></tr>{rows}</table>")
        if warn:
            html += f"<p><b>untrustworthy:</b></p><ul>{warn}</ul>"
        png = self._repr_png_()
        if png:
            html += f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}"/>'
        return html + "</div>"

    def __repr__(self) -> str:
        sugg = self.suggestions()
        s = ", ".join(f"{k}={v:.3g}" for k, v in sugg.items() if v is not None)
        trust = "" if self.trustworthy else f", untrustworthy: {'; '.join(self.reasons)}"
        return f"FinderResult({len(self.lrs)} iterations, {self.stop_reason}, {s}, confidence {self.confidence}{trust})"
