# Right: one-cycle over a short run; a length the doctor cannot know stays silent.
import torch
from torch.optim.lr_scheduler import OneCycleLR


def train(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.4, epochs=30, steps_per_epoch=len(loader))
    for epoch in range(30):
        for x, y in loader:
            opt.step()
            sched.step()


def train_args(model, loader, args):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.4, epochs=args.epochs, steps_per_epoch=len(loader))
    for epoch in range(args.epochs):
        for x, y in loader:
            opt.step()
            sched.step()
