# A LambdaLR subclass of the project builds its factor in __init__: after the warm-up it returns
# 1 - (total - step) / (total - warmup), i.e. (step - warmup) / (total - warmup): 0 when the warm-up ends, back
# to 1 at the end of the run.
import torch
from torch.optim.lr_scheduler import LambdaLR


class LinearDecayWithWarmupLR(LambdaLR):
    def __init__(self, optimizer, train_steps, warmup_steps, last_epoch=-1):
        def schedule(step):
            if step <= warmup_steps:
                return step / warmup_steps
            return 1.0 - (train_steps - step) / (train_steps - warmup_steps)  # expect: LR052

        super().__init__(optimizer, schedule, last_epoch=last_epoch)


class WarmupLinearLR(LambdaLR):
    """The same mistake with the base called by name and a check in the factor."""

    def __init__(self, optimizer, total, warmup, last_epoch=-1):
        def factor(step):
            if step < warmup:
                return step / warmup
            assert step <= total
            return (step - warmup) / (total - warmup)  # expect: LR052

        LambdaLR.__init__(self, optimizer, factor, last_epoch=last_epoch)


def finetune(model, loader, train_steps=10000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = LinearDecayWithWarmupLR(optimizer, train_steps=train_steps, warmup_steps=train_steps // 10)
    for step, batch in zip(range(train_steps), loader):
        model(**batch).loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
