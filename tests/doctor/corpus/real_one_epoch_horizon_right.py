# Warm restarts every epoch are what CosineAnnealingWarmRestarts is for; a one-epoch linear schedule in a one-epoch
# loop is whole.
import torch
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts
from transformers import get_linear_schedule_with_warmup

NUM_EPOCHS = 4


def restarts(model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=len(train_loader))
    for epoch in range(NUM_EPOCHS):
        for x, y in train_loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
            scheduler.step()


def one_epoch(model, train_dataloader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0,
                                                num_training_steps=len(train_dataloader))
    for epoch in range(1):
        for batch in train_dataloader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
