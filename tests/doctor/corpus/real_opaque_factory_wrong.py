# The optimizer and the scheduler come from a factory of another package (nested unpacking); the scheduler is
# still stepped before the optimizer on every update, the pre-1.1 order.
import torch
from mylib.optim import get_optimizer_and_scheduler


def train(model, loader, config, max_steps):
    (optimizer, scheduler), _ = get_optimizer_and_scheduler(model, config)
    step = 0
    while step < max_steps:
        for batch in loader:
            loss = model(batch)
            loss.backward()
            scheduler.step()  # expect: LR010
            optimizer.step()
            optimizer.zero_grad()
            step += 1
