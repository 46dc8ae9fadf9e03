"""Lightning: an lrkit schedule from ``configure_optimizers``, and the runtime monitor as a callback.

Needs Lightning (``pip install lightning``); importing this module imports it. The pattern::

    import lrkit.lightning

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=3e-4)
        return lrkit.lightning.configure_optimizers(opt, "warmup(5%) >> cosine(min_lr=1e-5)", self.trainer)

which is ``{"optimizer": opt, "lr_scheduler": scheduler_config(opt, schedule, self.trainer)}``:
the lrkit scheduler with ``interval="step"``, bound to ``trainer.estimated_stepping_batches``
(optimizer updates in the whole fit, gradient accumulation and ``max_steps`` included)
and ``ceil(num_training_batches / accumulate_grad_batches)`` updates per epoch, so
``"5%"`` and ``"2ep"`` resolve against Lightning's own numbers.

A ``plateau(...)`` schedule needs the validation metric: :func:`configure_optimizers`
then returns two scheduler configs on the same scheduler, one stepped per update
(moves a warmup along) and one ``reduce_on_plateau`` config with ``monitor=``
(Lightning feeds it the metric after each validation, as for ReduceLROnPlateau).

Callbacks: :class:`MonitorCallback` (the runtime :class:`lrkit.torch.Monitor`) and
the LR finder callback lives with the finder: :class:`lrkit.finder.lightning.LRFinder`.

>>> import torch
>>> from types import SimpleNamespace as NS
>>> from lrkit.lightning import scheduler_config
>>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
>>> trainer = NS(estimated_stepping_batches=100, num_training_batches=25, accumulate_grad_batches=1)
>>> cfg = scheduler_config(opt, "warmup(1ep) >> cosine", trainer)
>>> cfg["interval"], cfg["scheduler"].total_steps, cfg["scheduler"].steps_per_epoch
('step', 100, 25)
"""

from __future__ import annotations

import math
from typing import Any

from .errors import LRKitError, renamed_argument, require
from .spec import as_schedule
from .torch import Monitor
from .torch.trainer import MonitorResults, TrainerScheduler, make_scheduler, unwrap_optimizer

L = require("lightning", by="lrkit.lightning", install="pip install lightning")

__all__ = ["scheduler_config", "configure_optimizers", "run_length", "samples_per_step", "MonitorCallback",
           "lrkit_scheduler"]


def run_length(trainer: Any) -> tuple[int, int | None]:
    """``(total_steps, steps_per_epoch)`` in optimizer updates, from a Lightning ``Trainer``.

    ``total_steps`` is ``trainer.estimated_stepping_batches``; ``steps_per_epoch`` is
    ``ceil(num_training_batches / accumulate_grad_batches)`` (Lightning also steps on an
    epoch's last, partial accumulation), ``None`` for an unsized (iterable) loader.

    >>> from types import SimpleNamespace as NS
    >>> run_length(NS(estimated_stepping_batches=30, num_training_batches=7, accumulate_grad_batches=2))
    (30, 4)
    """
    total = trainer.estimated_stepping_batches
    if total is None or (isinstance(total, float) and not math.isfinite(total)):
        raise LRKitError("lrkit: Lightning cannot tell the run length (an unsized training loader and no "
                         "max_steps): set Trainer(max_steps=…)")
    n = getattr(trainer, "num_training_batches", None)
    acc = int(getattr(trainer, "accumulate_grad_batches", 1) or 1)
    spe = None
    if n is not None and not (isinstance(n, float) and not math.isfinite(n)) and n > 0:
        spe = max(math.ceil(int(n) / acc), 1)
    return int(total), spe


def samples_per_step(trainer: Any) -> int | None:
    """Samples in one optimizer update: the train loader's ``batch_size`` x ``accumulate_grad_batches`` x ``world_size``.

    ``None`` when the loader has no ``batch_size`` (a custom ``batch_sampler``) or is not loaded yet.

    >>> from types import SimpleNamespace as NS
    >>> samples_per_step(NS(train_dataloader=NS(batch_size=32), accumulate_grad_batches=4, world_size=8))
    1024
    """
    loader = getattr(trainer, "train_dataloader", None)
    bs = getattr(loader, "batch_size", None)
    if isinstance(bs, bool) or not isinstance(bs, int) or bs < 1:
        return None
    acc = int(getattr(trainer, "accumulate_grad_batches", 1) or 1)
    return bs * acc * max(1, int(getattr(trainer, "world_size", 1) or 1))


def _build(optimizer: Any, schedule: Any, trainer: Any, per: str, total_steps: int | None,
           steps_per_epoch: int | None, kwargs: dict) -> TrainerScheduler:
    if total_steps is None:
        if trainer is None:
            raise LRKitError("lrkit.lightning: pass the module's self.trainer (the run length comes from it) "
                             "or total_steps=...")
        total_steps, spe = run_length(trainer)
        steps_per_epoch = spe if steps_per_epoch is None else steps_per_epoch
    s = as_schedule(schedule)
    if kwargs.get("samples_per_step") is None and "samples" in s.units() and trainer is not None:
        sps = samples_per_step(trainer)  # after run_length: Lightning has loaded the train loader by then
        if sps is None:
            raise LRKitError(f"lrkit.lightning: '{s}' has durations in samples, and the train loader has no "
                             "batch_size to count them (a custom batch_sampler?): pass samples_per_step=…")
        kwargs = {**kwargs, "samples_per_step": sps}
    return make_scheduler(optimizer, s, total_steps, steps_per_epoch=steps_per_epoch, per=per, **kwargs)


@renamed_argument(spec="schedule")
def scheduler_config(optimizer: Any, schedule: Any, trainer: Any = None, *, per: str = "step",
                     total_steps: int | None = None, steps_per_epoch: int | None = None, name: str | None = None,
                     **kwargs: Any) -> dict:
    """The ``lr_scheduler`` dict for ``configure_optimizers``: lrkit's scheduler, ``interval="step"``.

    - ``trainer``: the module's ``self.trainer`` (run length from it, see :func:`run_length`);
      or pass ``total_steps`` (and ``steps_per_epoch``) yourself.
    - ``per="epoch"`` holds each epoch's first LR for the whole epoch (still stepped per update).
    - other keyword arguments go to :class:`lrkit.torch.LRScheduler` (``base_lrs``, ``group_multipliers``,
      ``tokens_per_step``, ``samples_per_step``). ``samples_per_step`` defaults, when the schedule has
      ``"50ksp"`` durations, to :func:`samples_per_step` of the trainer; ``tokens_per_step`` (for
      ``"375Mtok"``) must be given: Lightning does not know the sequence length.

    A ``plateau(...)`` schedule needs two configs: use :func:`configure_optimizers` (this raises).

    >>> import torch
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> cfg = scheduler_config(opt, "linear", None, total_steps=10)
    >>> sorted(cfg), cfg["scheduler"].get_last_lr()
    (['frequency', 'interval', 'name', 'scheduler'], [0.1])
    """
    s = as_schedule(schedule)
    if any(n.name == "plateau" for n in s.walk()):
        raise LRKitError(f"scheduler_config: '{s}' holds plateau(...), which needs the validation metric: return "
                         "lrkit.lightning.configure_optimizers(opt, schedule, self.trainer, "
                         "monitor='val_loss') from configure_optimizers")
    sched = _build(optimizer, s, trainer, per, total_steps, steps_per_epoch, kwargs)
    return {"scheduler": sched, "interval": "step", "frequency": 1, "name": name or "lrkit"}


@renamed_argument(spec="schedule")
def configure_optimizers(optimizer: Any, schedule: Any, trainer: Any = None, *, per: str = "step",
                         monitor: str = "val_loss", total_steps: int | None = None,
                         steps_per_epoch: int | None = None, **kwargs: Any) -> Any:
    """What ``LightningModule.configure_optimizers`` returns for ``optimizer`` run on ``schedule``.

    Without ``plateau(...)``: ``{"optimizer": optimizer, "lr_scheduler": scheduler_config(...)}``.
    With it: ``([optimizer], [step_config, metric_config])`` on one scheduler: the first
    is stepped after every update (``interval="step"``, moves a warmup along), the
    second is a ``reduce_on_plateau`` config that Lightning steps with ``monitor``'s
    value after each training epoch's validation (``interval="epoch"``).

    >>> import torch
    >>> from types import SimpleNamespace as NS
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> opts, cfgs = configure_optimizers(opt, "warmup(5) >> plateau", None, total_steps=50)
    >>> [(c["interval"], c.get("monitor")) for c in cfgs], cfgs[0]["scheduler"] is cfgs[1]["scheduler"]
    ([('step', None), ('epoch', 'val_loss')], True)
    """
    s = as_schedule(schedule)
    if not any(n.name == "plateau" for n in s.walk()):
        return {"optimizer": optimizer,
                "lr_scheduler": scheduler_config(optimizer, s, trainer, per=per, total_steps=total_steps,
                                                 steps_per_epoch=steps_per_epoch, **kwargs)}
    sched = _build(optimizer, s, trainer, per, total_steps, steps_per_epoch, kwargs)
    return ([optimizer], [
        {"scheduler": sched, "interval": "step", "frequency": 1, "name": "lrkit"},
        {"scheduler": sched, "interval": "epoch", "frequency": 1, "reduce_on_plateau": True,
         "monitor": monitor, "strict": True, "name": "lrkit-plateau"},
    ])


def lrkit_scheduler(trainer: Any) -> TrainerScheduler | None:
    """The lrkit scheduler among the Trainer's ``lr_scheduler_configs``, or ``None``."""
    for cfg in getattr(trainer, "lr_scheduler_configs", []) or []:
        if isinstance(cfg.scheduler, TrainerScheduler):
            return cfg.scheduler
    return None


class MonitorCallback(MonitorResults, L.Callback):
    """The runtime :class:`lrkit.torch.Monitor` on the fit's optimizer and scheduler.

    ``MonitorCallback(log=None, log_to_loggers=True, **monitor_kwargs)``: attached at
    ``on_train_start`` with the fit's run length; every training loss goes to
    ``observe_loss``; after every update the LR of each param group is sent to the
    Trainer's loggers as ``lr-group<i>`` (``log_to_loggers``) and to ``log`` (a
    callable, ``.csv`` path or TensorBoard dir). Findings: ``callback.findings``,
    ``callback.summary()``; they are also issued as :class:`lrkit.LRKitWarning`.
    """

    def __init__(self, log: Any = None, log_to_loggers: bool = True, **monitor_kwargs: Any):
        super().__init__()
        # not ``self.log``: Lightning sets ``callback.log = module.log`` on every callback
        self.lr_log, self.log_to_loggers, self.monitor_kwargs = log, log_to_loggers, monitor_kwargs
        self.monitor: Any = None

    def on_train_start(self, trainer, pl_module):
        if not trainer.optimizers:
            return
        opt = unwrap_optimizer(trainer.optimizers[0])
        sched = next((c.scheduler for c in trainer.lr_scheduler_configs
                      if unwrap_optimizer(c.scheduler.optimizer) is opt), None)
        total, spe = run_length(trainer)
        user_log = self.lr_log

        def log(step: int, lrs: list[float]) -> None:
            if self.log_to_loggers:
                for lg in trainer.loggers:
                    lg.log_metrics({f"lr-group{i}": lr for i, lr in enumerate(lrs)}, step=step)
            if callable(user_log):
                user_log(step, lrs)

        target = log if (user_log is None or callable(user_log)) else user_log
        self.close_monitor()
        self.monitor = Monitor(opt, sched, total_steps=total, steps_per_epoch=spe, log=target,
                               **self.monitor_kwargs)

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        if self.monitor is None:
            return
        loss = outputs.get("loss") if isinstance(outputs, dict) else outputs
        if loss is not None:
            self.monitor.observe_loss(loss)

    def on_train_end(self, trainer, pl_module):
        self.close_monitor()

