# The optimizer is chosen by a flag (SGD or Adam); the cosine is stepped at the top of every epoch, before the batch
# loop's optimizer steps.
import torch
from torch import optim
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(args, model, train_loader, criterion):
    if args.use_sgd:
        opt = optim.SGD(model.parameters(), lr=args.lr * 100, momentum=0.9)
    else:
        opt = optim.Adam(model.parameters(), lr=args.lr)
    scheduler = CosineAnnealingLR(opt, args.epochs, eta_min=args.lr)
    for epoch in range(args.epochs):
        scheduler.step()  # expect: LR010
        model.train()
        for data, label in train_loader:
            opt.zero_grad()
            loss = criterion(model(data), label)
            loss.backward()
            opt.step()
