# A warmup scheduler stepped per batch during the first args.warm epochs, the main MultiStepLR per epoch after it:
# two schedulers on one optimizer, each active in its own phase (not double stepping, not competing).
import torch
from torch.optim.lr_scheduler import MultiStepLR, _LRScheduler


class WarmUpLR(_LRScheduler):
    def __init__(self, optimizer, total_iters, last_epoch=-1):
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        return [base_lr * self.last_epoch / (self.total_iters + 1e-8) for base_lr in self.base_lrs]


def main(args, net, training_loader, loss_function):
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    train_scheduler = MultiStepLR(optimizer, milestones=[60, 120, 160], gamma=0.2)
    warmup_scheduler = WarmUpLR(optimizer, len(training_loader) * args.warm)
    for epoch in range(1, 201):
        for images, labels in training_loader:
            optimizer.zero_grad()
            loss_function(net(images), labels).backward()
            optimizer.step()
            if epoch <= args.warm:
                warmup_scheduler.step()
        if epoch > args.warm:
            train_scheduler.step()
