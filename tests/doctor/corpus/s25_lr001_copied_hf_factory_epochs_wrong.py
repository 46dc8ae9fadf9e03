# The project keeps its own copy of transformers' cosine warm-up factory (same name, same parameters, a LambdaLR
# inside). It is given the number of epochs as num_training_steps but stepped after every batch: the warm-up and
# the cosine are over within the first epoch.
import math

import torch
from torch.optim.lr_scheduler import LambdaLR


def get_cosine_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, num_cycles=0.5, last_epoch=-1):
    def factor(step):
        if step < num_warmup_steps:
            return step / max(1, num_warmup_steps)
        done = (step - num_warmup_steps) / max(1, num_training_steps - num_warmup_steps)
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * num_cycles * 2.0 * done)))

    return LambdaLR(optimizer, factor, last_epoch)


def fit(net, loader, num_epochs=100):
    opt = torch.optim.AdamW(net.parameters(), lr=3e-4)
    sched = get_cosine_schedule_with_warmup(opt, num_warmup_steps=5, num_training_steps=num_epochs, last_epoch=-1)
    for epoch in range(num_epochs):
        for a, b in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(a), b).backward()
            opt.step()
            sched.step()  # expect: LR001


if __name__ == "__main__":
    fit(torch.nn.Linear(3, 1), [(torch.randn(8, 3), torch.randn(8, 1)) for _ in range(50)])
