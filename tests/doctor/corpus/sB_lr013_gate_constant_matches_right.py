# Updates every ACCUM = 2 batches and a cosine sized for updates of 2 batches over the 10 epochs: it reaches its
# floor at the last update.
import torch
from torch.utils.data import DataLoader, TensorDataset

EPOCHS = 10
ACCUM = 2

train_loader = DataLoader(TensorDataset(torch.randn(8192, 20), torch.randint(0, 5, (8192,))), batch_size=16)
net = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 5))
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=len(train_loader) * EPOCHS // 2)


def train():
    for epoch in range(EPOCHS):
        for step, (x, y) in enumerate(train_loader):
            loss = torch.nn.functional.cross_entropy(net(x), y) / ACCUM
            loss.backward()
            if (step + 1) % ACCUM == 0:
                opt.step()
                opt.zero_grad()
                cosine.step()


train()
