# A generic fit() receives any scheduler and dispatches on isinstance(..., ReduceLROnPlateau) to pass the metric.
import torch.optim as optim
from torch.optim.lr_scheduler import ReduceLROnPlateau, StepLR


def fit(net, train_loader, val_loader, optimizer, scheduler, epochs, train, val):
    for e in range(1, epochs + 1):
        avg_loss = train(net, train_loader, optimizer)
        val_acc = val(net, val_loader)
        metric = -val_acc
        if isinstance(scheduler, ReduceLROnPlateau):
            scheduler.step(metric)
        elif scheduler is not None:
            scheduler.step()


def main(net, train_loader, val_loader, train, val, use_plateau=True):
    optimizer = optim.Adam(net.parameters(), lr=1e-3)
    if use_plateau:
        scheduler = ReduceLROnPlateau(optimizer, factor=0.1, patience=5)
    else:
        scheduler = StepLR(optimizer, step_size=10, gamma=0.5)
    fit(net, train_loader, val_loader, optimizer, scheduler, 50, train, val)
