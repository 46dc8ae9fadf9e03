"""Well-known schedule recipes, drawn: what ``make demo`` shows until the full demo lands.

Each :class:`Recipe` is a spec text with the run it was published for (scaled
down to a few thousand steps so the plots are instant). :func:`draw_recipes`
writes one PNG per recipe plus an overview, and returns the terminal plots.

>>> [r.key for r in RECIPES][:2]
['resnet-step', 'warmup-cosine']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .figures import plot_schedules, require_matplotlib
from .series import as_schedule
from .terminal import terminal_plot

__all__ = ["Recipe", "RECIPES", "draw_recipes"]


@dataclass(frozen=True)
class Recipe:
    """A named schedule and the run it is drawn over."""

    key: str  # file name stem
    title: str
    spec: str
    total_steps: int
    steps_per_epoch: int | None = None
    base_lr: float = 1.0
    per: str = "step"
    source: str = ""
    log: bool = False


RECIPES: tuple[Recipe, ...] = (
    Recipe("resnet-step", "ResNet (He et al. 2016): step decay /10 at epochs 30, 60, 80",
           "multistep([30ep, 60ep, 80ep], gamma=0.1)", 9000, 100, 0.1, "epoch",
           "torchvision ImageNet reference, 90 epochs, SGD lr 0.1, stepped once per epoch", log=True),
    Recipe("warmup-cosine", "Warmup + cosine (ViT/DeiT, modern ResNet): 5 epochs warmup, cosine to 1e-5",
           "warmup(5ep) >> cosine(min_lr=1e-5)", 30000, 100, 1e-3, "step",
           "DeiT: 300 epochs, AdamW 5e-4 x batch/512, 5 warmup epochs, per-step updates"),
    Recipe("onecycle", "One-cycle (fastai / Smith 2018): up to max_lr over 25%, cosine down",
           "onecycle(max_lr=0.01, pct_start=0.25, final_div_factor=1e5)", 5000, None, 1.0, "step",
           "fastai fit_one_cycle defaults: div 25, final div 1e5, cosine annealing"),
    Recipe("wsd", "Warmup-stable-decay (MiniCPM 2024): hold the peak, cool down in the last 10%",
           "wsd(warmup=2%, decay=10%, decay_type=sqrt)", 20000, None, 3e-4, "step",
           "LLM pre-training: constant LR that can be extended, short cooldown"),
    Recipe("inverse-sqrt", "Inverse square root (Transformer, Vaswani et al. 2017): warmup then 1/sqrt(step)",
           "inverse_sqrt(4000, d_model=512)", 50000, None, 1.0, "step",
           "the 'Noam' schedule: lr = d_model^-0.5 * min(step^-0.5, step * 4000^-1.5), absolute"),
)


def draw_recipes(out_dir: str | os.PathLike = "lrkit-demo", *, recipes: tuple[Recipe, ...] = RECIPES,
                 files: bool = True, width: int = 80, height: int = 12) -> list[tuple[Recipe, str, Path | None]]:
    """Draw ``recipes``: a PNG per recipe in ``out_dir`` (plus ``overview.png``), and terminal plots.

    Returns ``(recipe, terminal plot text, png path or None)`` for each recipe.
    With ``files=False`` nothing is written and matplotlib is not needed.

    >>> import tempfile
    >>> mine = (Recipe("short-cosine", "Cosine", "warmup(10) >> cosine", total_steps=100),)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     drawn = draw_recipes(d, recipes=mine)
    ...     sorted(p.name for p in Path(d).iterdir())
    ['overview.png', 'short-cosine.png']
    """
    out = Path(out_dir)
    if files:
        require_matplotlib()
        out.mkdir(parents=True, exist_ok=True)
    drawn = []
    for r in recipes:
        schedule = as_schedule(r.spec)
        kw = dict(steps_per_epoch=r.steps_per_epoch, per=r.per, base_lr=r.base_lr, log=r.log)
        text = terminal_plot(schedule, r.total_steps, width=width, height=height, **kw)
        path = None
        if files:
            path = out / f"{r.key}.png"
            plot_schedules(schedule, r.total_steps, title=f"{r.title}\n{r.spec}", path=path, **kw)
        drawn.append((r, text, path))
    if files:
        _overview(recipes, out / "overview.png")
    return drawn


def _overview(recipes: tuple[Recipe, ...], path: Path) -> None:
    """All recipes side by side, each over its normalised run (fraction of training)."""
    from matplotlib.figure import Figure

    n = len(recipes)
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig = Figure(figsize=(4.2 * cols, 2.9 * rows), dpi=100, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, r in zip(axes.flat, recipes):
        plot_schedules(as_schedule(r.spec), r.total_steps, steps_per_epoch=r.steps_per_epoch, per=r.per,
                       base_lr=r.base_lr, log=r.log, ax=ax, title=r.title.split(":")[0], mark_points=False)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.savefig(path)
