# Resume restores the model and reads the epoch to continue from the checkpoint; the scheduler (and here the
# optimizer) start from scratch, so the cosine starts over at the resumed epoch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

EPOCHS = 100


def main(args, model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=EPOCHS)  # expect: LR040
    start_epoch = 0
    if args.resume:
        checkpoint = torch.load(args.resume)
        model.load_state_dict(checkpoint["model"])
        start_epoch = checkpoint["epoch"] + 1
    for epoch in range(start_epoch, EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
