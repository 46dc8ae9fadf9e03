# A LambdaLR subclass whose factor is a method (`self.lr_lambda`), written right: the decay counts the steps
# left, so it starts at 1 where the warm-up ends.
import torch
from torch.optim.lr_scheduler import LambdaLR


class WarmupLinearDecay(LambdaLR):
    def __init__(self, optimizer, warmup_steps, total_steps, last_epoch=-1):
        self.warmup_steps = warmup_steps
        self.total_steps = total_steps
        super().__init__(optimizer, self.lr_lambda, last_epoch=last_epoch)

    def lr_lambda(self, step):
        if step < self.warmup_steps:
            return step / max(1, self.warmup_steps)
        remaining_steps = self.total_steps - step
        return max(0.0, remaining_steps / max(1, self.total_steps - self.warmup_steps))


def finetune(model, loader, total_steps=10000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = WarmupLinearDecay(optimizer, warmup_steps=500, total_steps=total_steps)
    for step, batch in zip(range(total_steps), loader):
        model(**batch).loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
