# Gradient accumulation written with a literal 4, the schedule sized in optimizer updates
# (`epochs * len(train_loader) // 4`) and stepped with the optimizer: the whole schedule is used.
import torch
from torch.cuda.amp import GradScaler, autocast
from transformers import get_scheduler


def train(model, train_loader, epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = epochs * len(train_loader) // 4
    scheduler = get_scheduler("linear", optimizer, num_warmup_steps=total // 10, num_training_steps=total)
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
