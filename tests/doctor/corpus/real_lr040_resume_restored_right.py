# Resumes that restore the scheduler: from its state_dict, by fast-forwarding it, or with last_epoch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, MultiStepLR, StepLR


def restored(args, model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=args.epochs)
    start_epoch = 0
    if args.resume:
        ckpt = torch.load(args.resume)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        start_epoch = ckpt["epoch"] + 1
    for epoch in range(start_epoch, args.epochs):
        for x, y in loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
        scheduler.step()


def fast_forward(args, model, loader):
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    sched = MultiStepLR(opt, milestones=[30, 60], gamma=0.1)
    state = torch.load(args.checkpoint)
    opt.load_state_dict(state["opt"])
    for _ in range(args.start_epoch):
        sched.step()
    for epoch in range(args.start_epoch, 90):
        for x, y in loader:
            opt.zero_grad()
            model(x, y).backward()
            opt.step()
        sched.step()


def last_epoch(args, model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    opt.load_state_dict(torch.load(args.checkpoint)["opt"])
    sched = StepLR(opt, step_size=30, last_epoch=args.start_epoch - 1)
    for epoch in range(args.start_epoch, 90):
        for x, y in loader:
            opt.zero_grad()
            model(x, y).backward()
            opt.step()
        sched.step()
