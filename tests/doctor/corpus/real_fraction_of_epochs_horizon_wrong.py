# Wrong: the run length is written as 5/8 of five epochs of batches (len(loader) * 5 // 8) while the loop runs
# the five epochs and steps every batch: the linear decay reaches 0 after about three epochs.
import torch
from transformers import get_linear_schedule_with_warmup


def fit(model, loader, epochs=5):
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)
    sched = get_linear_schedule_with_warmup(opt, len(loader) // 8, len(loader) * 5 // 8)  # expect: LR013
    for epoch in range(epochs):
        for x, y in loader:
            torch.nn.functional.mse_loss(model(x), y).backward()
            opt.step()
            opt.zero_grad()
            sched.step()


fit(build_model(), train_loader)
