# Resume from a checkpoint: the model and the optimizer are restored and the epoch loop continues at start_epoch,
# but the scheduler is rebuilt from step 0 and never restored, so its warmup and decay start over.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, MultiStepLR


def train(args, model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=args.epochs)  # expect: LR040
    start_epoch = 0
    if args.resume:
        ckpt = torch.load(args.resume)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        start_epoch = ckpt["epoch"] + 1
    for epoch in range(start_epoch, args.epochs):
        for x, y in loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, "ckpt.pt")


def finetune(args, model, loader):
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    sched = MultiStepLR(opt, milestones=[30, 60], gamma=0.1)  # expect: LR040
    state = torch.load(args.checkpoint)
    opt.load_state_dict(state["opt"])
    for epoch in range(args.start_epoch, 90):
        for x, y in loader:
            opt.zero_grad()
            model(x, y).backward()
            opt.step()
        sched.step()
