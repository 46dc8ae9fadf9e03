# The run length is len(train_loader.dataset) * epochs, samples rather than batches, for a per-batch schedule.
import torch
from transformers import get_linear_schedule_with_warmup


def fine_tune(model, train_loader, args):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, eps=1e-8)
    total_steps = len(train_loader.dataset) * args.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0,  # expect: LR018
                                                num_training_steps=total_steps)
    for epoch in range(args.epochs):
        model.train()
        for step, (input_ids, attention_mask, labels) in enumerate(train_loader):
            model.zero_grad()
            loss = model(input_ids, attention_mask=attention_mask, labels=labels)[0]
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
