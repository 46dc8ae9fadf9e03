# pytorch_transformers WarmupCosineSchedule with t_total=args.num_train_epochs, stepped after every batch update.
import torch
from pytorch_transformers import AdamW, WarmupCosineSchedule


def train(args, model, train_dataloader):
    optimizer = AdamW(model.parameters(), lr=args.learning_rate)
    scheduler = WarmupCosineSchedule(optimizer, warmup_steps=0, t_total=args.num_train_epochs)
    for epoch in range(args.num_train_epochs):
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch)[0]
            loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
            optimizer.zero_grad()
