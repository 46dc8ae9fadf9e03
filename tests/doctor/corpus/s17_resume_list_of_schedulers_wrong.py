# Wrong: a multi-part model with one SGD and one MultiStepLR per part, built in one list; a resume restores the
# weights and the epoch but rebuilds every scheduler from step 0 (LR040, reported once for the statement).
import torch
from torch.optim.lr_scheduler import MultiStepLR

net = build_net()
start_epoch = 0
if args.resume:
    ckpt = torch.load(args.resume)
    net.load_state_dict(ckpt["net"])
    start_epoch = ckpt["epoch"] + 1
backbone_opt = torch.optim.SGD(net.backbone.parameters(), lr=0.001, momentum=0.9)
head_opt = torch.optim.SGD(net.head.parameters(), lr=0.001, momentum=0.9)
schedulers = [MultiStepLR(backbone_opt, milestones=[60, 100], gamma=0.1),  # expect: LR040
              MultiStepLR(head_opt, milestones=[60, 100], gamma=0.1)]
for epoch in range(start_epoch, 120):
    for images, labels in train_loader:
        backbone_opt.zero_grad()
        head_opt.zero_grad()
        net.loss(images, labels).backward()
        backbone_opt.step()
        head_opt.step()
    for scheduler in schedulers:
        scheduler.step()
    torch.save({"net": net.state_dict(), "epoch": epoch}, "last.pth")
