# PyTorch Ignite: the settings live in a namedtuple filled by position; the piecewise-linear schedule warms up and
# decays to 0 over cfg.n_epochs (2) epochs of iterations, but the trainer runs 4 epochs: PiecewiseLinear holds its
# last value, so the last two epochs train at LR 0.
from collections import namedtuple

import torch
from ignite.engine import Engine, Events
from ignite.handlers import PiecewiseLinear

Settings = namedtuple("Settings", "lr, n_epochs, n_warmup, batch_size")
cfg = Settings(3e-4, 2, 50, 32)

net = torch.nn.Linear(10, 2)
opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr)
data = [(torch.randn(cfg.batch_size, 10), torch.randint(0, 2, (cfg.batch_size,))) for _ in range(100)]


def update(engine, batch):
    x, y = batch
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    return loss.item()


trainer = Engine(update)
lr_plan = PiecewiseLinear(opt, "lr", [(0, 0.0), (cfg.n_warmup, cfg.lr), (len(data) * cfg.n_epochs, 0.0)])  # expect: LR013
trainer.add_event_handler(Events.ITERATION_STARTED, lr_plan)
trainer.run(data, max_epochs=4)
