# Wrong: a two-tower model with one optimizer per tower, passed to the epoch function as a list; the
# scheduler (a global) is stepped before the loop over the optimizers steps them (pre-1.1 order).
import torch
from torch.optim.lr_scheduler import StepLR


def train_one_epoch(model, loader, optimizers):
    for batch in loader:
        for opt in optimizers:
            opt.zero_grad()
        loss = model(batch)
        lr_scheduler.step()  # expect: LR010
        loss.backward()
        for opt in optimizers:
            opt.step()


if __name__ == "__main__":
    net = build()
    opt_a = torch.optim.Adam(net.tower_a.parameters(), lr=1e-3)
    opt_b = torch.optim.Adam(net.tower_b.parameters(), lr=1e-4)
    lr_scheduler = StepLR(opt_a, step_size=1000, gamma=0.5)
    for epoch in range(20):
        train_one_epoch(net, train_loader, optimizers=[opt_a, opt_b])
