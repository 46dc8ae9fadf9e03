# Right: the whole run as num_training_steps (the warm-up is part of it); a torch cosine after a separate warm-up,
# sized for the steps that remain (SequentialLR hands over after the warm-up).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR
from transformers import get_linear_schedule_with_warmup


def train(model, train_loader, cfg, nb_epochs=5):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    num_training_steps = nb_epochs * len(train_loader)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=cfg["num_warmup_steps"],
                                                num_training_steps=num_training_steps)
    for i in range(nb_epochs):
        for batch in train_loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()


def train_torch(model, train_loader, args):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    warm = LinearLR(optimizer, start_factor=0.01, total_iters=args.warmup)
    cosine = CosineAnnealingLR(optimizer, T_max=args.epochs * len(train_loader) - args.warmup)
    scheduler = SequentialLR(optimizer, [warm, cosine], milestones=[args.warmup])
    for epoch in range(args.epochs):
        for batch in train_loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
