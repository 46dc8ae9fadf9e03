# accelerate with gradient_accumulation_steps: the prepared scheduler advances only on synchronised steps
# (accelerate/scheduler.py AcceleratedScheduler.step returns early while sync_gradients is False), so a length
# counted in batches (len(train_dataloader) * epochs) is gradient_accumulation_steps times too long.
import torch
from accelerate import Accelerator
from transformers import get_scheduler


def main(args, model, train_dataloader):
    accelerator = Accelerator(gradient_accumulation_steps=args.gradient_accumulation_steps)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    num_training_steps = args.num_train_epochs * len(train_dataloader)
    lr_scheduler = get_scheduler(  # expect: LR019
        name="linear", optimizer=optimizer, num_warmup_steps=args.num_warmup_steps,
        num_training_steps=num_training_steps)
    model, optimizer, train_dataloader, lr_scheduler = accelerator.prepare(
        model, optimizer, train_dataloader, lr_scheduler)
    for epoch in range(args.num_train_epochs):
        model.train()
        for batch in train_dataloader:
            with accelerator.accumulate(model):
                loss = model(**batch).loss
                accelerator.backward(loss)
                optimizer.step()
                lr_scheduler.step()
                optimizer.zero_grad()
