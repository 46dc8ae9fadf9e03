# num_training_steps given as the run minus the warm-up: transformers counts the warm-up inside
# num_training_steps, so the linear decay reaches 0 num_warmup_steps batches before the loop ends, and the cosine
# one climbs back up over those batches.
import torch
from transformers import get_cosine_schedule_with_warmup, get_linear_schedule_with_warmup


def train(model, train_loader, cfg, nb_epochs=5):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    num_warmup_steps = cfg["num_warmup_steps"]
    num_training_steps = nb_epochs * len(train_loader) - num_warmup_steps
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=num_warmup_steps,  # expect: LR013
                                                num_training_steps=num_training_steps)
    for i in range(nb_epochs):
        for batch in train_loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()


def train_cosine(model, train_loader, args):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scheduler = get_cosine_schedule_with_warmup(  # expect: LR013
        optimizer, args.warmup, args.epochs * len(train_loader) - args.warmup)
    for epoch in range(args.epochs):
        for batch in train_loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
