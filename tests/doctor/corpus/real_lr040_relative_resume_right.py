# A "resume" that runs another full 200 epochs from the checkpoint's weights (range(start, start + 200)): a fresh
# cosine over the new 200 epochs is what the loop asks for.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def main(args, net, loader):
    start_epoch = 0
    if args.resume:
        checkpoint = torch.load("./checkpoint/ckpt.pth")
        net.load_state_dict(checkpoint["net"])
        start_epoch = checkpoint["epoch"]
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    scheduler = CosineAnnealingLR(optimizer, T_max=200)
    for epoch in range(start_epoch, start_epoch + 200):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(net(x), y).backward()
            optimizer.step()
        scheduler.step()
