# A warm-up written with PiecewiseLinear that rises over the first epoch and then holds the peak on purpose for
# the rest of a longer run: holding its last value is the plan, nothing decays to be cut short.
import torch
from ignite.engine import Engine, Events
from ignite.handlers import PiecewiseLinear

net = torch.nn.Linear(10, 2)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
data = [(torch.randn(16, 10), torch.randint(0, 2, (16,))) for _ in range(40)]


def update(engine, batch):
    x, y = batch
    opt.zero_grad()
    torch.nn.functional.cross_entropy(net(x), y).backward()
    opt.step()


trainer = Engine(update)
warm = PiecewiseLinear(opt, "lr", [(0, 0.001), (len(data) * 1, 0.1)])
trainer.add_event_handler(Events.ITERATION_STARTED, warm)
trainer.run(data, max_epochs=10)
