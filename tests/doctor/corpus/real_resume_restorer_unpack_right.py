# Right: the optimizer, the scheduler and the start epoch come back from a project helper that restores both,
# and the checkpoint saves the scheduler.
import torch

from utils import load_optimizer


def pretrain(args, model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=200)
    start = 1
    if args.ckpt:
        optimizer, scheduler, start = load_optimizer(optimizer, scheduler, args.ckpt)
    for e in range(start, args.epochs + 1):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
        torch.save({"epoch": e, "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}, "ckpt.pth")
