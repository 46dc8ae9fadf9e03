"""Pick the LR, loss and validation columns of a :class:`~lrkit.diagnosis.readers.Log` by their common names.

Names are compared in lower case with ``-`` read as ``_``; ``--lr/--loss/--val-loss/--val-metric``
name a column exactly when the common names do not fit.

>>> pick(["epoch", "lr-AdamW", "train_loss", "val_loss", "step"])
{'lr': 'lr-AdamW', 'loss': 'train_loss', 'val_loss': 'val_loss', 'val_metric': None}
>>> pick(["Step", "train/learning_rate", "train/loss", "eval/loss", "eval/accuracy"])["val_metric"]
'eval/accuracy'
"""

from __future__ import annotations

import re
from typing import Sequence

from .readers import LogError

__all__ = ["pick", "metric_mode", "LR_HELP"]

LR_HELP = ("learning_rate, lr, lr-<Optimizer> (Lightning's LearningRateMonitor), lr_group_0, train/lr, "
           "*/learning_rate")

_EXACT = {
    "lr": ("learning_rate", "lr", "train/learning_rate", "train/lr", "learning_rate/group_0", "lr/group_0",
           "lr_group_0", "trainer/learning_rate", "optimizer/lr"),
    "loss": ("loss", "train_loss", "train/loss", "training_loss", "train_loss_step", "loss_step", "train/loss_step",
             "training/loss"),
    "val_loss": ("val_loss", "eval_loss", "valid_loss", "validation_loss", "val/loss", "eval/loss", "valid/loss",
                 "validation/loss", "val_loss_epoch"),
}
_PATTERN = {
    "lr": re.compile(r"(^|[/_])(lr|learning_rate)($|[/_])"),
    "loss": re.compile(r"^(train|training)[/_].*loss|loss$"),
    "val_loss": re.compile(r"(^|[/_])(val|valid|validation|eval)[/_].*loss"),
    "val_metric": re.compile(r"(^|[/_])(val|valid|validation|eval)[/_].*(acc|accuracy|f1|auc|bleu|map|top1|top_1|"
                             r"ppl|perplexity|error|err|iou|dice|r2|score)"),
}
_MIN_METRICS = re.compile(r"(ppl|perplexity|error|err)($|[/_])")


def _norm(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def _find(kind: str, names: Sequence[str], taken: set[str]) -> str | None:
    by_norm = {}
    for n in names:
        by_norm.setdefault(_norm(n), n)
    for e in _EXACT.get(kind, ()):
        if e in by_norm and by_norm[e] not in taken:
            return by_norm[e]
    hits = [n for n in names if n not in taken and _PATTERN[kind].search(_norm(n))]
    if kind == "loss":
        hits = [n for n in hits if not _PATTERN["val_loss"].search(_norm(n)) and "test" not in _norm(n)]
    if kind == "lr":
        hits = [n for n in hits if "momentum" not in _norm(n)]
    return min(hits, key=lambda n: (len(n), n)) if hits else None


def metric_mode(name: str) -> str:
    """``"min"`` for losses, errors and perplexities, ``"max"`` otherwise."""
    n = _norm(name)
    return "min" if "loss" in n or _MIN_METRICS.search(n) else "max"


def pick(names: Sequence[str], lr: str | None = None, loss: str | None = None, val_loss: str | None = None,
         val_metric: str | None = None, where: str = "the log") -> dict[str, str | None]:
    """``{"lr", "loss", "val_loss", "val_metric"}`` column names (None where absent); an error without an LR."""
    out: dict[str, str | None] = {}
    taken: set[str] = set()
    for kind, forced in (("lr", lr), ("val_loss", val_loss), ("val_metric", val_metric), ("loss", loss)):
        if forced is not None:
            if forced not in names:
                raise LogError(f"diagnose: {where}: --{kind.replace('_', '-')} column {forced!r} not found; "
                               f"columns: {', '.join(names) or 'none'}")
            out[kind] = forced
        else:
            out[kind] = _find(kind, names, taken)
        if out[kind]:
            taken.add(out[kind])
    if out["lr"] is None:
        raise LogError(f"diagnose: {where}: no learning-rate column among: {', '.join(names) or 'none'}; "
                       f"name it with --lr COLUMN (looked for {LR_HELP})")
    return {k: out[k] for k in ("lr", "loss", "val_loss", "val_metric")}
