"""A LightningModule's scheduler stepped by hand in an evaluation hook as well as in training (LR016).

Under manual optimization ``training_step`` steps the scheduler itself (``sch = self.lr_schedulers()``,
``sch.step()``). A ``validation_step`` written as a copy of it steps it again: once per validation batch (a test
such as ``if self.trainer.is_last_batch:`` does not help, it still reads the training loop's last batch while the
end-of-epoch validation runs), so the schedule runs ahead of the updates and a ``OneCycleLR`` overruns its
``total_steps``. Reported where the same scheduler is stepped by hand in a training hook of the class and in one of
its evaluation hooks; a scheduler stepped only while evaluating (a plateau fed the validation metric) is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["stepped_while_evaluating"]

_TRAIN_HOOKS = {"training_step", "on_train_batch_end", "on_train_batch_start", "on_train_epoch_end",
                "on_before_optimizer_step", "optimizer_step"}
_EVAL_HOOKS = {"validation_step", "test_step", "predict_step", "on_validation_batch_end",
               "on_validation_batch_start", "on_test_batch_end", "on_test_batch_start"}


def _hook(ev, names: set[str]) -> str | None:
    return next((f.name for f in ev.ctx.stack if getattr(f, "name", None) in names), None)


def stepped_while_evaluating(chk: "Checker", reported: set[int]) -> None:
    r"""LR016 at a ``sch.step()`` in ``validation_step`` (or another per-batch evaluation hook) of a class whose
    training hooks step the same scheduler by hand.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nimport lightning as L\nclass M(L.LightningModule):\n"
    ...        "    def training_step(self, b, i):\n        self.lr_schedulers().step()\n"
    ...        "    def validation_step(self, b, i):\n        self.lr_schedulers().step()\n"
    ...        "    def configure_optimizers(self):\n        opt = torch.optim.SGD(self.parameters(), lr=0.1)\n"
    ...        "        return [opt], [torch.optim.lr_scheduler.StepLR(opt, 5)]\n")
    >>> [(f.code, f.line) for f in check_source(src, "m.py")]
    [('LR016', 7)]
    """
    hand = [ev for ev in chk.m.sched_steps if ev.by == "hand" and ev.ctx.cls is not None and chk.compatible(ev)]
    for ev in hand:
        evaluating = _hook(ev, _EVAL_HOOKS)
        if evaluating is None or id(ev.obj) in reported:
            continue
        trained = next((t for t in hand if t.obj is ev.obj and t.ctx.cls == ev.ctx.cls
                        and _hook(t, _TRAIN_HOOKS) and not _hook(t, _EVAL_HOOKS)), None)
        if trained is None:
            continue
        chk.add(ev.call, "LR016", sched_desc=ev.obj.desc, unit="update",
                sites=f"line {trained.call.lineno} in {_hook(trained, _TRAIN_HOOKS)} and line {ev.call.lineno} in "
                      f"{evaluating}, which runs again for every evaluation batch")
        reported.add(id(ev.obj))
