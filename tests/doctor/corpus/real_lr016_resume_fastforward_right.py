# On resume the scheduler is fast-forwarded once per finished epoch before training, then stepped once per epoch.
import torch
from torch.optim.lr_scheduler import MultiStepLR


def main(args, model, train_loader, train_epoch):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4)
    scheduler = MultiStepLR(optimizer, milestones=[100, 150], gamma=0.1)
    start_epoch = 0
    if args.resume:
        checkpoint = torch.load(args.resume, map_location="cpu")
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        start_epoch = checkpoint["epoch"] + 1
        for _ in range(start_epoch):
            scheduler.step()
    for epoch in range(start_epoch, 200):
        train_epoch(model, train_loader, optimizer)
        scheduler.step()
