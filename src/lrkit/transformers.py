"""Hugging Face transformers: an lrkit schedule as the ``Trainer``'s LR scheduler, and LR monitoring.

Needs transformers (``pip install transformers accelerate``); importing this module imports it.
Three ways in, pick one:

- ``LRKitTrainer(model, args, ..., lr_schedule="warmup(5%) >> cosine(min_lr=1e-5)")``: a
  ``Trainer`` whose ``create_scheduler`` builds the lrkit scheduler once the Trainer
  knows the run length (from ``max_steps``, or ``num_train_epochs`` x optimizer steps
  per epoch), so ``"5%"`` and ``"1ep"`` resolve against the Trainer's own numbers.
- ``Trainer(..., optimizers=(opt, create_scheduler(opt, schedule, total_steps)))`` with
  :func:`training_plan` computing the Trainer's step counts beforehand.
- :class:`MonitorCallback` (any Trainer, any scheduler): the runtime
  :class:`lrkit.torch.Monitor` inside the Trainer, logging every param group's LR.

The Trainer calls ``lr_scheduler.step()`` after every optimizer update; lrkit's
position is the number of real updates, so gradient accumulation and skipped
(fp16 overflow) updates count right. A ``plateau(...)`` schedule is fed the
evaluation metric (``eval_loss`` by default) by :class:`PlateauCallback`, which
``LRKitTrainer`` adds for you.

>>> import torch
>>> from lrkit.transformers import create_scheduler
>>> opt = torch.optim.AdamW([torch.nn.Parameter(torch.zeros(2))], lr=1e-3)
>>> sched = create_scheduler(opt, "warmup(10%) >> cosine", total_steps=100)
>>> sched.get_last_lr(), sched.total_steps
([0.0], 100)
"""

from __future__ import annotations

import math
from typing import Any

from .errors import LRKitError, renamed_argument, require
from .schedules.validate import check_float
from .spec import as_schedule
from .torch import Monitor
from .torch.trainer import MonitorResults, TrainerScheduler, make_scheduler, unwrap_optimizer

transformers = require("transformers", by="lrkit.transformers", install="pip install transformers accelerate")

__all__ = ["create_scheduler", "training_plan", "LRKitTrainer", "MonitorCallback", "PlateauCallback"]


@renamed_argument(spec="schedule")
def create_scheduler(optimizer: Any, schedule: Any, total_steps: int | None = None, *,
                     steps_per_epoch: int | None = None, per: str = "step", num_training_steps: int | None = None,
                     **kwargs: Any) -> TrainerScheduler:
    """The lrkit scheduler for ``Trainer(optimizers=(optimizer, scheduler))``.

    - ``schedule``: spec text, a :class:`lrkit.Schedule` or its dict form.
    - ``total_steps``: optimizer updates in the whole run (the Trainer's ``max_steps``;
      see :func:`training_plan`); ``"5%"`` durations resolve against it.
      ``num_training_steps`` (the name transformers' own ``get_scheduler`` uses) is accepted for it.
    - ``steps_per_epoch``: optimizer updates per epoch (``ceil(batches / gradient_accumulation_steps)``),
      needed for ``"2ep"`` durations and ``per="epoch"``.
    - other keyword arguments go to :class:`lrkit.torch.LRScheduler` (``base_lrs``, ``group_multipliers``,
      ``tokens_per_step`` and ``samples_per_step`` for ``"375Mtok"`` / ``"50ksp"`` durations).

    Writes the LR of step 0 into the optimizer now (as every torch scheduler does).

    >>> import torch
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> s = create_scheduler(opt, "warmup(1ep) >> linear", total_steps=40, steps_per_epoch=10)
    >>> [round(s.curve(t, 0.1), 4) for t in (0, 5, 10, 25, 40)]
    [0.0, 0.05, 0.1, 0.05, 0.0]
    """
    if num_training_steps is not None:
        if total_steps is not None and total_steps != num_training_steps:
            raise LRKitError(f"create_scheduler: total_steps={total_steps!r} and num_training_steps="
                             f"{num_training_steps!r} name the same run length; pass one of them")
        total_steps = num_training_steps
    if total_steps is None:
        raise LRKitError("create_scheduler: pass total_steps=... (optimizer updates in the whole run, the "
                         "Trainer's max_steps; lrkit.transformers.training_plan(args, train_dataset) computes it)")
    return make_scheduler(optimizer, schedule, total_steps, steps_per_epoch=steps_per_epoch, per=per, **kwargs)


def training_plan(args: Any, train_dataset: Any = None, *, num_batches: int | None = None) -> tuple[int, int | None]:
    """``(total_steps, steps_per_epoch)`` as ``Trainer`` computes them, before building it.

    From ``TrainingArguments`` and the training set (its ``len``), or the number of
    batches per epoch and process (``num_batches``): optimizer updates per epoch are
    ``ceil(batches / gradient_accumulation_steps)`` (the Trainer steps on an epoch's
    last, partial accumulation too); the run is ``max_steps`` when set, else
    ``ceil(num_train_epochs * steps_per_epoch)``. Batches are
    ``ceil(len / train_batch_size)`` (``floor`` with ``dataloader_drop_last``), split
    over ``world_size`` processes. ``steps_per_epoch`` is ``None`` when neither a
    length nor ``num_batches`` is known (an iterable dataset with ``max_steps``).

    >>> from types import SimpleNamespace as NS
    >>> args = NS(max_steps=-1, num_train_epochs=3, gradient_accumulation_steps=2,
    ...           train_batch_size=8, dataloader_drop_last=False, world_size=1)
    >>> training_plan(args, list(range(100)))   # 13 batches -> 7 updates per epoch
    (21, 7)
    """
    ga = int(getattr(args, "gradient_accumulation_steps", 1) or 1)
    if num_batches is None and train_dataset is not None and hasattr(train_dataset, "__len__"):
        bs = int(args.train_batch_size)
        n = len(train_dataset)
        batches = n // bs if getattr(args, "dataloader_drop_last", False) else math.ceil(n / bs)
        num_batches = math.ceil(batches / max(1, int(getattr(args, "world_size", 1) or 1)))
    spe = max(math.ceil(num_batches / ga), 1) if num_batches is not None else None
    if args.max_steps is not None and args.max_steps > 0:
        return int(args.max_steps), spe
    if spe is None:
        raise LRKitError("training_plan: with num_train_epochs the Trainer needs the epoch length: pass "
                         "train_dataset (with a length) or num_batches, or set max_steps")
    return int(math.ceil(float(args.num_train_epochs) * spe)), spe


class PlateauCallback(transformers.TrainerCallback):
    """Feed the evaluation metric to an lrkit ``plateau(...)`` scheduler after each evaluation.

    ``PlateauCallback(monitor="eval_loss")``: the Trainer calls ``on_evaluate`` with
    the metrics; the callback passes ``metrics[monitor]`` to ``lr_scheduler.step``
    (torch's ReduceLROnPlateau decisions). Needs an eval dataset and an
    ``eval_strategy``; a missing metric is an error naming the ones logged.
    """

    def __init__(self, monitor: str = "eval_loss"):
        self.monitor = monitor if monitor.startswith("eval_") else f"eval_{monitor}"
        self.scheduler: TrainerScheduler | None = None

    def on_train_begin(self, args, state, control, lr_scheduler=None, **kwargs):
        if isinstance(lr_scheduler, TrainerScheduler) and lr_scheduler.controller is not None:
            self.scheduler = lr_scheduler

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        if self.scheduler is None:
            return
        metrics = metrics or {}
        if self.monitor not in metrics:
            raise LRKitError(f"PlateauCallback: metric {self.monitor!r} is not in the evaluation metrics "
                             f"({', '.join(sorted(metrics)) or 'none'}); pass monitor=one of them")
        self.scheduler.step(float(metrics[self.monitor]))


class MonitorCallback(MonitorResults, transformers.TrainerCallback):
    """The runtime :class:`lrkit.torch.Monitor` inside a ``Trainer``, and per-group LRs in the logs.

    ``MonitorCallback(log=None, **monitor_kwargs)``: at ``on_train_begin`` it attaches
    a Monitor to the Trainer's optimizer and scheduler with the Trainer's
    ``max_steps``; each logged loss is fed to it (non-finite loss, spikes); each
    ``on_log`` adds ``lr_group_<i>`` (the LR the last update used, per param group)
    to ``state.log_history`` (and to the logs the callbacks after it see; the
    reporting callbacks run before user callbacks, so use ``log=`` for TensorBoard)
    when there are several groups (on the training logs, beside ``learning_rate``); at the end of training the
    findings are in ``callback.findings`` and ``callback.summary()``.
    ``log`` is passed to the Monitor (a callable, a ``.csv`` path, a TensorBoard dir).
    """

    def __init__(self, log: Any = None, **monitor_kwargs: Any):
        self.log, self.monitor_kwargs = log, monitor_kwargs
        self.monitor: Any = None
        self._steps_per_epoch: int | None = None

    def on_train_begin(self, args, state, control, optimizer=None, lr_scheduler=None, train_dataloader=None,
                       **kwargs):
        self.close_monitor()
        spe = None
        if train_dataloader is not None and hasattr(train_dataloader, "__len__"):
            spe = max(math.ceil(len(train_dataloader) / max(1, args.gradient_accumulation_steps)), 1)
        self.monitor = Monitor(unwrap_optimizer(optimizer), lr_scheduler,
                               total_steps=int(state.max_steps) if state.max_steps and state.max_steps > 0
                               else None, steps_per_epoch=spe, log=self.log, **self.monitor_kwargs)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if self.monitor is None or logs is None:
            return
        if "loss" in logs:
            self.monitor.observe_loss(float(logs["loss"]))
        if "learning_rate" in logs and self.monitor.history and len(self.monitor.history[-1]) > 1:
            extra = {f"lr_group_{i}": lr for i, lr in enumerate(self.monitor.history[-1])}
            logs.update(extra)  # seen by the callbacks after this one
            hist = state.log_history
            if hist and hist[-1].get("step") == state.global_step:
                hist[-1].update(extra)  # and kept in trainer_state.json

    def on_train_end(self, args, state, control, **kwargs):
        self.close_monitor()


class LRKitTrainer(transformers.Trainer):
    """A ``transformers.Trainer`` whose LR scheduler is an lrkit schedule.

    ``LRKitTrainer(..., lr_schedule=SPEC, lr_schedule_per="step", lr_schedule_monitor=None)``:
    everything else is the Trainer's. The schedule is bound when training starts to
    the Trainer's own ``max_steps`` (from ``max_steps``, or ``num_train_epochs`` x
    updates per epoch) and updates per epoch (``ceil(batches / gradient_accumulation_steps)``),
    multiplying ``args.learning_rate`` (each param group's LR). ``warmup_steps``/
    ``warmup_ratio``, ``lr_scheduler_type`` and ``lr_scheduler_kwargs`` in the
    arguments would be silently replaced by the spec: setting them is an error.
    With ``plateau(...)`` the metric ``lr_schedule_monitor`` (default
    ``args.metric_for_best_model`` or ``eval_loss``) is fed after each evaluation.

    Budgets: ``"50ksp"`` durations convert with ``lr_schedule_samples_per_step``, by
    default the Trainer's own global batch (``train_batch_size x
    gradient_accumulation_steps x world_size``, what it logs as "Total train batch
    size"); ``"375Mtok"`` durations need ``lr_schedule_tokens_per_step`` (the Trainer
    does not know the sequence length: typically ``seq_len x`` that global batch).
    """

    def __init__(self, *args: Any, lr_schedule: Any = None, lr_schedule_per: str = "step",
                 lr_schedule_monitor: str | None = None, lr_schedule_tokens_per_step: float | None = None,
                 lr_schedule_samples_per_step: float | None = None, **kwargs: Any):
        if lr_schedule is None:
            raise LRKitError("LRKitTrainer: pass lr_schedule=… (spec text such as 'warmup(5%) >> cosine', "
                             "a lrkit Schedule or its dict form); use transformers.Trainer otherwise")
        self.lr_schedule = as_schedule(lr_schedule)
        if lr_schedule_per not in ("step", "epoch"):
            raise LRKitError(f"LRKitTrainer: lr_schedule_per must be 'step' or 'epoch', got {lr_schedule_per!r}")
        self.lr_schedule_per = lr_schedule_per
        self.lr_schedule_tokens_per_step = check_float("LRKitTrainer", "lr_schedule_tokens_per_step",
                                                       lr_schedule_tokens_per_step, gt=0, optional=True)
        self.lr_schedule_samples_per_step = check_float("LRKitTrainer", "lr_schedule_samples_per_step",
                                                        lr_schedule_samples_per_step, gt=0, optional=True)
        if "tokens" in self.lr_schedule.units() and self.lr_schedule_tokens_per_step is None:
            raise LRKitError(f"LRKitTrainer: '{self.lr_schedule}' has durations in tokens: pass "
                             "lr_schedule_tokens_per_step=… (tokens in one optimizer step: sequence length x "
                             "train_batch_size x gradient_accumulation_steps x world_size)")
        if lr_schedule_monitor is not None and not any(n.name == "plateau" for n in self.lr_schedule.walk()):
            raise LRKitError(f"LRKitTrainer: lr_schedule_monitor={lr_schedule_monitor!r} names the metric a "
                             f"plateau(...) is fed, but '{self.lr_schedule}' has none; leave it out")
        super().__init__(*args, **kwargs)
        if self.args.get_warmup_steps(1000) > 0:
            raise LRKitError(f"LRKitTrainer: TrainingArguments has warmup_steps/warmup_ratio="
                             f"{self.args.warmup_steps or getattr(self.args, 'warmup_ratio', 0)}, which "
                             f"lr_schedule would silently replace; write the warmup in the spec "
                             f"(e.g. 'warmup(5%) >> {self.lr_schedule}') and leave the arguments' at 0")
        kind = str(getattr(self.args.lr_scheduler_type, "value", self.args.lr_scheduler_type))
        if kind != "linear" or self.args.lr_scheduler_kwargs:
            raise LRKitError(f"LRKitTrainer: TrainingArguments sets lr_scheduler_type={kind!r}"
                             f"{' and lr_scheduler_kwargs' if self.args.lr_scheduler_kwargs else ''}, which "
                             f"lr_schedule replaces; leave them at their defaults and write the whole "
                             f"schedule in lr_schedule")
        self._lrkit_steps_per_epoch: int | None = None
        if any(n.name == "plateau" for n in self.lr_schedule.walk()):
            if str(getattr(self.args.eval_strategy, "value", self.args.eval_strategy)) == "no":
                raise LRKitError(f"LRKitTrainer: '{self.lr_schedule}' holds plateau(...), which is fed the "
                                 "evaluation metric, but eval_strategy is 'no': set eval_strategy='epoch' "
                                 "(or 'steps') and pass an eval_dataset")
            monitor = lr_schedule_monitor or self.args.metric_for_best_model or "eval_loss"
            self.add_callback(PlateauCallback(monitor))

    def set_initial_training_values(self, args, dataloader):  # transformers >= 4.49
        values = super().set_initial_training_values(args, dataloader)
        try:  # without a length, the Trainer's "epoch" is the whole run: no epoch unit then
            len(dataloader)
            self._lrkit_steps_per_epoch = int(values[1])
        except (TypeError, ValueError, NotImplementedError):
            self._lrkit_steps_per_epoch = None
        self._lrkit_epoch_known = True
        return values

    def _lrkit_epoch_length(self) -> int | None:
        if getattr(self, "_lrkit_epoch_known", False):
            return self._lrkit_steps_per_epoch
        try:  # older transformers: the same formula on the train dataloader
            n = len(self.get_train_dataloader())
        except (TypeError, ValueError):
            return None
        return max(math.ceil(n / max(1, self.args.gradient_accumulation_steps)), 1)

    def _lrkit_rates(self) -> dict[str, float]:
        """``tokens_per_step`` / ``samples_per_step`` for the schedule: given, or samples from the global batch."""
        rates = {}
        if self.lr_schedule_tokens_per_step is not None:
            rates["tokens_per_step"] = self.lr_schedule_tokens_per_step
        sps = self.lr_schedule_samples_per_step
        if sps is None and "samples" in self.lr_schedule.units():
            bs = int(getattr(self, "_train_batch_size", None) or self.args.train_batch_size)
            sps = bs * max(1, int(self.args.gradient_accumulation_steps)) * max(1, int(self.args.world_size))
        if sps is not None:
            rates["samples_per_step"] = sps
        return rates

    def create_scheduler(self, num_training_steps: int, optimizer: Any = None):
        if self.lr_scheduler is None:
            opt = optimizer if optimizer is not None else self.optimizer
            self.lr_scheduler = make_scheduler(opt, self.lr_schedule, int(num_training_steps),
                                               steps_per_epoch=self._lrkit_epoch_length(), per=self.lr_schedule_per,
                                               **self._lrkit_rates())
            self._created_lr_scheduler = True
        return self.lr_scheduler

