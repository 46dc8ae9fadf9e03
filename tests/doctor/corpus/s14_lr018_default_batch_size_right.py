# DataLoader without batch_size yields one example per batch (torch's default is 1): a OneCycle sized with
# steps_per_epoch=len(dataset) then matches the batches it is stepped on, even with a batched loader for testing.
import torch
from torch.utils.data import DataLoader
from torch.optim.lr_scheduler import OneCycleLR

EPOCHS = 30


def run(net, dataset, test_set, loss_fn):
    loader = DataLoader(dataset, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=128)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    sched = OneCycleLR(opt, max_lr=1e-2, epochs=EPOCHS, steps_per_epoch=len(dataset))
    for epoch in range(EPOCHS):
        for x, y in loader:
            opt.zero_grad()
            loss_fn(net(x), y).backward()
            opt.step()
            sched.step()
        print(sum(loss_fn(net(x), y).item() for x, y in test_loader))
