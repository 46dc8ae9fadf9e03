# Decaying the running LR by a constant factor at each boundary (lr *= 0.1 every 30 epochs) compounds on purpose:
# that is what a step decay is. Only a factor computed from the whole epoch count would compound twice.
import torch

EPOCHS = 90


def run(model, loader, loss_fn):
    lr = 0.1
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for epoch in range(EPOCHS):
        if epoch > 0 and epoch % 30 == 0:
            lr = lr * 0.1
            for g in optimizer.param_groups:
                g["lr"] = lr
        for x, y in loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
