# evaluate() returns a dict; the plateau (default mode="min") is fed metrics["val_acc"], which rises.
import torch
from torch.optim import lr_scheduler
from tqdm import trange


def train(model, loaders, evaluate, train_one_epoch, epochs=40):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.1, patience=3, verbose=True)
    for epoch in trange(epochs):
        train_one_epoch(model, loaders["train"], optimizer)
        metrics = evaluate(model, loaders["val"])
        print(f"epoch {epoch}: " + ", ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
        scheduler.step(metrics["val_acc"])  # expect: LR004
