# Wrong: a fold's run resumes from its saved state (the epoch counter and the model), and the loop continues
# from that epoch, but the scheduler's restore is commented out: MultiStepLR restarts at 0 and its milestones
# shift by the resumed epochs.
from pathlib import Path

import torch
from torch.optim.lr_scheduler import MultiStepLR


def train_fold(model, loaders, fold, n_epochs=60):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    lr_scheduler = MultiStepLR(optimizer, milestones=[20, 40], gamma=0.1)  # expect: LR040
    model_path = Path(f"model_{fold}.pt")
    if model_path.exists():
        state = torch.load(str(model_path))
        epoch = state["epoch"]
        model.load_state_dict(state["model"])
        # lr_scheduler.load_state_dict(state["lr_scheduler"])
    else:
        epoch = 1
    for epoch in range(epoch, n_epochs + 1):
        for x, y in loaders["train"]:
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        lr_scheduler.step()
        torch.save({"model": model.state_dict(), "epoch": epoch + 1,
                    "lr_scheduler": lr_scheduler.state_dict()}, str(model_path))
