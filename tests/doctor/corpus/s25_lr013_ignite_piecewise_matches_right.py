# The same Ignite setup with the trainer run for the epochs the schedule was sized with: the decay to 0 ends with
# the last iteration.
from collections import namedtuple

import torch
from ignite.engine import Engine, Events
from ignite.handlers import PiecewiseLinear

Settings = namedtuple("Settings", ["lr", "n_epochs", "n_warmup", "batch_size"])
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
lr_plan = PiecewiseLinear(opt, "lr", [(0, 0.0), (cfg.n_warmup, cfg.lr), (len(data) * cfg.n_epochs, 0.0)])
trainer.add_event_handler(Events.ITERATION_STARTED, lr_plan)
trainer.run(data, max_epochs=cfg.n_epochs)
