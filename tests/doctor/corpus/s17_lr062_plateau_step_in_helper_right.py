# Right: the same helper-stepped plateau in a 60-epoch run, room for several cuts.
import torch


def check(net, batches, plateau):
    net.eval()
    with torch.no_grad():
        err = sum(net.loss(a, b).item() for a, b in batches)
    plateau.step(err)


def run():
    net = Net()
    adam = torch.optim.Adam(net.parameters(), lr=1e-3)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(adam, patience=5)
    for ep in range(60):
        net.train()
        for a, b in train_loader:
            adam.zero_grad()
            net.loss(a, b).backward()
            adam.step()
        check(net, val_loader, plateau)


run()
