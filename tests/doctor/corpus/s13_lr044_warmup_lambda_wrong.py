# A one-line warm-up then constant LR, `min(1.0, e / WARMUP)`, stepped at the end of each epoch of a tqdm
# loop: the first epoch trains with LR 0.
import torch
from torch.optim.lr_scheduler import LambdaLR
from tqdm import tqdm

WARMUP = 5
EPOCHS = 100


def fit(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = LambdaLR(opt, lr_lambda=lambda e: min(1.0, e / WARMUP))  # expect: LR044
    for epoch in range(EPOCHS):
        for x, y in tqdm(loader, desc=f"epoch {epoch}"):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        sched.step()
