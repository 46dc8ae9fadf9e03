# Right: the warmup in epochs converted to batches before it reaches a per-batch schedule (times
# len(train_loader)), for the factory and for a LambdaLR.
import torch
from torch.optim.lr_scheduler import LambdaLR
from transformers import get_cosine_schedule_with_warmup


def finetune(model, train_loader, epochs=10, warmup_epochs=1):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=warmup_epochs * len(train_loader),
                                                num_training_steps=epochs * len(train_loader))
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()


num_epochs = 20


def train(model, train_dataloader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = num_epochs * len(train_dataloader)
    warmup_steps = int(0.1 * total)

    def lr_lambda(it):
        if it < warmup_steps:
            return it / warmup_steps
        return max(0.0, 1 - (it - warmup_steps) / (num_epochs * len(train_dataloader) - warmup_steps))

    scheduler = LambdaLR(optimizer, lr_lambda)
    for epoch in range(num_epochs):
        for batch in train_dataloader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
