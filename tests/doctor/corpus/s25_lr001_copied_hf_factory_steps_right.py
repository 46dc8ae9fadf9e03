# The project's copy of transformers' linear warm-up factory, sized in optimizer steps (batches per epoch times
# epochs) and stepped every batch: right.
import torch
from torch.optim.lr_scheduler import LambdaLR


def get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, last_epoch=-1):
    def factor(step):
        if step < num_warmup_steps:
            return step / max(1, num_warmup_steps)
        return max(0.0, (num_training_steps - step) / max(1, num_training_steps - num_warmup_steps))

    return LambdaLR(optimizer, factor, last_epoch)


def fit(net, loader, num_epochs=10):
    opt = torch.optim.AdamW(net.parameters(), lr=3e-4)
    total = len(loader) * num_epochs
    sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=total // 10, num_training_steps=total)
    for epoch in range(num_epochs):
        for a, b in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(a), b).backward()
            opt.step()
            sched.step()


if __name__ == "__main__":
    fit(torch.nn.Linear(3, 1), [(torch.randn(8, 3), torch.randn(8, 1)) for _ in range(50)])
