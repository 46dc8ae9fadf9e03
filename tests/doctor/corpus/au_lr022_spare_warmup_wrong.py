# Wrong: a warm-up built beside the decay and never stepped: building it already scales the LR by its start
# factor, and the decay that is stepped goes on from that scaled value, so the whole run trains at a tenth.
import torch
from torch.optim.lr_scheduler import LinearLR, StepLR


def fit(model, loader, loss_fn, epochs=12):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    decay = StepLR(optimizer, step_size=4, gamma=0.5)
    warm = LinearLR(optimizer, start_factor=0.1, total_iters=3)  # expect: LR022
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
        decay.step()
