"""The evidence page's figures: one per claim, the LR grid and each seed's test metric per setting.

Written by :func:`lrkit.experiments.evidence_page.write_page` as ``docs/img/evidence_NAME.png``.

>>> callable(claim_figure)
True
"""

from __future__ import annotations

import math
import os
import textwrap
from typing import Any, Sequence

from .evidence import ClaimResult
from .evidence_page import fmt_effect, setting_tag, status_words

__all__ = ["claim_figure"]


def claim_figure(r: ClaimResult, path: str | os.PathLike) -> None:
    """One figure per claim: per setting, the LR grid (top) and each seed's test metric (bottom).

    >>> import tempfile, os
    >>> from lrkit.experiments.evidence import measure
    >>> from lrkit.experiments.evidence_claims import example_claim
    >>> tiny = example_claim()
    >>> d = tempfile.mkdtemp()
    >>> claim_figure(measure(tiny, os.path.join(d, "ev.db")), os.path.join(d, "tiny.png"))
    >>> os.path.getsize(os.path.join(d, "tiny.png")) > 5000
    True
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    n = len(r.settings)
    fig, axes = plt.subplots(2, n, figsize=(3.4 * n + 0.6, 5.6), squeeze=False)
    for i, s in enumerate(r.settings):
        top, bot = axes[0][i], axes[1][i]
        scale = 100.0 if s.unit == "points" else 1.0
        for spec, g in s.grid.items():
            if g:
                xs = sorted(g)
                line, = top.plot(xs, [g[x] * scale for x in xs], marker="o", ms=3, label=spec[:28])
                chosen = [lab for lab in (s.claim_label, s.base_label)
                          if lab.startswith(spec + "; lr=") and "auto" not in lab]
                for lab in chosen:
                    x = float(lab.partition("; lr=")[2])
                    top.plot([x], [g[x] * scale], "o", ms=9, mfc="none", color=line.get_color())
        top.set_xscale("log")
        lrs = sorted({x for g in s.grid.values() for x in g})
        if lrs:
            from matplotlib.ticker import NullLocator

            top.set_xticks(lrs, [f"{x:g}" for x in lrs], fontsize=6)
            top.xaxis.set_minor_locator(NullLocator())
        _clip(top, [v * scale for g in s.grid.values() for v in g.values()], s.unit)
        for lab in (s.claim_label, s.base_label):
            x = _finder_lr(s, lab)
            if x is not None and any(s.grid.values()):
                top.axvline(x, color="k", ls="--", lw=0.8)
                top.text(x, 0.02, f" from the finder: {x:.3g}", transform=top.get_xaxis_transform(), fontsize=6,
                         rotation=90, va="bottom")
        top.set_title(s.setting.describe().split(", ")[0] + setting_tag(s), fontsize=8)
        top.tick_params(labelsize=7)
        if any(s.grid.values()):
            top.legend(fontsize=6)
        else:
            fixed = s.setting.fixed_lr
            top.text(0.5, 0.5, f"LR fixed at {fixed:g}" if fixed is not None else "no LR grid", ha="center",
                     va="center", transform=top.transAxes, fontsize=8)
            top.set_xticks([])
            top.set_yticks([])
        for j, lab in enumerate((s.claim_label, s.base_label)):
            v = [x * scale for x in s.comparison.values(lab)]
            bot.plot([j] * len(v), v, "o", ms=3, alpha=0.6)
            from .stats import summarize

            m = summarize(v)
            if math.isfinite(m["ci95"][0]):
                bot.errorbar([j + 0.15], [m["mean"]], yerr=[[m["mean"] - m["ci95"][0]], [m["ci95"][1] - m["mean"]]],
                             fmt="s", color="k", ms=4, capsize=3)
        bot.set_xticks([0, 1], [textwrap.fill(lab, 24) for lab in (s.claim_label, s.base_label)], fontsize=6)
        bot.set_xlim(-0.5, 1.6)
        bot.tick_params(axis="y", labelsize=7)
        bot.set_title(f"{status_words(r, s)}: {fmt_effect(s.effect, s.low, s.high, s.unit)}", fontsize=7)
    axes[0][0].set_ylabel("val metric (grid)", fontsize=8)
    axes[1][0].set_ylabel("test acc, %" if r.settings[0].unit == "points" else "test loss", fontsize=8)
    fig.suptitle(f"{r.claim.title}: {r.verdict}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _clip(ax: Any, values: Sequence[float], unit: str) -> None:
    """Keep a diverged LR from squashing the others: at most 10 points (or 1 nat) below the best."""
    v = [x for x in values if math.isfinite(x)]
    if not v:
        return
    if unit == "points":
        ax.set_ylim(max(min(v), max(v) - 10) - 0.5, max(v) + 0.5)
    else:
        ax.set_ylim(min(v) - 0.05, min(max(v), min(v) + 1) + 0.05)


def _finder_lr(s: Any, label: str) -> float | None:
    """The LR an ``auto`` arm ran at (its ``max_lr=`` when it has one, else its base LR); None for other arms."""
    if "auto" not in label:
        return None
    import re

    run = next(r for r in s.comparison.runs if r["label"] == label)
    m = re.search(r"max_lr=([0-9.eE+-]+)", run["spec"])
    return float(m.group(1)) if m else run.get("lr")
