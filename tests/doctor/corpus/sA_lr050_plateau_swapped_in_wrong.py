# ReduceLROnPlateau swapped in for a StepLR that was stepped the pre-1.3 way, `step(epoch)`: the plateau now
# takes the epoch number as its metric, which never improves in 'min' mode.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau
from tqdm import trange


def fit(model, loaders, n_epochs=100):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    lr_scheduler = ReduceLROnPlateau(optimizer, mode="min", factor=0.1, patience=5)
    for ep in trange(n_epochs):
        model.train()
        for x, y in loaders["train"]:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        val_loss = evaluate(model, loaders["val"])
        print(f"epoch {ep}: val {val_loss:.4f}")
        lr_scheduler.step(ep)  # expect: LR050
