# Right: the point-cloud recipe: SGD starts at 100x the base LR and anneals down to it (eta_min=args.lr); Adam runs
# at the base LR with its own cosine down to 1% of it. In no arm is the floor the starting LR.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(args, model, train_loader):
    if args.use_sgd:
        opt = torch.optim.SGD(model.parameters(), lr=args.lr * 100, momentum=0.9, weight_decay=1e-4)
        scheduler = CosineAnnealingLR(opt, args.epochs, eta_min=args.lr)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-4)
        scheduler = CosineAnnealingLR(opt, args.epochs, eta_min=args.lr * 0.01)
    for epoch in range(args.epochs):
        for points, labels in train_loader:
            opt.zero_grad()
            model.loss(points, labels).backward()
            opt.step()
        scheduler.step()
