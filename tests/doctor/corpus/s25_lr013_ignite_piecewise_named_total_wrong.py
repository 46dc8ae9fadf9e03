# Ignite inside a function: the schedule's end is a name computed from the loader and an epoch count of 3, the
# trainer is run for the function's default of 5 epochs; the decay to 0 ends after epoch 3 and the last two epochs
# train at LR 0.
import torch
from ignite.engine import Engine, Events
from ignite.handlers import PiecewiseLinear


def fit(net, loader, lr=1e-3, epochs=5):
    opt = torch.optim.Adam(net.parameters(), lr=lr)

    def step(engine, batch):
        x, y = batch
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(x), y).backward()
        opt.step()

    trainer = Engine(step)
    total = len(loader) * 3
    plan = PiecewiseLinear(opt, "lr", milestones_values=[(0, lr), (total, 0.0)])  # expect: LR013
    trainer.add_event_handler(Events.ITERATION_COMPLETED, plan)
    trainer.run(loader, max_epochs=epochs)
