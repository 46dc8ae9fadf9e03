# Right: each group's LR is recomputed every epoch from the LR it started with (kept in "initial_lr"), so the
# power of the epoch counter is the whole decay, not a further one.
import torch


def adjust_learning_rate(optimizer, epoch, gamma=0.1, every=5):
    for param_group in optimizer.param_groups:
        param_group["lr"] = param_group["initial_lr"] * (gamma ** (epoch // every))


def main(model, train_loader, epochs=40):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for g in optimizer.param_groups:
        g["initial_lr"] = g["lr"]
    for epoch in range(epochs):
        adjust_learning_rate(optimizer, epoch)
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
