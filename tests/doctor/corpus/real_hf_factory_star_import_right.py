# Right: the same star-imported factory sized in optimizer steps and stepped every batch; and a project's own
# function that takes the whole config (another shape than transformers' factory) is not read as it.
import torch
from utils import *  # noqa: F403


def main(model, train_loader, epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = epochs * len(train_loader)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(0.1 * total), total)  # noqa: F405
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()


def other(model, train_loader, cfg):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = get_cosine_schedule_with_warmup(cfg)  # noqa: F405
    for epoch in range(cfg.epochs):
        for x, y in train_loader:
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step(epoch)
