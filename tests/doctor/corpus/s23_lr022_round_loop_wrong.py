# The pruning loop of s23_lr022_round_loop_right.py written with one retraining epoch per round: the MultiStepLR
# is built anew in every round and stepped once there, so each new one takes only its first step and its
# milestones are never reached.
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


for epoch in range(200):
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60, 90, 120], gamma=0.5)  # expect: LR022
    train_epoch(optimizer)
    scheduler.step()
    with torch.no_grad():
        w = net[0].weight
        w[w.abs() < w.abs().quantile(0.2)] = 0.0
