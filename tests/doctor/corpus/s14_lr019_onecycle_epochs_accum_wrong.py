# OneCycleLR given epochs and steps_per_epoch=len(train_loader) (batches), but the optimizer and the scheduler
# step once per `grad_accum` batches: the cycle is grad_accum times longer than the run and never comes down.
import torch
from torch.optim.lr_scheduler import OneCycleLR
from tqdm import tqdm


def train(args, model, train_loader, criterion):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs,  # expect: LR019
                           steps_per_epoch=len(train_loader), pct_start=0.1)
    for epoch in range(args.epochs):
        model.train()
        for step, (x, y) in enumerate(tqdm(train_loader)):
            loss = criterion(model(x), y) / args.grad_accum
            loss.backward()
            if (step + 1) % args.grad_accum == 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
