# Right: CyclicLR used per epoch on purpose, with a half cycle of 4 epochs (a small step_size_up), and one per
# batch with the default half cycle of 2000 iterations.
import torch


def fit(model, loader, epochs=40):
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    per_epoch = torch.optim.lr_scheduler.CyclicLR(opt, base_lr=1e-4, max_lr=1e-2, step_size_up=4)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            opt.step()
        per_epoch.step()


def fit_per_batch(model, loader, epochs=40):
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    per_batch = torch.optim.lr_scheduler.CyclicLR(opt, base_lr=1e-4, max_lr=1e-2)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            opt.step()
            per_batch.step()
