# The scheduler is handed to deepspeed.initialize, whose engine.step() already steps it at every update, and the
# loop steps it again by hand after engine.step().
import deepspeed
import torch
from transformers import get_cosine_schedule_with_warmup


def train(args, model, train_loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    total_steps = args.epochs * len(train_loader)
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.03 * total_steps), total_steps)
    engine, optimizer, _, scheduler = deepspeed.initialize(
        args=args, model=model, optimizer=optimizer, lr_scheduler=scheduler)
    for epoch in range(args.epochs):
        for batch in train_loader:
            loss = engine(**batch).loss
            engine.backward(loss)
            engine.step()
            scheduler.step()  # expect: LR016
