# Per-batch schedules sized for one epoch of batches in a multi-epoch loop: the cosine restarts every epoch and the
# linear decay sits at 0 from the second epoch on (num_training_steps forgot the epochs).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from transformers import get_linear_schedule_with_warmup

NUM_EPOCHS = 4


def cosine(model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=len(train_loader))  # expect: LR013
    for epoch in range(NUM_EPOCHS):
        for x, y in train_loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
            scheduler.step()


def linear(model, train_dataloader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0,  # expect: LR013
                                                num_training_steps=len(train_dataloader))
    for epoch in range(NUM_EPOCHS):
        for batch in train_dataloader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
