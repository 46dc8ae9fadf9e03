# Wrong: an accelerate fine-tuning script resumes from a saved directory (the model weights and a JSON training
# state with the epoch), continues at that epoch, but builds the scheduler from step 0: the warmup and decay
# start over. The scheduler is only prepared and handed to the training function, which steps it.
import json
import os

import torch
from accelerate import Accelerator
from transformers import AutoModelForSequenceClassification, get_scheduler


def train(model, loader, optimizer, accelerator, lr_scheduler):
    model.train()
    for batch in loader:
        loss = model(**batch).loss
        accelerator.backward(loss)
        optimizer.step()
        lr_scheduler.step()
        optimizer.zero_grad()


def main(args, train_loader):
    state = json.load(open(os.path.join(args.restore_dir, "state.json"))) if args.restore_dir else dict()
    current_epoch = state.get("current_epoch", -1) + 1
    model = AutoModelForSequenceClassification.from_pretrained(args.restore_dir or args.model_name)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    lr_scheduler = get_scheduler(  # expect: LR040
        "linear", optimizer=optimizer, num_warmup_steps=args.warmup, num_training_steps=len(train_loader) * args.epochs)
    accelerator = Accelerator()
    model, optimizer, train_loader, lr_scheduler = accelerator.prepare(model, optimizer, train_loader, lr_scheduler)
    for epoch in range(current_epoch, args.epochs):
        train(model, train_loader, optimizer, accelerator, lr_scheduler)
        with open(os.path.join(args.outdir, "state.json"), "w") as f:
            json.dump({"current_epoch": epoch}, f)
