# The checkpoint's "scheduler" entry holds the decay rate the run was started with; the name is read from it and
# then rebound to a new ExponentialLR on the live optimizer, so the scheduler that steps is the live one.
import torch


def continue_training(net, loader, path, epochs):
    saved = torch.load(path)
    net.load_state_dict(saved["model"])
    adam = torch.optim.Adam(net.parameters(), lr=saved["lr"])
    scheduler = saved["scheduler_gamma"]
    scheduler = torch.optim.lr_scheduler.ExponentialLR(adam, gamma=scheduler)
    for epoch in range(epochs):
        for x, y in loader:
            adam.zero_grad()
            torch.nn.functional.mse_loss(net(x), y).backward()
            adam.step()
        scheduler.step()
