# A warm-up + linear-decay scheduler class of the project: after the warm-up its get_lr returns
# peak_lr * (step - warmup) / (total - warmup), which is 0 right after the warm-up and climbs back to peak_lr at
# the end of the run: the decay is written from the wrong end.
import lightning as L
import torch
from torch.optim.lr_scheduler import _LRScheduler


class WarmupThenLinear(_LRScheduler):
    def __init__(self, optimizer, peak_lr, warmup_steps, total_steps, last_epoch=-1):
        self.peak_lr, self.warmup_steps, self.total_steps = peak_lr, warmup_steps, total_steps
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._step_count <= self.warmup_steps:
            return [self.peak_lr * self._step_count / self.warmup_steps for _ in self.optimizer.param_groups]
        done = (self._step_count - self.warmup_steps) / (self.total_steps - self.warmup_steps)
        return [self.peak_lr * done for _ in self.optimizer.param_groups]  # expect: LR052


class Seq2Seq(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=1e-4)
        sched = WarmupThenLinear(opt, peak_lr=1e-4, warmup_steps=1000, total_steps=50000)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}
