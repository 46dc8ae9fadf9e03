# Right: the schedulers of a list are rebuilt at the resumed epoch (last_epoch=start_epoch - 1), so their
# milestones count from where the run stopped.
import torch
from torch.optim.lr_scheduler import MultiStepLR


def main(args):
    net = build_net()
    begin = 0
    if args.resume:
        state = torch.load(args.resume, map_location="cpu")
        net.load_state_dict(state["model"])
        begin = state["epoch"] + 1
    opts = [torch.optim.SGD(p.parameters(), lr=0.001, momentum=0.9) for p in (net.backbone, net.head)]
    for opt in opts:
        for group in opt.param_groups:
            group.setdefault("initial_lr", group["lr"])
    schedulers = [MultiStepLR(opts[0], milestones=[60, 100], gamma=0.1, last_epoch=begin - 1),
                  MultiStepLR(opts[1], milestones=[60, 100], gamma=0.1, last_epoch=begin - 1)]
    for epoch in range(begin, 120):
        for images, labels in train_loader:
            for opt in opts:
                opt.zero_grad()
            net.loss(images, labels).backward()
            for opt in opts:
                opt.step()
        for scheduler in schedulers:
            scheduler.step()
