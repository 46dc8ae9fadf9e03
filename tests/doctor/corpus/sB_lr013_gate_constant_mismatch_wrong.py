# Accumulation over ACCUM = 4 batches, but the cosine is sized for updates of 16 batches: it reaches its floor
# after a quarter of the 10 epochs and then climbs back up (T_max is half a period).
import torch
from torch.utils.data import DataLoader, TensorDataset

EPOCHS = 10
ACCUM = 4

train_loader = DataLoader(TensorDataset(torch.randn(8192, 20), torch.randint(0, 5, (8192,))), batch_size=16)
net = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 5))
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=len(train_loader) * EPOCHS // 16)  # expect: LR013


def train():
    for epoch in range(EPOCHS):
        for step, (x, y) in enumerate(train_loader):
            loss = torch.nn.functional.cross_entropy(net(x), y) / ACCUM
            loss.backward()
            if step % ACCUM == 0:
                opt.step()
                opt.zero_grad()
                cosine.step()


train()
