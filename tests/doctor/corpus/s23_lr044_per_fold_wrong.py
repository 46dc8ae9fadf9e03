# A cross-validation script: `run_fold()` builds a fresh model, optimizer and LambdaLR warm-up for each fold and
# steps the warm-up once per epoch. The folds (a loop over a list of subject names) restart the whole run, so they
# say nothing about how often one scheduler is stepped: per epoch, and its factor at step 0 is 0 / 3, so the first
# epoch of every fold trains at LR 0.
import torch
from torch import nn

WARMUP = 3
EPOCHS = 40


def run_fold(name, train_loader):
    model = nn.Linear(16, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    warm = lambda e: e / WARMUP if e < WARMUP else 1.0
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=warm)  # expect: LR044
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
