# Right: the loaders come unpacked from the project's factory and the run length is the epochs times their
# batch count, the steps the loop takes.
import torch
from transformers import get_cosine_schedule_with_warmup

from data import create_dataloaders


def main(args):
    train_dataloader, val_dataloader = create_dataloaders(args)
    model = Model(args)
    total_steps = args.max_epochs * len(train_dataloader)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=int(0.06 * total_steps), num_training_steps=total_steps)
    for epoch in range(args.max_epochs):
        for batch in train_dataloader:
            model(batch).backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
