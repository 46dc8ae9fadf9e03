# train_one_epoch steps the per-step schedule after every batch, and main() steps it again after each epoch.
import torch
from transformers import get_linear_schedule_with_warmup


def train_one_epoch(model, dataloader, optimizer, scheduler, device):
    model.train()
    total = 0.0
    for batch in dataloader:
        batch = {k: v.to(device) for k, v in batch.items()}
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        total += loss.item()
    return total / len(dataloader)


def main(model, train_dataloader, device, epochs=5):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total_steps = len(train_dataloader) * epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0.1 * total_steps,
                                                num_training_steps=total_steps)
    for epoch in range(epochs):
        avg_loss = train_one_epoch(model, train_dataloader, optimizer, scheduler, device)
        print(f"epoch {epoch}: {avg_loss:.4f}")
        scheduler.step()  # expect: LR016
