# build_scheduler(args, optimizer): warmup then a cosine whose T_max is still the whole run (args.epochs).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR


def build_scheduler(args, optimizer):
    warmup = LinearLR(optimizer, start_factor=args.warmup_factor, total_iters=args.warmup_epochs)
    main = CosineAnnealingLR(optimizer, T_max=args.epochs, eta_min=args.min_lr)  # expect: LR005
    return SequentialLR(optimizer, schedulers=[warmup, main], milestones=[args.warmup_epochs])


def main(args, model, train_loader, train_one_epoch):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=args.wd)
    scheduler = build_scheduler(args, optimizer)
    for epoch in range(args.epochs):
        train_one_epoch(model, train_loader, optimizer)
        scheduler.step()
