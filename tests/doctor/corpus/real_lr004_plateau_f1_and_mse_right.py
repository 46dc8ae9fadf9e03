# Plateaus whose mode matches the metric: mode="max" on a validation F1, mode="min" on a validation MSE.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def fit_classifier(model, loaders, train_epoch, evaluate, epochs=50):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=4)
    for epoch in range(epochs):
        train_epoch(model, loaders["train"], optimizer)
        metrics = evaluate(model, loaders["val"])
        scheduler.step(metrics["val_f1"])


def fit_regressor(model, loaders, train_epoch, evaluate, epochs=50):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, "min", factor=0.5, patience=4)
    for epoch in range(epochs):
        train_epoch(model, loaders["train"], optimizer)
        val_mse = evaluate(model, loaders["val"])["mse"]
        scheduler.step(val_mse)
