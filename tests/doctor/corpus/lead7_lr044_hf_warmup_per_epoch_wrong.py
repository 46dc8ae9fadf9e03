# transformers' linear warm-up sized in epochs and stepped once per epoch: its factor at step 0 is
# 0 / num_warmup_steps, so the whole first epoch trains at LR 0 (and get_scheduler's the same).
import torch
from transformers import get_linear_schedule_with_warmup, get_scheduler


def train(loader, max_epoch, model, optimizer, scheduler):
    for epoch in range(max_epoch):
        model.train()
        for n, batch in enumerate(loader):
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
        scheduler.step()


def main(model, loader):
    max_epoch = 10
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.1)
    scheduler = get_linear_schedule_with_warmup(optimizer, 0.1 * max_epoch, max_epoch)  # expect: LR044
    train(loader, max_epoch, model, optimizer, scheduler)


def main_factory(model, loader, epochs=20):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = get_scheduler("cosine", optimizer, num_warmup_steps=2, num_training_steps=epochs)  # expect: LR044
    for epoch in range(epochs):
        for batch in loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
        scheduler.step()
