"""The figures of docs/torch.md's "Changing the plan on resume": old plan, new plan and the resumed run.

Run: ``PYTHONPATH=src MPLBACKEND=Agg python docs/replan_figures.py`` (a few seconds, CPU).

Each panel trains nothing: it steps a real ``torch.optim.SGD`` with ``lrkit.torch.LRScheduler``
under the old plan, saves the optimizer and scheduler with ``torch.save``, loads them with
``torch.load`` into a scheduler built for the new plan with ``replan="continue"`` (and, dashed,
``replan="jump"``), and plots the LR each update really used. Writes ``docs/img/replan.png``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

import numpy as np  # noqa: E402
import torch  # noqa: E402

import lrkit as lk  # noqa: E402
from lrkit.torch import LRScheduler  # noqa: E402

OUT = ROOT / "docs" / "img" / "replan.png"
BASE = 1.0

# title -> (old spec, old total, resume at, new spec, new total)
PANELS = {
    "cosine, run lengthened 1000 -> 1600": ("warmup(5%) >> cosine(min_lr_ratio=0.1)", 1000, 600,
                                            "warmup(5%) >> cosine(min_lr_ratio=0.1)", 1600),
    "cosine, run shortened 1000 -> 800": ("warmup(5%) >> cosine(min_lr_ratio=0.1)", 1000, 500,
                                          "warmup(5%) >> cosine(min_lr_ratio=0.1)", 800),
    "WSD, lengthened in its stable phase": ("warmup(50) >> wsd(decay=20%)", 1000, 600,
                                            "warmup(50) >> wsd(decay=20%)", 1600),
    "multistep [50%, 75%]: % milestones move": ("warmup(50) >> multistep([50%, 75%], gamma=0.3)", 1000, 600,
                                                "warmup(50) >> multistep([50%, 75%], gamma=0.3)", 1600),
}


def _lrs(sched: LRScheduler, opt: torch.optim.Optimizer, n: int) -> list[float]:
    out = []
    for _ in range(n):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def resumed(old: str, old_total: int, at: int, new: str, new_total: int, replan: str) -> np.ndarray:
    """The LR of every update of a run stopped at ``at`` and resumed under the new plan."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=BASE)
    sched = LRScheduler(opt, old, total_steps=old_total)
    first = _lrs(sched, opt, at)
    buf = io.BytesIO()
    torch.save({"optimizer": opt.state_dict(), "scheduler": sched.state_dict()}, buf)
    buf.seek(0)
    ckpt = torch.load(buf)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=BASE)
    opt.load_state_dict(ckpt["optimizer"])
    sched = LRScheduler(opt, new, total_steps=new_total)
    sched.load_state_dict(ckpt["scheduler"], replan=replan)
    return np.asarray(first + _lrs(sched, opt, new_total - at))


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 6.4), layout="constrained")
    for ax, (title, (old, old_total, at, new, new_total)) in zip(axes.flat, PANELS.items()):
        ax.plot(np.arange(old_total + 1), lk.parse(old).bind(total_steps=old_total)(np.arange(old_total + 1), BASE),
                color="0.6", lw=1.2, label=f"old plan ({old_total} steps)")
        ax.plot(np.arange(new_total + 1), lk.parse(new).bind(total_steps=new_total)(np.arange(new_total + 1), BASE),
                color="tab:blue", lw=1.0, ls=":", label=f"new plan ({new_total} steps)")
        jump = resumed(old, old_total, at, new, new_total, "jump")
        cont = resumed(old, old_total, at, new, new_total, "continue")
        ax.plot(np.arange(at, new_total), jump[at:], color="tab:red", lw=1.0, ls="--", label='replan="jump"')
        ax.plot(np.arange(new_total), cont, color="tab:green", lw=2.0, label='replan="continue"')
        ax.axvline(at, color="k", lw=0.6)
        ax.text(at, 1.04, f" resumed at {at}", fontsize=8, va="bottom")
        ax.set_title(title, fontsize=10)
        ax.set_ylim(-0.03, 1.12)
        ax.set_xlabel("optimizer update")
        ax.set_ylabel("LR / base LR")
    axes.flat[0].legend(fontsize=8, loc="lower left")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT, dpi=90)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
