"""Lightning: the LR finder as a callback (``lrkit.find_lr`` at fit start, like ``Tuner.lr_find``).

Needs Lightning (``pip install lightning``); importing this module imports it.

>>> from lrkit.finder.lightning import LRFinder
>>> LRFinder(num_iter=50).find_lr_kwargs
{'progress': False, 'num_iter': 50}

Use it as ``L.Trainer(callbacks=[LRFinder()])`` (tested in tests/integrations/test_lightning.py).

It lives with the finder (a tool: it runs ``find_lr``), on top of the Lightning adapter
(:mod:`lrkit.lightning`), whose scheduler it rebuilds on the suggested LR; the adapters
sit below the tools and never import them.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from ..errors import LRKitError, LRKitWarning
from ..lightning import L, lrkit_scheduler
from ..torch.trainer import TrainerScheduler, unwrap_optimizer

__all__ = ["LRFinder"]


class LRFinder(L.Callback):
    """Run ``lrkit.find_lr`` when the fit starts and train with its suggestion (like ``Tuner.lr_find``).

    ``LRFinder(rule=None, attr_name=None, **find_lr_kwargs)``: the sweep uses the module's
    own ``training_step`` on the fit's training batches (``step_fn``), from the
    fit's optimizer; model, optimizer and RNG are restored afterwards (by
    ``find_lr``). Then the optimizer's groups get the suggested LR as their base
    (group 0 = the suggestion, the others keep their ratio to it), an lrkit
    scheduler from :func:`configure_optimizers` is rebuilt on the new bases (so a
    warmup climbs to the suggestion), and the module attribute ``attr_name``
    (default: ``lr`` or ``learning_rate`` if the module has one) is set.
    ``callback.result`` is the :class:`lrkit.finder.FinderResult`, ``callback.lr`` the LR used.
    """

    def __init__(self, rule: str | None = None, attr_name: str | None = None, **find_lr_kwargs: Any):
        super().__init__()
        self.rule, self.attr_name = rule, attr_name
        self.find_lr_kwargs = {"progress": False, **find_lr_kwargs}
        self.result: Any = None
        self.lr: float | None = None

    def on_fit_start(self, trainer, pl_module):
        from . import find_lr

        if not trainer.optimizers:
            raise LRKitError("LRFinder: the module's configure_optimizers returned no optimizer")
        opt = unwrap_optimizer(trainer.optimizers[0])
        if trainer.train_dataloader is None:
            trainer.fit_loop.setup_data()
        loader = trainer.train_dataloader
        if isinstance(loader, (list, tuple, dict)):
            raise LRKitError("LRFinder: the fit has several training dataloaders; run lrkit.find_lr yourself")
        sched = lrkit_scheduler(trainer)
        bases = [float(g.get("initial_lr", g["lr"])) for g in opt.param_groups]
        saved = [g["lr"] for g in opt.param_groups]
        for g, b in zip(opt.param_groups, bases):  # the sweep keeps the groups' ratios of their bases
            g["lr"] = b

        def step_fn(batch: Any) -> Any:
            batch = trainer.strategy.batch_to_device(batch)
            out = pl_module.training_step(batch, 0)
            return out["loss"] if isinstance(out, dict) else out

        try:
            self.result = find_lr(pl_module, opt, loader, step_fn=step_fn, **self.find_lr_kwargs)
        finally:
            for g, lr in zip(opt.param_groups, saved):
                g["lr"] = lr
        lr = self.result.suggest(self.rule) if self.rule else self.result.suggest()
        if lr is None or not (lr > 0 and math.isfinite(lr)):
            warnings.warn(f"LRFinder: no LR suggested ({self.result.stop_reason}); keeping the configured LR",
                          LRKitWarning, stacklevel=2)
            return
        self.lr = float(lr)
        ratio = [b / bases[0] if bases[0] > 0 else 1.0 for b in bases]
        new_bases = [self.lr * r for r in ratio]
        if sched is not None:
            new = TrainerScheduler(opt, sched.schedule, total_steps=sched.total_steps,
                                   steps_per_epoch=sched.steps_per_epoch, per=sched.per, base_lrs=new_bases,
                                   restart=True)
            for cfg in trainer.lr_scheduler_configs:
                if cfg.scheduler is sched:
                    cfg.scheduler = new
        else:
            for g, b in zip(opt.param_groups, new_bases):
                g["lr"] = b
                if "initial_lr" in g:
                    g["initial_lr"] = b
            if trainer.lr_scheduler_configs:
                warnings.warn("LRFinder: the fit's scheduler is not lrkit's, so only the groups' LR was set; "
                              "a torch scheduler keeps its own base LRs", LRKitWarning, stacklevel=2)
        attr = self.attr_name or next((a for a in ("lr", "learning_rate") if hasattr(pl_module, a)), None)
        if attr is not None:
            setattr(pl_module, attr, self.lr)

