# Wrong: OneCycleLR sized with --sched_epochs (default 5) while the loop runs --epochs (default 30): torch raises a
# ValueError once the 5 epochs of batches are spent (LR013).
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=30)
parser.add_argument("--sched_epochs", type=int, default=5)
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()

net = build_model()
sgd = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, nesterov=True)
one_cycle = torch.optim.lr_scheduler.OneCycleLR(sgd, max_lr=args.lr, epochs=args.sched_epochs,  # expect: LR013
                                                steps_per_epoch=len(train_loader))
for epoch in range(args.epochs):
    for step, (images, targets) in enumerate(train_loader):
        loss = criterion(net(images), targets)
        sgd.zero_grad()
        loss.backward()
        sgd.step()
        one_cycle.step()
