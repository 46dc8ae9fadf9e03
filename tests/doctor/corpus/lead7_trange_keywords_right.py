# Right: the same trange epoch loop with the cosine stepped once per epoch, after the batch loop.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from tqdm.auto import tqdm, trange


def train(model, train_loader, lr=1e-3, epochs=250):
    opt = torch.optim.SGD(model.parameters(), lr=lr * 100, momentum=0.9)
    scheduler = CosineAnnealingLR(opt, epochs, eta_min=lr)
    for epoch in trange(1, epochs + 1, desc="Epochs", leave=True):
        for i, (x, y) in enumerate(tqdm(train_loader, desc="Batches", leave=False)):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        scheduler.step()
