# Two more decays cut off by their loop. A notebook-style OneCycle whose `epochs=` keeps the 30 of the tutorial
# while the loop was cut to 10 (still near its peak when the run ends), and pytorch_transformers'
# WarmupLinearSchedule sized for 4 epochs of batches in a 2-epoch fine-tune (half way down at the end).
import torch
from pytorch_transformers import AdamW, WarmupLinearSchedule
from torch.optim.lr_scheduler import OneCycleLR

N_EPOCHS = 10
FT_EPOCHS = 2


def one_cycle(model, train_dl):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = OneCycleLR(optimizer, max_lr=1e-2, epochs=30, steps_per_epoch=len(train_dl))  # expect: LR051
    for epoch in range(N_EPOCHS):
        for xb, yb in train_dl:
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            sched.step()


def fine_tune(model, train_dataloader):
    optimizer = AdamW(model.parameters(), lr=2e-5)
    scheduler = WarmupLinearSchedule(optimizer, warmup_steps=100,  # expect: LR051
                                     t_total=len(train_dataloader) * 4)
    for _ in range(FT_EPOCHS):
        for batch in train_dataloader:
            model(*batch)[0].backward()
            optimizer.step()
            scheduler.step()
            model.zero_grad()
