# A warm-up + linear-decay scheduler class of the project: after the warm-up its get_lr returns
# lr_base * (step - warmup) / (max - warmup), which is 0 right after the warm-up and climbs back to lr_base at
# the end of the run: the decay is written from the wrong end.
import lightning as L
import torch
from torch.optim.lr_scheduler import _LRScheduler


class LinearWarmupDecay(_LRScheduler):
    def __init__(self, optimizer, lr_base, num_steps_warmup, num_steps_max, last_epoch=-1):
        self.lr_base = lr_base
        self.num_steps_warmup = num_steps_warmup
        self.num_steps_max = num_steps_max
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._step_count <= self.num_steps_warmup:
            return [self.lr_base * self._step_count / self.num_steps_warmup for _ in self.optimizer.param_groups]
        return [  # expect: LR052
            self.lr_base * (self._step_count - self.num_steps_warmup) / (self.num_steps_max - self.num_steps_warmup)
            for _ in self.optimizer.param_groups
        ]


class Seq2Seq(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=1e-4)
        sched = LinearWarmupDecay(opt, lr_base=1e-4, num_steps_warmup=1000, num_steps_max=50000)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}
