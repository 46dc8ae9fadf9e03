"""The advisor: a training context in; a schedule, a base LR, the reasons and code out.

>>> import lrkit as lk
>>> rec = lk.recommend(model="transformer-nlp", epochs=10, steps_per_epoch=1000, optimizer="adamw")
>>> rec.spec
'warmup(2%) >> cosine(min_lr_ratio=0.1)'
>>> rec.schedule.bind(total_steps=10_000)(200, 1.0)
1.0
>>> rec.schedule == lk.parse(rec.spec)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schedules import Schedule
from .code import snippets
from .recipes import RECIPES, Recipe, get_recipe
from .rules import GOALS, MODELS, OPTIMIZERS, Context, Reason, decide

__all__ = ["recommend", "Recommendation", "RECIPES", "Recipe", "get_recipe", "MODELS", "OPTIMIZERS", "GOALS"]


@dataclass(frozen=True)
class Recommendation:
    """The advisor's answer. ``schedule`` is the schedule (a :class:`lrkit.Schedule`, ready to
    ``bind`` or to pass to ``lrkit.torch.LRScheduler``); ``spec`` is its text as the advisor
    wrote it (what the CLI prints and the code snippets use; ``parse(spec) == schedule``).
    """

    schedule: Schedule
    spec: str
    base_lr: float | None
    base_lr_note: str
    warmup: str | None
    per: str
    optimizer: str
    total_steps: int | None
    steps_per_epoch: int | None
    recipe: str | None
    reasons: tuple[Reason, ...]
    caveats: tuple[str, ...]
    code: dict[str, str] = field(repr=False)

    def to_dict(self) -> dict:
        """JSON form: schedule (its text, ``spec``), base_lr, warmup, per, reasons (strings), code (framework -> snippet), …"""
        return {
            "schedule": self.spec, "base_lr": self.base_lr, "base_lr_note": self.base_lr_note,
            "warmup": self.warmup, "per": self.per, "optimizer": self.optimizer,
            "total_steps": self.total_steps, "steps_per_epoch": self.steps_per_epoch, "recipe": self.recipe,
            "reasons": [str(r) for r in self.reasons], "caveats": list(self.caveats), "code": dict(self.code),
        }

    def __str__(self) -> str:
        lines = [f"schedule   {self.spec}",
                 f"base LR    {self.base_lr_note}",
                 f"warmup     {self.warmup or 'none'}",
                 f"stepping   per {self.per}",
                 f"optimizer  {self.optimizer}"]
        if self.recipe:
            lines.append(f"recipe     {self.recipe}")
        lines.append("")
        lines.append("why:")
        lines += [f"  - {r}" for r in self.reasons]
        if self.caveats:
            lines.append("caveats:")
            lines += [f"  - {c}" for c in self.caveats]
        return "\n".join(lines)


def recommend(model: str = "cnn", epochs: float | None = None, *, steps_per_epoch: int | None = None,
              total_steps: int | None = None, batch_size: int | None = None, optimizer: str | None = None,
              finetune: bool = False, goal: str = "best", base_batch_size: int | None = None,
              base_lr: float | None = None, warmup: str | None = None, recipe: str | None = None) -> Recommendation:
    """Recommend a schedule, base LR, warmup and stepping for a training run, with reasons and code.

    - ``model``: one of ``cnn, resnet, vit, transformer-nlp, llm, detection, segmentation, rl, mlp``.
    - ``epochs`` / ``steps_per_epoch`` / ``total_steps``: the run length (two of them, or ``total_steps``).
    - ``batch_size``, ``base_batch_size``, ``base_lr``: for the scaling rules (a recipe's LR is at its batch).
    - ``optimizer``: ``sgd, adamw, adam, rmsprop, lamb, lars, schedule-free`` (default: the family's usual).
    - ``finetune``: starting from pre-trained weights. ``goal``: ``best``, ``reproduce`` or ``fast``.
    - ``recipe``: use a named recipe (``lrkit recipes``) exactly.

    >>> rec = recommend(model="resnet", epochs=90, batch_size=256, optimizer="sgd", goal="reproduce")
    >>> rec.spec, rec.base_lr, rec.per
    ('multistep([30ep, 60ep], gamma=0.1)', 0.1, 'epoch')
    """
    ctx = Context(model=model, epochs=epochs, steps_per_epoch=steps_per_epoch, total_steps=total_steps,
                  batch_size=batch_size, optimizer=optimizer, finetune=finetune, goal=goal,
                  base_batch_size=base_batch_size, base_lr=base_lr, warmup=warmup, recipe=recipe)
    d = decide(ctx)
    total = ctx.run_steps
    if total is None and d.recipe is not None and d.recipe.total_steps is not None and recipe is not None:
        total = d.recipe.total_steps
    spe = ctx.steps_per_epoch
    lr = d.base_lr if d.base_lr is not None else 1e-3
    code = snippets(d.spec, lr=lr, optimizer=d.optimizer, total_steps=total, steps_per_epoch=spe,
                    epochs=ctx.epochs, per=d.per, lr_known=d.base_lr is not None)
    return Recommendation(
        schedule=d.schedule, spec=d.spec, base_lr=d.base_lr, base_lr_note=d.base_lr_note, warmup=d.warmup, per=d.per,
        optimizer=d.optimizer, total_steps=total, steps_per_epoch=spe,
        recipe=d.recipe.name if d.recipe else None, reasons=tuple(d.reasons), caveats=tuple(d.caveats), code=code)
