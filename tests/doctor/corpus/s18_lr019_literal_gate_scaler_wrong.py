# Gradient accumulation written with a literal: the loss is divided by 4 and the optimizer (through the AMP
# scaler) and the scheduler step every 4 batches, but the schedule is sized in batches, so only a quarter of it
# is used: the warm-up is 40% of the real run and the LR never decays below ~83% of its peak.
import torch
from torch.cuda.amp import GradScaler, autocast
from transformers import get_scheduler


def train(model, train_loader, epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = epochs * len(train_loader)
    scheduler = get_scheduler("linear", optimizer, num_warmup_steps=0, num_training_steps=total)  # expect: LR019
    scaler = GradScaler()
    for epoch in range(epochs):
        model.train()
        optimizer.zero_grad()
        for step, batch in enumerate(train_loader):
            with autocast():
                loss = model(**batch).loss / 4
            scaler.scale(loss).backward()
            if (step + 1) % 4 == 0 or (step + 1) == len(train_loader):
                scaler.step(optimizer)
                scaler.update()
                optimizer.zero_grad()
                scheduler.step()
