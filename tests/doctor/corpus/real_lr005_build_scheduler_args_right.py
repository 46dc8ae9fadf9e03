# build_scheduler(args, optimizer): warmup then a cosine over the rest of the run (args.epochs - args.warmup_epochs).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR


def build_scheduler(args, optimizer):
    warmup = LinearLR(optimizer, start_factor=args.warmup_factor, total_iters=args.warmup_epochs)
    main = CosineAnnealingLR(optimizer, T_max=args.epochs - args.warmup_epochs, eta_min=args.min_lr)
    return SequentialLR(optimizer, schedulers=[warmup, main], milestones=[args.warmup_epochs])


def main(args, model, train_loader, train_one_epoch):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=args.wd)
    scheduler = build_scheduler(args, optimizer)
    for epoch in range(args.epochs):
        train_one_epoch(model, train_loader, optimizer)
        scheduler.step()
