# Iterative pruning: every pruning round builds a fresh Adam and MultiStepLR and retrains the network until it is
# accurate enough again (at most 150 epochs, a loop of its own), stepping the new scheduler once per retraining
# epoch. Each round's scheduler runs its own schedule; rebuilding it per round is the point, not a restart bug.
import torch
from torch import nn

net = nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 10))
data = torch.utils.data.TensorDataset(torch.randn(512, 784), torch.randint(0, 10, (512,)))
loader = torch.utils.data.DataLoader(data, batch_size=64, shuffle=True)


def train_epoch(optimizer):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()


def accuracy():
    with torch.no_grad():
        return sum((net(x).argmax(1) == y).float().mean().item() for x, y in loader) / len(loader)


for epoch in range(1000):   # pruning rounds, named epoch
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60, 90, 120], gamma=0.5)
    cnt = 0
    while accuracy() < 0.97 and cnt < 150:
        train_epoch(optimizer)
        scheduler.step()
        cnt += 1
    with torch.no_grad():
        w = net[0].weight
        w[w.abs() < w.abs().quantile(0.2)] = 0.0
