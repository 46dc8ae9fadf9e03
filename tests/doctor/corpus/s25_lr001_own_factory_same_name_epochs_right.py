# A factory of the project that only shares transformers' name: it takes its lengths in epochs (warmup_epochs,
# total_epochs) and is stepped once per epoch, as its parameters say. Nothing to report.
import math

import torch
from torch.optim.lr_scheduler import LambdaLR


def get_cosine_schedule_with_warmup(optimizer, warmup_epochs, total_epochs):
    def factor(epoch):
        if epoch < warmup_epochs:
            return (epoch + 1) / warmup_epochs
        return 0.5 * (1.0 + math.cos(math.pi * (epoch - warmup_epochs) / max(1, total_epochs - warmup_epochs)))

    return LambdaLR(optimizer, factor)


def fit(net, loader, num_epochs=100):
    opt = torch.optim.AdamW(net.parameters(), lr=3e-4)
    sched = get_cosine_schedule_with_warmup(opt, 5, num_epochs)
    for epoch in range(num_epochs):
        for a, b in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(a), b).backward()
            opt.step()
        sched.step()


if __name__ == "__main__":
    fit(torch.nn.Linear(3, 1), [(torch.randn(8, 3), torch.randn(8, 1)) for _ in range(50)])
