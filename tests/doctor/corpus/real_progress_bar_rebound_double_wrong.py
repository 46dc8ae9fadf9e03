# Wrong: the scheduler is stepped twice after every epoch of a loop over a trange progress bar; the bar's name
# is bound again later for a timing loop, alike.
import torch
from tqdm import trange


def fit(model, loader, epochs=300):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=100, gamma=0.5)
    pbar = trange(epochs)
    for ep in pbar:
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            opt.step()
        scheduler.step()
        scheduler.step()  # expect: LR016
    pbar = trange(epochs)
    for ep in pbar:
        model(next(iter(loader))[0])
