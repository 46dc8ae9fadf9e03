# Wrong: the warmup is written into the param groups on every step (`min(1, step / warmup)` stays 1 after the
# warmup, so the write goes on), and a cosine scheduler of the same optimizer is stepped after each update: the
# write resets the LR to the peak before every update and the cosine never acts. The second script does the
# same with `optimizer.param_groups[0]["lr"]` and a per-epoch StepLR.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, StepLR


def train(model, train_loader, epochs=20, base_lr=3e-4, warmup=1000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=base_lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs * len(train_loader))
    step = 0
    for epoch in range(epochs):
        for x, y in train_loader:
            step += 1
            lr = base_lr * min(1.0, step / warmup)
            for group in optimizer.param_groups:
                group["lr"] = lr  # expect: LR021
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()


def finetune(model, loader, epochs=30, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    sched = StepLR(opt, step_size=10, gamma=0.1)
    for epoch in range(epochs):
        opt.param_groups[0]["lr"] = lr * min(1.0, (epoch + 1) / 5)  # expect: LR021
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        sched.step()
