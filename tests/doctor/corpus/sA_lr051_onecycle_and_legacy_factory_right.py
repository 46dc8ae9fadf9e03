# The same two loops sized with the loop's own count; and a OneCycle over 12 epochs stopped at 10 (already
# down to a few percent of its peak): none is cut off while the LR is still high.
import torch
from pytorch_transformers import AdamW, WarmupLinearSchedule
from torch.optim.lr_scheduler import OneCycleLR

N_EPOCHS = 10
FT_EPOCHS = 2


def one_cycle(model, train_dl):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = OneCycleLR(optimizer, max_lr=1e-2, epochs=N_EPOCHS, steps_per_epoch=len(train_dl))
    for epoch in range(N_EPOCHS):
        for xb, yb in train_dl:
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            sched.step()


def one_cycle_margin(model, train_dl):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = OneCycleLR(optimizer, max_lr=1e-2, epochs=12, steps_per_epoch=len(train_dl))
    for epoch in range(N_EPOCHS):
        for xb, yb in train_dl:
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            sched.step()


def fine_tune(model, train_dataloader):
    optimizer = AdamW(model.parameters(), lr=2e-5)
    scheduler = WarmupLinearSchedule(optimizer, warmup_steps=100, t_total=len(train_dataloader) * FT_EPOCHS)
    for _ in range(FT_EPOCHS):
        for batch in train_dataloader:
            model(*batch)[0].backward()
            optimizer.step()
            scheduler.step()
            model.zero_grad()
