# The cross-validation shape of s23_lr044_per_fold_wrong.py, written right: the warm-up counts from 1
# (`(e + 1) / WARMUP`), so the first epoch of each fold trains at a third of the LR. The second fold runner steps
# its warm-up every batch, where a first factor of 0 costs one update only. The loop over folds restarts both.
import torch
from torch import nn

WARMUP = 3
EPOCHS = 40


def run_fold(name, train_loader):
    model = nn.Linear(16, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda e: min(1.0, (e + 1) / WARMUP))
    for epoch in range(EPOCHS):
        for x, y in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        sched.step()
    return model


def run_fold_per_step(name, train_loader):
    model = nn.Linear(16, 2)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    warmup_steps = 3 * len(train_loader)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / warmup_steps))
    for epoch in range(EPOCHS):
        for x, y in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            sched.step()
    return model


if __name__ == "__main__":
    subjects = ["s%02d" % i for i in (3, 5, 8, 13)]
    for name in subjects:
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(64, 16),
                                                                            torch.randint(0, 2, (64,))), batch_size=8)
        run_fold(name, loader)
        run_fold_per_step(name, loader)
